//===- PlacementTest.cpp - Owned ranges and owners ------------------------===//

#include "TestUtil.h"

#include <gtest/gtest.h>
#include <mpi.h>

#include <vector>

using bridge::test::expectedLo;

namespace {

// Checks BRIDGE_RT_CONTIGUOUS for an `n`-chunk grid on `p` ranks by walking
// every chunk.
void checkAllChunks(int64_t n, int32_t p) {
  int64_t total = 0, minOwned = INT64_MAX, maxOwned = 0;
  for (int32_t r = 0; r < p; ++r) {
    int64_t lo = expectedLo(n, r, p), hi = expectedLo(n, r + 1, p);
    ASSERT_LE(lo, hi);
    total += hi - lo;
    minOwned = std::min(minOwned, hi - lo);
    maxOwned = std::max(maxOwned, hi - lo);
    for (int64_t c = lo; c < hi; ++c)
      ASSERT_EQ(bridge_rt_owner(BRIDGE_RT_CONTIGUOUS, n, c, p), r)
          << "n=" << n << " p=" << p << " chunk=" << c;
  }
  EXPECT_EQ(total, n) << "every chunk owned exactly once";
  EXPECT_LE(maxOwned - minOwned, 1) << "balanced: n=" << n << " p=" << p;
  // Owners never decrease along the grid, so each rank's chunks are a run.
  int32_t last = 0;
  for (int64_t c = 0; c < n; ++c) {
    int32_t o = bridge_rt_owner(BRIDGE_RT_CONTIGUOUS, n, c, p);
    ASSERT_GE(o, last);
    ASSERT_LT(o, p);
    last = o;
  }
}

} // namespace

TEST(Placement, SimulatedRankCounts) {
  for (int32_t p = 1; p <= 7; ++p)
    for (int64_t n : {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 13, 64, 100, 1001})
      checkAllChunks(n, p);
}

TEST(Placement, MoreRanksThanChunks) {
  checkAllChunks(3, 7);
  checkAllChunks(1, 64);
  // With 3 chunks on 7 ranks, exactly 3 ranks own one chunk each.
  int owners = 0;
  for (int r = 0; r < 7; ++r)
    owners += expectedLo(3, r + 1, 7) > expectedLo(3, r, 7);
  EXPECT_EQ(owners, 3);
  EXPECT_EQ(bridge_rt_owner(BRIDGE_RT_CONTIGUOUS, 1, 0, 64), 63);
}

TEST(Placement, HugeGrids) {
  // 1e15 chunks on 1000 ranks: n*r needs more than 64 bits.
  const int64_t n = 1000000000000000;
  const int32_t p = 1000;
  for (int32_t r = 0; r < p; ++r) {
    int64_t lo = expectedLo(n, r, p);
    ASSERT_EQ(lo, int64_t(r) * 1000000000000);
    ASSERT_EQ(bridge_rt_owner(BRIDGE_RT_CONTIGUOUS, n, lo, p), r);
    if (r > 0) {
      ASSERT_EQ(bridge_rt_owner(BRIDGE_RT_CONTIGUOUS, n, lo - 1, p), r - 1);
    }
  }
  EXPECT_EQ(bridge_rt_owner(BRIDGE_RT_CONTIGUOUS, n, n - 1, p), p - 1);

  // The extreme: INT64_MAX chunks over odd rank counts.
  const int64_t m = INT64_MAX;
  for (int32_t q : {3, 7, 1000, 65537, INT32_MAX}) {
    for (int32_t r : {1, 2, q / 2, q - 1}) {
      if (r <= 0 || r >= q)
        continue;
      int64_t lo = expectedLo(m, r, q);
      ASSERT_EQ(bridge_rt_owner(BRIDGE_RT_CONTIGUOUS, m, lo, q), r);
      ASSERT_EQ(bridge_rt_owner(BRIDGE_RT_CONTIGUOUS, m, lo - 1, q), r - 1);
    }
    EXPECT_EQ(bridge_rt_owner(BRIDGE_RT_CONTIGUOUS, m, m - 1, q), q - 1);
    EXPECT_EQ(bridge_rt_owner(BRIDGE_RT_CONTIGUOUS, m, 0, q), 0);
  }
}

TEST(Placement, OwnedRangeOfThisRank) {
  int rank = bridge_rt_rank(), size = bridge_rt_size();
  for (int64_t n : {int64_t(0), int64_t(1), int64_t(2), int64_t(3), int64_t(5),
                    int64_t(17), int64_t(1000), int64_t(1000000000000000)}) {
    int64_t lo = -1, hi = -1;
    bridge_rt_owned_range(BRIDGE_RT_CONTIGUOUS, n, &lo, &hi);
    EXPECT_EQ(lo, expectedLo(n, rank, size));
    EXPECT_EQ(hi, expectedLo(n, rank + 1, size));
    if (hi > lo) {
      EXPECT_EQ(bridge_rt_owner(BRIDGE_RT_CONTIGUOUS, n, lo, size), rank);
      EXPECT_EQ(bridge_rt_owner(BRIDGE_RT_CONTIGUOUS, n, hi - 1, size), rank);
    }
    // The ranks' ranges tile [0, n) in rank order.
    int64_t mine[2] = {lo, hi};
    std::vector<int64_t> all(2 * size_t(size));
    MPI_Allgather(mine, 2, MPI_INT64_T, all.data(), 2, MPI_INT64_T,
                  MPI_COMM_WORLD);
    EXPECT_EQ(all[0], 0);
    EXPECT_EQ(all[2 * size - 1], n);
    for (int r = 1; r < size; ++r)
      EXPECT_EQ(all[2 * r], all[2 * r - 1]);
  }
}
