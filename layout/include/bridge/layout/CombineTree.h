//===- CombineTree.h - The fixed tree that combines a reduction -*- C++ -*-===//
//
// A reduction combines one partial result per chunk of an n-chunk grid along
// the aligned binary tree over the chunk indices: the node (level k, index j)
// covers the chunks [j * 2^k, (j + 1) * 2^k) clipped to [0, n); a node whose
// right child would start at n or beyond has its left child's value; the
// others combine their two children, left then right. The root is the node
// of the smallest level covering [0, n). The tree depends on n alone, so a
// reduction has the same bits for any rank count and placement.
//
// Each rank folds the chunks it owns (a contiguous run [lo, hi)) as they are
// produced, in chunk order, on a stack of complete aligned nodes: a node
// merges with the node below it when they are siblings. What remains are the
// maximal complete nodes inside the run. combineSteps then lists what the
// rank does with them: the folds of the nodes it owns (a node belongs to the
// owner of its first chunk) that reach past its run, the right children it
// receives for them, and the nodes it sends to their parent's owner. The
// owner of chunk 0 ends with the root's value.
//
// The steps come in an order that cannot deadlock when sends do not block:
// every receive of a level-k node precedes, on its rank, only sends of nodes
// above level k, so waiting always descends a level.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_LAYOUT_COMBINETREE_H
#define BRIDGE_LAYOUT_COMBINETREE_H

#include "bridge/layout/Placement.h"

#include <stdint.h>

namespace bridge::layout {

/// A node of the combining tree of a grid: level and index.
struct CombineNode {
  int32_t level = 0;
  int64_t index = 0;
};

/// The chunks [*begin, *end) that `node` covers in an `nchunks`-chunk grid;
/// the node must start below nchunks.
void combineNodeRange(int64_t nchunks, CombineNode node, int64_t *begin,
                      int64_t *end);

/// Whether `below`, then `top`, on a rank's stack are siblings; if so,
/// `*parent` becomes their parent. Only complete nodes enter the stack.
bool combineSiblings(CombineNode below, CombineNode top, CombineNode *parent);

/// More entries than a rank's stack ever holds (at most two per level).
inline constexpr int32_t kMaxCombineStack = 128;

/// The most nodes a rank's stack holds for an nchunks-chunk grid: at most
/// two per level of the tree, right children that wait for a left sibling on
/// an earlier rank and left children that wait for a right one.
int32_t combineStackBound(int64_t nchunks);

/// Bytes of a node's value in a message, by the partials a chunk yields for
/// it: a double or an int64_t (one), a value and its index (two), or for
/// moments (four: count, shift and two sums) their count, mean and sum of
/// squared deviations.
inline constexpr int32_t combineValueBytes(int32_t partials) {
  return partials == 4 ? 24 : 8 * partials;
}

enum class CombineStepKind : int32_t {
  /// The node's value from its two children's, both held by this rank.
  Fold,
  /// The node's value from `peer`.
  Receive,
  /// The node's value to `peer`, the owner of its parent.
  Send,
};

struct CombineStep {
  CombineStepKind kind = CombineStepKind::Fold;
  CombineNode node;
  /// Receive, Send: the other rank.
  int32_t peer = -1;
};

/// More steps than a rank ever takes (at most three per level).
inline constexpr int32_t kMaxCombineSteps = 256;

/// Fills `steps` (room for kMaxCombineSteps) with what `rank` of `nranks`
/// does, in order, after folding its chunks of an `nchunks`-chunk grid under
/// `placement`; returns their number. A rank without chunks takes none.
int32_t combineSteps(Placement placement, int64_t nchunks, int32_t rank,
                     int32_t nranks, CombineStep *steps);

/// The rank that ends with the root's value (the owner of chunk 0), which
/// then broadcasts it; -1 for an empty grid.
int32_t combineRootOwner(Placement placement, int64_t nchunks, int32_t nranks);

/// The root of the tree of a grid of nchunks >= 1 chunks.
CombineNode combineRoot(int64_t nchunks);

} // namespace bridge::layout

#endif // BRIDGE_LAYOUT_COMBINETREE_H
