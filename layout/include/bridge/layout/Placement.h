//===- Placement.h - Which rank owns which chunk ----------------*- C++ -*-===//
//
// Contiguous placement gives rank r of P the balanced run of chunks
// [floor(n*r/P), floor(n*(r+1)/P)) of an n-chunk grid; a block layout has one
// chunk per rank (its grid is makeBlockGrid's) and gives rank r chunk r.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_LAYOUT_PLACEMENT_H
#define BRIDGE_LAYOUT_PLACEMENT_H

#include <stdint.h>

namespace bridge::layout {

/// The values equal bridge_rt_placement's.
enum class Placement : int32_t { Contiguous = 0, Block = 1 };

/// The chunks [*lo, *hi) that `rank` (0 <= rank < nranks) owns of a grid of
/// `nchunks` >= 0 chunks (exactly `nranks` under Block).
void ownedRange(Placement placement, int64_t nchunks, int32_t rank,
                int32_t nranks, int64_t *lo, int64_t *hi);

/// The rank that owns chunk 0 <= chunk < nchunks, as ownedRange.
int32_t chunkOwner(Placement placement, int64_t chunk, int64_t nchunks,
                   int32_t nranks);

} // namespace bridge::layout

#endif // BRIDGE_LAYOUT_PLACEMENT_H
