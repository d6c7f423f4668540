//===- DistTest.cpp - Distributed array storage and its legacy view -------===//

#include "TestUtil.h"

#include <gtest/gtest.h>
#include <mpi.h>

#include <string.h>
#include <vector>

using bridge::test::expectedLo;

namespace {

struct ExpectedChunk {
  int64_t index;
  int64_t shape[BRIDGE_MAX_DIMS];
  int64_t start[BRIDGE_MAX_DIMS];
};

// Enumerates the chunk grid with nested loops (outermost dimension first), an
// independent route to the row-major order the runtime computes by division.
std::vector<ExpectedChunk> enumerateChunks(int ndim, const int64_t *shape,
                                           const int64_t *chunks) {
  int64_t s[BRIDGE_MAX_DIMS] = {1, 1, 1, 1}, c[BRIDGE_MAX_DIMS] = {1, 1, 1, 1};
  for (int d = 0; d < ndim; ++d) {
    s[d] = shape[d];
    c[d] = chunks[d];
  }
  std::vector<ExpectedChunk> out;
  int64_t index = 0;
  for (int64_t a = 0; a < s[0]; a += c[0])
    for (int64_t b = 0; b < s[1]; b += c[1])
      for (int64_t e = 0; e < s[2]; e += c[2])
        for (int64_t f = 0; f < s[3]; f += c[3]) {
          ExpectedChunk x;
          x.index = index++;
          int64_t st[4] = {a, b, e, f};
          for (int d = 0; d < BRIDGE_MAX_DIMS; ++d) {
            x.start[d] = st[d];
            x.shape[d] = std::min(c[d], s[d] - st[d]);
          }
          out.push_back(x);
        }
  return out;
}

void checkDist(int32_t dtype, int ndim, std::vector<int64_t> shape,
               std::vector<int64_t> chunks) {
  SCOPED_TRACE(testing::Message() << "ndim " << ndim);
  int rank = bridge_rt_rank(), size = bridge_rt_size();
  std::vector<ExpectedChunk> all =
      enumerateChunks(ndim, shape.data(), chunks.data());
  int64_t n = int64_t(all.size());
  int64_t lo = expectedLo(n, rank, size), hi = expectedLo(n, rank + 1, size);

  bridge_rt_dist *a = bridge_rt_dist_create(
      dtype, ndim, shape.data(), chunks.data(), BRIDGE_RT_CONTIGUOUS);
  ASSERT_NE(a, nullptr);
  // The chunks' storage is there before the view's table is built.
  std::vector<void *> before;
  for (int64_t c = lo; c < hi; ++c)
    before.push_back(bridge_rt_dist_chunk(a, c));
  const bridge_array *v = bridge_rt_dist_view(a);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v, bridge_rt_dist_view(a)); // Stable, owned by the array.
  EXPECT_EQ(v->dtype, dtype);
  EXPECT_EQ(v->ndim, ndim);
  for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
    EXPECT_EQ(v->shape[d], d < ndim ? shape[d] : 1) << "dim " << d;
  ASSERT_EQ(v->nchunks, hi - lo);
  if (v->nchunks > 0) {
    ASSERT_NE(v->chunks, nullptr);
  }

  int64_t esize = bridge_dtype_size(dtype), elems = 0;
  for (int64_t i = 0; i < v->nchunks; ++i) {
    const bridge_chunk &c = v->chunks[i];
    const ExpectedChunk &x = all[size_t(lo + i)];
    EXPECT_EQ(c.index, x.index);
    for (int d = 0; d < BRIDGE_MAX_DIMS; ++d) {
      EXPECT_EQ(c.shape[d], x.shape[d]) << "chunk " << c.index << " dim " << d;
      EXPECT_EQ(c.start[d], x.start[d]) << "chunk " << c.index << " dim " << d;
    }
    // A cache line for chunks of 4 KiB and more, 16 bytes for smaller ones.
    int64_t bytes = bridge_chunk_size(&c) * bridge_dtype_size(dtype);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(c.data) % (bytes >= 4096 ? 64 : 16),
              0u);
    EXPECT_EQ(bridge_rt_dist_chunk(a, c.index), c.data);
    EXPECT_EQ(before[size_t(i)], c.data);
    elems += bridge_chunk_size(&c);
    // Fill the whole extent with the chunk's index byte.
    memset(c.data, int(c.index & 0x7f), size_t(bridge_chunk_size(&c) * esize));
  }
  // No chunk's storage overlaps another's.
  for (int64_t i = 0; i < v->nchunks; ++i) {
    const bridge_chunk &c = v->chunks[i];
    auto *p = static_cast<const unsigned char *>(c.data);
    for (int64_t b = 0; b < bridge_chunk_size(&c) * esize; ++b)
      ASSERT_EQ(p[b], c.index & 0x7f) << "chunk " << c.index;
  }

  // Together the ranks hold every element exactly once.
  int64_t total = 0, owned = v->nchunks, chunkTotal = 0;
  MPI_Allreduce(&elems, &total, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
  MPI_Allreduce(&owned, &chunkTotal, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
  int64_t want = 1;
  for (int d = 0; d < ndim; ++d)
    want *= shape[d];
  EXPECT_EQ(total, want);
  EXPECT_EQ(chunkTotal, n);
  bridge_rt_dist_destroy(a);
}

} // namespace

TEST(Dist, OneDimensionalRagged) {
  checkDist(BRIDGE_F64, 1, {10}, {3});
  checkDist(BRIDGE_F64, 1, {12}, {3});
  checkDist(BRIDGE_I32, 1, {1001}, {100});
  checkDist(BRIDGE_BOOL, 1, {17}, {5});
}

TEST(Dist, SmallChunksPacked) {
  checkDist(BRIDGE_F64, 1, {100000}, {100});
  checkDist(BRIDGE_F64, 2, {40, 3000}, {1, 1000});
  // Chunks of 100 f64 lie back to back: no padding, no per-chunk table.
  int64_t shape[1] = {1000}, chunks[1] = {100};
  bridge_rt_dist *a =
      bridge_rt_dist_create(BRIDGE_F64, 1, shape, chunks, BRIDGE_RT_CONTIGUOUS);
  const bridge_array *v = bridge_rt_dist_view(a);
  for (int64_t i = 1; i < v->nchunks; ++i)
    EXPECT_EQ(static_cast<char *>(v->chunks[i].data) -
                  static_cast<char *>(v->chunks[i - 1].data),
              800);
  bridge_rt_dist_destroy(a);
}

TEST(Dist, TwoDimensionalRagged) {
  checkDist(BRIDGE_F64, 2, {7, 5}, {3, 2});
  checkDist(BRIDGE_F32, 2, {100, 200}, {30, 64});
  checkDist(BRIDGE_I64, 2, {1, 9}, {1, 4});
}

TEST(Dist, FourDimensionalRagged) {
  checkDist(BRIDGE_F64, 4, {5, 4, 3, 7}, {2, 3, 2, 4});
  checkDist(BRIDGE_BOOL, 4, {3, 3, 3, 3}, {2, 2, 2, 2});
  checkDist(BRIDGE_I32, 3, {6, 5, 4}, {4, 5, 3});
}

TEST(Dist, ExplicitLayout2D) {
  // Grid 3x3 over a 7x5 array with chunks 3x2: chunk 5 is grid cell (1, 2).
  int64_t shape[2] = {7, 5}, chunks[2] = {3, 2};
  bridge_rt_dist *a =
      bridge_rt_dist_create(BRIDGE_F64, 2, shape, chunks, BRIDGE_RT_CONTIGUOUS);
  const bridge_array *v = bridge_rt_dist_view(a);
  for (int64_t i = 0; i < v->nchunks; ++i) {
    const bridge_chunk &c = v->chunks[i];
    if (c.index != 5 && c.index != 8)
      continue;
    if (c.index == 5) {
      EXPECT_EQ(c.start[0], 3);
      EXPECT_EQ(c.start[1], 4);
      EXPECT_EQ(c.shape[0], 3);
      EXPECT_EQ(c.shape[1], 1);
    } else {
      EXPECT_EQ(c.start[0], 6);
      EXPECT_EQ(c.start[1], 4);
      EXPECT_EQ(c.shape[0], 1);
      EXPECT_EQ(c.shape[1], 1);
    }
    EXPECT_EQ(c.start[2], 0);
    EXPECT_EQ(c.start[3], 0);
    EXPECT_EQ(c.shape[2], 1);
    EXPECT_EQ(c.shape[3], 1);
  }
  bridge_rt_dist_destroy(a);
}

TEST(Dist, RanksWithoutChunks) {
  // One chunk: every rank but the last holds nothing.
  int64_t shape[1] = {5}, chunks[1] = {10};
  bridge_rt_dist *a =
      bridge_rt_dist_create(BRIDGE_F64, 1, shape, chunks, BRIDGE_RT_CONTIGUOUS);
  const bridge_array *v = bridge_rt_dist_view(a);
  bool last = bridge_rt_rank() == bridge_rt_size() - 1;
  EXPECT_EQ(v->nchunks, last ? 1 : 0);
  if (last) {
    EXPECT_EQ(v->chunks[0].index, 0);
    EXPECT_EQ(v->chunks[0].shape[0], 5);
  }
  bridge_rt_dist_destroy(a);

  // An empty array has an empty grid on every rank.
  int64_t empty[1] = {0};
  a = bridge_rt_dist_create(BRIDGE_I64, 1, empty, chunks, BRIDGE_RT_CONTIGUOUS);
  v = bridge_rt_dist_view(a);
  EXPECT_EQ(v->nchunks, 0);
  EXPECT_EQ(v->shape[0], 0);
  EXPECT_EQ(v->shape[1], 1);
  bridge_rt_dist_destroy(a);
  bridge_rt_dist_destroy(nullptr);
}

TEST(Dist, BlockLayout) {
  int rank = bridge_rt_rank(), size = bridge_rt_size();
  struct Case {
    int ndim;
    int64_t shape[BRIDGE_MAX_DIMS];
  } cases[] = {{1, {10}}, {2, {7, 3}}, {3, {2, 4, 5}}, {4, {9, 1, 2, 3}},
               {1, {1}},  {1, {0}},   {2, {5, 0}}};
  for (const Case &c : cases) {
    SCOPED_TRACE(testing::Message() << "rows " << c.shape[0] << " ndim "
                                    << c.ndim);
    bridge_rt_dist *a = bridge_rt_dist_create_block(BRIDGE_F32, c.ndim, c.shape);
    const bridge_array *v = bridge_rt_dist_view(a);
    EXPECT_EQ(v->ndim, c.ndim);
    int64_t lo = expectedLo(c.shape[0], rank, size);
    int64_t hi = expectedLo(c.shape[0], rank + 1, size);
    int64_t rest = 1;
    for (int d = 1; d < c.ndim; ++d)
      rest *= c.shape[d];
    bool holds = hi > lo && rest > 0;
    ASSERT_EQ(v->nchunks, holds ? 1 : 0);
    if (holds) {
      const bridge_chunk &ch = v->chunks[0];
      EXPECT_EQ(ch.index, rank); // Section 7: the index is the rank.
      EXPECT_EQ(ch.start[0], lo);
      EXPECT_EQ(ch.shape[0], hi - lo);
      for (int d = 1; d < BRIDGE_MAX_DIMS; ++d) {
        EXPECT_EQ(ch.start[d], 0);
        EXPECT_EQ(ch.shape[d], d < c.ndim ? c.shape[d] : 1);
      }
      EXPECT_EQ(bridge_rt_dist_chunk(a, rank), ch.data);
      EXPECT_EQ(reinterpret_cast<uintptr_t>(ch.data) % 64, 0u);
      memset(ch.data, 1, size_t(bridge_chunk_size(&ch) * 4));
    } else {
      // An owned chunk without elements still has a valid pointer.
      EXPECT_NE(bridge_rt_dist_chunk(a, rank), nullptr);
    }
    bridge_rt_dist_destroy(a);
  }
}

TEST(Dist, BlockPlacementQueries) {
  int rank = bridge_rt_rank(), size = bridge_rt_size();
  int64_t lo = -1, hi = -1;
  bridge_rt_owned_range(BRIDGE_RT_BLOCK, size, &lo, &hi);
  EXPECT_EQ(lo, rank);
  EXPECT_EQ(hi, rank + 1);
  for (int r = 0; r < size; ++r)
    EXPECT_EQ(bridge_rt_owner(BRIDGE_RT_BLOCK, size, r, size), r);
}
