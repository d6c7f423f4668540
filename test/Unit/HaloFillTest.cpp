//===- HaloFillTest.cpp - Halo margins filled in place --------------------===//
//
// A created halo array whose interiors hold values of their global
// coordinates must, once bridge_rt_dist_fill_halo has run, store exactly
// what bridge_rt_dist_halo gives for an ordinary array of those values, and
// what numpy.pad puts there (layout::padSource, itself checked against NumPy
// by HaloTest.cpp and pad-numpy.test). The shapes, chunkings, axes and widths
// are drawn from one seed, the same on every rank.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"
#include "TestUtil.h"
#include "bridge/layout/Pad.h"

#include <gtest/gtest.h>
#include <mpi.h>

#include <random>
#include <string>

using namespace bridge::test;

namespace {

const int32_t kDtypes[] = {BRIDGE_F64, BRIDGE_F32, BRIDGE_I64, BRIDGE_I32,
                           BRIDGE_BOOL};

/// A value of global coordinates (each below 100), exact in every dtype but
/// bool, where it is nonzero.
double value(const int64_t *g) {
  return 1 + g[3] + 100 * g[2] + 1e4 * g[1] + 1e6 * g[0];
}

struct Case {
  int32_t dtype, ndim, axis;
  int64_t shape[BRIDGE_MAX_DIMS], chunks[BRIDGE_MAX_DIMS], width;

  std::string describe() const {
    std::string s = "dtype " + std::to_string(dtype) + " shape (";
    for (int d = 0; d < ndim; ++d)
      s += std::to_string(shape[d]) + (d + 1 < ndim ? "," : ")");
    s += " chunks (";
    for (int d = 0; d < ndim; ++d)
      s += std::to_string(chunks[d]) + (d + 1 < ndim ? "," : ")");
    return s + " axis " + std::to_string(axis) + " width " +
           std::to_string(width);
  }
};

/// Bytes of margin slabs of this rank's chunks whose source chunk another
/// rank owns: what must arrive here.
int64_t remoteMarginBytes(const Case &c, const bridge_array *hv, int mode) {
  int64_t counts[BRIDGE_MAX_DIMS], nchunks = 1;
  for (int d = 0; d < c.ndim; ++d) {
    counts[d] = (c.shape[d] + c.chunks[d] - 1) / c.chunks[d];
    nchunks *= counts[d];
  }
  int64_t n = c.shape[c.axis], bytes = 0;
  for (int64_t i = 0; i < hv->nchunks; ++i) {
    const bridge_chunk &ch = hv->chunks[i];
    int64_t slab = bridge_dtype_size(c.dtype);
    for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
      if (d != c.axis)
        slab *= ch.shape[d];
    int64_t s = ch.start[c.axis] + c.width;
    int64_t e = ch.start[c.axis] + ch.shape[c.axis] - c.width;
    for (int64_t t = s - c.width; t < e + c.width; ++t) {
      if (t == s)
        t = e;
      if (t >= e + c.width)
        break;
      int64_t u =
          bridge::layout::padSource(t, n, bridge::layout::PadMode(mode));
      if (u < 0)
        continue;
      int64_t k = 0;
      for (int d = 0; d < c.ndim; ++d) {
        int64_t x = d == c.axis ? u : ch.start[d];
        k = k * counts[d] + x / c.chunks[d];
      }
      if (bridge_rt_owner(BRIDGE_RT_CONTIGUOUS, nchunks, k, bridge_rt_size()) !=
          bridge_rt_rank())
        bytes += slab;
    }
  }
  return bytes;
}

/// How the producer writes a halo array's chunks: without sharing them, or
/// sharing each as it writes it (bridge_rt_dist_share_margins) in ascending
/// order, the last first, or descending.
enum class Producer { Silent, Ascending, LastFirst, Descending };

/// The chunk a producer writes at step i of n.
int64_t visit(Producer p, int64_t i, int64_t n) {
  switch (p) {
  case Producer::LastFirst:
    return i == 0 ? n - 1 : i - 1;
  case Producer::Descending:
    return n - 1 - i;
  default:
    return i;
  }
}

/// Fills a created halo array in place and compares it with
/// bridge_rt_dist_halo and with numpy.pad, element by element; also checks
/// that the ranks together sent exactly the margins that cross ranks. A
/// producer that shares its chunks sends the edges other ranks read as soon
/// as the chunks they need are written, whatever the order, and the fill
/// leaves the margins it shared alone.
void checkFill(const Case &c, int mode, Producer producer = Producer::Silent) {
  SCOPED_TRACE(c.describe() + " mode " + std::to_string(mode) + " producer " +
               std::to_string(int(producer)));
  bridge_rt_dist *h = bridge_rt_dist_create_halo(c.dtype, c.ndim, c.shape,
                                                 c.chunks, c.axis, c.width);
  bridge_rt_dist *src = bridge_rt_dist_create(c.dtype, c.ndim, c.shape,
                                              c.chunks, BRIDGE_RT_CONTIGUOUS);
  const bridge_array *hv = bridge_rt_dist_view(h);
  const bridge_array *sv = bridge_rt_dist_view(src);
  ASSERT_EQ(hv->nchunks, sv->nchunks);
  int64_t esize = bridge_dtype_size(c.dtype);

  // Poison everything, then write the interiors as a producer would; a
  // producer that shares its chunks sends margins before the fill.
  int64_t sent0 = bridge::rt::bytesSentSoFar();
  for (int64_t i = 0; i < hv->nchunks; ++i)
    memset(hv->chunks[i].data, 0x5a,
           size_t(bridge_chunk_size(&hv->chunks[i]) * esize));
  forEachElement(
      sv, [&](const int64_t *g, char *p) { storeAs(c.dtype, p, value(g)); });
  for (int64_t step = 0; step < sv->nchunks; ++step) {
    int64_t i = visit(producer, step, sv->nchunks);
    const bridge_chunk &s = sv->chunks[i];
    ASSERT_EQ(hv->chunks[i].index, s.index);
    char *base = static_cast<char *>(bridge_rt_dist_chunk(h, s.index));
    int64_t l[BRIDGE_MAX_DIMS], ext[BRIDGE_MAX_DIMS];
    for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
      ext[d] =
          d == c.axis ? bridge_rt_dist_chunk_pitch(h, s.index) : s.shape[d];
    for (l[0] = 0; l[0] < s.shape[0]; ++l[0])
      for (l[1] = 0; l[1] < s.shape[1]; ++l[1])
        for (l[2] = 0; l[2] < s.shape[2]; ++l[2])
          for (l[3] = 0; l[3] < s.shape[3]; ++l[3]) {
            int64_t off = 0, g[BRIDGE_MAX_DIMS];
            for (int d = 0; d < BRIDGE_MAX_DIMS; ++d) {
              g[d] = s.start[d] + l[d];
              off = off * ext[d] + l[d] + (d == c.axis ? c.width : 0);
            }
            storeAs(c.dtype, base + off * esize, value(g));
          }
    if (producer != Producer::Silent)
      bridge_rt_dist_share_margins(h, s.index, mode);
  }

  bridge_rt_dist_fill_halo(h, mode);
  int64_t counts[2] = {bridge::rt::bytesSentSoFar() - sent0,
                       remoteMarginBytes(c, hv, mode)};
  MPI_Allreduce(MPI_IN_PLACE, counts, 2, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
  EXPECT_EQ(counts[0], counts[1]) << "bytes sent over all ranks";

  bridge_rt_dist *ref = bridge_rt_dist_halo(src, c.axis, c.width, mode);
  const bridge_array *rv = bridge_rt_dist_view(ref);
  ASSERT_EQ(rv->nchunks, hv->nchunks);
  int64_t n = c.shape[c.axis], bad = 0;
  std::string first;
  for (int64_t i = 0; i < hv->nchunks; ++i) {
    const bridge_chunk &hc = hv->chunks[i], &rc = rv->chunks[i];
    int64_t size = bridge_chunk_size(&hc);
    for (int d = 0; d < BRIDGE_MAX_DIMS; ++d) {
      EXPECT_EQ(hc.start[d], rc.start[d]);
      EXPECT_EQ(hc.shape[d], rc.shape[d]);
    }
    int64_t pitch = bridge_rt_dist_chunk_pitch(h, hc.index);
    EXPECT_EQ(pitch, bridge_rt_dist_chunk_pitch(ref, rc.index));
    for (int64_t off = 0; off < size; ++off) {
      // Stored element `off` in row-major order, at `at` in storage.
      int64_t g[BRIDGE_MAX_DIMS], rest = off, at = 0, step = 1;
      for (int d = BRIDGE_MAX_DIMS - 1; d >= 0; --d) {
        int64_t l = rest % hc.shape[d];
        g[d] = hc.start[d] + l;
        rest /= hc.shape[d];
        at += l * step;
        step *= d == c.axis ? pitch : hc.shape[d];
      }
      const char *p = static_cast<const char *>(hc.data) + at * esize;
      if (memcmp(p, static_cast<const char *>(rc.data) + at * esize,
                 size_t(esize)) != 0 &&
          bad++ == 0)
        first = "chunk " + std::to_string(hc.index) + " stored element " +
                std::to_string(off) + " differs from bridge_rt_dist_halo's";
      int64_t u = bridge::layout::padSource(g[c.axis], n,
                                            bridge::layout::PadMode(mode));
      g[c.axis] = u;
      double want = 0;
      if (u >= 0) {
        char cell[8];
        storeAs(c.dtype, cell, value(g));
        want = loadAs(c.dtype, cell);
      }
      double got = loadAs(c.dtype, p);
      if (got != want && bad++ == 0)
        first = "chunk " + std::to_string(hc.index) + " stored element " +
                std::to_string(off) + ": got " + std::to_string(got) +
                ", expected " + std::to_string(want);
    }
  }
  EXPECT_EQ(bad, 0) << "rank " << bridge_rt_rank() << ": " << first;
  bridge_rt_dist_destroy(ref);
  bridge_rt_dist_destroy(src);
  bridge_rt_dist_destroy(h);
}

} // namespace

TEST(HaloFill, RandomAgainstHalo) {
  std::mt19937_64 rng(20261201);
  auto pick = [&](int64_t lo, int64_t hi) { // [lo, hi]
    return lo + int64_t(rng() % uint64_t(hi - lo + 1));
  };
  for (int iter = 0; iter < 120; ++iter) {
    Case c{};
    c.dtype = kDtypes[pick(0, 4)];
    c.ndim = int32_t(pick(1, 3));
    c.axis = int32_t(pick(0, c.ndim - 1));
    for (int d = 0; d < BRIDGE_MAX_DIMS; ++d) {
      c.shape[d] = d < c.ndim ? pick(1, d == c.axis ? 13 : 5) : 1;
      c.chunks[d] = d < c.ndim ? pick(1, c.shape[d] + 1) : 1;
    }
    int64_t chunk = c.chunks[c.axis], n = c.shape[c.axis];
    // Zero, inside a chunk, a whole chunk, wider than a chunk, wider than
    // the array.
    int64_t widths[] = {0, pick(1, chunk), chunk, chunk + 1, n + pick(1, 4)};
    c.width = widths[iter % 5];
    for (int mode = BRIDGE_RT_PAD_EDGE; mode <= BRIDGE_RT_PAD_CONSTANT; ++mode)
      for (Producer p : {Producer::Silent, Producer::Ascending,
                         Producer::LastFirst, Producer::Descending})
        checkFill(c, mode, p);
  }
}

TEST(HaloFill, RowsFromNeighboursAndEnds) {
  // Many chunks along the axis, ragged on both axes, so that most margins
  // cross ranks; the last chunk (2 long) fits width 2 but not 3.
  Case c{BRIDGE_F64, 2, 1, {5, 17, 1, 1}, {2, 3, 1, 1}, 0};
  for (int64_t w : {1, 2, 3, 4})
    for (int axis = 0; axis < 2; ++axis)
      for (int mode = BRIDGE_RT_PAD_EDGE; mode <= BRIDGE_RT_PAD_CONSTANT;
           ++mode) {
        c.axis = axis;
        c.width = w;
        checkFill(c, mode);
        checkFill(c, mode, Producer::Ascending);
        checkFill(c, mode, Producer::Descending);
      }
}

TEST(HaloFill, MoreRanksThanChunks) {
  // One or two chunks: at several ranks, some own none.
  Case one{BRIDGE_F64, 1, 0, {3, 1, 1, 1}, {3, 1, 1, 1}, 0};
  Case two{BRIDGE_I32, 2, 0, {4, 3, 1, 1}, {2, 3, 1, 1}, 0};
  for (int64_t w : {0, 1, 2, 3, 5})
    for (int mode = BRIDGE_RT_PAD_EDGE; mode <= BRIDGE_RT_PAD_CONSTANT;
         ++mode) {
      one.width = two.width = w;
      for (Producer p : {Producer::Silent, Producer::LastFirst}) {
        checkFill(one, mode, p);
        checkFill(two, mode, p);
      }
    }
}

TEST(HaloFill, EmptyArray) {
  int64_t shape[2] = {0, 3}, chunks[2] = {2, 2};
  bridge_rt_dist *h =
      bridge_rt_dist_create_halo(BRIDGE_F64, 2, shape, chunks, 0, 2);
  EXPECT_EQ(bridge_rt_dist_view(h)->nchunks, 0);
  bridge_rt_dist_fill_halo(h, BRIDGE_RT_PAD_WRAP);
  bridge_rt_dist_destroy(h);
}

TEST(HaloFill, NeighboursOnOneRankShareSlabs) {
  // A chunk's margins from its neighbour along the axis on the same rank are
  // that neighbour's edge slabs, not a copy: along any axis, each stored
  // element of a chunk's upper margin is the element of the next chunk's
  // first interior slabs at the same place, with no fill.
  auto marginsAreNeighbours = [](const Case &c) {
    SCOPED_TRACE(c.describe());
    bridge_rt_dist *h = bridge_rt_dist_create_halo(c.dtype, c.ndim, c.shape,
                                                   c.chunks, c.axis, c.width);
    const bridge_array *v = bridge_rt_dist_view(h);
    int64_t stride = 1, shared = 0;
    for (int d = c.axis + 1; d < c.ndim; ++d)
      stride *= (c.shape[d] + c.chunks[d] - 1) / c.chunks[d];
    for (int64_t i = 0; i < v->nchunks; ++i)
      for (int64_t j = i + 1; j < v->nchunks; ++j) {
        const bridge_chunk &upper = v->chunks[i], &lower = v->chunks[j];
        if (lower.index != upper.index + stride ||
            lower.start[c.axis] != upper.start[c.axis] + c.chunks[c.axis])
          continue;
        // Stored slab t of each chunk at position `o` of the axes before
        // the axis, `x` of those after it.
        auto at = [&](const bridge_chunk &k, int64_t o, int64_t t, int64_t x) {
          int64_t slab = 1;
          for (int d = c.axis + 1; d < BRIDGE_MAX_DIMS; ++d)
            slab *= k.shape[d];
          int64_t pitch = bridge_rt_dist_chunk_pitch(h, k.index);
          return static_cast<double *>(k.data) + (o * pitch + t) * slab + x;
        };
        int64_t outer = 1, slab = 1;
        for (int d = 0; d < BRIDGE_MAX_DIMS; ++d) {
          if (d < c.axis)
            outer *= upper.shape[d];
          else if (d > c.axis)
            slab *= upper.shape[d];
        }
        int64_t interior = upper.shape[c.axis] - 2 * c.width;
        for (int64_t o = 0; o < outer; ++o)
          for (int64_t t = 0; t < c.width; ++t)
            for (int64_t x = 0; x < slab; ++x)
              EXPECT_EQ(at(upper, o, interior + c.width + t, x),
                        at(lower, o, c.width + t, x))
                  << "chunks " << upper.index << ", " << lower.index;
        ++shared;
      }
    // With one rank, every pair of neighbours shares.
    if (bridge_rt_size() == 1) {
      EXPECT_GT(shared, 0);
    }
    bridge_rt_dist_destroy(h);
  };
  marginsAreNeighbours({BRIDGE_F64, 1, 0, {40, 1, 1, 1}, {3, 1, 1, 1}, 2});
  marginsAreNeighbours({BRIDGE_F64, 2, 0, {40, 6, 1, 1}, {7, 6, 1, 1}, 3});
  // Lines of chunks, the last one narrower: each line's chunks on a rank are
  // one block.
  marginsAreNeighbours({BRIDGE_F64, 2, 0, {40, 7, 1, 1}, {4, 3, 1, 1}, 2});
  marginsAreNeighbours({BRIDGE_F64, 2, 1, {7, 40, 1, 1}, {3, 4, 1, 1}, 2});
  marginsAreNeighbours({BRIDGE_F64, 3, 1, {5, 30, 4, 1}, {2, 4, 3, 1}, 1});
  marginsAreNeighbours({BRIDGE_F64, 3, 2, {5, 4, 30, 1}, {2, 3, 7, 1}, 3});
}
