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
  if (axis != 0)
    return false;
  for (int32_t d = 0; d < grid.ndim; ++d)
    if (grid.axes[d].extent == 0)
      return false;
  return true;
}

int64_t bridge::layout::columnsRowElements(const Grid &grid, int64_t lo,
                                           int64_t hi) {
  if (hi <= lo)
    return 0;
  int64_t columns = grid.nchunks / grid.axes[0].count;
  // Any `columns` consecutive chunks touch every column once.
  int64_t count = hi - lo < columns ? hi - lo : columns, sum = 0;
  int64_t at[kMaxDims];
  grid.coords(lo, at);
  for (int64_t c = 0; c < count; ++c, grid.next(at)) {
    int64_t row = 1;
    for (int32_t d = 1; d < grid.ndim; ++d)
      row *= grid.axes[d].size(at[d]);
    sum += row;
  }
  return sum;
}
