//===- Dist.cpp - Chunked arrays of which each rank stores its own chunks -===//
//
// All owned chunks share one 64-byte aligned allocation; each chunk starts at
// a 64-byte boundary and holds exactly its actual (possibly ragged) extent,
// row-major. Owned chunks form one contiguous run [lo, hi) of the row-major
// chunk grid, so finding a chunk's slot is a subtraction.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <stdlib.h>
#include <string.h>

struct bridge_rt_dist {
  bridge_array view;
  int64_t chunkShape[BRIDGE_MAX_DIMS]; // Nominal chunk extent per dimension.
  int64_t grid[BRIDGE_MAX_DIMS];       // Chunks per dimension.
  int64_t nchunks;                     // Chunks of the whole grid.
  int64_t lo, hi;                      // Owned chunks [lo, hi).
  bridge_chunk *table;                 // hi - lo entries, or null.
  void *storage;                       // One allocation for all owned chunks.
};

namespace {

using bridge::rt::failf;

constexpr int64_t kAlign = 64;

int64_t mulChecked(int64_t a, int64_t b, const char *what) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r))
    failf("bridge_rt_dist_create: %s overflows 64 bits", what);
  return r;
}

int64_t addChecked(int64_t a, int64_t b, const char *what) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r))
    failf("bridge_rt_dist_create: %s overflows 64 bits", what);
  return r;
}

} // namespace

extern "C" bridge_rt_dist *bridge_rt_dist_create(int32_t dtype, int32_t ndim,
                                                 const int64_t *shape,
                                                 const int64_t *chunks,
                                                 int32_t placement) {
  int64_t elemSize = bridge_dtype_size(dtype);
  if (elemSize == 0)
    failf("bridge_rt_dist_create: unknown dtype %d", int(dtype));
  if (ndim < 1 || ndim > BRIDGE_MAX_DIMS)
    failf("bridge_rt_dist_create: %d dimensions (expected 1 to %d)", int(ndim),
          BRIDGE_MAX_DIMS);
  for (int d = 0; d < ndim; ++d) {
    if (shape[d] < 0)
      failf("bridge_rt_dist_create: negative extent %lld in dimension %d",
            (long long)shape[d], d);
    if (chunks[d] < 1)
      failf("bridge_rt_dist_create: chunk size %lld in dimension %d is not "
            "positive",
            (long long)chunks[d], d);
  }

  auto *a = static_cast<bridge_rt_dist *>(calloc(1, sizeof(bridge_rt_dist)));
  if (!a)
    failf("out of memory allocating %zu bytes", sizeof(bridge_rt_dist));
  a->view.dtype = dtype;
  a->view.ndim = ndim;
  a->nchunks = 1;
  for (int d = 0; d < BRIDGE_MAX_DIMS; ++d) {
    bool used = d < ndim;
    a->view.shape[d] = used ? shape[d] : 1;
    a->chunkShape[d] = used ? chunks[d] : 1;
    // Ceiling division without overflow for extents near INT64_MAX.
    a->grid[d] = a->view.shape[d] / a->chunkShape[d] +
                 (a->view.shape[d] % a->chunkShape[d] != 0);
    a->nchunks = mulChecked(a->nchunks, a->grid[d], "the chunk count");
  }

  bridge::rt::ownedRange(placement, a->nchunks, bridge_rt_rank(),
                         bridge_rt_size(), &a->lo, &a->hi);
  int64_t owned = a->hi - a->lo;
  if (owned > 0) {
    a->table = static_cast<bridge_chunk *>(
        bridge_rt_alloc(mulChecked(owned, sizeof(bridge_chunk), "the table")));
  }

  // Lay out the chunks, then allocate once and point the table into it.
  int64_t total = 0;
  for (int64_t i = 0; i < owned; ++i) {
    bridge_chunk &c = a->table[i];
    c.index = a->lo + i;
    int64_t rest = c.index;
    int64_t elems = 1;
    for (int d = BRIDGE_MAX_DIMS - 1; d >= 0; --d) {
      int64_t coord = rest % a->grid[d];
      rest /= a->grid[d];
      c.start[d] = coord * a->chunkShape[d]; // < shape[d], cannot overflow.
      int64_t left = a->view.shape[d] - c.start[d];
      c.shape[d] = left < a->chunkShape[d] ? left : a->chunkShape[d];
      elems = mulChecked(elems, c.shape[d], "a chunk's size");
    }
    int64_t bytes = mulChecked(elems, elemSize, "a chunk's size");
    c.data = reinterpret_cast<void *>(total); // An offset until allocation.
    int64_t padded = addChecked(bytes, kAlign - 1, "the storage size");
    total = addChecked(total, padded / kAlign * kAlign, "the storage size");
  }
  if (owned > 0) {
    a->storage = bridge_rt_alloc(total);
    for (int64_t i = 0; i < owned; ++i)
      a->table[i].data = static_cast<char *>(a->storage) +
                         reinterpret_cast<intptr_t>(a->table[i].data);
  }
  a->view.nchunks = owned;
  a->view.chunks = a->table;
  return a;
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
  return array->table[chunk - array->lo].data;
}

extern "C" const bridge_array *bridge_rt_dist_view(bridge_rt_dist *array) {
  return &array->view;
}

extern "C" void bridge_rt_dist_destroy(bridge_rt_dist *array) {
  if (!array)
    return;
  bridge_rt_free(array->storage);
  bridge_rt_free(array->table);
  free(array);
}
