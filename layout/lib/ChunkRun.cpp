//===- ChunkRun.cpp - A rank's run of chunks as boxes of the grid ---------===//
#include "bridge/layout/ChunkRun.h"

using namespace bridge::layout;

namespace {

/// The box of chunks [from, from + units * stride[d]) where dimensions below
/// d stay at from's coordinates, d advances by `units` and the dimensions
/// after d are whole.
ChunkBox boxAt(const Grid &grid, int64_t from, int32_t d, int64_t units) {
  ChunkBox box;
  int64_t at[kMaxDims];
  grid.coords(from, at);
  for (int32_t e = 0; e < kMaxDims; ++e) {
    box.lo[e] = e <= d ? at[e] : 0;
    box.hi[e] = e < d    ? at[e] + 1
                : e == d ? at[e] + units
                         : grid.axes[e].count;
  }
  return box;
}

} // namespace

int32_t bridge::layout::chunkRunBoxes(const Grid &grid, int64_t first,
                                      int64_t last,
                                      ChunkBox out[kMaxRunBoxes]) {
  // stride[d]: chunks per step of dimension d; stride[d - 1] is one whole
  // run of dimension d.
  int64_t stride[kMaxDims];
  stride[kMaxDims - 1] = 1;
  for (int32_t d = kMaxDims - 1; d > 0; --d)
    stride[d - 1] = stride[d] * grid.axes[d].count;
  int32_t n = 0;
  // Up: finish the partial runs of the last dimensions first.
  for (int32_t d = kMaxDims - 1; d > 0 && first < last; --d) {
    int64_t into = first % stride[d - 1];
    if (into == 0)
      continue;
    int64_t next = first - into + stride[d - 1];
    if (next > last)
      break;
    out[n++] = boxAt(grid, first, d, (next - first) / stride[d]);
    first = next;
  }
  // Down: whole steps of each dimension, from the slowest.
  for (int32_t d = 0; d < kMaxDims && first < last; ++d) {
    int64_t units = (last - first) / stride[d];
    if (units == 0)
      continue;
    out[n++] = boxAt(grid, first, d, units);
    first += units * stride[d];
  }
  return n;
}

void bridge::layout::boxElements(const Grid &grid, const ChunkBox &box,
                                 int32_t d, int64_t *lo, int64_t *hi) {
  *lo = grid.axes[d].begin(box.lo[d]);
  *hi = grid.axes[d].end(box.hi[d] - 1);
}
