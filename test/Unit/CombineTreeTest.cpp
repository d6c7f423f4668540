//===- CombineTreeTest.cpp - The combining tree's geometry ----------------===//
//
// Plays every rank's steps (bridge/layout/CombineTree.h) without MPI: values
// are the chunk ranges they cover, so a fold of anything but two adjacent
// halves, a receive with no matching send, a deadlock or a root other than
// [0, n) fails. Ranks take turns; a rank waits at a receive whose message has
// not been sent yet, as MPI_Recv would.
//
//===----------------------------------------------------------------------===//

#include "bridge/layout/CombineTree.h"

#include <gtest/gtest.h>

#include <map>
#include <tuple>
#include <utility>
#include <vector>

namespace layout = bridge::layout;
using layout::CombineNode;
using layout::CombineStep;
using layout::CombineStepKind;
using Range = std::pair<int64_t, int64_t>;

namespace {

Range rangeOf(int64_t n, CombineNode node) {
  Range r;
  layout::combineNodeRange(n, node, &r.first, &r.second);
  return r;
}

/// The ranges on a rank's stack after it pushes its chunks in order.
std::vector<Range> foldRun(int64_t n, int64_t lo, int64_t hi) {
  std::vector<CombineNode> stack;
  for (int64_t c = lo; c < hi; ++c) {
    CombineNode node{0, c}, parent;
    while (!stack.empty() &&
           layout::combineSiblings(stack.back(), node, &parent)) {
      stack.pop_back();
      node = parent;
    }
    stack.push_back(node);
    EXPECT_LE(int32_t(stack.size()), layout::combineStackBound(n));
  }
  std::vector<Range> out;
  for (CombineNode node : stack)
    out.push_back(rangeOf(n, node));
  return out;
}

/// Plays the steps of all ranks; returns the root owner's root range.
Range play(layout::Placement placement, int64_t n, int32_t nranks,
           int64_t *messages) {
  struct RankState {
    std::vector<CombineStep> steps;
    size_t next = 0;
    std::vector<Range> held;
    bool has(Range r) const {
      for (Range h : held)
        if (h == r)
          return true;
      return false;
    }
  };
  std::vector<RankState> ranks(static_cast<size_t>(nranks));
  for (int32_t r = 0; r < nranks; ++r) {
    int64_t lo, hi;
    layout::ownedRange(placement, n, r, nranks, &lo, &hi);
    ranks[size_t(r)].held = foldRun(n, lo, hi);
    CombineStep steps[layout::kMaxCombineSteps];
    int32_t count = layout::combineSteps(placement, n, r, nranks, steps);
    ranks[size_t(r)].steps.assign(steps, steps + count);
  }
  // In flight: (from, to, level) -> the range sent.
  std::multimap<std::tuple<int32_t, int32_t, int32_t>, Range> inFlight;
  for (bool progress = true; progress;) {
    progress = false;
    for (int32_t r = 0; r < nranks; ++r) {
      RankState &me = ranks[size_t(r)];
      while (me.next < me.steps.size()) {
        const CombineStep &step = me.steps[me.next];
        Range want = rangeOf(n, step.node);
        if (step.kind == CombineStepKind::Receive) {
          auto it = inFlight.find({step.peer, r, step.node.level});
          if (it == inFlight.end())
            break; // Waits for the sender.
          EXPECT_EQ(it->second, want) << "rank " << r << " n " << n;
          inFlight.erase(it);
          me.held.push_back(want);
        } else if (step.kind == CombineStepKind::Send) {
          EXPECT_TRUE(me.has(want)) << "rank " << r << " sends unknown chunks";
          EXPECT_NE(step.peer, r);
          inFlight.insert({{r, step.peer, step.node.level}, want});
          ++*messages;
        } else {
          Range left = rangeOf(n, {step.node.level - 1, step.node.index * 2});
          Range right =
              rangeOf(n, {step.node.level - 1, step.node.index * 2 + 1});
          EXPECT_TRUE(me.has(left) && me.has(right))
              << "rank " << r << " folds [" << want.first << ", "
              << want.second << ") without its children";
          EXPECT_EQ(left.second, right.first);
          me.held.push_back(want);
        }
        ++me.next;
        progress = true;
      }
    }
  }
  for (int32_t r = 0; r < nranks; ++r)
    EXPECT_EQ(ranks[size_t(r)].next, ranks[size_t(r)].steps.size())
        << "rank " << r << " deadlocks, n " << n << " ranks " << nranks;
  EXPECT_TRUE(inFlight.empty());
  int32_t root = layout::combineRootOwner(placement, n, nranks);
  Range whole = rangeOf(n, layout::combineRoot(n));
  EXPECT_TRUE(ranks[size_t(root)].has(whole));
  return whole;
}

} // namespace

TEST(CombineTree, EveryRankCountBuildsTheRoot) {
  for (int64_t n : {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 16, 17, 31, 33, 100,
                    1000, 4099}) {
    for (int32_t nranks : {1, 2, 3, 4, 5, 7, 8, 13, 64, 1000}) {
      int64_t messages = 0;
      Range root = play(layout::Placement::Contiguous, n, nranks, &messages);
      EXPECT_EQ(root, Range(0, n)) << "n " << n << " ranks " << nranks;
      if (nranks == 1)
        EXPECT_EQ(messages, 0);
    }
  }
  for (int32_t nranks : {1, 2, 3, 5, 8}) {
    int64_t messages = 0;
    EXPECT_EQ(play(layout::Placement::Block, nranks, nranks, &messages),
              Range(0, nranks));
    EXPECT_EQ(messages, nranks - 1);
  }
}

TEST(CombineTree, StepsPerRankGrowWithTheLogarithmOnly) {
  for (int64_t n : {int64_t(100), int64_t(100000), int64_t(10000000),
                    int64_t(1) << 40, (int64_t(1) << 62) + 12345}) {
    int32_t levels = layout::combineRoot(n).level;
    for (int32_t nranks : {2, 3, 4, 7}) {
      for (int32_t r = 0; r < nranks; ++r) {
        CombineStep steps[layout::kMaxCombineSteps];
        int32_t count = layout::combineSteps(layout::Placement::Contiguous, n,
                                             r, nranks, steps);
        int32_t sends = 0, receives = 0;
        for (int32_t i = 0; i < count; ++i) {
          sends += steps[i].kind == CombineStepKind::Send;
          receives += steps[i].kind == CombineStepKind::Receive;
        }
        EXPECT_LE(sends, levels);
        EXPECT_LE(receives, levels);
        EXPECT_LE(count, 3 * levels);
      }
    }
  }
}

TEST(CombineTree, ShapeOfSmallTrees) {
  // Six chunks: the root folds [0, 4) with [4, 6), and [4, 6) is the node
  // (1, 2) standing for (2, 1), whose right child would start at 6.
  EXPECT_EQ(layout::combineRoot(6).level, 3);
  EXPECT_EQ(rangeOf(6, {2, 1}), Range(4, 6));
  EXPECT_EQ(rangeOf(6, {3, 0}), Range(0, 6));
  EXPECT_EQ(layout::combineRoot(1).level, 0);
  EXPECT_EQ(layout::combineRoot(8).level, 3);
  EXPECT_EQ(layout::combineRootOwner(layout::Placement::Contiguous, 0, 3), -1);
  // Fewer chunks than ranks: chunk 0 lies on the last rank of its run.
  EXPECT_EQ(layout::combineRootOwner(layout::Placement::Contiguous, 2, 4), 1);
  // Two ranks, ten chunks: rank 1 (chunks 5-9) sends chunk 5, [6, 8) and
  // [8, 10) to rank 0, which folds the root.
  CombineStep steps[layout::kMaxCombineSteps];
  int32_t count =
      layout::combineSteps(layout::Placement::Contiguous, 10, 1, 2, steps);
  std::vector<Range> sent;
  for (int32_t i = 0; i < count; ++i) {
    EXPECT_EQ(steps[i].kind, CombineStepKind::Send);
    EXPECT_EQ(steps[i].peer, 0);
    sent.push_back(rangeOf(10, steps[i].node));
  }
  EXPECT_EQ(sent, (std::vector<Range>{{5, 6}, {6, 8}, {8, 10}}));
}
