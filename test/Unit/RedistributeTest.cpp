//===- RedistributeTest.cpp - Rechunk, slice, transpose, concat, block ----===//
//
// Sources hold value = f(global coordinates); every destination element is
// compared with f of the source coordinates the maps give, or with the
// sentinel it was filled with when no map covers it. Each rank checks its own
// chunks, so the tests hold for any rank count.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <gtest/gtest.h>
#include <mpi.h>

#include <stdio.h>
#include <string>
#include <vector>

using namespace bridge::test;

namespace {

constexpr double kSentinel = -7;

double valueFor(int32_t dtype, const int64_t *g, double base) {
  switch (dtype) {
  case BRIDGE_F64:
  case BRIDGE_I64:
    return coordCode(g, base);
  case BRIDGE_F32:
  case BRIDGE_I32: {
    int64_t v = ((g[0] * 101 + g[1]) * 101 + g[2]) * 101 + g[3] + int64_t(base);
    return double(v % (int64_t(1) << 24)) + 1;
  }
  default:
    return double((g[0] + 2 * g[1] + 3 * g[2] + 5 * g[3] + int64_t(base)) % 3 ==
                  0);
  }
}

void fill(bridge_rt_dist *a, double base) {
  const bridge_array *v = bridge_rt_dist_view(a);
  int32_t dtype = v->dtype;
  forEachElement(v, [&](const int64_t *g, char *p) {
    storeAs(dtype, p, valueFor(dtype, g, base));
  });
}

void fillConstant(bridge_rt_dist *a, double value) {
  const bridge_array *v = bridge_rt_dist_view(a);
  int32_t dtype = v->dtype;
  forEachElement(v, [&](const int64_t *, char *p) { storeAs(dtype, p, value); });
}

bridge_rt_dist *create(int32_t dtype, const std::vector<int64_t> &shape,
                       const std::vector<int64_t> &chunks) {
  if (chunks.empty())
    return bridge_rt_dist_create_block(dtype, int32_t(shape.size()),
                                       shape.data());
  return bridge_rt_dist_create(dtype, int32_t(shape.size()), shape.data(),
                               chunks.data(), BRIDGE_RT_CONTIGUOUS);
}

std::string coordsText(const int64_t *g, int ndim) {
  std::string s = "(";
  for (int d = 0; d < ndim; ++d)
    s += (d ? ", " : "") + std::to_string(g[d]);
  return s + ")";
}

/// Compares every element this rank stores with expected(g).
template <typename F>
void expectElements(bridge_rt_dist *a, F expected, const char *what) {
  const bridge_array *v = bridge_rt_dist_view(a);
  int64_t bad = 0;
  std::string first;
  forEachElement(v, [&](const int64_t *g, char *p) {
    double want = expected(g), got = loadAs(v->dtype, p);
    if (got != want && bad++ == 0)
      first = "at " + coordsText(g, v->ndim) + ": got " +
              std::to_string(got) + ", expected " + std::to_string(want);
  });
  EXPECT_EQ(bad, 0) << what << ", rank " << bridge_rt_rank() << ": " << first;
}

/// dst (filled with the sentinel) <- src (filled with f) through maps, then
/// checks all of dst against the maps. Returns nothing; use EXPECTs.
void redistributeAndCheck(bridge_rt_dist *dst, bridge_rt_dist *src,
                          const std::vector<bridge_rt_axis_map> &maps,
                          const char *what, double base = 0) {
  fill(src, base);
  fillConstant(dst, kSentinel);
  bridge_rt_redistribute(dst, src, maps.data());
  int32_t dtype = bridge_rt_dist_view(dst)->dtype;
  int ndim = int(maps.size());
  char buf[8];
  storeAs(dtype, buf, kSentinel);
  double sentinel = loadAs(dtype, buf); // As the element type stores it.
  expectElements(
      dst,
      [&](const int64_t *t) {
        int64_t s[BRIDGE_MAX_DIMS] = {0, 0, 0, 0};
        for (int d = 0; d < ndim; ++d) {
          if (t[d] < maps[d].lo || t[d] >= maps[d].hi)
            return sentinel;
          s[maps[d].src_dim] = maps[d].offset + maps[d].step * t[d];
        }
        return valueFor(dtype, s, base);
      },
      what);
}

bridge_rt_axis_map identity(int d, int64_t extent) {
  return bridge_rt_axis_map{d, 0, 0, 1, 0, extent};
}

} // namespace

TEST(Redistribute, Rechunk1D) {
  struct Case {
    int64_t n, from, to;
  } cases[] = {{103, 10, 7}, {103, 7, 10}, {50, 1, 13}, {50, 50, 1},
               {9, 2, 100},  {1, 1, 1},   {0, 3, 2}};
  for (const Case &c : cases) {
    SCOPED_TRACE(testing::Message() << c.n << " by " << c.from << " -> "
                                    << c.to);
    bridge_rt_dist *src = create(BRIDGE_F64, {c.n}, {c.from});
    bridge_rt_dist *dst = create(BRIDGE_F64, {c.n}, {c.to});
    redistributeAndCheck(dst, src, {identity(0, c.n)}, "rechunk 1-D");
    bridge_rt_dist_destroy(dst);
    bridge_rt_dist_destroy(src);
  }
}

TEST(Redistribute, Rechunk2DRagged) {
  for (int32_t dtype : {BRIDGE_F64, BRIDGE_F32, BRIDGE_I64, BRIDGE_I32,
                        BRIDGE_BOOL}) {
    SCOPED_TRACE(testing::Message() << "dtype " << dtype);
    bridge_rt_dist *src = create(dtype, {37, 23}, {5, 7});
    bridge_rt_dist *dst = create(dtype, {37, 23}, {8, 3});
    redistributeAndCheck(dst, src, {identity(0, 37), identity(1, 23)},
                         "rechunk 2-D");
    bridge_rt_dist_destroy(dst);
    bridge_rt_dist_destroy(src);
  }
}

TEST(Redistribute, Rechunk4D) {
  bridge_rt_dist *src = create(BRIDGE_F64, {5, 4, 6, 7}, {2, 3, 4, 5});
  bridge_rt_dist *dst = create(BRIDGE_F64, {5, 4, 6, 7}, {3, 1, 6, 2});
  redistributeAndCheck(dst, src,
                       {identity(0, 5), identity(1, 4), identity(2, 6),
                        identity(3, 7)},
                       "rechunk 4-D");
  bridge_rt_dist_destroy(dst);
  bridge_rt_dist_destroy(src);
}

TEST(Redistribute, SliceWithStepAndOffset) {
  // y = x[3:95:4], 23 elements.
  bridge_rt_dist *src = create(BRIDGE_F64, {100}, {9});
  bridge_rt_dist *dst = create(BRIDGE_F64, {23}, {5});
  redistributeAndCheck(dst, src, {{0, 0, 3, 4, 0, 23}}, "x[3:95:4]");
  bridge_rt_dist_destroy(dst);
  bridge_rt_dist_destroy(src);

  // y = m[5:37:3, 2:30:5]: 11 x 6; steps larger than the source chunks.
  src = create(BRIDGE_F64, {40, 30}, {7, 4});
  dst = create(BRIDGE_F64, {11, 6}, {4, 4});
  redistributeAndCheck(dst, src, {{0, 0, 5, 3, 0, 11}, {1, 0, 2, 5, 0, 6}},
                       "m[5:37:3, 2:30:5]");
  bridge_rt_dist_destroy(dst);
  bridge_rt_dist_destroy(src);

  // A step of one chunk width exactly, and a single element.
  src = create(BRIDGE_I32, {64}, {8});
  dst = create(BRIDGE_I32, {8}, {3});
  redistributeAndCheck(dst, src, {{0, 0, 7, 8, 0, 8}}, "x[7::8]");
  bridge_rt_dist_destroy(dst);
  dst = create(BRIDGE_I32, {1}, {1});
  redistributeAndCheck(dst, src, {{0, 0, 63, 1, 0, 1}}, "x[63:64]");
  bridge_rt_dist_destroy(dst);
  bridge_rt_dist_destroy(src);
}

TEST(Redistribute, Transpose) {
  for (int32_t dtype : {BRIDGE_F64, BRIDGE_I32, BRIDGE_BOOL}) {
    SCOPED_TRACE(testing::Message() << "dtype " << dtype);
    bridge_rt_dist *src = create(dtype, {17, 29}, {4, 6});
    bridge_rt_dist *dst = create(dtype, {29, 17}, {5, 3});
    redistributeAndCheck(dst, src, {{1, 0, 0, 1, 0, 29}, {0, 0, 0, 1, 0, 17}},
                         "transpose");
    bridge_rt_dist_destroy(dst);
    bridge_rt_dist_destroy(src);
  }
  // A 3-D permutation with a strided slice on top.
  bridge_rt_dist *src = create(BRIDGE_F64, {6, 7, 8}, {4, 3, 5});
  bridge_rt_dist *dst = create(BRIDGE_F64, {4, 6, 7}, {3, 2, 4});
  redistributeAndCheck(dst, src,
                       {{2, 0, 1, 2, 0, 4}, {0, 0, 0, 1, 0, 6},
                        {1, 0, 0, 1, 0, 7}},
                       "permute (2, 0, 1) with a step");
  bridge_rt_dist_destroy(dst);
  bridge_rt_dist_destroy(src);
}

TEST(Redistribute, BroadcastReplicas) {
  // A row of 7 copied to one replica per chunk of 5 rows: its missing
  // leading axis is read through its unused unit axis, with step 0.
  bridge_rt_dist *row = create(BRIDGE_F64, {7}, {3});
  bridge_rt_dist *rows = create(BRIDGE_F64, {5, 7}, {1, 3});
  redistributeAndCheck(rows, row, {{1, 0, 0, 0, 0, 5}, {0, 0, 0, 1, 0, 7}},
                       "replicas of a row");
  bridge_rt_dist_destroy(rows);
  bridge_rt_dist_destroy(row);
  // A [9, 1] column stretched along axis 1, one replica per chunk column.
  bridge_rt_dist *col = create(BRIDGE_I32, {9, 1}, {4, 1});
  bridge_rt_dist *cols = create(BRIDGE_I32, {9, 4}, {2, 1});
  redistributeAndCheck(cols, col, {{0, 0, 0, 1, 0, 9}, {1, 0, 0, 0, 0, 4}},
                       "replicas of a column");
  bridge_rt_dist_destroy(cols);
  bridge_rt_dist_destroy(col);
}

TEST(Redistribute, ConcatTwoArrays) {
  // c = concat([a, b], axis=0) with a: 10x6, b: 7x6, all chunked differently.
  bridge_rt_dist *a = create(BRIDGE_F64, {10, 6}, {3, 4});
  bridge_rt_dist *b = create(BRIDGE_F64, {7, 6}, {2, 5});
  bridge_rt_dist *c = create(BRIDGE_F64, {17, 6}, {4, 4});
  fill(a, 0);
  fill(b, 5e11);
  fillConstant(c, kSentinel);
  std::vector<bridge_rt_axis_map> ma = {{0, 0, 0, 1, 0, 10}, identity(1, 6)};
  std::vector<bridge_rt_axis_map> mb = {{0, 0, -10, 1, 10, 17}, identity(1, 6)};
  bridge_rt_redistribute(c, a, ma.data());
  bridge_rt_redistribute(c, b, mb.data());
  expectElements(
      c,
      [](const int64_t *t) {
        if (t[0] < 10)
          return valueFor(BRIDGE_F64, t, 0);
        int64_t s[4] = {t[0] - 10, t[1], 0, 0};
        return valueFor(BRIDGE_F64, s, 5e11);
      },
      "concat axis 0");
  bridge_rt_dist_destroy(c);

  // Along axis 1 of two 5-row arrays.
  bridge_rt_dist *d = create(BRIDGE_F64, {5, 3}, {2, 2});
  bridge_rt_dist *e = create(BRIDGE_F64, {5, 9}, {5, 4});
  c = create(BRIDGE_F64, {5, 12}, {3, 5});
  fill(d, 0);
  fill(e, 5e11);
  fillConstant(c, kSentinel);
  std::vector<bridge_rt_axis_map> md = {identity(0, 5), {1, 0, 0, 1, 0, 3}};
  std::vector<bridge_rt_axis_map> me = {identity(0, 5), {1, 0, -3, 1, 3, 12}};
  bridge_rt_redistribute(c, d, md.data());
  bridge_rt_redistribute(c, e, me.data());
  expectElements(
      c,
      [](const int64_t *t) {
        if (t[1] < 3)
          return valueFor(BRIDGE_F64, t, 0);
        int64_t s[4] = {t[0], t[1] - 3, 0, 0};
        return valueFor(BRIDGE_F64, s, 5e11);
      },
      "concat axis 1");
  bridge_rt_dist_destroy(c);
  bridge_rt_dist_destroy(e);
  bridge_rt_dist_destroy(d);
  bridge_rt_dist_destroy(b);
  bridge_rt_dist_destroy(a);
}

TEST(Redistribute, ContiguousToBlockAndBack) {
  int rank = bridge_rt_rank(), size = bridge_rt_size();
  for (int64_t n : {50, 3, 1, 0}) {
    SCOPED_TRACE(testing::Message() << "rows " << n);
    bridge_rt_dist *src = create(BRIDGE_F64, {n, 3}, {7, 2});
    bridge_rt_dist *blk = create(BRIDGE_F64, {n, 3}, {});
    redistributeAndCheck(blk, src, {identity(0, n), identity(1, 3)},
                         "contiguous -> block");
    // The block view: this rank's slab, indexed by the rank, or nothing.
    const bridge_array *v = bridge_rt_dist_view(blk);
    int64_t lo = expectedLo(n, rank, size), hi = expectedLo(n, rank + 1, size);
    ASSERT_EQ(v->nchunks, hi > lo ? 1 : 0);
    if (hi > lo) {
      EXPECT_EQ(v->chunks[0].index, rank);
      EXPECT_EQ(v->chunks[0].start[0], lo);
      EXPECT_EQ(v->chunks[0].shape[0], hi - lo);
      EXPECT_EQ(v->chunks[0].shape[1], 3);
    }
    bridge_rt_dist *back = create(BRIDGE_F64, {n, 3}, {4, 3});
    redistributeAndCheck(back, blk, {identity(0, n), identity(1, 3)},
                         "block -> contiguous");
    bridge_rt_dist_destroy(back);
    bridge_rt_dist_destroy(blk);
    bridge_rt_dist_destroy(src);
  }
}

TEST(Redistribute, MoreRanksThanChunks) {
  // One source chunk feeding three, and back; most ranks hold nothing.
  bridge_rt_dist *src = create(BRIDGE_F64, {5}, {5});
  bridge_rt_dist *dst = create(BRIDGE_F64, {5}, {2});
  redistributeAndCheck(dst, src, {identity(0, 5)}, "1 chunk -> 3");
  redistributeAndCheck(src, dst, {identity(0, 5)}, "3 chunks -> 1", 100);
  bridge_rt_dist_destroy(dst);
  bridge_rt_dist_destroy(src);
}

TEST(Redistribute, EmptyRangeWritesNothing) {
  bridge_rt_dist *src = create(BRIDGE_F64, {10}, {3});
  bridge_rt_dist *dst = create(BRIDGE_F64, {10}, {4});
  redistributeAndCheck(dst, src, {{0, 0, 0, 1, 4, 4}}, "empty");
  redistributeAndCheck(dst, src, {{0, 0, 2, 1, 3, 7}}, "middle only");
  bridge_rt_dist_destroy(dst);
  bridge_rt_dist_destroy(src);
}

// Random shapes, chunkings, layouts, permutations, steps and sub-ranges from a
// fixed generator (every rank draws the same cases).
TEST(Redistribute, RandomCases) {
  uint64_t state = 0x243F6A8885A308D3ull;
  auto next = [&](int64_t n) { // Uniform-ish in [0, n).
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return int64_t((state >> 33) % uint64_t(n));
  };
  const int32_t dtypes[] = {BRIDGE_F64, BRIDGE_F32, BRIDGE_I64, BRIDGE_I32,
                            BRIDGE_BOOL};
  for (int trial = 0; trial < 60; ++trial) {
    int ndim = 1 + int(next(4));
    int32_t dtype = dtypes[next(5)];
    int64_t maxExtent = ndim == 1 ? 40 : ndim == 2 ? 14 : 7;
    std::vector<int64_t> sshape(ndim), schunks(ndim), dshape(ndim),
        dchunks(ndim);
    std::vector<int> perm(ndim);
    for (int d = 0; d < ndim; ++d) {
      sshape[d] = next(20) == 0 ? 0 : 1 + next(maxExtent);
      schunks[d] = 1 + next(sshape[d] + 1);
      perm[d] = d;
    }
    for (int d = ndim - 1; d > 0; --d)
      std::swap(perm[d], perm[next(d + 1)]);
    std::vector<bridge_rt_axis_map> maps(ndim);
    for (int d = 0; d < ndim; ++d) {
      int64_t extent = sshape[perm[d]];
      int64_t step = 1 + next(3);
      int64_t first = extent ? next(extent) : 0;
      int64_t count = extent ? 1 + (extent - 1 - first) / step : 0;
      count -= next(count + 1) / 2;
      int64_t before = next(3), after = next(3);
      dshape[d] = before + count + after;
      dchunks[d] = 1 + next(dshape[d] + 1);
      maps[d] = {perm[d], 0, first - step * before, step, before,
                 before + count};
    }
    bool srcBlock = next(4) == 0, dstBlock = next(4) == 0;
    SCOPED_TRACE(testing::Message() << "trial " << trial << " ndim " << ndim
                                    << " dtype " << dtype);
    bridge_rt_dist *src = create(dtype, sshape, srcBlock ? std::vector<int64_t>{}
                                                         : schunks);
    bridge_rt_dist *dst = create(dtype, dshape, dstBlock ? std::vector<int64_t>{}
                                                         : dchunks);
    redistributeAndCheck(dst, src, maps, "random case", double(trial));
    bridge_rt_dist_destroy(dst);
    bridge_rt_dist_destroy(src);
  }
}

TEST(Redistribute, FromAHaloReadsTheArray) {
  bridge_rt_dist *src = create(BRIDGE_F64, {12, 5}, {5, 2});
  fill(src, 0);
  bridge_rt_dist *h = bridge_rt_dist_halo(src, 1, 3, BRIDGE_RT_PAD_WRAP);
  bridge_rt_dist *dst = create(BRIDGE_F64, {5, 12}, {2, 7});
  fillConstant(dst, kSentinel);
  std::vector<bridge_rt_axis_map> maps = {{1, 0, 0, 1, 0, 5},
                                          {0, 0, 0, 1, 0, 12}};
  bridge_rt_redistribute(dst, h, maps.data());
  expectElements(
      dst,
      [](const int64_t *t) {
        int64_t s[4] = {t[1], t[0], 0, 0};
        return valueFor(BRIDGE_F64, s, 0);
      },
      "transpose of a halo");
  bridge_rt_dist_destroy(dst);
  bridge_rt_dist_destroy(h);
  bridge_rt_dist_destroy(src);
}
