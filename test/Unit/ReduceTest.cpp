//===- ReduceTest.cpp - Deterministic combines ----------------------------===//
//
// Run under several rank counts: each run compares with a sequential fold in
// chunk order, so passing under all of them shows rank-count independence.
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

// Partials whose slots outside this rank's run are poisoned, so reading one
// shows up in the result.
template <typename T>
std::vector<T> onlyOwned(const std::vector<T> &full, T poison) {
  int64_t n = int64_t(full.size());
  int64_t lo = expectedLo(n, bridge_rt_rank(), bridge_rt_size());
  int64_t hi = expectedLo(n, bridge_rt_rank() + 1, bridge_rt_size());
  std::vector<T> out(full.size(), poison);
  for (int64_t c = lo; c < hi; ++c)
    out[size_t(c)] = full[size_t(c)];
  return out;
}

bool sameBits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

double combine(int32_t op, const std::vector<double> &full) {
  std::vector<double> mine = onlyOwned(full, double(NAN));
  return bridge_rt_combine_f64(op, BRIDGE_RT_CONTIGUOUS, mine.data(),
                               int64_t(mine.size()));
}

int64_t combine(int32_t op, const std::vector<int64_t> &full) {
  std::vector<int64_t> mine = onlyOwned(full, int64_t(0x5a5a5a5a5a5a5a5a));
  return bridge_rt_combine_i64(op, BRIDGE_RT_CONTIGUOUS, mine.data(),
                               int64_t(mine.size()));
}

} // namespace

TEST(Reduce, SumBitIdenticalToChunkOrder) {
  for (int64_t n : {1, 2, 3, 4, 5, 7, 17, 100, 1000, 4099}) {
    std::vector<double> p(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
      p[size_t(i)] = testValue(uint64_t(i) + uint64_t(n) * 7919);
    double seq = p[0];
    for (int64_t i = 1; i < n; ++i)
      seq += p[size_t(i)];
    double got = combine(BRIDGE_RT_SUM, p);
    EXPECT_TRUE(sameBits(got, seq))
        << "n=" << n << " got " << got << " want " << seq;
  }
  // The data do make order matter: reversing the fold changes the bits.
  std::vector<double> p(1000);
  for (int i = 0; i < 1000; ++i)
    p[size_t(i)] = testValue(uint64_t(i) + 1000 * 7919);
  double fwd = 0, rev = 0;
  for (int i = 0; i < 1000; ++i)
    fwd += p[size_t(i)];
  for (int i = 999; i >= 0; --i)
    rev += p[size_t(i)];
  EXPECT_FALSE(sameBits(fwd, rev));
}

TEST(Reduce, ProdInChunkOrder) {
  std::vector<double> p = {1.1, 0.3, 7.7, -2.9, 1e-3, 3.3};
  double seq = p[0];
  for (size_t i = 1; i < p.size(); ++i)
    seq *= p[i];
  EXPECT_TRUE(sameBits(combine(BRIDGE_RT_PROD, p), seq));
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

  std::vector<int64_t> myCounts = onlyOwned(counts, int64_t(-1));
  std::vector<double> myShift = onlyOwned(shift, double(NAN));
  std::vector<double> myS1 = onlyOwned(s1, double(NAN));
  std::vector<double> myS2 = onlyOwned(s2, double(NAN));
  double mean = 0, M2 = 0;
  bridge_rt_combine_moments(BRIDGE_RT_CONTIGUOUS, myCounts.data(),
                            myShift.data(), myS1.data(), myS2.data(), n, &mean,
                            &M2);
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
  std::vector<int64_t> counts = {0, 0, 0};
  std::vector<double> zeros = {0, 0, 0};
  double mean = 0, m2 = 0;
  bridge_rt_combine_moments(BRIDGE_RT_CONTIGUOUS, counts.data(), zeros.data(),
                            zeros.data(), zeros.data(), 3, &mean, &m2);
  EXPECT_TRUE(isnan(mean));
  EXPECT_TRUE(isnan(m2));
}

TEST(Reduce, Broadcast) {
  int rank = bridge_rt_rank();
  EXPECT_EQ(bridge_rt_bcast_f64(rank == 0 ? 2.5 : -1.0), 2.5);
  EXPECT_EQ(bridge_rt_bcast_i64(rank == 0 ? INT64_MIN : rank), INT64_MIN);
}
