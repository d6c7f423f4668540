//===- Grid.h - A row-major grid of chunks ----------------------*- C++ -*-===//
//
// Up to kMaxDims tiled dimensions whose chunks are numbered row-major (the
// last dimension fastest). Dimensions from `ndim` on hold one chunk of one
// element, so that loops may always run over kMaxDims dimensions.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_LAYOUT_GRID_H
#define BRIDGE_LAYOUT_GRID_H

#include "bridge/layout/Tiling.h"

#include <stdint.h>

namespace bridge::layout {

/// The most dimensions an array has (BRIDGE_MAX_DIMS of the runtime's ABI).
inline constexpr int32_t kMaxDims = 4;

struct Grid {
  int32_t ndim = 0;
  Tiling axes[kMaxDims];
  int64_t nchunks = 0;

  /// Row-major chunk coordinates of chunk 0 <= chunk < nchunks.
  void coords(int64_t chunk, int64_t out[kMaxDims]) const;
  /// The chunk at row-major coordinates `at`.
  int64_t index(const int64_t at[kMaxDims]) const;
  /// Row-major coordinates `at` moved on to the next chunk's (past the last
  /// chunk, back to the first): a walk over chunks without a division each.
  void next(int64_t at[kMaxDims]) const {
    for (int32_t d = kMaxDims - 1; d >= 0; --d) {
      if (++at[d] < axes[d].count)
        return;
      at[d] = 0;
    }
  }
  /// The first element and the extent of `chunk` along every dimension.
  void box(int64_t chunk, int64_t start[kMaxDims],
           int64_t extent[kMaxDims]) const;
  /// The same for the chunk at row-major coordinates `at`.
  void boxAt(const int64_t at[kMaxDims], int64_t start[kMaxDims],
             int64_t extent[kMaxDims]) const {
    for (int32_t d = 0; d < kMaxDims; ++d) {
      start[d] = axes[d].begin(at[d]);
      extent[d] = axes[d].end(at[d]) - start[d];
    }
  }
  /// The chunk holding the element at `x` (one coordinate per dimension below
  /// ndim, each inside its extent).
  int64_t find(const int64_t *x) const;
};

/// A grid of the `ndim` (1 to kMaxDims) tilings `axes`. Returns false when
/// its chunk count exceeds INT64_MAX.
bool makeGrid(int32_t ndim, const Tiling *axes, Grid *grid);

/// `shape` (extents >= 0) tiled regularly by `chunks` (widths >= 1), as
/// makeGrid.
bool makeRegularGrid(int32_t ndim, const int64_t *shape, const int64_t *chunks,
                     Grid *grid);

/// The block layout for `nranks` >= 1 ranks: axis 0 cut into `nranks`
/// balanced slabs, one chunk along every other axis (an empty one for an
/// empty axis). Its chunk count is `nranks`.
Grid makeBlockGrid(int32_t ndim, const int64_t *shape, int64_t nranks);

/// Whether a contiguously placed halo array on `grid`, with margins along
/// `axis`, stores the rank's chunks of each line of chunks along the axis
/// (those that share their coordinates on the other axes) as one block with
/// margins at its two ends only, so that a chunk's margins from a neighbour
/// on the same rank are that neighbour's slabs, read in place. In the block,
/// a chunk's consecutive positions on the axes before `axis` lie the block's
/// stored extent along the axis apart (its pitch), not the chunk's own. Needs
/// elements on every axis.
bool marginsInPlace(const Grid &grid, int32_t axis);

/// Chunk numbers between neighbours along `axis` of `grid`.
int64_t lineStride(const Grid &grid, int32_t axis);

/// The chunks of one line along `axis` (its chunk at coordinates `at`) that
/// the run [lo, hi) holds: their coordinates along the axis, [*first,
/// *last]. The chunk at `at` must lie in [lo, hi).
void lineRun(const Grid &grid, int32_t axis, const int64_t at[kMaxDims],
             int64_t lo, int64_t hi, int64_t *first, int64_t *last);

/// Elements of one slab (one coordinate along `axis`) across the lines of
/// chunks along the axis that chunks [lo, hi) of `grid` touch: the margins
/// of one slab that a halo array whose margins are read in place stores for
/// them at each end.
int64_t lineSlabElements(const Grid &grid, int32_t axis, int64_t lo,
                         int64_t hi);

} // namespace bridge::layout

#endif // BRIDGE_LAYOUT_GRID_H
