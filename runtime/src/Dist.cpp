//===- Dist.cpp - Chunked arrays of which each rank stores its own chunks -===//
//
// All stored chunks share one 64-byte aligned allocation; each chunk starts
// at a 64-byte boundary (16 when under 4 KiB) and holds exactly its actual
// (possibly ragged) extent, row-major; the chunks of a halo array whose
// margins are read in place overlap instead (layOutLines). An 8-byte offset
// per owned chunk finds it; the legacy view's 80-byte entries are built only
// when asked for. A rank owns one contiguous run [lo, hi) of the row-major
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

// Chunks of at least 4 KiB start at a cache line; smaller ones at 16 bytes,
// so that a chunk of 100 elements does not pay 4 % of padding.
constexpr int64_t kAlign = 64, kSmallAlign = 16, kAlignFrom = 4096;

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

/// The stored box of the chunk at grid coordinates `at`: a halo chunk also
/// stores its margins along the axis; an empty interior (only a block
/// slab's) stores nothing.
static void storedBox(const bridge_rt_dist *a, const int64_t at[BRIDGE_MAX_DIMS],
                      int64_t start[BRIDGE_MAX_DIMS],
                      int64_t shape[BRIDGE_MAX_DIMS]) {
  a->grid.boxAt(at, start, shape);
  int axis = a->haloAxis;
  if (axis >= 0 && shape[axis] > 0) {
    start[axis] -= a->haloWidth;
    shape[axis] += 2 * a->haloWidth;
  }
}

/// The rank's run of a halo array whose margins are read in place: per line
/// of chunks along the halo axis (the chunks that share their coordinates on
/// the other axes), one block of the rank's chunks in it with margins at its
/// two ends, in which each chunk starts at its own first stored slab. The
/// first chunk of a line in the run opens its block; each later one follows
/// the chunk `stride` before it along the axis.
static void layOutLines(bridge_rt_dist *a, int64_t elemBytes, const char *fn) {
  a->view.nchunks = a->hi - a->lo;
  int axis = a->haloAxis;
  const layout::Tiling &along = a->grid.axes[axis];
  int64_t stride = layout::lineStride(a->grid, axis), total = 0;
  int64_t at[BRIDGE_MAX_DIMS];
  if (a->hi > a->lo)
    a->grid.coords(a->lo, at);
  for (int64_t c = a->lo; c < a->hi; ++c, a->grid.next(at)) {
    int64_t start[BRIDGE_MAX_DIMS], shape[BRIDGE_MAX_DIMS];
    a->grid.boxAt(at, start, shape);
    int64_t outer = 1, slabBytes = elemBytes;
    for (int d = 0; d < a->grid.ndim; ++d)
      if (d < axis)
        outer = mulChecked(outer, shape[d], "a chunk's size", fn);
      else if (d > axis)
        slabBytes = mulChecked(slabBytes, shape[d], "a slab's size", fn);
    if (at[axis] > 0 && c - stride >= a->lo) {
      a->offsets[c - a->lo] =
          a->offsets[c - stride - a->lo] + along.size(at[axis] - 1) * slabBytes;
      continue;
    }
    int64_t first, last;
    layout::lineRun(a->grid, axis, at, a->lo, a->hi, &first, &last);
    int64_t stored = addChecked(along.end(last) - along.begin(first),
                                2 * a->haloWidth, "a line's extent", fn);
    int64_t bytes = mulChecked(mulChecked(outer, stored, "a line's size", fn),
                               slabBytes, "a line's size", fn);
    total =
        addChecked(total, kAlign - 1, "the storage size", fn) / kAlign * kAlign;
    a->offsets[c - a->lo] = total;
    total = addChecked(total, bytes, "the storage size", fn);
  }
  a->storage = bridge_rt_alloc(total);
}

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
  // Every rank creates the same halo arrays in the same order.
  static int32_t haloArrays = 0;
  if (haloAxis >= 0)
    a->haloSerial = haloArrays++;
  for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
    a->view.shape[d] = grid.axes[d].extent;

  ownedRange(placement, grid.nchunks, bridge_rt_rank(), bridge_rt_size(),
             &a->lo, &a->hi);
  if (haloAxis >= 0)
    addChecked(grid.axes[haloAxis].chunk, 2 * a->haloWidth,
               "a halo chunk's extent", fn);
  int64_t owned = a->hi - a->lo;
  if (owned > 0)
    a->offsets = static_cast<int64_t *>(bridge_rt_alloc(
        mulChecked(owned, sizeof(int64_t), "the chunk offsets", fn)));
  a->marginsInPlace = haloAxis >= 0 && placement == BRIDGE_RT_CONTIGUOUS &&
                      layout::marginsInPlace(grid, haloAxis);
  if (a->marginsInPlace) {
    layOutLines(a, elemBytes, fn);
    return a;
  }

  // Lay out the chunks that have elements, then allocate once.
  int64_t total = 0, stored = 0;
  int64_t at[BRIDGE_MAX_DIMS];
  if (owned > 0)
    grid.coords(a->lo, at);
  for (int64_t c = a->lo; c < a->hi; ++c, grid.next(at)) {
    int64_t start[BRIDGE_MAX_DIMS], shape[BRIDGE_MAX_DIMS];
    storedBox(a, at, start, shape);
    int64_t elems = 1;
    for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
      elems = mulChecked(elems, shape[d], "a chunk's size", fn);
    if (elems == 0) {
      a->offsets[c - a->lo] = -1;
      continue;
    }
    int64_t bytes = mulChecked(elems, elemBytes, "a chunk's size", fn);
    int64_t align = bytes >= kAlignFrom ? kAlign : kSmallAlign;
    total = addChecked(total, align - 1, "the storage size", fn) / align * align;
    a->offsets[c - a->lo] = total;
    total = addChecked(total, bytes, "the storage size", fn);
    ++stored;
  }
  a->storage = bridge_rt_alloc(total);
  a->view.nchunks = stored;
  return a;
}

bridge_chunk chunkAt(const bridge_rt_dist *a, int64_t chunk,
                     const int64_t at[BRIDGE_MAX_DIMS]) {
  bridge_chunk e;
  e.index = chunk;
  storedBox(a, at, e.start, e.shape);
  int64_t offset = a->offsets && chunk >= a->lo && chunk < a->hi
                       ? a->offsets[chunk - a->lo]
                       : -1;
  e.data = offset >= 0 ? static_cast<char *>(a->storage) + offset : nullptr;
  return e;
}

bridge_chunk storedChunk(const bridge_rt_dist *a, int64_t chunk) {
  if (chunk < a->lo || chunk >= a->hi || !a->offsets) {
    bridge_chunk none = {};
    return none;
  }
  int64_t at[BRIDGE_MAX_DIMS];
  a->grid.coords(chunk, at);
  return chunkAt(a, chunk, at);
}

char *chunkData(const bridge_rt_dist *a, int64_t chunk) {
  if (chunk < a->lo || chunk >= a->hi || !a->offsets)
    return nullptr;
  int64_t offset = a->offsets[chunk - a->lo];
  return offset >= 0 ? static_cast<char *>(a->storage) + offset : nullptr;
}

int64_t storedPitch(const bridge_rt_dist *a,
                    const int64_t at[BRIDGE_MAX_DIMS]) {
  int axis = a->haloAxis;
  const layout::Tiling &along = a->grid.axes[axis];
  if (!a->marginsInPlace)
    return along.size(at[axis]) + 2 * a->haloWidth;
  int64_t first, last;
  layout::lineRun(a->grid, axis, at, a->lo, a->hi, &first, &last);
  return along.end(last) - along.begin(first) + 2 * a->haloWidth;
}

void storedStrides(const bridge_rt_dist *a, const bridge_chunk &c,
                   int64_t strides[BRIDGE_MAX_DIMS]) {
  int64_t extents[BRIDGE_MAX_DIMS];
  for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
    extents[d] = c.shape[d];
  if (a->haloAxis > 0 && a->marginsInPlace) {
    int64_t at[BRIDGE_MAX_DIMS];
    a->grid.coords(c.index, at);
    extents[a->haloAxis] = storedPitch(a, at);
  }
  strides[BRIDGE_MAX_DIMS - 1] = elemSize(a);
  for (int d = BRIDGE_MAX_DIMS - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * extents[d + 1];
}

const bridge_array &ownedView(bridge_rt_dist *a) {
  if (a->table || a->view.nchunks == 0)
    return a->view;
  a->table = static_cast<bridge_chunk *>(
      bridge_rt_alloc(a->view.nchunks * int64_t(sizeof(bridge_chunk))));
  int64_t i = 0;
  for (StoredChunks it(a); !it.done(); it.next())
    a->table[i++] = *it;
  a->view.chunks = a->table;
  return a->view;
}

StoredChunks::StoredChunks(const bridge_rt_dist *a) : a(a) {
  if (!a->offsets) {
    // A block-cyclic array: the entries of its own table.
    chunk = 0;
    last = a->view.nchunks;
    if (last > 0)
      entry = a->table[0];
    return;
  }
  chunk = a->lo;
  last = a->hi;
  if (chunk < last)
    a->grid.coords(chunk, at);
  settle();
}

void StoredChunks::next() {
  ++chunk;
  if (!a->offsets) {
    if (chunk < last)
      entry = a->table[chunk];
    return;
  }
  a->grid.next(at);
  settle();
}

void StoredChunks::settle() {
  for (; chunk < last; ++chunk, a->grid.next(at))
    if (a->offsets[chunk - a->lo] >= 0) {
      entry = chunkAt(a, chunk, at);
      return;
    }
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
  char *data = bridge::rt::chunkData(array, chunk);
  // An owned chunk without elements (an empty block slab) has no storage;
  // any valid pointer will do.
  return data ? data : array->storage;
}

extern "C" int64_t bridge_rt_dist_chunk_pitch(const bridge_rt_dist *array,
                                              int64_t chunk) {
  const char *fn = "bridge_rt_dist_chunk_pitch";
  if (array->haloAxis < 0)
    failf("%s: not a halo array", fn);
  if (chunk < array->lo || chunk >= array->hi)
    failf("%s: chunk %lld is not stored on rank %d", fn, (long long)chunk,
          bridge_rt_rank());
  int64_t at[BRIDGE_MAX_DIMS];
  array->grid.coords(chunk, at);
  return bridge::rt::storedPitch(array, at);
}

extern "C" const bridge_array *bridge_rt_dist_view(bridge_rt_dist *array) {
  return &bridge::rt::ownedView(array);
}

extern "C" void bridge_rt_dist_destroy(bridge_rt_dist *array) {
  if (!array)
    return;
  bridge_rt_dist_destroy(array->cyclicShadow);
  bridge::rt::endHaloExchange(array);
  bridge_rt_free(array->storage);
  bridge_rt_free(array->offsets);
  bridge_rt_free(array->table);
  free(array);
}
