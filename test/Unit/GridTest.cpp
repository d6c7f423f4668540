//===- GridTest.cpp - The chunk grids generated loops ask for -------------===//
//
// bridge_rt_grid_* must describe exactly the chunks that an array of the same
// shape stores: every owned chunk's box equals its entry in the array's view,
// and the boxes of all chunks tile the array.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

/// Compares the grid with the view of `a`, which has the same geometry.
void checkAgainstArray(const bridge_rt_grid *grid, bridge_rt_dist *a,
                       int32_t placement, int ndim) {
  const bridge_array *v = bridge_rt_dist_view(a);
  int64_t n = bridge_rt_grid_nchunks(grid), lo = -1, hi = -1;
  bridge_rt_owned_range(placement, n, &lo, &hi);
  int64_t stored = 0;
  for (int64_t c = lo; c < hi; ++c) {
    int64_t start[BRIDGE_MAX_DIMS], extent[BRIDGE_MAX_DIMS];
    bridge_rt_grid_box(grid, c, start, extent);
    int64_t elems = 1;
    for (int d = 0; d < ndim; ++d)
      elems *= extent[d];
    if (elems == 0)
      continue; // An empty slab: owned, but not in the view.
    ASSERT_LT(stored, v->nchunks);
    const bridge_chunk &e = v->chunks[stored++];
    EXPECT_EQ(e.index, c);
    for (int d = 0; d < ndim; ++d) {
      EXPECT_EQ(e.start[d], start[d]) << "chunk " << c << " dim " << d;
      EXPECT_EQ(e.shape[d], extent[d]) << "chunk " << c << " dim " << d;
    }
  }
  EXPECT_EQ(stored, v->nchunks);
}

/// Counts how many boxes of the grid hold each element of `shape`.
void checkTiling(const bridge_rt_grid *grid, int ndim, const int64_t *shape) {
  int64_t s[BRIDGE_MAX_DIMS] = {1, 1, 1, 1};
  for (int d = 0; d < ndim; ++d)
    s[d] = shape[d];
  std::vector<int> hits(size_t(s[0] * s[1] * s[2] * s[3]), 0);
  for (int64_t c = 0; c < bridge_rt_grid_nchunks(grid); ++c) {
    int64_t start[BRIDGE_MAX_DIMS] = {0, 0, 0, 0};
    int64_t extent[BRIDGE_MAX_DIMS] = {1, 1, 1, 1};
    bridge_rt_grid_box(grid, c, start, extent);
    for (int64_t a = 0; a < extent[0]; ++a)
      for (int64_t b = 0; b < extent[1]; ++b)
        for (int64_t e = 0; e < extent[2]; ++e)
          for (int64_t f = 0; f < extent[3]; ++f) {
            int64_t i =
                (((start[0] + a) * s[1] + start[1] + b) * s[2] + start[2] + e) *
                    s[3] +
                start[3] + f;
            ++hits[size_t(i)];
          }
  }
  for (size_t i = 0; i < hits.size(); ++i)
    ASSERT_EQ(hits[i], 1) << "element " << i;
}

} // namespace

TEST(Grid, ContiguousMatchesTheArrays) {
  const std::vector<std::vector<int64_t>> shapes = {
      {13}, {7, 5}, {3, 4, 5}, {2, 3, 4, 5}, {1}, {0}, {5, 0}};
  const std::vector<std::vector<int64_t>> chunks = {
      {4}, {3, 2}, {2, 3, 2}, {1, 2, 3, 2}, {3}, {2}, {2, 2}};
  for (size_t i = 0; i < shapes.size(); ++i) {
    int ndim = int(shapes[i].size());
    SCOPED_TRACE(testing::Message() << "case " << i);
    bridge_rt_grid *grid = bridge_rt_grid_create(
        ndim, shapes[i].data(), chunks[i].data(), BRIDGE_RT_CONTIGUOUS);
    bridge_rt_dist *a =
        bridge_rt_dist_create(BRIDGE_F64, ndim, shapes[i].data(),
                              chunks[i].data(), BRIDGE_RT_CONTIGUOUS);
    int64_t expected = 1;
    for (int d = 0; d < ndim; ++d)
      expected *= (shapes[i][d] + chunks[i][d] - 1) / chunks[i][d];
    EXPECT_EQ(bridge_rt_grid_nchunks(grid), expected);
    checkAgainstArray(grid, a, BRIDGE_RT_CONTIGUOUS, ndim);
    checkTiling(grid, ndim, shapes[i].data());
    bridge_rt_dist_destroy(a);
    bridge_rt_grid_destroy(grid);
  }
}

TEST(Grid, BlockSlabsMatchTheArrays) {
  int size = bridge_rt_size();
  // Fewer rows than ranks (empty slabs) as well as more.
  const std::vector<std::vector<int64_t>> shapes = {
      {1}, {3}, {10}, {2, 5}, {9, 2, 3}, {0, 4}};
  for (const std::vector<int64_t> &shape : shapes) {
    int ndim = int(shape.size());
    SCOPED_TRACE(testing::Message() << "rows " << shape[0]);
    // The chunk widths are not read under BRIDGE_RT_BLOCK.
    bridge_rt_grid *grid =
        bridge_rt_grid_create(ndim, shape.data(), nullptr, BRIDGE_RT_BLOCK);
    bridge_rt_dist *a =
        bridge_rt_dist_create_block(BRIDGE_F64, ndim, shape.data());
    ASSERT_EQ(bridge_rt_grid_nchunks(grid), size);
    for (int64_t c = 0; c < size; ++c) {
      int64_t start[BRIDGE_MAX_DIMS], extent[BRIDGE_MAX_DIMS];
      bridge_rt_grid_box(grid, c, start, extent);
      EXPECT_EQ(start[0], shape[0] * c / size);
      EXPECT_EQ(extent[0], shape[0] * (c + 1) / size - shape[0] * c / size);
      for (int d = 1; d < ndim; ++d) {
        EXPECT_EQ(start[d], 0);
        EXPECT_EQ(extent[d], shape[d]);
      }
    }
    checkAgainstArray(grid, a, BRIDGE_RT_BLOCK, ndim);
    checkTiling(grid, ndim, shape.data());
    bridge_rt_dist_destroy(a);
    bridge_rt_grid_destroy(grid);
  }
}

TEST(Grid, HugeExtents) {
  // 2^62 elements in chunks of 2^61 + 1: the last chunk is clipped, and no
  // start or extent overflows.
  const int64_t shape[1] = {int64_t(1) << 62};
  const int64_t chunks[1] = {(int64_t(1) << 61) + 1};
  bridge_rt_grid *grid =
      bridge_rt_grid_create(1, shape, chunks, BRIDGE_RT_CONTIGUOUS);
  ASSERT_EQ(bridge_rt_grid_nchunks(grid), 2);
  int64_t start = -1, extent = -1;
  bridge_rt_grid_box(grid, 1, &start, &extent);
  EXPECT_EQ(start, chunks[0]);
  EXPECT_EQ(extent, shape[0] - chunks[0]);
  bridge_rt_grid_destroy(grid);

  const int64_t longest[1] = {INT64_MAX};
  bridge_rt_grid *slabs =
      bridge_rt_grid_create(1, longest, nullptr, BRIDGE_RT_BLOCK);
  int size = bridge_rt_size();
  bridge_rt_grid_box(slabs, size - 1, &start, &extent);
  EXPECT_EQ(start, int64_t(__int128(INT64_MAX) * (size - 1) / size));
  EXPECT_EQ(start + extent, INT64_MAX);
  bridge_rt_grid_destroy(slabs);
}
