//===- Scan.cpp - Cumulative sums and products, chunk by chunk -------------===//
//
// A scan along an axis runs in three steps, so that its bits depend on the
// chunking alone: each chunk is scanned on its own (bridge_rt_scan_local,
// which also keeps the chunk's last slice, its totals); the compiler copies
// every line of totals to the chunks that need it (a broadcast replica,
// bridge_rt_redistribute with step 0); then each chunk folds the totals of
// the chunks before it along the axis, left to right in chunk order, and
// applies that carry to its elements (bridge_rt_scan_carry). Neither step
// here communicates.
//
//===----------------------------------------------------------------------===//

#include "DistInternal.h"

#include <type_traits>

using bridge::rt::failf;

namespace {

/// A chunk as (outer, along, inner): the axes before `axis`, the axis, the
/// axes after it.
struct Lines {
  int64_t outer = 1, along = 1, inner = 1;
};

Lines linesOf(const bridge_chunk &chunk, int32_t ndim, int32_t axis) {
  Lines lines;
  for (int32_t d = 0; d < ndim; ++d) {
    if (d < axis)
      lines.outer *= chunk.shape[d];
    else if (d == axis)
      lines.along = chunk.shape[d];
    else
      lines.inner *= chunk.shape[d];
  }
  return lines;
}

/// Integers wrap as NumPy's do, without undefined behaviour.
template <typename T> T combine(int32_t op, T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    uint64_t x = uint64_t(a), y = uint64_t(b);
    return T(op == BRIDGE_RT_SUM ? x + y : x * y);
  } else {
    return op == BRIDGE_RT_SUM ? a + b : a * b;
  }
}

/// The scan of one chunk into `dst`, and its last slice into `totals`. The
/// inner loop runs along the contiguous axes after `axis`, so it
/// vectorises when there are any.
template <typename T>
void scanChunk(T *dst, const T *src, T *totals, Lines l, int32_t op) {
  for (int64_t o = 0; o < l.outer; ++o) {
    const T *in = src + o * l.along * l.inner;
    T *out = dst + o * l.along * l.inner;
    for (int64_t j = 0; j < l.inner; ++j)
      out[j] = in[j];
    for (int64_t i = 1; i < l.along; ++i) {
      const T *prev = out + (i - 1) * l.inner;
      T *row = out + i * l.inner;
      const T *next = in + i * l.inner;
      for (int64_t j = 0; j < l.inner; ++j)
        row[j] = combine(op, prev[j], next[j]);
    }
    T *total = totals + o * l.inner;
    const T *last = out + (l.along - 1) * l.inner;
    for (int64_t j = 0; j < l.inner; ++j)
      total[j] = last[j];
  }
}

/// Folds the totals of the `before` chunks ahead of this one (the replica
/// holds `count` per line, in chunk order) and applies the carry to every
/// element of the chunk.
template <typename T>
void carryChunk(T *data, const T *replica, int64_t before, int64_t count,
                Lines l, int32_t op, bridge::rt::Vec<T> &carry) {
  carry.resize(l.inner);
  for (int64_t o = 0; o < l.outer; ++o) {
    const T *line = replica + o * count * l.inner;
    for (int64_t j = 0; j < l.inner; ++j)
      carry[j] = line[j];
    for (int64_t g = 1; g < before; ++g)
      for (int64_t j = 0; j < l.inner; ++j)
        carry[j] = combine(op, carry[j], line[g * l.inner + j]);
    T *out = data + o * l.along * l.inner;
    for (int64_t i = 0; i < l.along; ++i)
      for (int64_t j = 0; j < l.inner; ++j)
        out[i * l.inner + j] = combine(op, carry[j], out[i * l.inner + j]);
  }
}

void checkOp(int32_t op, const char *fn) {
  if (op != BRIDGE_RT_SUM && op != BRIDGE_RT_PROD)
    failf("%s: a scan sums or multiplies, got operator %d", fn, op);
}

void checkAxis(const bridge_rt_dist *a, int32_t axis, const char *fn) {
  if (axis < 0 || axis >= a->view.ndim)
    failf("%s: axis %d of a %d-D array", fn, axis, a->view.ndim);
}

/// The same chunks on this rank, and the same dtype.
void checkAligned(const bridge_rt_dist *a, const bridge_rt_dist *b,
                  const char *fn) {
  if (a->view.dtype != b->view.dtype || a->lo != b->lo || a->hi != b->hi ||
      a->grid.nchunks != b->grid.nchunks)
    failf("%s: the arrays do not share dtype and chunk grid", fn);
}

} // namespace

extern "C" void bridge_rt_scan_local(bridge_rt_dist *dst,
                                     const bridge_rt_dist *src,
                                     bridge_rt_dist *totals, int32_t axis,
                                     int32_t op) {
  const char *fn = "bridge_rt_scan_local";
  // The plan lists each step of a scan as a stage.
  bridge::rt::SpanScope span("scan", "stage");
  checkOp(op, fn);
  checkAxis(src, axis, fn);
  checkAligned(dst, src, fn);
  checkAligned(totals, src, fn);
  int32_t ndim = src->view.ndim;
  for (int64_t c = src->lo; c < src->hi; ++c) {
    bridge_chunk from = bridge::rt::storedChunk(src, c);
    if (!from.data)
      continue;
    bridge_chunk to = bridge::rt::storedChunk(dst, c);
    bridge_chunk sum = bridge::rt::storedChunk(totals, c);
    Lines l = linesOf(from, ndim, axis);
    if (!to.data || !sum.data || sum.shape[axis] != 1 || l.along == 0)
      failf("%s: chunk %lld has no slice of totals", fn, (long long)c);
    switch (src->view.dtype) {
    case BRIDGE_F64:
      scanChunk(static_cast<double *>(to.data),
                static_cast<const double *>(from.data),
                static_cast<double *>(sum.data), l, op);
      break;
    case BRIDGE_F32:
      scanChunk(static_cast<float *>(to.data),
                static_cast<const float *>(from.data),
                static_cast<float *>(sum.data), l, op);
      break;
    case BRIDGE_I64:
      scanChunk(static_cast<int64_t *>(to.data),
                static_cast<const int64_t *>(from.data),
                static_cast<int64_t *>(sum.data), l, op);
      break;
    default:
      failf("%s: scans run on f64, f32 and i64 arrays", fn);
    }
  }
}

extern "C" void bridge_rt_scan_carry(bridge_rt_dist *array,
                                     const bridge_rt_dist *totals,
                                     int32_t axis, int32_t op) {
  const char *fn = "bridge_rt_scan_carry";
  bridge::rt::SpanScope span("scan carry", "stage");
  checkOp(op, fn);
  checkAxis(array, axis, fn);
  checkAligned(array, totals, fn);
  if (totals->view.ndim != array->view.ndim + 1)
    failf("%s: the totals have one axis more than the array", fn);
  int32_t ndim = array->view.ndim;
  bridge::rt::Vec<double> carryF64;
  bridge::rt::Vec<float> carryF32;
  bridge::rt::Vec<int64_t> carryI64;
  for (int64_t c = array->lo; c < array->hi; ++c) {
    bridge_chunk chunk = bridge::rt::storedChunk(array, c);
    bridge_chunk replica = bridge::rt::storedChunk(totals, c);
    if (!chunk.data)
      continue;
    if (!replica.data)
      failf("%s: chunk %lld has no totals", fn, (long long)c);
    // The replica of the chunk at position g along the axis starts at g on
    // its axis `axis` and holds every chunk's totals on axis `axis + 1`.
    int64_t before = replica.start[axis];
    int64_t count = replica.shape[axis + 1];
    if (before == 0)
      continue;
    Lines l = linesOf(chunk, ndim, axis);
    switch (array->view.dtype) {
    case BRIDGE_F64:
      carryChunk(static_cast<double *>(chunk.data),
                 static_cast<const double *>(replica.data), before, count, l,
                 op, carryF64);
      break;
    case BRIDGE_F32:
      carryChunk(static_cast<float *>(chunk.data),
                 static_cast<const float *>(replica.data), before, count, l,
                 op, carryF32);
      break;
    case BRIDGE_I64:
      carryChunk(static_cast<int64_t *>(chunk.data),
                 static_cast<const int64_t *>(replica.data), before, count,
                 l, op, carryI64);
      break;
    default:
      failf("%s: scans run on f64, f32 and i64 arrays", fn);
    }
  }
}
