//===- ChunkCount.h - How many chunks tile an array -------------*- C++ -*-===//
//
// The chunk count of a dimension is a ceiling division and the count of a
// grid a product; both are written here once, without the overflow of
// (extent + chunk - 1) / chunk near 2^63 and with the product's overflow
// reported instead of undefined.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_LAYOUT_CHUNKCOUNT_H
#define BRIDGE_LAYOUT_CHUNKCOUNT_H

#include <stdint.h>

namespace bridge::layout {

/// The chunks of width `chunk` >= 1 that cover `extent` >= 0 elements (the
/// last one may be narrower).
constexpr int64_t chunkCount(int64_t extent, int64_t chunk) {
  return extent / chunk + (extent % chunk != 0);
}

/// Sets *size to the product of counts[0..ndim) (each >= 0) and returns true,
/// or returns false when the product exceeds INT64_MAX. A zero count makes
/// the product zero whatever the others are.
bool gridSize(int32_t ndim, const int64_t *counts, int64_t *size);

/// The chunk count of the grid that tiles `shape` (extents >= 0) by `chunks`
/// (widths >= 1), as gridSize.
bool regularGridSize(int32_t ndim, const int64_t *shape, const int64_t *chunks,
                     int64_t *size);

} // namespace bridge::layout

#endif // BRIDGE_LAYOUT_CHUNKCOUNT_H
