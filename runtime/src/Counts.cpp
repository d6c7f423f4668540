//===- Counts.cpp - Counts of values, summed over the ranks ---------------===//
//
// A histogram or bincount counts, on each rank, the values its stages meet
// in n int64 counters; one reduction to the owner of the result's single
// chunk then sums them. Each rank other than the owner sends its n counters.
//
//===----------------------------------------------------------------------===//

#include "DistInternal.h"

#include <string.h>

using namespace bridge::rt;

extern "C" int64_t *bridge_rt_counts_create(int64_t n) {
  const char *fn = "bridge_rt_counts_create";
  if (n < 1 || n > INT64_MAX / int64_t(sizeof(int64_t)))
    failf("%s: %lld counters (expected at least 1)", fn, (long long)n);
  auto *counts =
      static_cast<int64_t *>(bridge_rt_alloc(n * int64_t(sizeof(int64_t))));
  memset(counts, 0, size_t(n) * sizeof(int64_t));
  return counts;
}

extern "C" void bridge_rt_counts_sum(int64_t *counts, int64_t n,
                                     bridge_rt_dist *dest) {
  const char *fn = "bridge_rt_counts_sum";
  SpanScope span("counts", "combine");
  if (!counts || !dest)
    failf("%s: null counts or array", fn);
  if (dest->view.dtype != BRIDGE_I64 || dest->view.ndim != 1 ||
      dest->view.shape[0] != n || dest->grid.nchunks != 1 ||
      dest->placement != BRIDGE_RT_CONTIGUOUS || dest->haloAxis >= 0)
    failf("%s: the result is not %lld int64 values in one chunk", fn,
          (long long)n);
  int owner = chunkOwner(dest, 0), rank = bridge_rt_rank();
  int64_t *sums = reinterpret_cast<int64_t *>(chunkData(dest, 0));
  if (rank == owner)
    memcpy(sums, counts, size_t(n) * sizeof(int64_t));
  // MPI counts are ints: reduce at most 2^28 counters at a time.
  constexpr int64_t kPiece = int64_t(1) << 28;
  for (int64_t at = 0; at < n && bridge_rt_size() > 1; at += kPiece) {
    int piece = int(n - at < kPiece ? n - at : kPiece);
    checkMPI(MPI_Reduce(rank == owner ? MPI_IN_PLACE : counts + at,
                        rank == owner ? sums + at : nullptr, piece,
                        MPI_INT64_T, MPI_SUM, owner, comm()),
             fn);
  }
  if (rank != owner && bridge_rt_size() > 1)
    noteBytesSent(n * int64_t(sizeof(int64_t)));
  bridge_rt_free(counts);
}
