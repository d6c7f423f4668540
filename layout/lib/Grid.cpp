//===- Grid.cpp - A row-major grid of chunks ------------------------------===//
#include "bridge/layout/Grid.h"

#include "bridge/layout/ChunkCount.h"

using namespace bridge::layout;

void Grid::coords(int64_t chunk, int64_t out[kMaxDims]) const {
  // Dimensions of one chunk (those past ndim among them) need no division.
  for (int32_t d = kMaxDims - 1; d >= 0; --d) {
    if (axes[d].count == 1) {
      out[d] = 0;
      continue;
    }
    out[d] = chunk % axes[d].count;
    chunk /= axes[d].count;
  }
}

int64_t Grid::index(const int64_t at[kMaxDims]) const {
  int64_t chunk = 0;
  for (int32_t d = 0; d < kMaxDims; ++d)
    chunk = chunk * axes[d].count + at[d];
  return chunk;
}

void Grid::box(int64_t chunk, int64_t start[kMaxDims],
               int64_t extent[kMaxDims]) const {
  int64_t at[kMaxDims];
  coords(chunk, at);
  boxAt(at, start, extent);
}

int64_t Grid::find(const int64_t *x) const {
  int64_t at[kMaxDims] = {0, 0, 0, 0};
  for (int32_t d = 0; d < ndim; ++d)
    at[d] = axes[d].find(x[d]);
  return index(at);
}

bool bridge::layout::makeGrid(int32_t ndim, const Tiling *axes, Grid *grid) {
  int64_t counts[kMaxDims];
  for (int32_t d = 0; d < ndim; ++d)
    counts[d] = axes[d].count;
  int64_t nchunks;
  if (!gridSize(ndim, counts, &nchunks))
    return false;
  grid->ndim = ndim;
  for (int32_t d = 0; d < kMaxDims; ++d)
    grid->axes[d] = d < ndim ? axes[d] : Tiling::regular(1, 1);
  grid->nchunks = nchunks;
  return true;
}

bool bridge::layout::makeRegularGrid(int32_t ndim, const int64_t *shape,
                                     const int64_t *chunks, Grid *grid) {
  Tiling axes[kMaxDims];
  for (int32_t d = 0; d < ndim; ++d)
    axes[d] = Tiling::regular(shape[d], chunks[d]);
  return makeGrid(ndim, axes, grid);
}

Grid bridge::layout::makeBlockGrid(int32_t ndim, const int64_t *shape,
                                   int64_t nranks) {
  Tiling axes[kMaxDims];
  axes[0] = Tiling::slabs(shape[0], nranks);
  for (int32_t d = 1; d < ndim; ++d)
    axes[d] = Tiling::slabs(shape[d], 1);
  Grid grid;
  // nranks chunks in all, so the count cannot overflow.
  makeGrid(ndim, axes, &grid);
  return grid;
}

bool bridge::layout::marginsInPlace(const Grid &grid, int32_t axis) {
  if (axis < 0 || axis >= grid.ndim)
    return false;
  for (int32_t d = 0; d < grid.ndim; ++d)
    if (grid.axes[d].extent == 0)
      return false;
  return true;
}

int64_t bridge::layout::lineStride(const Grid &grid, int32_t axis) {
  int64_t stride = 1;
  for (int32_t d = axis + 1; d < kMaxDims; ++d)
    stride *= grid.axes[d].count;
  return stride;
}

void bridge::layout::lineRun(const Grid &grid, int32_t axis,
                             const int64_t at[kMaxDims], int64_t lo, int64_t hi,
                             int64_t *first, int64_t *last) {
  int64_t stride = lineStride(grid, axis), chunk = grid.index(at);
  int64_t before = (chunk - lo) / stride, after = (hi - 1 - chunk) / stride;
  int64_t k = at[axis], count = grid.axes[axis].count;
  *first = k - (before < k ? before : k);
  *last = k + (after < count - 1 - k ? after : count - 1 - k);
}

int64_t bridge::layout::lineSlabElements(const Grid &grid, int32_t axis,
                                         int64_t lo, int64_t hi) {
  if (hi <= lo)
    return 0;
  // Chunk c lies in the line of (c / block, c % stride): each block of
  // `block` chunks holds `stride` lines.
  int64_t stride = lineStride(grid, axis);
  int64_t block = stride * grid.axes[axis].count, sum = 0;
  for (int64_t base = lo / block * block; base < hi; base += block) {
    int64_t s = base > lo ? base : lo,
            e = base + block < hi ? base + block : hi;
    int64_t lines = e - s < stride ? e - s : stride;
    for (int64_t i = 0; i < lines; ++i) {
      int64_t at[kMaxDims];
      grid.coords(base + (s - base + i) % stride, at);
      int64_t slab = 1;
      for (int32_t d = 0; d < grid.ndim; ++d)
        if (d != axis)
          slab *= grid.axes[d].size(at[d]);
      sum += slab;
    }
  }
  return sum;
}
