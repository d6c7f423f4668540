//===- ModelTest.cpp - The placement model against chunk-by-chunk counting ===//
//
// PlacementModel counts a rank's traffic box against box in closed form. The
// oracle here walks every chunk, every run of a move and every padded row of
// a halo, as the runtime does, and records each transfer; on many small
// random plans both must agree on every rank's figures, every step's bytes
// and every pair of ranks.
//
//===----------------------------------------------------------------------===//
#include "bridge/plan.h"

#include "bridge/layout/AffineRun.h"
#include "bridge/layout/ChunkRun.h"
#include "bridge/layout/CombineTree.h"
#include "bridge/layout/Grid.h"
#include "bridge/layout/Pad.h"
#include "bridge/layout/Placement.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

using namespace bridge::plan;
namespace layout = bridge::layout;

namespace {

/// Every chunk, every transfer: what the model must equal.
struct Oracle {
  const Plan &plan;
  int ranks;
  std::vector<layout::Grid> grids;
  std::vector<layout::Placement> placements;
  std::vector<RankModel> perRank;
  std::map<std::tuple<int, int, int>, int64_t> pairs; // (step, from, to)

  Oracle(const Plan &plan, int ranks) : plan(plan), ranks(ranks) {
    for (const Array &a : plan.arrays) {
      layout::Grid grid;
      int32_t ndim = int32_t(a.shape.size());
      if (a.block)
        grid = layout::makeBlockGrid(ndim, a.shape.data(), ranks);
      else
        EXPECT_TRUE(layout::makeRegularGrid(ndim, a.shape.data(),
                                            a.chunks.data(), &grid));
      grids.push_back(grid);
      placements.push_back(a.block ? layout::Placement::Block
                                   : layout::Placement::Contiguous);
    }
    perRank.resize(ranks);
    for (RankModel &m : perRank) {
      m.stepIn.assign(plan.steps.size(), 0);
      m.stepOut.assign(plan.steps.size(), 0);
    }
    run();
  }

  int owner(int id, int64_t chunk) const {
    return layout::chunkOwner(placements[id], chunk, grids[id].nchunks, ranks);
  }
  int64_t stored(int id, int64_t chunk) const {
    int64_t start[layout::kMaxDims], extent[layout::kMaxDims];
    grids[id].box(chunk, start, extent);
    const Array &a = plan.arrays[id];
    int64_t n = 1;
    for (int32_t d = 0; d < grids[id].ndim; ++d)
      n *= extent[d] + (d == a.haloAxis ? 2 * a.haloWidth : 0);
    return n;
  }
  /// Elements each rank stores of array `id`: each chunk with its margins;
  /// but a halo keeps a rank's chunks of each line of chunks along its axis
  /// as one run, with margins at the run's two ends.
  std::vector<int64_t> storedOnRanks(int id) const {
    const Array &a = plan.arrays[id];
    const layout::Grid &g = grids[id];
    bool runs = a.haloAxis >= 0 && !a.block;
    for (int32_t d = 0; d < g.ndim; ++d)
      runs = runs && a.shape[d] > 0;
    std::vector<int64_t> n(ranks, 0);
    std::vector<std::set<std::pair<int64_t, int64_t>>> lines(ranks);
    int64_t stride = 1;
    for (int32_t d = a.haloAxis + 1; d < g.ndim; ++d)
      stride *= g.axes[d].count;
    for (int64_t k = 0; k < g.nchunks; ++k) {
      int64_t start[layout::kMaxDims], extent[layout::kMaxDims];
      g.box(k, start, extent);
      int64_t slab = 1;
      for (int32_t d = 0; d < g.ndim; ++d)
        if (d != a.haloAxis)
          slab *= extent[d];
      int r = owner(id, k);
      n[r] += stored(id, k);
      if (runs) {
        n[r] -= 2 * a.haloWidth * slab;
        int64_t line = k / (stride * g.axes[a.haloAxis].count);
        if (lines[r].insert({line, k % stride}).second)
          n[r] += 2 * a.haloWidth * slab;
      }
    }
    return n;
  }
  std::vector<int64_t> held(int id) const {
    std::vector<int64_t> bytes = storedOnRanks(id);
    for (int64_t &b : bytes)
      b *= plan.arrays[id].elementBytes;
    return bytes;
  }
  void send(int step, int from, int to, int64_t bytes) {
    if (from == to || bytes == 0)
      return;
    perRank[from].stepOut[step] += bytes;
    perRank[to].stepIn[step] += bytes;
    pairs[{step, from, to}] += bytes;
  }

  void move(int step, const Step &s) {
    int src = s.inputs[0], dst = s.outputs[0];
    const layout::Grid &from = grids[src], &to = grids[dst];
    for (int64_t k = 0; k < to.nchunks; ++k) {
      int64_t c[layout::kMaxDims];
      to.coords(k, c);
      // Runs per dimension: (source chunk, length).
      std::vector<std::vector<std::pair<int64_t, int64_t>>> runs(to.ndim);
      for (int32_t d = 0; d < to.ndim; ++d) {
        const AxisMap &m = s.maps[d];
        int64_t t0 = std::max(to.axes[d].begin(c[d]), m.lo);
        int64_t t1 = std::min(to.axes[d].end(c[d]), m.hi);
        for (int64_t t = t0; t < t1;) {
          layout::AffineRun run = layout::affineRunAt(
              from.axes[m.srcDim], m.offset, m.step, t, t1);
          runs[d].push_back({run.chunk, run.end - t});
          t = run.end;
        }
      }
      std::vector<size_t> pick(to.ndim, 0);
      bool empty = false;
      for (auto &r : runs)
        empty |= r.empty();
      while (!empty) {
        int64_t at[layout::kMaxDims] = {0, 0, 0, 0}, count = 1;
        for (int32_t d = 0; d < to.ndim; ++d) {
          at[s.maps[d].srcDim] = runs[d][pick[d]].first;
          count *= runs[d][pick[d]].second;
        }
        send(step, owner(src, from.index(at)), owner(dst, k),
             count * plan.arrays[dst].elementBytes);
        int32_t d = to.ndim;
        while (d > 0 && ++pick[d - 1] == runs[d - 1].size())
          pick[--d] = 0;
        if (d == 0)
          break;
      }
    }
  }

  void halo(int step, const Step &s) {
    int src = s.inputs[0];
    const Array &a = plan.arrays[s.outputs[0]];
    if (a.haloAxis < 0)
      return;
    const layout::Grid &g = grids[src];
    layout::PadMode mode;
    ASSERT_TRUE(layout::padModeNamed(s.label.c_str(), &mode));
    int32_t axis = a.haloAxis;
    for (int64_t k = 0; k < g.nchunks; ++k) {
      int64_t c[layout::kMaxDims], start[layout::kMaxDims],
          extent[layout::kMaxDims];
      g.coords(k, c);
      g.box(k, start, extent);
      int64_t row = a.elementBytes;
      for (int32_t d = 0; d < g.ndim; ++d)
        if (d != axis)
          row *= extent[d];
      int64_t lo = start[axis], hi = lo + extent[axis];
      auto read = [&](int64_t p) {
        int64_t q = layout::padSource(p, a.shape[axis], mode);
        if (q < 0)
          return;
        int64_t from[layout::kMaxDims];
        std::copy(c, c + layout::kMaxDims, from);
        from[axis] = g.axes[axis].find(q);
        send(step, owner(src, g.index(from)), owner(src, k), row);
      };
      for (int64_t p = lo - a.haloWidth; p < lo; ++p)
        read(p);
      for (int64_t p = hi; p < hi + a.haloWidth; ++p)
        read(p);
    }
  }

  /// Every unit kept: the source's elements, numbered chunk by chunk, each
  /// go to the owner of the result's chunk of the same number, after every
  /// rank told every other its count.
  void compact(int step, const Step &s) {
    int src = s.inputs[0], dst = s.outputs[0];
    const Array &out = plan.arrays[dst];
    int64_t row = 1;
    for (size_t d = 1; d < out.shape.size(); ++d)
      row *= out.shape[d];
    int64_t element = 0;
    for (int64_t k = 0; k < grids[src].nchunks; ++k)
      for (int64_t n = stored(src, k); n > 0; --n, ++element) {
        int64_t at[layout::kMaxDims] = {element / row, 0, 0, 0};
        send(step, owner(src, k), owner(dst, grids[dst].find(at)),
             out.elementBytes);
      }
    for (int r = 0; r < ranks; ++r)
      for (int q = 0; q < ranks; ++q)
        send(step, r, q, int64_t(sizeof(int64_t)));
  }

  void run() {
    std::vector<int64_t> live(ranks, 0);
    for (size_t i = 0; i < plan.steps.size(); ++i) {
      const Step &s = plan.steps[i];
      int step = int(i);
      std::vector<int64_t> buffers(ranks, 0);
      auto create = [&](int id) {
        std::vector<int64_t> bytes = held(id);
        for (int r = 0; r < ranks; ++r)
          live[r] += bytes[r];
      };
      switch (s.kind) {
      case StepKind::Alloc:
      case StepKind::Load:
        for (int id : s.outputs) {
          create(id);
          std::vector<int64_t> elements = storedOnRanks(id);
          for (int64_t k = 0; k < grids[id].nchunks; ++k)
            perRank[owner(id, k)].stats.chunks += 1;
          for (int r = 0; r < ranks; ++r)
            perRank[r].stats.elements += elements[r];
        }
        break;
      case StepKind::Halo:
        if (s.outputs != s.inputs)
          for (int id : s.outputs)
            create(id);
        halo(step, s);
        break;
      case StepKind::Free:
        for (int id : s.inputs) {
          std::vector<int64_t> bytes = held(id);
          for (int r = 0; r < ranks; ++r)
            live[r] -= bytes[r];
        }
        break;
      case StepKind::Move:
        move(step, s);
        break;
      case StepKind::Stage:
        for (int r = 0; r < ranks; ++r)
          buffers[r] =
              s.partials * layout::combineStackBound(s.chunks) * 8 + s.scratch;
        break;
      case StepKind::Combine: {
        // Every rank's sends along the tree (CombineTreeTest checks the tree
        // itself), then the root's broadcast.
        auto placement = layout::Placement::Contiguous;
        int64_t bytes = layout::combineValueBytes(s.partials);
        layout::CombineStep steps[layout::kMaxCombineSteps];
        for (int r = 0; r < ranks; ++r) {
          int32_t n = layout::combineSteps(placement, s.chunks, r, ranks, steps);
          for (int32_t i = 0; i < n; ++i)
            if (steps[i].kind == layout::CombineStepKind::Send)
              send(step, r, steps[i].peer, bytes);
        }
        int root = layout::combineRootOwner(placement, s.chunks, ranks);
        for (int r = 0; root >= 0 && r < ranks; ++r)
          send(step, root, r, bytes);
        break;
      }
      case StepKind::Fetch: {
        const layout::Grid &g = grids[s.inputs[0]];
        int64_t at[layout::kMaxDims] = {0, 0, 0, 0};
        for (int32_t d = 0; d < g.ndim; ++d)
          at[d] = g.axes[d].find(s.maps[d].lo);
        for (int r = 0; r < ranks; ++r)
          send(step, owner(s.inputs[0], g.index(at)), r,
               plan.arrays[s.inputs[0]].elementBytes);
        break;
      }
      case StepKind::Compact:
        compact(step, s);
        break;
      case StepKind::Save:
      case StepKind::Count: {
        // Every other rank's counters, one int64 per output element, to the
        // owner of its chunk.
        int dst = s.outputs[0];
        int64_t bytes = plan.arrays[dst].shape[0] * int64_t(sizeof(int64_t));
        for (int r = 0; r < ranks; ++r) {
          buffers[r] = bytes;
          send(step, r, owner(dst, 0), bytes);
        }
        break;
      }
      case StepKind::Call:
      case StepKind::Select:
        break;
      }
      for (int r = 0; r < ranks; ++r) {
        RankModel &m = perRank[r];
        m.stats.bytesIn += m.stepIn[i];
        m.stats.bytesOut += m.stepOut[i];
        m.stats.peakBytes =
            std::max(m.stats.peakBytes,
                     live[r] + buffers[r] + m.stepIn[i] + m.stepOut[i]);
      }
    }
  }
};

/// Checks the model of `plan` on `ranks` ranks against the oracle.
void expectSameAsOracle(const Plan &plan, int ranks, const std::string &what) {
  Oracle oracle(plan, ranks);
  PlacementModel model(plan, ranks);
  for (int r = 0; r < ranks; ++r) {
    RankModel m = model.rank(r);
    const RankModel &o = oracle.perRank[r];
    std::string where = what + ", rank " + std::to_string(r) + " of " +
                        std::to_string(ranks);
    EXPECT_EQ(m.stats.chunks, o.stats.chunks) << where;
    EXPECT_EQ(m.stats.elements, o.stats.elements) << where;
    EXPECT_EQ(m.stats.bytesIn, o.stats.bytesIn) << where;
    EXPECT_EQ(m.stats.bytesOut, o.stats.bytesOut) << where;
    EXPECT_EQ(m.stats.peakBytes, o.stats.peakBytes) << where;
    EXPECT_EQ(m.stepIn, o.stepIn) << where;
    EXPECT_EQ(m.stepOut, o.stepOut) << where;
    for (size_t i = 0; i < plan.steps.size(); ++i) {
      Sends sends = model.sends(int(i), r);
      std::map<int, int64_t> to;
      for (auto [q, bytes] : sends.to)
        to[q] += bytes;
      if (sends.toEveryOther)
        for (int q = 0; q < ranks; ++q)
          if (q != r)
            to[q] += sends.toEveryOther;
      std::map<int, int64_t> expected;
      for (auto it = oracle.pairs.lower_bound({int(i), r, 0});
           it != oracle.pairs.end() && std::get<0>(it->first) == int(i) &&
           std::get<1>(it->first) == r;
           ++it)
        expected[std::get<2>(it->first)] = it->second;
      EXPECT_EQ(to, expected) << where << ", step " << i;
    }
  }
}

Array array(std::vector<int64_t> shape, std::vector<int64_t> chunks,
            bool block = false, int haloAxis = -1, int64_t haloWidth = 0) {
  Array a;
  a.name = "a";
  a.shape = shape;
  a.chunks = chunks;
  a.block = block;
  a.haloAxis = haloAxis;
  a.haloWidth = haloWidth;
  return a;
}

Step step(StepKind kind, std::vector<int> in, std::vector<int> out) {
  Step s;
  s.kind = kind;
  s.inputs = in;
  s.outputs = out;
  return s;
}

TEST(Model, ChunkRunsSplitIntoBoxesThatCoverThem) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 300; ++trial) {
    int32_t ndim = 1 + int32_t(rng() % 4);
    int64_t shape[4], chunks[4];
    for (int32_t d = 0; d < ndim; ++d) {
      shape[d] = 1 + rng() % 9;
      chunks[d] = 1 + rng() % 4;
    }
    layout::Grid grid;
    ASSERT_TRUE(layout::makeRegularGrid(ndim, shape, chunks, &grid));
    int64_t a = rng() % (grid.nchunks + 1), b = rng() % (grid.nchunks + 1);
    if (a > b)
      std::swap(a, b);
    layout::ChunkBox boxes[layout::kMaxRunBoxes];
    int32_t n = layout::chunkRunBoxes(grid, a, b, boxes);
    std::vector<int64_t> covered;
    for (int32_t i = 0; i < n; ++i) {
      const layout::ChunkBox &box = boxes[i];
      for (int64_t k = 0; k < grid.nchunks; ++k) {
        int64_t c[layout::kMaxDims];
        grid.coords(k, c);
        bool inside = true;
        for (int32_t d = 0; d < layout::kMaxDims; ++d)
          inside &= c[d] >= box.lo[d] && c[d] < box.hi[d];
        if (inside)
          covered.push_back(k);
      }
    }
    std::sort(covered.begin(), covered.end());
    std::vector<int64_t> expected;
    for (int64_t k = a; k < b; ++k)
      expected.push_back(k);
    EXPECT_EQ(covered, expected) << "run [" << a << ", " << b << ")";
  }
}

TEST(Model, AffinePreimageInvertsTheRead) {
  for (int64_t offset : {-7, -1, 0, 3, 10})
    for (int64_t stride : {-3, -2, -1, 0, 1, 2, 3}) // 0: a broadcast's replica; < 0: a flip
      for (int64_t lo = -5; lo < 12; ++lo)
        for (int64_t hi = lo; hi < 14; ++hi) {
          int64_t tlo, thi;
          layout::affinePreimage(offset, stride, lo, hi, &tlo, &thi);
          for (int64_t t = -20; t < 20; ++t) {
            int64_t x = offset + stride * t;
            EXPECT_EQ(t >= tlo && t < thi, x >= lo && x < hi)
                << offset << " + " << stride << " * " << t << " in [" << lo
                << ", " << hi << ")";
          }
        }
}

TEST(Model, RandomMovesMatchTheOracle) {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 150; ++trial) {
    Plan plan;
    int32_t ndim = 1 + int32_t(rng() % 3);
    std::vector<int64_t> shape, chunks, dstShape, dstChunks;
    for (int32_t d = 0; d < ndim; ++d) {
      shape.push_back(1 + rng() % 13);
      chunks.push_back(1 + rng() % 5);
    }
    // The destination reads source dimension perm[d] at offset + step * t.
    std::vector<int> perm(ndim);
    for (int32_t d = 0; d < ndim; ++d)
      perm[d] = d;
    std::shuffle(perm.begin(), perm.end(), rng);
    Step move = step(StepKind::Move, {0}, {1});
    for (int32_t d = 0; d < ndim; ++d) {
      int64_t n = shape[perm[d]];
      int64_t stride = 1 + rng() % 2, start = rng() % n;
      int64_t count = (n - start + stride - 1) / stride;
      int64_t pad = rng() % 3; // destination elements the move leaves alone
      dstShape.push_back(count + pad);
      dstChunks.push_back(1 + rng() % 5);
      move.maps.push_back({perm[d], start - stride * pad, stride, pad,
                           pad + count});
    }
    bool block = rng() % 4 == 0;
    plan.arrays.push_back(array(shape, chunks));
    plan.arrays.push_back(array(dstShape, dstChunks, block));
    plan.steps.push_back(step(StepKind::Alloc, {}, {0}));
    plan.steps.push_back(step(StepKind::Alloc, {}, {1}));
    plan.steps.push_back(move);
    plan.steps.push_back(step(StepKind::Free, {0}, {}));
    for (int ranks : {1, 2, 3, 5, 8})
      expectSameAsOracle(plan, ranks, "move trial " + std::to_string(trial));
  }
}

TEST(Model, MovesThatDropASourceDimensionReadItsFirstChunk) {
  Plan plan;
  plan.arrays.push_back(array({6, 9}, {2, 4}));
  plan.arrays.push_back(array({9}, {2}));
  plan.steps.push_back(step(StepKind::Alloc, {}, {0}));
  plan.steps.push_back(step(StepKind::Alloc, {}, {1}));
  Step move = step(StepKind::Move, {0}, {1});
  move.maps.push_back({1, 0, 1, 0, 9});
  plan.steps.push_back(move);
  for (int ranks : {1, 2, 3, 4, 7})
    expectSameAsOracle(plan, ranks, "dropped dimension");
}

TEST(Model, RandomHalosMatchTheOracle) {
  static const char *const kModes[] = {"edge", "symmetric", "reflect", "wrap",
                                       "constant"};
  std::mt19937 rng(13);
  for (int trial = 0; trial < 200; ++trial) {
    int32_t ndim = 1 + int32_t(rng() % 3);
    std::vector<int64_t> shape, chunks;
    for (int32_t d = 0; d < ndim; ++d) {
      shape.push_back(1 + rng() % 17);
      chunks.push_back(1 + rng() % 6);
    }
    int axis = int(rng() % ndim);
    int64_t width = rng() % 5;
    bool block = rng() % 3 == 0;
    Plan plan;
    plan.arrays.push_back(array(shape, chunks, block));
    plan.arrays.push_back(
        array(shape, chunks, block, width ? axis : -1, width));
    plan.steps.push_back(step(StepKind::Alloc, {}, {0}));
    Step halo = step(StepKind::Halo, {0}, {1});
    halo.label = kModes[rng() % 5];
    plan.steps.push_back(halo);
    plan.steps.push_back(step(StepKind::Free, {0}, {}));
    plan.steps.push_back(step(StepKind::Free, {1}, {}));
    for (int ranks : {1, 2, 3, 4, 6, 9})
      expectSameAsOracle(plan, ranks,
                         "halo trial " + std::to_string(trial) + " (" +
                             halo.label + ", width " + std::to_string(width) +
                             ")");
    // The same halo filled in place: the array allocated with its margins.
    if (block || !width)
      continue;
    Plan inPlace;
    inPlace.arrays.push_back(plan.arrays[1]);
    inPlace.steps.push_back(step(StepKind::Alloc, {}, {0}));
    Step fill = step(StepKind::Halo, {0}, {0});
    fill.label = halo.label;
    inPlace.steps.push_back(fill);
    inPlace.steps.push_back(step(StepKind::Free, {0}, {}));
    for (int ranks : {1, 2, 3, 4, 6, 9})
      expectSameAsOracle(inPlace, ranks,
                         "in-place halo trial " + std::to_string(trial));
  }
}

TEST(Model, ReductionsAndFetchesMatchTheOracle) {
  Plan plan;
  plan.arrays.push_back(array({100, 3}, {7, 2}));
  plan.steps.push_back(step(StepKind::Alloc, {}, {0}));
  Step stage = step(StepKind::Stage, {0}, {});
  stage.partials = 2;
  stage.chunks = 30;
  stage.scratch = 7 * 2 * 8;
  plan.steps.push_back(stage);
  Step combine = step(StepKind::Combine, {}, {});
  combine.partials = 2;
  combine.chunks = 30;
  plan.steps.push_back(combine);
  Step fetch = step(StepKind::Fetch, {0}, {});
  fetch.maps = {{0, 0, 1, 57, 57}, {0, 0, 1, 2, 2}};
  plan.steps.push_back(fetch);
  plan.steps.push_back(step(StepKind::Free, {0}, {}));
  for (int ranks : {1, 2, 3, 4, 31, 40})
    expectSameAsOracle(plan, ranks, "reduction");
}

TEST(Model, StorageForOneChunkCountsInEveryRanksPeak) {
  // A stage that consumes an operand chunk by chunk holds one chunk of it on
  // each rank, beside the arrays that live.
  Plan plan;
  plan.arrays.push_back(array({100}, {10}));
  plan.steps.push_back(step(StepKind::Alloc, {}, {0}));
  Step stage = step(StepKind::Stage, {0}, {});
  stage.scratch = 10'000;
  plan.steps.push_back(stage);
  for (int ranks : {1, 2, 5}) { // ranks that share the 10 chunks evenly
    PlacementModel model(plan, ranks);
    for (int r = 0; r < ranks; ++r)
      EXPECT_EQ(model.rank(r).stats.peakBytes, 800 / ranks + 10'000)
          << "rank " << r << " of " << ranks;
  }
}

TEST(Model, RandomCompactionsMatchTheOracle) {
  std::mt19937 rng(17);
  for (int trial = 0; trial < 100; ++trial) {
    int32_t ndim = 1 + int32_t(rng() % 3);
    std::vector<int64_t> shape, chunks;
    int64_t total = 1;
    for (int32_t d = 0; d < ndim; ++d) {
      shape.push_back(1 + rng() % 9);
      chunks.push_back(1 + rng() % 4);
      total *= shape.back();
    }
    // Rows of the source (compress over its first axis), or its elements.
    std::vector<int64_t> dstShape{total}, dstChunks{1 + int64_t(rng() % 7)};
    if (ndim > 1 && rng() % 2) {
      dstShape = shape;
      dstChunks = shape;
      dstChunks[0] = 1 + int64_t(rng() % 4);
    }
    Plan plan;
    plan.arrays.push_back(array(shape, chunks));
    plan.arrays.push_back(array(dstShape, dstChunks));
    plan.steps.push_back(step(StepKind::Alloc, {}, {0}));
    plan.steps.push_back(step(StepKind::Alloc, {}, {1}));
    plan.steps.push_back(step(StepKind::Compact, {0}, {1}));
    plan.steps.push_back(step(StepKind::Free, {0}, {}));
    for (int ranks : {1, 2, 3, 5, 8})
      expectSameAsOracle(plan, ranks,
                         "compaction trial " + std::to_string(trial));
  }
}

TEST(Model, CountsMatchTheOracle) {
  for (int64_t bins : {1, 7, 1000}) {
    Plan plan;
    plan.arrays.push_back(array({1000}, {300}));
    plan.arrays.push_back(array({bins}, {bins}));
    plan.steps.push_back(step(StepKind::Alloc, {}, {0}));
    plan.steps.push_back(step(StepKind::Stage, {0}, {}));
    plan.steps.push_back(step(StepKind::Alloc, {}, {1}));
    plan.steps.push_back(step(StepKind::Count, {}, {1}));
    for (int ranks : {1, 2, 3, 5})
      expectSameAsOracle(plan, ranks, "counts of " + std::to_string(bins));
  }
}

} // namespace
