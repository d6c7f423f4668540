//===- ReduceTest.cpp - Deterministic reductions --------------------------===//
//
// Run under several rank counts: each run compares with a fold along the
// aligned binary tree over the chunks (bridge/layout/CombineTree.h), written
// out here on its own, so passing under all of them shows rank-count
// independence.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <gtest/gtest.h>
#include <mpi.h>

#include <math.h>
#include <string.h>
#include <vector>

using bridge::test::expectedLo;
using bridge::test::testValue;

namespace {

bool sameBits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

/// This rank pushes the partials of the chunks it owns, in order.
template <typename T, typename Push>
void pushOwned(bridge_rt_reduction *r, const std::vector<T> &full, Push push) {
  int64_t n = int64_t(full.size());
  int64_t lo = expectedLo(n, bridge_rt_rank(), bridge_rt_size());
  int64_t hi = expectedLo(n, bridge_rt_rank() + 1, bridge_rt_size());
  for (int64_t c = lo; c < hi; ++c)
    push(r, c, full[size_t(c)]);
}

double combine(int32_t op, const std::vector<double> &full) {
  bridge_rt_reduction *r = bridge_rt_reduce_begin_f64(
      op, BRIDGE_RT_CONTIGUOUS, int64_t(full.size()));
  pushOwned(r, full, bridge_rt_reduce_push_f64);
  return bridge_rt_reduce_end_f64(r);
}

int64_t combine(int32_t op, const std::vector<int64_t> &full) {
  bridge_rt_reduction *r = bridge_rt_reduce_begin_i64(
      op, BRIDGE_RT_CONTIGUOUS, int64_t(full.size()));
  pushOwned(r, full, bridge_rt_reduce_push_i64);
  return bridge_rt_reduce_end_i64(r);
}

/// The sum of the node covering [begin, begin + width) clipped to p's size:
/// its left half plus its right half, if the right half starts in p.
double treeSum(const std::vector<double> &p, size_t begin, size_t width) {
  if (width == 1)
    return p[begin];
  size_t half = width / 2;
  double left = treeSum(p, begin, half);
  if (begin + half >= p.size())
    return left;
  return left + treeSum(p, begin + half, half);
}

double treeSum(const std::vector<double> &p) {
  size_t width = 1;
  while (width < p.size())
    width *= 2;
  return treeSum(p, 0, width);
}

} // namespace

TEST(Reduce, SumBitIdenticalToTheAlignedTree) {
  for (int64_t n : {1, 2, 3, 4, 5, 6, 7, 17, 100, 1000, 4099}) {
    std::vector<double> p(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
      p[size_t(i)] = testValue(uint64_t(i) + uint64_t(n) * 7919);
    double want = treeSum(p);
    double got = combine(BRIDGE_RT_SUM, p);
    EXPECT_TRUE(sameBits(got, want))
        << "n=" << n << " got " << got << " want " << want;
  }
  // The data do make order matter: a fold in chunk order has other bits.
  std::vector<double> p(1000);
  for (int i = 0; i < 1000; ++i)
    p[size_t(i)] = testValue(uint64_t(i) + 1000 * 7919);
  double seq = p[0];
  for (int i = 1; i < 1000; ++i)
    seq += p[size_t(i)];
  EXPECT_FALSE(sameBits(treeSum(p), seq));
}

TEST(Reduce, ProdAlongTheTree) {
  std::vector<double> p = {1.1, 0.3, 7.7, -2.9, 1e-3, 3.3};
  // [0, 4) times [4, 6).
  double want = ((p[0] * p[1]) * (p[2] * p[3])) * (p[4] * p[5]);
  EXPECT_TRUE(sameBits(combine(BRIDGE_RT_PROD, p), want));
}

TEST(Reduce, SignedZeroAndEmpty) {
  EXPECT_TRUE(
      sameBits(combine(BRIDGE_RT_SUM, std::vector<double>{-0.0}), -0.0));
  EXPECT_TRUE(sameBits(combine(BRIDGE_RT_SUM, std::vector<double>{}), 0.0));
  EXPECT_EQ(combine(BRIDGE_RT_PROD, std::vector<double>{}), 1.0);
  EXPECT_EQ(combine(BRIDGE_RT_ANY, std::vector<double>{}), 0.0);
  EXPECT_EQ(combine(BRIDGE_RT_ALL, std::vector<double>{}), 1.0);
  EXPECT_EQ(combine(BRIDGE_RT_SUM, std::vector<int64_t>{}), 0);
  EXPECT_EQ(combine(BRIDGE_RT_PROD, std::vector<int64_t>{}), 1);
  EXPECT_EQ(combine(BRIDGE_RT_ANY, std::vector<int64_t>{}), 0);
  EXPECT_EQ(combine(BRIDGE_RT_ALL, std::vector<int64_t>{}), 1);
}

TEST(Reduce, MinMaxPropagateNaN) {
  const double inf = INFINITY;
  std::vector<double> plain = {3.0, -inf, 2.0, 7.5, inf, -1.0};
  EXPECT_EQ(combine(BRIDGE_RT_MIN, plain), -inf);
  EXPECT_EQ(combine(BRIDGE_RT_MAX, plain), inf);
  std::vector<double> finite = {3.0, -4.0, 2.0, 7.5, -1.0};
  EXPECT_EQ(combine(BRIDGE_RT_MIN, finite), -4.0);
  EXPECT_EQ(combine(BRIDGE_RT_MAX, finite), 7.5);
  // A NaN anywhere, first, middle or last chunk, makes the result NaN.
  for (size_t at = 0; at < finite.size(); ++at) {
    std::vector<double> p = finite;
    p[at] = NAN;
    EXPECT_TRUE(isnan(combine(BRIDGE_RT_MIN, p))) << "NaN at " << at;
    EXPECT_TRUE(isnan(combine(BRIDGE_RT_MAX, p))) << "NaN at " << at;
  }
  EXPECT_TRUE(isnan(combine(BRIDGE_RT_MIN, std::vector<double>{NAN})));
  // Ties keep the earlier chunk's value, as np.minimum does.
  EXPECT_TRUE(
      sameBits(combine(BRIDGE_RT_MIN, std::vector<double>{0.0, -0.0}), 0.0));
  EXPECT_TRUE(
      sameBits(combine(BRIDGE_RT_MAX, std::vector<double>{-0.0, 0.0}), -0.0));
}

TEST(Reduce, Integers) {
  std::vector<int64_t> p = {5, -3, 12, 0, 7, -20, 4};
  EXPECT_EQ(combine(BRIDGE_RT_SUM, p), 5);
  EXPECT_EQ(combine(BRIDGE_RT_MIN, p), -20);
  EXPECT_EQ(combine(BRIDGE_RT_MAX, p), 12);
  EXPECT_EQ(combine(BRIDGE_RT_PROD, std::vector<int64_t>{2, -3, 7}), -42);
  // Overflow wraps, as NumPy's int64 does.
  EXPECT_EQ(combine(BRIDGE_RT_SUM, std::vector<int64_t>{INT64_MAX, 1}),
            INT64_MIN);
  std::vector<int64_t> big(1000);
  int64_t want = 0;
  for (int i = 0; i < 1000; ++i) {
    big[size_t(i)] = int64_t(i) * 1000003 - 7;
    want += big[size_t(i)];
  }
  EXPECT_EQ(combine(BRIDGE_RT_SUM, big), want);
}

TEST(Reduce, AnyAll) {
  EXPECT_EQ(combine(BRIDGE_RT_ANY, std::vector<int64_t>{0, 0, 0}), 0);
  EXPECT_EQ(combine(BRIDGE_RT_ANY, std::vector<int64_t>{0, 0, 1}), 1);
  EXPECT_EQ(combine(BRIDGE_RT_ANY, std::vector<int64_t>{1, 0, 0, 0, 0}), 1);
  EXPECT_EQ(combine(BRIDGE_RT_ALL, std::vector<int64_t>{1, 1, 1}), 1);
  EXPECT_EQ(combine(BRIDGE_RT_ALL, std::vector<int64_t>{1, 1, 0}), 0);
  EXPECT_EQ(combine(BRIDGE_RT_ALL, std::vector<int64_t>{0, 1, 1, 1, 1}), 0);
  EXPECT_EQ(combine(BRIDGE_RT_ANY, std::vector<int64_t>{1}), 1);
  EXPECT_EQ(combine(BRIDGE_RT_ALL, std::vector<int64_t>{0}), 0);
}

TEST(Reduce, MomentsMatchTwoPass) {
  // Ragged and empty chunks, data far from zero to stress cancellation.
  std::vector<int64_t> sizes = {100, 37, 0, 250, 1, 0, 99, 512, 3};
  int64_t n = int64_t(sizes.size());
  std::vector<int64_t> counts(sizes);
  const size_t len = static_cast<size_t>(n);
  std::vector<double> shift(len), s1(len), s2(len), data;
  uint64_t k = 0;
  for (int64_t c = 0; c < n; ++c) {
    std::vector<double> x;
    for (int64_t i = 0; i < sizes[size_t(c)]; ++i) {
      double u = testValue(k++);
      x.push_back(1e6 + u / double(int64_t(1) << 30) + double(c));
    }
    shift[size_t(c)] = x.empty() ? 0.0 : x[0];
    double a = 0, b = 0;
    for (double v : x) {
      a += v - shift[size_t(c)];
      b += (v - shift[size_t(c)]) * (v - shift[size_t(c)]);
    }
    s1[size_t(c)] = a;
    s2[size_t(c)] = b;
    data.insert(data.end(), x.begin(), x.end());
  }
  long double mu = 0;
  for (double v : data)
    mu += v;
  mu /= data.size();
  long double m2 = 0;
  for (double v : data)
    m2 += (v - mu) * (v - mu);

  bridge_rt_reduction *r = bridge_rt_moments_begin(BRIDGE_RT_CONTIGUOUS, n);
  int64_t lo = expectedLo(n, bridge_rt_rank(), bridge_rt_size());
  int64_t hi = expectedLo(n, bridge_rt_rank() + 1, bridge_rt_size());
  for (int64_t c = lo; c < hi; ++c)
    bridge_rt_moments_push(r, c, counts[size_t(c)], shift[size_t(c)],
                           s1[size_t(c)], s2[size_t(c)]);
  double mean = 0, M2 = 0;
  bridge_rt_moments_end(r, &mean, &M2);
  EXPECT_NEAR(mean, double(mu), 1e-12 * fabs(double(mu)));
  EXPECT_NEAR(M2, double(m2), 1e-12 * fabs(double(m2)));
  EXPECT_GT(M2, 0.0);

  // Every rank receives the same bits.
  double mine[2] = {mean, M2}, root[2] = {mean, M2};
  MPI_Bcast(root, 2, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  EXPECT_TRUE(sameBits(mine[0], root[0]));
  EXPECT_TRUE(sameBits(mine[1], root[1]));
}

TEST(Reduce, MomentsOfNothingAreNaN) {
  for (int64_t n : {0, 3}) {
    bridge_rt_reduction *r = bridge_rt_moments_begin(BRIDGE_RT_CONTIGUOUS, n);
    int64_t lo = expectedLo(n, bridge_rt_rank(), bridge_rt_size());
    int64_t hi = expectedLo(n, bridge_rt_rank() + 1, bridge_rt_size());
    for (int64_t c = lo; c < hi; ++c)
      bridge_rt_moments_push(r, c, 0, 0.0, 0.0, 0.0);
    double mean = 0, m2 = 0;
    bridge_rt_moments_end(r, &mean, &m2);
    EXPECT_TRUE(isnan(mean)) << n;
    EXPECT_TRUE(isnan(m2)) << n;
  }
}

/// argmin or argmax of chunk partials (value, flat index).
int64_t argOf(int32_t op, const std::vector<std::pair<double, int64_t>> &full) {
  bridge_rt_reduction *r =
      bridge_rt_arg_begin_f64(op, BRIDGE_RT_CONTIGUOUS, int64_t(full.size()));
  pushOwned(r, full,
            [](bridge_rt_reduction *red, int64_t c,
               const std::pair<double, int64_t> &p) {
              bridge_rt_arg_push_f64(red, c, p.first, p.second);
            });
  return bridge_rt_arg_end(r);
}

TEST(Reduce, ArgTiesTakeTheSmallerIndex) {
  // Chunks that cut the last axis: chunk 0 holds flat indices 0, 1, 9, ...
  // and chunk 1 holds 2, 3, ...; equal extremes go to the smaller index
  // whatever the chunk order.
  EXPECT_EQ(argOf(BRIDGE_RT_MAX, {{0.0, 9}, {0.0, 2}, {-1.0, 4}}), 2);
  EXPECT_EQ(argOf(BRIDGE_RT_MIN, {{-1.0, 30}, {2.0, 1}, {-1.0, 7}}), 7);
  EXPECT_EQ(argOf(BRIDGE_RT_MAX, {{1.0, 5}, {3.0, 8}, {3.0, 6}}), 6);
  // The first NaN wins, over any value and over later NaNs.
  EXPECT_EQ(argOf(BRIDGE_RT_MIN, {{-5.0, 0}, {NAN, 12}, {NAN, 3}}), 3);
  EXPECT_EQ(argOf(BRIDGE_RT_MAX, {{NAN, 40}, {9.0, 1}}), 40);
  // A chunk without an element (index -1) loses to any.
  EXPECT_EQ(argOf(BRIDGE_RT_MAX, {{-INFINITY, -1}, {-INFINITY, 17}}), 17);
  EXPECT_EQ(argOf(BRIDGE_RT_MIN, {{INFINITY, 4}, {-INFINITY, -1}}), 4);
  // The i64 form breaks ties the same way.
  bridge_rt_reduction *r =
      bridge_rt_arg_begin_i64(BRIDGE_RT_MIN, BRIDGE_RT_CONTIGUOUS, 2);
  pushOwned(r, std::vector<int64_t>{11, 2},
            [](bridge_rt_reduction *red, int64_t c, int64_t index) {
              bridge_rt_arg_push_i64(red, c, -4, index);
            });
  EXPECT_EQ(bridge_rt_arg_end(r), 2);
}

TEST(Reduce, Broadcast) {
  int rank = bridge_rt_rank();
  EXPECT_EQ(bridge_rt_bcast_f64(rank == 0 ? 2.5 : -1.0), 2.5);
  EXPECT_EQ(bridge_rt_bcast_i64(rank == 0 ? INT64_MIN : rank), INT64_MIN);
}
