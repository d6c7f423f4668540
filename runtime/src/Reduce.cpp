//===- Reduce.cpp - Deterministic combines of per-chunk partials ----------===//
//
// Every rank gathers the partials of all chunks and folds them strictly in
// chunk order 0..n-1, so the result has the same bits for any rank count.
// Chunk counts are small next to the data (one value per chunk), which makes
// the replicated fold cheaper than any tree that would need a fixed shape.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <limits.h>
#include <math.h>
#include <string.h>

namespace {

using bridge::rt::Buffer;
using bridge::rt::checkMPI;
using bridge::rt::failf;

/// Fills all `nchunks` slots of `out` (elements of `elemBytes` bytes) on every
/// rank with the slots that their owners hold in `partials`.
void gatherOwned(int32_t placement, const void *partials, int64_t nchunks,
                 int elemBytes, void *out, const char *what) {
  MPI_Comm comm = bridge::rt::comm();
  int size = bridge_rt_size(), rank = bridge_rt_rank();
  int64_t lo, hi;
  bridge::rt::ownedRange(placement, nchunks, rank, size, &lo, &hi);
  if (hi > lo && out != partials)
    memcpy(static_cast<char *>(out) + lo * elemBytes,
           static_cast<const char *>(partials) + lo * elemBytes,
           size_t(hi - lo) * elemBytes);
  if (size == 1)
    return;

  MPI_Datatype elem;
  checkMPI(MPI_Type_contiguous(elemBytes, MPI_BYTE, &elem), what);
  checkMPI(MPI_Type_commit(&elem), what);
  if (nchunks <= INT_MAX) {
    // Counts and displacements fit MPI's int arguments.
    Buffer counts(int64_t(size) * 2 * sizeof(int));
    int *count = static_cast<int *>(counts.ptr), *displ = count + size;
    for (int r = 0; r < size; ++r) {
      int64_t rlo, rhi;
      bridge::rt::ownedRange(placement, nchunks, r, size, &rlo, &rhi);
      count[r] = int(rhi - rlo);
      displ[r] = int(rlo);
    }
    checkMPI(MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, out, count,
                            displ, elem, comm),
             what);
  } else {
    // Beyond int counts: each owner broadcasts its run in int-sized pieces.
    for (int r = 0; r < size; ++r) {
      int64_t rlo, rhi;
      bridge::rt::ownedRange(placement, nchunks, r, size, &rlo, &rhi);
      for (int64_t at = rlo; at < rhi; at += INT_MAX / 2) {
        int64_t n = rhi - at < INT_MAX / 2 ? rhi - at : INT_MAX / 2;
        checkMPI(MPI_Bcast(static_cast<char *>(out) + at * elemBytes, int(n),
                           elem, r, comm),
                 what);
      }
    }
  }
  MPI_Type_free(&elem);
}

void checkCount(int64_t nchunks, const char *what) {
  if (nchunks < 0)
    failf("%s: negative chunk count %lld", what, (long long)nchunks);
}

[[noreturn]] void emptyFail(int32_t op, const char *what) {
  failf("%s: %s of an empty array has no identity", what,
        op == BRIDGE_RT_MIN ? "min" : "max");
}

double foldF64(int32_t op, const double *p, int64_t n) {
  const char *what = "bridge_rt_combine_f64";
  switch (op) {
  case BRIDGE_RT_SUM: {
    // Starting from p[0], not 0.0, keeps the sign of a lone -0.0 as NumPy.
    double acc = n ? p[0] : 0.0;
    for (int64_t i = 1; i < n; ++i)
      acc += p[i];
    return acc;
  }
  case BRIDGE_RT_PROD: {
    double acc = n ? p[0] : 1.0;
    for (int64_t i = 1; i < n; ++i)
      acc *= p[i];
    return acc;
  }
  case BRIDGE_RT_MIN:
  case BRIDGE_RT_MAX: {
    if (n == 0)
      emptyFail(op, what);
    // NumPy's rule: the first NaN wins; ties keep the earlier chunk's value.
    double acc = p[0];
    for (int64_t i = 1; i < n && !isnan(acc); ++i) {
      double x = p[i];
      if (isnan(x) || (op == BRIDGE_RT_MIN ? x < acc : x > acc))
        acc = x;
    }
    return acc;
  }
  case BRIDGE_RT_ANY:
    for (int64_t i = 0; i < n; ++i)
      if (p[i] != 0.0)
        return 1.0;
    return 0.0;
  case BRIDGE_RT_ALL:
    for (int64_t i = 0; i < n; ++i)
      if (p[i] == 0.0)
        return 0.0;
    return 1.0;
  default:
    failf("%s: unknown operator %d", what, int(op));
  }
}

int64_t foldI64(int32_t op, const int64_t *p, int64_t n) {
  const char *what = "bridge_rt_combine_i64";
  switch (op) {
  case BRIDGE_RT_SUM: {
    // Unsigned arithmetic wraps like NumPy's int64 instead of being UB.
    uint64_t acc = 0;
    for (int64_t i = 0; i < n; ++i)
      acc += uint64_t(p[i]);
    return int64_t(acc);
  }
  case BRIDGE_RT_PROD: {
    uint64_t acc = 1;
    for (int64_t i = 0; i < n; ++i)
      acc *= uint64_t(p[i]);
    return int64_t(acc);
  }
  case BRIDGE_RT_MIN:
  case BRIDGE_RT_MAX: {
    if (n == 0)
      emptyFail(op, what);
    int64_t acc = p[0];
    for (int64_t i = 1; i < n; ++i)
      if (op == BRIDGE_RT_MIN ? p[i] < acc : p[i] > acc)
        acc = p[i];
    return acc;
  }
  case BRIDGE_RT_ANY:
    for (int64_t i = 0; i < n; ++i)
      if (p[i] != 0)
        return 1;
    return 0;
  case BRIDGE_RT_ALL:
    for (int64_t i = 0; i < n; ++i)
      if (p[i] == 0)
        return 0;
    return 1;
  default:
    failf("%s: unknown operator %d", what, int(op));
  }
}

bool validOp(int32_t op) { return op >= BRIDGE_RT_SUM && op <= BRIDGE_RT_ALL; }

} // namespace

extern "C" double bridge_rt_combine_f64(int32_t op, int32_t placement,
                                        const double *partials,
                                        int64_t nchunks) {
  const char *what = "bridge_rt_combine_f64";
  bridge::rt::SpanScope span("combine", "combine");
  checkCount(nchunks, what);
  // Checked before communicating, so no rank fails inside a collective alone.
  if (!validOp(op))
    failf("%s: unknown operator %d", what, int(op));
  Buffer all(nchunks * int64_t(sizeof(double)));
  auto *p = static_cast<double *>(all.ptr);
  gatherOwned(placement, partials, nchunks, sizeof(double), p, what);
  return foldF64(op, p, nchunks);
}

extern "C" int64_t bridge_rt_combine_i64(int32_t op, int32_t placement,
                                         const int64_t *partials,
                                         int64_t nchunks) {
  const char *what = "bridge_rt_combine_i64";
  bridge::rt::SpanScope span("combine", "combine");
  checkCount(nchunks, what);
  if (!validOp(op))
    failf("%s: unknown operator %d", what, int(op));
  Buffer all(nchunks * int64_t(sizeof(int64_t)));
  auto *p = static_cast<int64_t *>(all.ptr);
  gatherOwned(placement, partials, nchunks, sizeof(int64_t), p, what);
  return foldI64(op, p, nchunks);
}

namespace {
struct Moments {
  int64_t count;
  double shift, s1, s2;
};
static_assert(sizeof(Moments) == 32, "packed for MPI_BYTE transfer");
} // namespace

extern "C" void bridge_rt_combine_moments(int32_t placement,
                                          const int64_t *counts,
                                          const double *shift, const double *s1,
                                          const double *s2, int64_t nchunks,
                                          double *mean, double *m2) {
  const char *what = "bridge_rt_combine_moments";
  bridge::rt::SpanScope span("combine_moments", "combine");
  checkCount(nchunks, what);
  Buffer all(nchunks * int64_t(sizeof(Moments)));
  auto *m = static_cast<Moments *>(all.ptr);
  // Pack only the owned slots: the others may be unset.
  int64_t lo, hi;
  bridge::rt::ownedRange(placement, nchunks, bridge_rt_rank(), bridge_rt_size(),
                         &lo, &hi);
  for (int64_t c = lo; c < hi; ++c)
    m[c] = Moments{counts[c], shift[c], s1[c], s2[c]};
  gatherOwned(placement, m, nchunks, sizeof(Moments), m, what);

  // Chan, Golub and LeVeque's pairwise update, folded in chunk order.
  double n = 0, mu = 0, M2 = 0;
  for (int64_t c = 0; c < nchunks; ++c) {
    if (m[c].count <= 0)
      continue;
    double nb = double(m[c].count);
    double muB = m[c].shift + m[c].s1 / nb;
    double M2b = m[c].s2 - m[c].s1 * m[c].s1 / nb;
    if (n == 0) {
      n = nb;
      mu = muB;
      M2 = M2b;
      continue;
    }
    double total = n + nb;
    double delta = muB - mu;
    mu += delta * (nb / total);
    M2 += M2b + delta * delta * (n * nb / total);
    n = total;
  }
  if (n == 0) {
    // NumPy's mean and var of an empty array are NaN.
    *mean = NAN;
    *m2 = NAN;
    return;
  }
  *mean = mu;
  *m2 = M2;
}

extern "C" double bridge_rt_bcast_f64(double value) {
  checkMPI(MPI_Bcast(&value, 1, MPI_DOUBLE, 0, bridge::rt::comm()),
           "MPI_Bcast in bridge_rt_bcast_f64");
  return value;
}

extern "C" int64_t bridge_rt_bcast_i64(int64_t value) {
  checkMPI(MPI_Bcast(&value, 1, MPI_INT64_T, 0, bridge::rt::comm()),
           "MPI_Bcast in bridge_rt_bcast_i64");
  return value;
}
