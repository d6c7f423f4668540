//===- CountsTest.cpp - Counters summed over the ranks --------------------===//

#include "TestUtil.h"

#include <gtest/gtest.h>
#include <mpi.h>

TEST(Counts, SumOnTheOwner) {
  int rank = bridge_rt_rank(), size = bridge_rt_size();
  for (int64_t n : {1, 5, 1000}) {
    int64_t *counts = bridge_rt_counts_create(n);
    for (int64_t v = 0; v < n; ++v)
      EXPECT_EQ(counts[v], 0);
    // Rank r counts value v (r + 1) * v times.
    for (int64_t v = 0; v < n; ++v)
      counts[v] = (rank + 1) * v;
    int64_t shape[1] = {n};
    bridge_rt_dist *dest =
        bridge_rt_dist_create(BRIDGE_I64, 1, shape, shape, BRIDGE_RT_CONTIGUOUS);
    bridge_rt_counts_sum(counts, n, dest);
    const bridge_array *view = bridge_rt_dist_view(dest);
    if (view->nchunks == 1) {
      auto *sums = static_cast<const int64_t *>(view->chunks[0].data);
      for (int64_t v = 0; v < n; ++v)
        EXPECT_EQ(sums[v], int64_t(size) * (size + 1) / 2 * v) << "value " << v;
    }
    int64_t held = view->nchunks, total = 0;
    MPI_Allreduce(&held, &total, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
    EXPECT_EQ(total, 1);
    bridge_rt_dist_destroy(dest);
  }
}
