//===- Dist.cpp - Chunked arrays of which each rank stores its own chunks -===//
//
// All stored chunks share one 64-byte aligned allocation; each chunk starts
// at a 64-byte boundary and holds exactly its actual (possibly ragged)
// extent, row-major. A rank owns one contiguous run [lo, hi) of the row-major
// chunk grid (one chunk, its own index, under BRIDGE_RT_BLOCK), so finding a
// chunk's slot is a subtraction. See DistInternal.h for the layout; the
// grids come from Grid.cpp.
//
//===----------------------------------------------------------------------===//

#include "DistInternal.h"

#include <stdlib.h>
#include <string.h>

using bridge::rt::failf;

namespace {

constexpr int64_t kAlign = 64;

int64_t mulChecked(int64_t a, int64_t b, const char *what, const char *fn) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r))
    failf("%s: %s overflows 64 bits", fn, what);
  return r;
}

int64_t addChecked(int64_t a, int64_t b, const char *what, const char *fn) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r))
    failf("%s: %s overflows 64 bits", fn, what);
  return r;
}

void checkDims(int32_t dtype, int32_t ndim, const char *fn) {
  if (bridge_dtype_size(dtype) == 0)
    failf("%s: unknown dtype %d", fn, int(dtype));
  if (ndim < 1 || ndim > BRIDGE_MAX_DIMS)
    failf("%s: %d dimensions (expected 1 to %d)", fn, int(ndim),
          BRIDGE_MAX_DIMS);
}

} // namespace

namespace bridge::rt {

bridge_rt_dist *createDist(int32_t dtype, const layout::Grid &grid,
                           int32_t placement, int32_t haloAxis,
                           int64_t haloWidth, const char *fn) {
  checkDims(dtype, grid.ndim, fn);
  int64_t elemBytes = bridge_dtype_size(dtype);
  auto *a = static_cast<bridge_rt_dist *>(calloc(1, sizeof(bridge_rt_dist)));
  if (!a)
    failf("out of memory allocating %zu bytes", sizeof(bridge_rt_dist));
  a->view.dtype = dtype;
  a->view.ndim = grid.ndim;
  a->placement = placement;
  a->grid = grid;
  a->haloAxis = haloAxis;
  a->haloWidth = haloAxis >= 0 ? haloWidth : 0;
  for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
    a->view.shape[d] = grid.axes[d].extent;

  ownedRange(placement, grid.nchunks, bridge_rt_rank(), bridge_rt_size(),
             &a->lo, &a->hi);
  int64_t owned = a->hi - a->lo;
  if (owned > 0)
    a->table = static_cast<bridge_chunk *>(bridge_rt_alloc(
        mulChecked(owned, sizeof(bridge_chunk), "the chunk table", fn)));

  // Lay out the chunks that have elements, then allocate once and point the
  // table into it.
  int64_t total = 0, stored = 0;
  int64_t at[BRIDGE_MAX_DIMS];
  if (owned > 0)
    grid.coords(a->lo, at);
  for (int64_t c = a->lo; c < a->hi; ++c, grid.next(at)) {
    bridge_chunk &e = a->table[stored];
    e.index = c;
    grid.boxAt(at, e.start, e.shape);
    int64_t elems = 1;
    bool empty = false;
    for (int d = 0; d < BRIDGE_MAX_DIMS; ++d) {
      empty |= e.shape[d] == 0;
      if (d == a->haloAxis) {
        e.start[d] -= a->haloWidth;
        e.shape[d] = addChecked(e.shape[d], 2 * a->haloWidth,
                                "a halo chunk's extent", fn);
      }
      elems = mulChecked(elems, e.shape[d], "a chunk's size", fn);
    }
    if (empty)
      continue;
    int64_t bytes = mulChecked(elems, elemBytes, "a chunk's size", fn);
    e.data = reinterpret_cast<void *>(total); // An offset until allocation.
    int64_t padded = addChecked(bytes, kAlign - 1, "the storage size", fn);
    total = addChecked(total, padded / kAlign * kAlign, "the storage size", fn);
    ++stored;
  }
  a->storage = bridge_rt_alloc(total);
  for (int64_t i = 0; i < stored; ++i)
    a->table[i].data = static_cast<char *>(a->storage) +
                       reinterpret_cast<intptr_t>(a->table[i].data);
  a->view.nchunks = stored;
  a->view.chunks = stored ? a->table : nullptr;
  return a;
}

const bridge_chunk *storedChunk(const bridge_rt_dist *a, int64_t chunk) {
  if (chunk < a->lo || chunk >= a->hi)
    return nullptr;
  // Every owned chunk is stored unless one is empty, which only happens to
  // the single chunk of a block layout.
  if (a->view.nchunks != a->hi - a->lo)
    return nullptr;
  return &a->table[chunk - a->lo];
}

} // namespace bridge::rt

extern "C" bridge_rt_dist *bridge_rt_dist_create(int32_t dtype, int32_t ndim,
                                                 const int64_t *shape,
                                                 const int64_t *chunks,
                                                 int32_t placement) {
  const char *fn = "bridge_rt_dist_create";
  checkDims(dtype, ndim, fn);
  if (placement != BRIDGE_RT_CONTIGUOUS)
    failf("%s: placement %d needs its own constructor (only contiguous "
          "placements take chunk sizes)",
          fn, int(placement));
  return bridge::rt::createDist(
      dtype, bridge::rt::makeGrid(ndim, shape, chunks, placement, fn),
      placement, -1, 0, fn);
}

extern "C" bridge_rt_dist *bridge_rt_dist_create_block(int32_t dtype,
                                                       int32_t ndim,
                                                       const int64_t *shape) {
  const char *fn = "bridge_rt_dist_create_block";
  checkDims(dtype, ndim, fn);
  return bridge::rt::createDist(
      dtype, bridge::rt::makeGrid(ndim, shape, nullptr, BRIDGE_RT_BLOCK, fn),
      BRIDGE_RT_BLOCK, -1, 0, fn);
}

extern "C" void *bridge_rt_dist_chunk(bridge_rt_dist *array, int64_t chunk) {
  if (chunk < 0 || chunk >= array->grid.nchunks)
    failf("chunk %lld is outside the %lld-chunk grid of an array",
          (long long)chunk, (long long)array->grid.nchunks);
  if (chunk < array->lo || chunk >= array->hi)
    failf("chunk %lld of a %lld-chunk array is not stored on rank %d (it "
          "holds chunks [%lld, %lld))",
          (long long)chunk, (long long)array->grid.nchunks, bridge_rt_rank(),
          (long long)array->lo, (long long)array->hi);
  const bridge_chunk *c = bridge::rt::storedChunk(array, chunk);
  // An owned chunk without elements (an empty block slab) has no storage;
  // any valid pointer will do.
  return c ? c->data : array->storage;
}

extern "C" const bridge_array *bridge_rt_dist_view(bridge_rt_dist *array) {
  return &array->view;
}

extern "C" void bridge_rt_dist_destroy(bridge_rt_dist *array) {
  if (!array)
    return;
  bridge_rt_dist_destroy(array->cyclicShadow);
  bridge_rt_free(array->storage);
  bridge_rt_free(array->table);
  free(array);
}
