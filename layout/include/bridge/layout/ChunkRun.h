//===- ChunkRun.h - A rank's run of chunks as boxes of the grid -*- C++ -*-===//
//
// Contiguous placement gives each rank a run [first, last) of row-major chunk
// numbers. Such a run is the union of at most 2 * kMaxDims - 1 boxes of chunk
// coordinates (a partial last-dimension row, partial planes, ..., whole
// slabs, ..., a partial row again), so what a rank holds or reads can be
// counted per box, in closed form, instead of chunk by chunk.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_LAYOUT_CHUNKRUN_H
#define BRIDGE_LAYOUT_CHUNKRUN_H

#include "bridge/layout/Grid.h"

#include <stdint.h>

namespace bridge::layout {

/// The most boxes a run of chunks splits into.
inline constexpr int32_t kMaxRunBoxes = 2 * kMaxDims - 1;

/// Chunk coordinates [lo[d], hi[d]) along every dimension (all kMaxDims of
/// them; never empty along any).
struct ChunkBox {
  int64_t lo[kMaxDims];
  int64_t hi[kMaxDims];
};

/// Splits the chunks [first, last) (0 <= first <= last <= grid.nchunks) into
/// disjoint boxes, in ascending chunk order; returns how many it wrote to
/// `out`.
int32_t chunkRunBoxes(const Grid &grid, int64_t first, int64_t last,
                      ChunkBox out[kMaxRunBoxes]);

/// The elements [*lo, *hi) that `box` covers along dimension d.
void boxElements(const Grid &grid, const ChunkBox &box, int32_t d, int64_t *lo,
                 int64_t *hi);

} // namespace bridge::layout

#endif // BRIDGE_LAYOUT_CHUNKRUN_H
