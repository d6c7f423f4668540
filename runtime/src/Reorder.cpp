//===- Reorder.cpp - Chunks between row-major and column-major order ------===//
//
// `order=F` hand-offs: Fortran code that indexes x(i, j) as the program's
// x[i, j] needs each chunk's elements column-major. The copy walks the source
// in its own order and scatters to the other order's offsets, one element
// size at a time so the inner loop is a plain typed store.
//
//===----------------------------------------------------------------------===//

#include "DistInternal.h"

using bridge::rt::failf;

namespace {

/// Copies one chunk of `ndim` dimensions and `extent`s from row-major `src`
/// to column-major `dst` (or column-major to row-major when `toRowMajor`).
template <typename T>
void reorderChunk(T *dst, const T *src, int32_t ndim, const int64_t *extent,
                  bool toRowMajor) {
  // Column-major strides; row-major offsets advance by one.
  int64_t colStride[BRIDGE_MAX_DIMS], index[BRIDGE_MAX_DIMS] = {0, 0, 0, 0};
  int64_t count = 1;
  for (int32_t d = 0; d < ndim; ++d) {
    colStride[d] = count;
    count *= extent[d];
  }
  if (count == 0)
    return;
  int64_t col = 0;
  int32_t last = ndim - 1;
  for (int64_t row = 0; row < count;) {
    // The innermost row-major axis is strided in column-major order.
    int64_t n = extent[last], stride = colStride[last];
    if (toRowMajor)
      for (int64_t i = 0; i < n; ++i)
        dst[row + i] = src[col + i * stride];
    else
      for (int64_t i = 0; i < n; ++i)
        dst[col + i * stride] = src[row + i];
    row += n;
    // Carry into the outer axes.
    int32_t d = last - 1;
    for (; d >= 0; --d) {
      col += colStride[d];
      if (++index[d] < extent[d])
        break;
      col -= colStride[d] * extent[d];
      index[d] = 0;
    }
  }
}

} // namespace

extern "C" void bridge_rt_dist_reorder(bridge_rt_dist *dst,
                                       const bridge_rt_dist *src,
                                       int32_t column_major) {
  const char *fn = "bridge_rt_dist_reorder";
  if (dst->view.dtype != src->view.dtype || dst->lo != src->lo ||
      dst->hi != src->hi || dst->view.nchunks != src->view.nchunks ||
      dst->view.ndim != src->view.ndim)
    failf("%s: the arrays do not have the same dtype and chunks", fn);
  bool toRowMajor = column_major == 0;
  int64_t size = bridge::rt::elemSize(src);
  bridge::rt::StoredChunks into(dst);
  for (bridge::rt::StoredChunks it(src); !it.done(); it.next(), into.next()) {
    const bridge_chunk &from = *it;
    void *to = into->data;
    for (int32_t d = 0; d < src->view.ndim; ++d)
      if (into->shape[d] != from.shape[d])
        failf("%s: chunk %lld has other extents in the two arrays", fn,
              (long long)from.index);
    switch (size) {
    case 1:
      reorderChunk(static_cast<uint8_t *>(to),
                   static_cast<const uint8_t *>(from.data), src->view.ndim,
                   from.shape, toRowMajor);
      break;
    case 4:
      reorderChunk(static_cast<uint32_t *>(to),
                   static_cast<const uint32_t *>(from.data), src->view.ndim,
                   from.shape, toRowMajor);
      break;
    case 8:
      reorderChunk(static_cast<uint64_t *>(to),
                   static_cast<const uint64_t *>(from.data), src->view.ndim,
                   from.shape, toRowMajor);
      break;
    default:
      failf("%s: elements of %lld bytes", fn, (long long)size);
    }
  }
}
