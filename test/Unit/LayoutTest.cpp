//===- LayoutTest.cpp - Chunk geometry of bridge/layout at its edges -------===//
//
// Each expectation comes from an independent route: 128-bit arithmetic for
// counts and bounds, brute-force search for the chunk of a coordinate and the
// owner of a chunk. The pad modes are checked against NumPy itself by
// pad-numpy.test.
//
//===----------------------------------------------------------------------===//

#include "bridge/layout/AffineRun.h"
#include "bridge/layout/Balanced.h"
#include "bridge/layout/ChunkCount.h"
#include "bridge/layout/Grid.h"
#include "bridge/layout/Npy.h"
#include "bridge/layout/Pad.h"
#include "bridge/layout/Placement.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits.h>
#include <stdint.h>
#include <string>
#include <vector>

using namespace bridge::layout;

namespace {

const int64_t kMax = INT64_MAX;

int64_t ceilDiv128(int64_t extent, int64_t chunk) {
  return int64_t((__int128(extent) + chunk - 1) / chunk);
}

/// The chunk of `t` holding x, found by walking every chunk.
int64_t findByWalking(const Tiling &t, int64_t x) {
  for (int64_t k = 0; k < t.count; ++k)
    if (t.begin(k) <= x && x < t.end(k))
      return k;
  return -1;
}

/// Checks that the chunks of `t` tile [0, extent) in order.
void checkTiles(const Tiling &t) {
  int64_t at = 0;
  for (int64_t k = 0; k < t.count; ++k) {
    ASSERT_EQ(t.begin(k), at) << "chunk " << k;
    ASSERT_GE(t.end(k), t.begin(k)) << "chunk " << k;
    at = t.end(k);
  }
  EXPECT_EQ(at, t.extent);
}

} // namespace

TEST(Layout, ChunkCountNearTheLimit) {
  for (int64_t extent : {int64_t(0), int64_t(1), int64_t(7), kMax - 1, kMax})
    for (int64_t chunk : {int64_t(1), int64_t(2), int64_t(3), int64_t(1) << 62,
                          kMax - 1, kMax})
      EXPECT_EQ(chunkCount(extent, chunk), ceilDiv128(extent, chunk))
          << extent << " / " << chunk;
  EXPECT_EQ(chunkCount(kMax, 1), kMax);
  EXPECT_EQ(chunkCount(kMax, kMax), 1);
  EXPECT_EQ(chunkCount(0, kMax), 0);
}

TEST(Layout, GridSizeReportsOverflow) {
  int64_t size = -1;
  const int64_t fits[2] = {3037000499, 3037000499}; // 2^63 - 4e9ish.
  ASSERT_TRUE(gridSize(2, fits, &size));
  EXPECT_EQ(size, int64_t(__int128(3037000499) * 3037000499));
  const int64_t over[2] = {3037000500, 3037000500};
  EXPECT_FALSE(gridSize(2, over, &size));
  const int64_t wide[4] = {kMax, 2, 1, 1};
  EXPECT_FALSE(gridSize(4, wide, &size));
  // A zero count empties the grid, however large the others.
  const int64_t empty[3] = {kMax, kMax, 0};
  ASSERT_TRUE(gridSize(3, empty, &size));
  EXPECT_EQ(size, 0);
  ASSERT_TRUE(gridSize(0, nullptr, &size));
  EXPECT_EQ(size, 1);

  const int64_t shape[2] = {int64_t(1) << 40, int64_t(1) << 40};
  const int64_t ones[2] = {1, 1}, coarse[2] = {1 << 10, 1 << 10};
  EXPECT_FALSE(regularGridSize(2, shape, ones, &size));
  ASSERT_TRUE(regularGridSize(2, shape, coarse, &size));
  EXPECT_EQ(size, int64_t(1) << 60);
  const int64_t emptyShape[2] = {0, kMax};
  ASSERT_TRUE(regularGridSize(2, emptyShape, ones, &size));
  EXPECT_EQ(size, 0);
}

TEST(Layout, RegularTilings) {
  for (int64_t extent : {0, 1, 2, 9, 10, 11, 64})
    for (int64_t chunk : {1, 2, 3, 10, 100}) {
      SCOPED_TRACE(testing::Message() << extent << " by " << chunk);
      Tiling t = Tiling::regular(extent, chunk);
      EXPECT_EQ(t.count, ceilDiv128(extent, chunk));
      checkTiles(t);
      for (int64_t k = 0; k < t.count; ++k)
        EXPECT_GT(t.size(k), 0);
      for (int64_t x = 0; x < extent; ++x)
        ASSERT_EQ(t.find(x), findByWalking(t, x)) << "x " << x;
    }
  // The last chunk near 2^63 is clipped without overflow.
  Tiling t = Tiling::regular(kMax, int64_t(1) << 62);
  ASSERT_EQ(t.count, 2);
  EXPECT_EQ(t.begin(1), int64_t(1) << 62);
  EXPECT_EQ(t.end(1), kMax);
  EXPECT_EQ(t.find(kMax - 1), 1);
  EXPECT_EQ(t.find((int64_t(1) << 62) - 1), 0);
  Tiling whole = Tiling::regular(kMax, kMax);
  EXPECT_EQ(whole.count, 1);
  EXPECT_EQ(whole.end(0), kMax);
}

TEST(Layout, BalancedSlabs) {
  for (int64_t extent : {0, 1, 2, 3, 7, 10, 100})
    for (int64_t count : {1, 2, 3, 4, 7, 64}) {
      SCOPED_TRACE(testing::Message() << extent << " in " << count);
      Tiling t = Tiling::slabs(extent, count);
      checkTiles(t);
      int64_t smallest = kMax, largest = 0;
      for (int64_t k = 0; k < count; ++k) {
        EXPECT_EQ(t.begin(k), int64_t(__int128(extent) * k / count));
        smallest = std::min(smallest, t.size(k));
        largest = std::max(largest, t.size(k));
      }
      EXPECT_LE(largest - smallest, 1);
      for (int64_t x = 0; x < extent; ++x)
        ASSERT_EQ(t.find(x), findByWalking(t, x)) << "x " << x;
    }
  // Fewer rows than slabs: N = 2 over 5 gives bounds 0 0 0 1 1 2.
  Tiling few = Tiling::slabs(2, 5);
  EXPECT_EQ(few.size(0), 0);
  EXPECT_EQ(few.size(1), 0);
  EXPECT_EQ(few.size(2), 1);
  EXPECT_EQ(few.size(3), 0);
  EXPECT_EQ(few.size(4), 1);
  EXPECT_EQ(few.find(0), 2);
  EXPECT_EQ(few.find(1), 4);
  // Huge extents: N * k needs 128 bits.
  for (int64_t count : {int64_t(3), int64_t(7), int64_t(65537),
                        int64_t(INT32_MAX)}) {
    Tiling t = Tiling::slabs(kMax, count);
    for (int64_t k : {int64_t(1), count / 2, count - 1}) {
      int64_t b = int64_t(__int128(kMax) * k / count);
      ASSERT_EQ(t.begin(k), b);
      EXPECT_EQ(t.find(b), k);
      EXPECT_EQ(t.find(b - 1), k - 1);
    }
    EXPECT_EQ(t.end(count - 1), kMax);
    EXPECT_EQ(t.find(kMax - 1), count - 1);
  }
}

TEST(Layout, BalancedPartIsTheRunOfAnItem) {
  for (int64_t total : {1, 2, 5, 13, 100})
    for (int64_t parts : {1, 2, 3, 7, 200})
      for (int64_t item = 0; item < total; ++item) {
        int64_t r = balancedPart(item, total, parts);
        ASSERT_LE(balancedBound(total, r, parts), item);
        ASSERT_GT(balancedBound(total, r + 1, parts), item);
      }
}

TEST(Layout, GridCoordinatesAndBoxes) {
  const int64_t shape[3] = {7, 5, 4}, chunks[3] = {3, 2, 4};
  Grid g;
  ASSERT_TRUE(makeRegularGrid(3, shape, chunks, &g));
  ASSERT_EQ(g.nchunks, 3 * 3 * 1);
  // Nested loops enumerate row-major order independently of the division.
  int64_t chunk = 0;
  for (int64_t a = 0; a < 3; ++a)
    for (int64_t b = 0; b < 3; ++b, ++chunk) {
      int64_t at[kMaxDims], start[kMaxDims], extent[kMaxDims];
      g.coords(chunk, at);
      EXPECT_EQ(at[0], a);
      EXPECT_EQ(at[1], b);
      EXPECT_EQ(at[2], 0);
      EXPECT_EQ(at[3], 0);
      EXPECT_EQ(g.index(at), chunk);
      g.box(chunk, start, extent);
      EXPECT_EQ(start[0], 3 * a);
      EXPECT_EQ(extent[0], std::min<int64_t>(3, 7 - 3 * a));
      EXPECT_EQ(start[1], 2 * b);
      EXPECT_EQ(extent[1], std::min<int64_t>(2, 5 - 2 * b));
      EXPECT_EQ(start[2], 0);
      EXPECT_EQ(extent[2], 4);
      EXPECT_EQ(start[3], 0); // Unused dimensions: one element.
      EXPECT_EQ(extent[3], 1);
    }
  // next() walks the same order from any chunk, back to the first after
  // the last.
  for (int64_t from = 0; from < g.nchunks; ++from) {
    int64_t walked[kMaxDims], at[kMaxDims];
    g.coords(from, walked);
    for (int64_t step = 1; step <= g.nchunks; ++step) {
      g.next(walked);
      g.coords((from + step) % g.nchunks, at);
      for (int d = 0; d < kMaxDims; ++d)
        ASSERT_EQ(walked[d], at[d]) << "from " << from << " step " << step;
    }
  }
  // Every element lies in the box of the chunk find() names.
  for (int64_t x = 0; x < 7; ++x)
    for (int64_t y = 0; y < 5; ++y)
      for (int64_t z = 0; z < 4; ++z) {
        int64_t at[3] = {x, y, z}, start[kMaxDims], extent[kMaxDims];
        g.box(g.find(at), start, extent);
        for (int d = 0; d < 3; ++d) {
          ASSERT_LE(start[d], at[d]);
          ASSERT_LT(at[d], start[d] + extent[d]);
        }
      }
  const int64_t huge[2] = {int64_t(1) << 40, int64_t(1) << 40},
                ones[2] = {1, 1};
  EXPECT_FALSE(makeRegularGrid(2, huge, ones, &g));
}

TEST(Layout, EmptyAxes) {
  const int64_t shape[2] = {0, 5}, chunks[2] = {4, 2};
  Grid g;
  ASSERT_TRUE(makeRegularGrid(2, shape, chunks, &g));
  EXPECT_EQ(g.nchunks, 0);
  EXPECT_EQ(g.axes[1].count, 3);
  // A block layout keeps one (empty) chunk along an empty axis.
  const int64_t flat[2] = {6, 0};
  Grid b = makeBlockGrid(2, flat, 4);
  ASSERT_EQ(b.nchunks, 4);
  for (int64_t c = 0; c < 4; ++c) {
    int64_t start[kMaxDims], extent[kMaxDims];
    b.box(c, start, extent);
    EXPECT_EQ(extent[1], 0);
  }
}

TEST(Layout, BlockSlabsWithFewerRowsThanRanks) {
  const int64_t shape[2] = {3, 4};
  Grid g = makeBlockGrid(2, shape, 5);
  ASSERT_EQ(g.nchunks, 5);
  int64_t rows = 0;
  for (int64_t c = 0; c < 5; ++c) {
    int64_t start[kMaxDims], extent[kMaxDims];
    g.box(c, start, extent);
    EXPECT_EQ(start[0], 3 * c / 5);
    EXPECT_EQ(extent[0], 3 * (c + 1) / 5 - 3 * c / 5);
    EXPECT_EQ(start[1], 0);
    EXPECT_EQ(extent[1], 4);
    rows += extent[0];
    int64_t lo, hi;
    ownedRange(Placement::Block, g.nchunks, int32_t(c), 5, &lo, &hi);
    EXPECT_EQ(lo, c);
    EXPECT_EQ(hi, c + 1);
    EXPECT_EQ(chunkOwner(Placement::Block, c, g.nchunks, 5), c);
  }
  EXPECT_EQ(rows, 3);
}

TEST(Layout, ContiguousPlacementWithMoreRanksThanChunks) {
  for (int64_t n : {0, 1, 2, 3, 10})
    for (int32_t p : {1, 2, 4, 7, 64}) {
      std::vector<int32_t> owner(size_t(n), -1);
      int64_t next = 0;
      for (int32_t r = 0; r < p; ++r) {
        int64_t lo, hi;
        ownedRange(Placement::Contiguous, n, r, p, &lo, &hi);
        ASSERT_EQ(lo, next) << "the ranges tile the grid in rank order";
        ASSERT_LE(hi - lo, (n + p - 1) / p);
        for (int64_t c = lo; c < hi; ++c)
          owner[size_t(c)] = r;
        next = hi;
      }
      ASSERT_EQ(next, n);
      for (int64_t c = 0; c < n; ++c)
        ASSERT_EQ(chunkOwner(Placement::Contiguous, c, n, p), owner[size_t(c)])
            << "chunk " << c << " of " << n << " on " << p;
    }
  // The extreme grid over the most ranks.
  for (int32_t r : {1, 2, INT32_MAX / 2, INT32_MAX - 1}) {
    int64_t lo, hi;
    ownedRange(Placement::Contiguous, kMax, r, INT32_MAX, &lo, &hi);
    EXPECT_EQ(lo, int64_t(__int128(kMax) * r / INT32_MAX));
    EXPECT_EQ(chunkOwner(Placement::Contiguous, lo, kMax, INT32_MAX), r);
    EXPECT_EQ(chunkOwner(Placement::Contiguous, lo - 1, kMax, INT32_MAX),
              r - 1);
  }
}

TEST(Layout, PadSourceForHugeAxes) {
  // Axes near 2^63: the periods 2n and 2n - 2 exceed int64_t.
  const int64_t n = kMax;
  EXPECT_EQ(padSource(-1, n, PadMode::Symmetric), 0);
  EXPECT_EQ(padSource(n, n, PadMode::Symmetric), n - 1);
  EXPECT_EQ(padSource(-1, n, PadMode::Reflect), 1);
  EXPECT_EQ(padSource(n, n, PadMode::Reflect), n - 2);
  EXPECT_EQ(padSource(-1, n, PadMode::Wrap), n - 1);
  EXPECT_EQ(padSource(-2, n, PadMode::Edge), 0);
  EXPECT_EQ(padSource(-5, n, PadMode::Constant), -1);
  // Coordinates as far out as int64_t goes stay inside the axis.
  for (PadMode mode : {PadMode::Edge, PadMode::Symmetric, PadMode::Reflect,
                       PadMode::Wrap})
    for (int64_t len : {int64_t(1), int64_t(2), int64_t(3), kMax / 2, kMax})
      for (int64_t t : {int64_t(INT64_MIN), int64_t(INT64_MIN + 1), kMax}) {
        int64_t s = padSource(t, len, mode);
        EXPECT_GE(s, 0);
        EXPECT_LT(s, len);
      }
  // A wrap of INT64_MIN: -2^63 mod 3 is 1.
  EXPECT_EQ(padSource(INT64_MIN, 3, PadMode::Wrap), 1);
}

TEST(Layout, PadModeNames) {
  PadMode mode;
  ASSERT_TRUE(padModeNamed("reflect", &mode));
  EXPECT_EQ(mode, PadMode::Reflect);
  ASSERT_TRUE(padModeNamed("constant", &mode));
  EXPECT_EQ(mode, PadMode::Constant);
  EXPECT_FALSE(padModeNamed("mirror", &mode));
  EXPECT_FALSE(padModeNamed("", &mode));
}

TEST(Layout, AffineRunsAgreeWithWalking) {
  for (Tiling source : {Tiling::regular(23, 4), Tiling::regular(23, 1),
                        Tiling::slabs(23, 5), Tiling::slabs(3, 7)})
    for (int64_t step : {1, 2, 3, 9})
      for (int64_t offset : {0, 1, 2}) {
        // Destination coordinates whose source lies inside the tiling.
        int64_t limit = (source.extent - offset + step - 1) / step;
        for (int64_t t = 0; t < limit;) {
          AffineRun run = affineRunAt(source, offset, step, t, limit);
          int64_t k = findByWalking(source, offset + step * t);
          ASSERT_EQ(run.chunk, k);
          ASSERT_GT(run.end, t);
          for (int64_t u = t; u < run.end; ++u)
            ASSERT_EQ(findByWalking(source, offset + step * u), k);
          if (run.end < limit) {
            ASSERT_NE(findByWalking(source, offset + step * run.end), k);
          }
          t = run.end;
        }
      }
  // An offset far below zero with a large step stays exact.
  Tiling big = Tiling::regular(kMax, int64_t(1) << 60);
  int64_t step = int64_t(1) << 59, offset = -(int64_t(1) << 62);
  AffineRun run = affineRunAt(big, offset, step, 8, kMax);
  EXPECT_EQ(run.chunk, 0);
  EXPECT_EQ(run.end, 10); // offset + step * 10 = 2^60, chunk 1's start.
}

TEST(Layout, BackwardAffineRunsAgreeWithWalking) {
  // A flip reads from the last coordinate down.
  for (Tiling source : {Tiling::regular(23, 4), Tiling::regular(23, 1),
                        Tiling::slabs(23, 5), Tiling::slabs(3, 7)})
    for (int64_t step : {-1, -2, -3, -9})
      for (int64_t back : {0, 1, 2}) {
        int64_t offset = source.extent - 1 - back;
        int64_t limit = offset / -step + 1;
        for (int64_t t = 0; t < limit;) {
          AffineRun run = affineRunAt(source, offset, step, t, limit);
          int64_t k = findByWalking(source, offset + step * t);
          ASSERT_EQ(run.chunk, k);
          ASSERT_GT(run.end, t);
          for (int64_t u = t; u < run.end; ++u)
            ASSERT_EQ(findByWalking(source, offset + step * u), k);
          if (run.end < limit) {
            ASSERT_NE(findByWalking(source, offset + step * run.end), k);
          }
          t = run.end;
        }
      }
}

TEST(Layout, AffineRunOfStepZeroRepeatsOneCoordinate) {
  // A broadcast's replicas: every destination coordinate reads source 9.
  AffineRun run = affineRunAt(Tiling::regular(23, 4), 9, 0, 3, 40);
  EXPECT_EQ(run.chunk, 2);
  EXPECT_EQ(run.end, 40);
}

TEST(Layout, NpyHeaderAsNumPyWritesIt) {
  // numpy.save of a (3, 4) float64 array starts with these 128 bytes.
  std::string numpy = std::string("\x93NUMPY\x01\x00\x76\x00", 10) +
                      "{'descr': '<f8', 'fortran_order': False, "
                      "'shape': (3, 4), }";
  numpy += std::string(127 - numpy.size(), ' ') + "\n";
  char out[256];
  const int64_t shape[2] = {3, 4};
  ASSERT_EQ(writeNpyHeader(NpyType::F64, 2, shape, out, sizeof(out)), 128);
  EXPECT_EQ(std::string(out, 128), numpy);
  EXPECT_EQ(writeNpyHeader(NpyType::F64, 2, shape, out, 127), 0);

  NpyPreamble preamble;
  NpyError error;
  ASSERT_TRUE(parseNpyPreamble(reinterpret_cast<const unsigned char *>(out),
                               1000, &preamble, &error));
  EXPECT_EQ(preamble.dictOffset, 10);
  EXPECT_EQ(preamble.dictBytes, 118);
  NpyHeader header;
  ASSERT_TRUE(parseNpyDict(out + 10, 118, &header, &error)) << error.text;
  EXPECT_EQ(header.type, NpyType::F64);
  ASSERT_EQ(header.ndim, 2);
  EXPECT_EQ(header.shape[0], 3);
  EXPECT_EQ(header.shape[1], 4);
}

TEST(Layout, NpyPreambleOfLaterVersions) {
  // Versions 2.0 and 3.0 give the dictionary's length in 4 bytes.
  const unsigned char v3[12] = {0x93, 'N', 'U', 'M', 'P', 'Y', 3, 0,
                                0x10, 0x00, 0x01, 0x00};
  NpyPreamble preamble;
  NpyError error;
  ASSERT_TRUE(parseNpyPreamble(v3, 12 + 0x10010, &preamble, &error));
  EXPECT_EQ(preamble.dictOffset, 12);
  EXPECT_EQ(preamble.dictBytes, 0x10010);
  EXPECT_FALSE(parseNpyPreamble(v3, 12 + 0x1000f, &preamble, &error));
  EXPECT_STREQ(error.text, "the file is truncated inside its header");
}

TEST(Layout, NpyShapeSpelling) {
  char text[64];
  const int64_t shape[3] = {5, 12, 7};
  formatNpyShape(1, shape, text, sizeof(text));
  EXPECT_STREQ(text, "(5,)");
  formatNpyShape(3, shape, text, sizeof(text));
  EXPECT_STREQ(text, "(5, 12, 7)");
  formatNpyShape(0, shape, text, sizeof(text));
  EXPECT_STREQ(text, "()");
  // Too small a buffer truncates, NUL-terminated.
  formatNpyShape(3, shape, text, 6);
  EXPECT_STREQ(text, "(5, 1");
}
