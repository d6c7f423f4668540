//===- Grid.cpp - Chunk grids, for arrays and for generated loops ---------===//
//
// The runtime's one way from a shape, chunk widths and a placement to a chunk
// grid (bridge/layout/Grid.h), for the arrays it creates and for the stage
// loops of generated code (bridge_rt_grid_*), so both see the same chunks.
//
//===----------------------------------------------------------------------===//

#include "DistInternal.h"

#include <stdlib.h>

using bridge::rt::failf;

struct bridge_rt_grid {
  bridge::layout::Grid grid;
};

bridge::layout::Grid bridge::rt::makeGrid(int32_t ndim, const int64_t *shape,
                                          const int64_t *chunks,
                                          int32_t placement, const char *fn) {
  if (ndim < 1 || ndim > BRIDGE_MAX_DIMS)
    failf("%s: %d dimensions (expected 1 to %d)", fn, int(ndim),
          BRIDGE_MAX_DIMS);
  bool block = placement == BRIDGE_RT_BLOCK;
  if (!block && placement != BRIDGE_RT_CONTIGUOUS)
    failf("%s: unknown placement %d", fn, int(placement));
  for (int d = 0; d < ndim; ++d) {
    if (shape[d] < 0)
      failf("%s: negative extent %lld in dimension %d", fn,
            (long long)shape[d], d);
    if (!block && chunks[d] < 1)
      failf("%s: chunk size %lld in dimension %d is not positive", fn,
            (long long)chunks[d], d);
  }
  if (block)
    return layout::makeBlockGrid(ndim, shape, bridge_rt_size());
  layout::Grid grid;
  if (!layout::makeRegularGrid(ndim, shape, chunks, &grid))
    failf("%s: the chunk count overflows 64 bits", fn);
  return grid;
}

extern "C" bridge_rt_grid *bridge_rt_grid_create(int32_t ndim,
                                                 const int64_t *shape,
                                                 const int64_t *chunks,
                                                 int32_t placement) {
  const char *fn = "bridge_rt_grid_create";
  bridge::layout::Grid grid =
      bridge::rt::makeGrid(ndim, shape, chunks, placement, fn);
  auto *g = static_cast<bridge_rt_grid *>(malloc(sizeof(bridge_rt_grid)));
  if (!g)
    failf("out of memory allocating %zu bytes", sizeof(bridge_rt_grid));
  g->grid = grid;
  return g;
}

extern "C" int64_t bridge_rt_grid_nchunks(const bridge_rt_grid *grid) {
  return grid->grid.nchunks;
}

extern "C" void bridge_rt_grid_box(const bridge_rt_grid *grid, int64_t chunk,
                                   int64_t *start, int64_t *extent) {
  const bridge::layout::Grid &g = grid->grid;
  if (chunk < 0 || chunk >= g.nchunks)
    failf("bridge_rt_grid_box: chunk %lld is outside a grid of %lld chunks",
          (long long)chunk, (long long)g.nchunks);
  int64_t s[BRIDGE_MAX_DIMS], e[BRIDGE_MAX_DIMS];
  g.box(chunk, s, e);
  for (int32_t d = 0; d < g.ndim; ++d) {
    start[d] = s[d];
    extent[d] = e[d];
  }
}

extern "C" void bridge_rt_grid_destroy(bridge_rt_grid *grid) { free(grid); }
