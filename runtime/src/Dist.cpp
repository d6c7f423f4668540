//===- Dist.cpp - Chunked arrays of which each rank stores its own chunks -===//
//
// All stored chunks share one 64-byte aligned allocation; each chunk starts
// at a 64-byte boundary and holds exactly its actual (possibly ragged)
// extent, row-major. A rank owns one contiguous run [lo, hi) of the row-major
// chunk grid (one chunk, its own index, under BRIDGE_RT_BLOCK), so finding a
// chunk's slot is a subtraction. See DistInternal.h for the layout.
//
//===----------------------------------------------------------------------===//

#include "DistInternal.h"

#include <stdlib.h>
#include <string.h>

using bridge::rt::Axis;
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

bridge_rt_dist *createDist(int32_t dtype, int32_t ndim, const Axis *axes,
                           int32_t placement, int32_t haloAxis,
                           int64_t haloWidth, const char *fn) {
  checkDims(dtype, ndim, fn);
  int64_t elemBytes = bridge_dtype_size(dtype);
  auto *a = static_cast<bridge_rt_dist *>(calloc(1, sizeof(bridge_rt_dist)));
  if (!a)
    failf("out of memory allocating %zu bytes", sizeof(bridge_rt_dist));
  a->view.dtype = dtype;
  a->view.ndim = ndim;
  a->placement = placement;
  a->haloAxis = haloAxis;
  a->haloWidth = haloAxis >= 0 ? haloWidth : 0;

  // Copy the irregular bounds into one block owned by the array.
  int64_t nbounds = 0;
  for (int d = 0; d < ndim; ++d)
    if (!axes[d].chunk)
      nbounds = addChecked(nbounds, axes[d].count + 1, "the grid", fn);
  if (nbounds > 0)
    a->ownBounds = static_cast<int64_t *>(
        bridge_rt_alloc(mulChecked(nbounds, 8, "the grid", fn)));
  int64_t *next = a->ownBounds;
  a->nchunks = 1;
  for (int d = 0; d < BRIDGE_MAX_DIMS; ++d) {
    Axis &x = a->axes[d];
    if (d >= ndim) {
      x.extent = 1;
      x.chunk = 1;
      x.count = 1;
    } else {
      x = axes[d];
      if (!x.chunk) {
        memcpy(next, axes[d].bounds, size_t(x.count + 1) * 8);
        x.bounds = next;
        next += x.count + 1;
      }
    }
    a->view.shape[d] = x.extent;
    a->nchunks = mulChecked(a->nchunks, x.count, "the chunk count", fn);
  }

  int32_t nranks = bridge_rt_size();
  ownedRange(placement, a->nchunks, bridge_rt_rank(), nranks, &a->lo, &a->hi);
  int64_t owned = a->hi - a->lo;
  if (owned > 0)
    a->table = static_cast<bridge_chunk *>(bridge_rt_alloc(
        mulChecked(owned, sizeof(bridge_chunk), "the chunk table", fn)));

  // Lay out the chunks that have elements, then allocate once and point the
  // table into it.
  int64_t total = 0, stored = 0;
  for (int64_t c = a->lo; c < a->hi; ++c) {
    bridge_chunk &e = a->table[stored];
    e.index = c;
    int64_t coords[BRIDGE_MAX_DIMS];
    chunkCoords(a, c, coords);
    int64_t elems = 1;
    bool empty = false;
    for (int d = 0; d < BRIDGE_MAX_DIMS; ++d) {
      const Axis &x = a->axes[d];
      e.start[d] = x.begin(coords[d]);
      e.shape[d] = x.end(coords[d]) - e.start[d];
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

int32_t chunkOwner(const bridge_rt_dist *a, int64_t chunk) {
  return bridge_rt_owner(a->placement, a->nchunks, chunk, bridge_rt_size());
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
  Axis axes[BRIDGE_MAX_DIMS];
  for (int d = 0; d < ndim; ++d) {
    if (shape[d] < 0)
      failf("%s: negative extent %lld in dimension %d", fn,
            (long long)shape[d], d);
    if (chunks[d] < 1)
      failf("%s: chunk size %lld in dimension %d is not positive", fn,
            (long long)chunks[d], d);
    axes[d].extent = shape[d];
    axes[d].chunk = chunks[d];
    // Ceiling division without overflow for extents near INT64_MAX.
    axes[d].count = shape[d] / chunks[d] + (shape[d] % chunks[d] != 0);
  }
  return bridge::rt::createDist(dtype, ndim, axes, placement, -1, 0, fn);
}

extern "C" bridge_rt_dist *bridge_rt_dist_create_block(int32_t dtype,
                                                       int32_t ndim,
                                                       const int64_t *shape) {
  const char *fn = "bridge_rt_dist_create_block";
  checkDims(dtype, ndim, fn);
  for (int d = 0; d < ndim; ++d)
    if (shape[d] < 0)
      failf("%s: negative extent %lld in dimension %d", fn,
            (long long)shape[d], d);
  int64_t nranks = bridge_rt_size();
  bridge::rt::Buffer bounds((nranks + 1 + 2 * BRIDGE_MAX_DIMS) * 8);
  int64_t *b = static_cast<int64_t *>(bounds.ptr);
  Axis axes[BRIDGE_MAX_DIMS];
  // Axis 0: balanced slabs floor(N*r/P), in 128 bits against overflow.
  for (int64_t r = 0; r <= nranks; ++r)
    b[r] = int64_t(__int128(shape[0]) * r / nranks);
  axes[0].extent = shape[0];
  axes[0].count = nranks;
  axes[0].bounds = b;
  // Other axes: one chunk spanning the extent (an empty one for extent 0).
  int64_t *single = b + nranks + 1;
  for (int d = 1; d < ndim; ++d, single += 2) {
    single[0] = 0;
    single[1] = shape[d];
    axes[d].extent = shape[d];
    axes[d].count = 1;
    axes[d].bounds = single;
  }
  return bridge::rt::createDist(dtype, ndim, axes, BRIDGE_RT_BLOCK, -1, 0, fn);
}

extern "C" void *bridge_rt_dist_chunk(bridge_rt_dist *array, int64_t chunk) {
  if (chunk < 0 || chunk >= array->nchunks)
    failf("chunk %lld is outside the %lld-chunk grid of an array",
          (long long)chunk, (long long)array->nchunks);
  if (chunk < array->lo || chunk >= array->hi)
    failf("chunk %lld of a %lld-chunk array is not stored on rank %d (it "
          "holds chunks [%lld, %lld))",
          (long long)chunk, (long long)array->nchunks, bridge_rt_rank(),
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
  bridge_rt_free(array->storage);
  bridge_rt_free(array->table);
  bridge_rt_free(array->ownBounds);
  free(array);
}
