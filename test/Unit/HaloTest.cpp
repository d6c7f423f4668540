//===- HaloTest.cpp - Halos against numpy.pad -----------------------------===//
//
// The expectations come from a transcription of NumPy's own iterative
// padding (numpy/lib/arraypad.py), run on the vector of source indices; that
// reference is itself checked against vectors printed by NumPy 1.24:
//   numpy.pad(numpy.arange(n) + 1, w, mode=MODE)
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <gtest/gtest.h>
#include <mpi.h>

#include <string>
#include <vector>

using namespace bridge::test;

namespace {

using Vec = std::vector<int64_t>;

// _set_reflect_both: one round of reflection on each side.
void reflectBoth(Vec &p, int64_t &left, int64_t &right, bool includeEdge) {
  int64_t L = int64_t(p.size());
  int64_t oldLength = L - right - left;
  int64_t edgeOffset = includeEdge ? 1 : 0;
  if (!includeEdge)
    oldLength -= 1;
  if (left > 0) {
    int64_t chunk = std::min(oldLength, left);
    int64_t stop = left - edgeOffset, start = stop + chunk;
    Vec piece;
    for (int64_t i = start; i > stop; --i) // p[start:stop:-1]
      piece.push_back(p[size_t(i)]);
    for (int64_t i = 0; i < chunk; ++i)
      p[size_t(left - chunk + i)] = piece[size_t(i)];
    left -= chunk;
  }
  if (right > 0) {
    int64_t chunk = std::min(oldLength, right);
    int64_t start = -right + edgeOffset - 2, stop = start - chunk;
    Vec piece;
    for (int64_t i = start; i > stop; --i)
      piece.push_back(p[size_t(L + i)]);
    for (int64_t i = 0; i < chunk; ++i)
      p[size_t(L - right + i)] = piece[size_t(i)];
    right -= chunk;
  }
}

// _set_wrap_both: one round of wrapping on each side.
void wrapBoth(Vec &p, int64_t &left, int64_t &right) {
  int64_t L = int64_t(p.size());
  int64_t period = L - right - left, newLeft = 0, newRight = 0;
  if (left > 0) {
    int64_t take = std::min(period, left);
    Vec piece(p.begin() + (L - right - take), p.begin() + (L - right));
    int64_t at = 0;
    if (left > period) {
      at = left - period;
      newLeft = left - period;
    }
    for (size_t i = 0; i < piece.size(); ++i)
      p[size_t(at) + i] = piece[i];
  }
  if (right > 0) {
    int64_t take = std::min(period, right);
    Vec piece(p.begin() + left, p.begin() + (left + take));
    int64_t at = L - right;
    if (right > period)
      newRight = right - period;
    for (size_t i = 0; i < piece.size(); ++i)
      p[size_t(at) + i] = piece[i];
  }
  left = newLeft;
  right = newRight;
}

/// numpy.pad(range(n), w, mode) as source indices; -1 stands for the zeros of
/// the constant mode.
Vec numpyPad(int64_t n, int64_t w, int mode) {
  Vec p(size_t(n + 2 * w), -1);
  for (int64_t i = 0; i < n; ++i)
    p[size_t(w + i)] = i;
  if (mode == BRIDGE_RT_PAD_CONSTANT || n == 0 || w == 0)
    return p;
  bool single = n == 1 && (mode == BRIDGE_RT_PAD_REFLECT ||
                           mode == BRIDGE_RT_PAD_SYMMETRIC);
  if (mode == BRIDGE_RT_PAD_EDGE || single) {
    for (int64_t i = 0; i < w; ++i) {
      p[size_t(i)] = 0;
      p[size_t(w + n + i)] = n - 1;
    }
    return p;
  }
  int64_t left = w, right = w;
  while (left > 0 || right > 0) {
    if (mode == BRIDGE_RT_PAD_WRAP)
      wrapBoth(p, left, right);
    else
      reflectBoth(p, left, right, mode == BRIDGE_RT_PAD_SYMMETRIC);
  }
  return p;
}

const char *modeName(int mode) {
  static const char *names[] = {"edge", "symmetric", "reflect", "wrap",
                                "constant"};
  return names[mode];
}

} // namespace

TEST(Halo, ReferenceMatchesNumPy) {
  struct Case {
    int mode;
    int64_t n, w;
    std::vector<int64_t> expect; // numpy.pad(arange(n) + 1, w, mode)
  } cases[] = {
      {BRIDGE_RT_PAD_EDGE, 5, 2, {1, 1, 1, 2, 3, 4, 5, 5, 5}},
      {BRIDGE_RT_PAD_EDGE, 3, 10, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2,
                                   3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}},
      {BRIDGE_RT_PAD_SYMMETRIC, 5, 2, {2, 1, 1, 2, 3, 4, 5, 5, 4}},
      {BRIDGE_RT_PAD_SYMMETRIC, 4, 7, {2, 3, 4, 4, 3, 2, 1, 1, 2,
                                       3, 4, 4, 3, 2, 1, 1, 2, 3}},
      {BRIDGE_RT_PAD_SYMMETRIC, 3, 10, {3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1, 2,
                                        3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1}},
      {BRIDGE_RT_PAD_SYMMETRIC, 1, 3, {1, 1, 1, 1, 1, 1, 1}},
      {BRIDGE_RT_PAD_SYMMETRIC, 2, 5, {1, 1, 2, 2, 1, 1, 2, 2, 1, 1, 2, 2}},
      {BRIDGE_RT_PAD_REFLECT, 5, 2, {3, 2, 1, 2, 3, 4, 5, 4, 3}},
      {BRIDGE_RT_PAD_REFLECT, 4, 7, {2, 1, 2, 3, 4, 3, 2, 1, 2,
                                     3, 4, 3, 2, 1, 2, 3, 4, 3}},
      {BRIDGE_RT_PAD_REFLECT, 3, 10, {3, 2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2,
                                      3, 2, 1, 2, 3, 2, 1, 2, 3, 2, 1}},
      {BRIDGE_RT_PAD_REFLECT, 1, 3, {1, 1, 1, 1, 1, 1, 1}},
      {BRIDGE_RT_PAD_REFLECT, 2, 5, {2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1}},
      {BRIDGE_RT_PAD_WRAP, 5, 2, {4, 5, 1, 2, 3, 4, 5, 1, 2}},
      {BRIDGE_RT_PAD_WRAP, 4, 7, {2, 3, 4, 1, 2, 3, 4, 1, 2,
                                  3, 4, 1, 2, 3, 4, 1, 2, 3}},
      {BRIDGE_RT_PAD_WRAP, 3, 10, {3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2,
                                   3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1}},
      {BRIDGE_RT_PAD_WRAP, 1, 3, {1, 1, 1, 1, 1, 1, 1}},
      {BRIDGE_RT_PAD_CONSTANT, 5, 2, {0, 0, 1, 2, 3, 4, 5, 0, 0}},
      {BRIDGE_RT_PAD_CONSTANT, 2, 5, {0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0}},
  };
  for (const Case &c : cases) {
    Vec p = numpyPad(c.n, c.w, c.mode);
    for (int64_t &x : p)
      x += 1;
    EXPECT_EQ(p, c.expect) << modeName(c.mode) << " n=" << c.n << " w=" << c.w;
  }
}

namespace {

/// Builds a halo of `src` (filled with coordCode) and checks every stored
/// element of every chunk this rank owns against numpyPad.
void checkHalo(bridge_rt_dist *src, int axis, int64_t width, int mode) {
  const bridge_array *sv = bridge_rt_dist_view(src);
  int32_t dtype = sv->dtype;
  forEachElement(sv, [&](const int64_t *g, char *p) {
    storeAs(dtype, p, dtype == BRIDGE_F64 ? coordCode(g) : double(g[0] * 50 + g[1] + 1));
  });
  auto value = [&](const int64_t *g) {
    return dtype == BRIDGE_F64 ? coordCode(g) : double(g[0] * 50 + g[1] + 1);
  };
  int64_t n = sv->shape[axis];
  Vec ref = numpyPad(n, width, mode);
  bridge_rt_dist *h = bridge_rt_dist_halo(src, axis, width, mode);
  int64_t esize = bridge_dtype_size(dtype), bad = 0;
  std::string first;
  const bridge_array *hv = bridge_rt_dist_view(h);
  ASSERT_EQ(hv->nchunks, sv->nchunks);
  for (int64_t i = 0; i < sv->nchunks; ++i) {
    const bridge_chunk &c = sv->chunks[i];
    // The stored extent grows by 2 * width along the axis only.
    int64_t ext[BRIDGE_MAX_DIMS];
    for (int d = 0; d < BRIDGE_MAX_DIMS; ++d) {
      ext[d] = c.shape[d] + (d == axis ? 2 * width : 0);
      EXPECT_EQ(hv->chunks[i].shape[d], ext[d]);
      EXPECT_EQ(hv->chunks[i].start[d], c.start[d] - (d == axis ? width : 0));
    }
    EXPECT_EQ(hv->chunks[i].index, c.index);
    const char *data =
        static_cast<const char *>(bridge_rt_dist_chunk(h, c.index));
    EXPECT_EQ(data, hv->chunks[i].data);
    // Rows lie the chunk's pitch apart along the axis.
    int64_t pitch[BRIDGE_MAX_DIMS], l[BRIDGE_MAX_DIMS];
    for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
      pitch[d] = d == axis ? bridge_rt_dist_chunk_pitch(h, c.index) : ext[d];
    EXPECT_GE(pitch[axis], ext[axis]);
    for (l[0] = 0; l[0] < ext[0]; ++l[0])
      for (l[1] = 0; l[1] < ext[1]; ++l[1])
        for (l[2] = 0; l[2] < ext[2]; ++l[2])
          for (l[3] = 0; l[3] < ext[3]; ++l[3]) {
            int64_t g[BRIDGE_MAX_DIMS];
            double want;
            for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
              g[d] = c.start[d] + l[d];
            int64_t s = ref[size_t(c.start[axis] + l[axis])];
            g[axis] = s;
            want = s < 0 ? 0 : value(g);
            int64_t off =
                ((l[0] * pitch[1] + l[1]) * pitch[2] + l[2]) * pitch[3] + l[3];
            double got = loadAs(dtype, data + off * esize);
            if (got != want && bad++ == 0)
              first = "chunk " + std::to_string(c.index) + " stored element " +
                      std::to_string(off) + ": got " + std::to_string(got) +
                      ", expected " + std::to_string(want);
          }
  }
  EXPECT_EQ(bad, 0) << modeName(mode) << " axis " << axis << " width "
                    << width << ", rank " << bridge_rt_rank() << ": " << first;
  bridge_rt_dist_destroy(h);
}

} // namespace

TEST(Halo, OneDimensionalAllModesAndWidths) {
  for (int64_t n : {1, 2, 3, 5, 10, 17}) {
    for (int64_t chunk : {int64_t(1), int64_t(3), int64_t(4), n, int64_t(0)}) {
      // chunk 0 stands for the block layout.
      bridge_rt_dist *src =
          chunk ? bridge_rt_dist_create(BRIDGE_F64, 1, &n, &chunk,
                                        BRIDGE_RT_CONTIGUOUS)
                : bridge_rt_dist_create_block(BRIDGE_F64, 1, &n);
      int64_t c = chunk ? chunk : n;
      for (int mode = BRIDGE_RT_PAD_EDGE; mode <= BRIDGE_RT_PAD_CONSTANT;
           ++mode)
        for (int64_t w : {int64_t(0), int64_t(1), c + 1, n + 3, 2 * n + 5}) {
          SCOPED_TRACE(testing::Message() << "n " << n << " chunk " << chunk
                                          << " width " << w);
          checkHalo(src, 0, w, mode);
        }
      bridge_rt_dist_destroy(src);
    }
  }
}

TEST(Halo, TwoDimensionalBothAxes) {
  int64_t shape[2] = {7, 9}, chunks[2] = {3, 4};
  for (int32_t dtype : {BRIDGE_F64, BRIDGE_I32}) {
    bridge_rt_dist *src = bridge_rt_dist_create(dtype, 2, shape, chunks,
                                                BRIDGE_RT_CONTIGUOUS);
    for (int axis = 0; axis < 2; ++axis)
      for (int mode = BRIDGE_RT_PAD_EDGE; mode <= BRIDGE_RT_PAD_CONSTANT;
           ++mode)
        for (int64_t w : {1, 4, 5, 12, 30})
          checkHalo(src, axis, w, mode);
    bridge_rt_dist_destroy(src);
  }
  // Block slabs of rows, halo along the rows.
  bridge_rt_dist *blk = bridge_rt_dist_create_block(BRIDGE_F64, 2, shape);
  for (int mode = BRIDGE_RT_PAD_EDGE; mode <= BRIDGE_RT_PAD_CONSTANT; ++mode)
    for (int64_t w : {1, 3, 8})
      checkHalo(blk, 0, w, mode);
  bridge_rt_dist_destroy(blk);
}

TEST(Halo, ThreeDimensionalMiddleAxis) {
  int64_t shape[3] = {3, 11, 4}, chunks[3] = {2, 3, 3};
  bridge_rt_dist *src =
      bridge_rt_dist_create(BRIDGE_F64, 3, shape, chunks, BRIDGE_RT_CONTIGUOUS);
  for (int mode = BRIDGE_RT_PAD_EDGE; mode <= BRIDGE_RT_PAD_CONSTANT; ++mode)
    checkHalo(src, 1, 4, mode);
  bridge_rt_dist_destroy(src);
}

TEST(Halo, EmptyArray) {
  int64_t n = 0, chunk = 4;
  bridge_rt_dist *src =
      bridge_rt_dist_create(BRIDGE_F64, 1, &n, &chunk, BRIDGE_RT_CONTIGUOUS);
  bridge_rt_dist *h = bridge_rt_dist_halo(src, 0, 2, BRIDGE_RT_PAD_EDGE);
  EXPECT_EQ(bridge_rt_dist_view(h)->nchunks, 0);
  bridge_rt_dist_destroy(h);
  bridge_rt_dist_destroy(src);
}
