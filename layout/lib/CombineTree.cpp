//===- CombineTree.cpp - The fixed tree that combines a reduction ---------===//
#include "bridge/layout/CombineTree.h"

#include <assert.h>

using namespace bridge::layout;

namespace {

/// Whether `node` covers all 2^level chunks of its span.
bool isComplete(int64_t nchunks, CombineNode node) {
  int64_t begin, end;
  combineNodeRange(nchunks, node, &begin, &end);
  return node.level < 63 && end - begin == int64_t(1) << node.level;
}

/// The steps of one rank, written in the order it takes them.
class StepWriter {
public:
  StepWriter(Placement placement, int64_t nchunks, int32_t rank,
             int32_t nranks, CombineStep *steps)
      : placement(placement), nchunks(nchunks), rank(rank), nranks(nranks),
        steps(steps) {
    ownedRange(placement, nchunks, rank, nranks, &lo, &hi);
  }

  int32_t write() {
    if (lo >= hi)
      return 0;
    CombineNode root = combineRoot(nchunks);
    // The nodes this rank owns whose parent starts on an earlier rank, from
    // the lowest: at level k, the first node starting at or after lo if it is
    // a right child.
    for (int32_t level = 0; level < root.level; ++level) {
      uint64_t width = uint64_t(1) << level;
      CombineNode node{level, int64_t((uint64_t(lo) + width - 1) >> level)};
      uint64_t begin = uint64_t(node.index) << level;
      if (node.index % 2 == 0 || begin >= uint64_t(hi))
        continue;
      evaluate(node);
      add(CombineStepKind::Send, node, owner(int64_t(begin - width)));
    }
    if (lo == 0)
      evaluate(root);
    return count;
  }

private:
  int32_t owner(int64_t chunk) const {
    return chunkOwner(placement, chunk, nchunks, nranks);
  }

  void add(CombineStepKind kind, CombineNode node, int32_t peer) {
    assert(count < kMaxCombineSteps && "more steps than the bound");
    steps[count++] = CombineStep{kind, node, peer};
  }

  /// The steps that give this rank the value of `node`, which it owns.
  void evaluate(CombineNode node) {
    int64_t begin, end;
    combineNodeRange(nchunks, node, &begin, &end);
    // A complete node inside the run is on the stack: its parent, which
    // reaches past the run or past the grid, never merged it.
    if (end <= hi && isComplete(nchunks, node))
      return;
    CombineNode left{node.level - 1, node.index * 2};
    CombineNode right{node.level - 1, node.index * 2 + 1};
    evaluate(left);
    uint64_t middle = uint64_t(right.index) << right.level;
    if (middle >= uint64_t(nchunks))
      return; // The node is its left child.
    int32_t from = owner(int64_t(middle));
    if (from == rank)
      evaluate(right);
    else
      add(CombineStepKind::Receive, right, from);
    add(CombineStepKind::Fold, node, -1);
  }

  Placement placement;
  int64_t nchunks;
  int32_t rank, nranks;
  int64_t lo = 0, hi = 0;
  CombineStep *steps;
  int32_t count = 0;
};

} // namespace

void bridge::layout::combineNodeRange(int64_t nchunks, CombineNode node,
                                      int64_t *begin, int64_t *end) {
  uint64_t first = uint64_t(node.index) << node.level;
  assert(first < uint64_t(nchunks) && "node past the grid");
  uint64_t left = uint64_t(nchunks) - first;
  *begin = int64_t(first);
  *end = node.level >= 63 || left <= (uint64_t(1) << node.level)
             ? nchunks
             : int64_t(first + (uint64_t(1) << node.level));
}

bool bridge::layout::combineSiblings(CombineNode below, CombineNode top,
                                     CombineNode *parent) {
  if (below.level != top.level || top.index % 2 == 0 ||
      below.index != top.index - 1)
    return false;
  *parent = CombineNode{top.level + 1, below.index / 2};
  return true;
}

int32_t bridge::layout::combineSteps(Placement placement, int64_t nchunks,
                                     int32_t rank, int32_t nranks,
                                     CombineStep *steps) {
  if (nchunks <= 0)
    return 0;
  return StepWriter(placement, nchunks, rank, nranks, steps).write();
}

int32_t bridge::layout::combineRootOwner(Placement placement, int64_t nchunks,
                                         int32_t nranks) {
  return nchunks <= 0 ? -1 : chunkOwner(placement, 0, nchunks, nranks);
}

CombineNode bridge::layout::combineRoot(int64_t nchunks) {
  assert(nchunks >= 1 && "an empty grid has no tree");
  int32_t level = 0;
  while (level < 63 && (uint64_t(1) << level) < uint64_t(nchunks))
    ++level;
  return CombineNode{level, 0};
}

int32_t bridge::layout::combineStackBound(int64_t nchunks) {
  return nchunks <= 0 ? 0 : 2 * (combineRoot(nchunks).level + 1);
}
