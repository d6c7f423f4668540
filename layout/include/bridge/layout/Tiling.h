//===- Tiling.h - How one dimension is cut into chunks ----------*- C++ -*-===//
//
// A dimension of `extent` elements is cut into `count` chunks, either
// regularly (every chunk `chunk` wide, the last one clipped) or into balanced
// slabs (chunk == 0): slab k is [floor(extent * k / count),
// floor(extent * (k + 1) / count)), as a block layout cuts axis 0 among the
// ranks. Neither form needs storage beyond the three numbers.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_LAYOUT_TILING_H
#define BRIDGE_LAYOUT_TILING_H

#include <stdint.h>

namespace bridge::layout {

struct Tiling {
  int64_t extent = 0;
  int64_t chunk = 0; // > 0: regular chunks of this width; 0: balanced slabs.
  int64_t count = 0; // Chunks along the dimension.

  /// Chunks of width `chunk` >= 1 over `extent` >= 0 elements; no chunk when
  /// the extent is 0.
  static Tiling regular(int64_t extent, int64_t chunk);
  /// `count` >= 1 balanced slabs over `extent` >= 0 elements; those past the
  /// elements (extent < count) are empty.
  static Tiling slabs(int64_t extent, int64_t count);

  /// The first element of chunk 0 <= k < count, and one past its last
  /// (inline: stages and halo fills ask for them once a chunk).
  int64_t begin(int64_t k) const {
    // k * chunk < extent for every chunk k of a regular tiling: no overflow.
    return chunk ? k * chunk : slabBound(k);
  }
  int64_t end(int64_t k) const {
    if (!chunk)
      return slabBound(k + 1);
    int64_t first = k * chunk, left = extent - first;
    return first + (left < chunk ? left : chunk);
  }
  int64_t size(int64_t k) const { return end(k) - begin(k); }
  /// The chunk holding element 0 <= x < extent (never an empty one).
  int64_t find(int64_t x) const;

private:
  /// Bound k of balanced slabs.
  int64_t slabBound(int64_t k) const;
};

} // namespace bridge::layout

#endif // BRIDGE_LAYOUT_TILING_H
