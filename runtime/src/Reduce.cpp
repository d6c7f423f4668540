//===- Reduce.cpp - Deterministic reductions along a fixed tree ------------===//
//
// A reduction folds each chunk's partial as the chunk is computed, on a stack
// of complete aligned nodes of the combining tree (bridge/layout/
// CombineTree.h), then takes the steps combineSteps lists for this rank:
// folds, the right children it receives, the nodes it sends. The owner of
// chunk 0 ends with the root and broadcasts it. The tree depends only on the
// chunk count, so the bits do not depend on the rank count, and a rank holds
// and exchanges O(log chunks) values instead of one per chunk.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include "bridge/layout/CombineTree.h"

#include <math.h>
#include <string.h>

namespace layout = bridge::layout;
using bridge::rt::checkMPI;
using bridge::rt::failf;

namespace {

/// Point-to-point tag of a tree node's value: its level above this base.
constexpr int kTagBase = 0x6300;

enum class ValueKind : int32_t { F64, I64, Moments, ArgF64, ArgI64 };

/// The count, mean and sum of squared deviations of a run of chunks.
struct Moments {
  int64_t count;
  double mean, m2;
};

/// The first extreme of a run of chunks and its flat index.
template <typename T> struct Extreme {
  T value;
  int64_t index;
};

union NodeValue {
  double f64;
  int64_t i64;
  Moments moments;
  Extreme<double> argF64;
  Extreme<int64_t> argI64;
};

static_assert(sizeof(Moments) == layout::combineValueBytes(4) &&
                  sizeof(Extreme<double>) == layout::combineValueBytes(2) &&
                  sizeof(Extreme<int64_t>) == layout::combineValueBytes(2) &&
                  sizeof(double) == layout::combineValueBytes(1) &&
                  sizeof(int64_t) == layout::combineValueBytes(1),
              "messages carry the values as they are");

int valueBytes(ValueKind kind) {
  switch (kind) {
  case ValueKind::Moments:
    return layout::combineValueBytes(4);
  case ValueKind::ArgF64:
  case ValueKind::ArgI64:
    return layout::combineValueBytes(2);
  default:
    return layout::combineValueBytes(1);
  }
}

/// A node's value, known by the chunks the node covers: a node without a
/// right child has the same chunks, and the same value, as its left child.
struct HeldValue {
  int64_t begin, end;
  NodeValue value;
};

bool hasNoIdentity(int32_t op) {
  return op == BRIDGE_RT_MIN || op == BRIDGE_RT_MAX || op == BRIDGE_RT_NANMIN ||
         op == BRIDGE_RT_NANMAX;
}

[[noreturn]] void emptyFail(int32_t op, const char *what) {
  failf("%s: %s of an empty array has no identity", what,
        op == BRIDGE_RT_MIN      ? "min"
        : op == BRIDGE_RT_MAX    ? "max"
        : op == BRIDGE_RT_NANMIN ? "nanmin"
                                 : "nanmax");
}

double combineF64(int32_t op, double a, double b) {
  switch (op) {
  case BRIDGE_RT_SUM:
    return a + b;
  case BRIDGE_RT_PROD:
    return a * b;
  case BRIDGE_RT_MIN:
  case BRIDGE_RT_MAX:
    // NumPy's rule: the first NaN wins; ties keep the earlier chunk's value.
    if (isnan(a))
      return a;
    return isnan(b) || (op == BRIDGE_RT_MIN ? b < a : b > a) ? b : a;
  case BRIDGE_RT_NANMIN:
  case BRIDGE_RT_NANMAX:
    // NaN is what a chunk of NaNs gives; any other value wins over it.
    if (isnan(a))
      return b;
    return !isnan(b) && (op == BRIDGE_RT_NANMIN ? b < a : b > a) ? b : a;
  case BRIDGE_RT_ANY:
    return a != 0.0 || b != 0.0 ? 1.0 : 0.0;
  default:
    return a != 0.0 && b != 0.0 ? 1.0 : 0.0;
  }
}

int64_t combineI64(int32_t op, int64_t a, int64_t b) {
  switch (op) {
  case BRIDGE_RT_SUM:
    // Unsigned arithmetic wraps like NumPy's int64 instead of being UB.
    return int64_t(uint64_t(a) + uint64_t(b));
  case BRIDGE_RT_PROD:
    return int64_t(uint64_t(a) * uint64_t(b));
  case BRIDGE_RT_MIN:
  case BRIDGE_RT_NANMIN:
    return b < a ? b : a;
  case BRIDGE_RT_MAX:
  case BRIDGE_RT_NANMAX:
    return b > a ? b : a;
  case BRIDGE_RT_ANY:
    return a != 0 || b != 0;
  default:
    return a != 0 && b != 0;
  }
}

/// Chan, Golub and LeVeque's pairwise update.
Moments combineMoments(const Moments &a, const Moments &b) {
  if (a.count == 0)
    return b;
  if (b.count == 0)
    return a;
  double na = double(a.count), nb = double(b.count);
  double total = na + nb;
  double delta = b.mean - a.mean;
  return Moments{a.count + b.count, a.mean + delta * (nb / total),
                 a.m2 + (b.m2 + delta * delta * (na * nb / total))};
}

/// NumPy's argmin and argmax: the first NaN wins over everything, and of
/// equal values the smaller flat index (chunks that cut an axis other than
/// the first do not hold their elements in chunk order); a chunk without an
/// element (index -1) loses to any.
template <typename T>
Extreme<T> combineExtreme(int32_t op, const Extreme<T> &a,
                          const Extreme<T> &b) {
  if (a.index < 0 || b.index < 0)
    return a.index < 0 ? b : a;
  bool aNaN = isnan(double(a.value)), bNaN = isnan(double(b.value));
  bool tie = aNaN == bNaN && (aNaN || a.value == b.value);
  if (tie)
    return b.index < a.index ? b : a;
  if (aNaN || bNaN)
    return aNaN ? a : b;
  return (op == BRIDGE_RT_MIN ? b.value < a.value : b.value > a.value) ? b : a;
}

bool validOp(int32_t op) {
  return op >= BRIDGE_RT_SUM && op <= BRIDGE_RT_NANMAX;
}

} // namespace

struct bridge_rt_reduction {
  ValueKind kind;
  int32_t op;
  layout::Placement placement;
  int64_t nchunks;
  /// The chunks this rank owns, and the next one to arrive.
  int64_t lo, hi, next;
  /// Complete nodes of the tree, bottom to top of the stack.
  int32_t depth;
  layout::CombineNode nodes[layout::kMaxCombineStack];
  NodeValue values[layout::kMaxCombineStack];
};

namespace {

NodeValue combine(const bridge_rt_reduction &r, const NodeValue &a,
                  const NodeValue &b) {
  NodeValue out;
  switch (r.kind) {
  case ValueKind::F64:
    out.f64 = combineF64(r.op, a.f64, b.f64);
    break;
  case ValueKind::I64:
    out.i64 = combineI64(r.op, a.i64, b.i64);
    break;
  case ValueKind::Moments:
    out.moments = combineMoments(a.moments, b.moments);
    break;
  case ValueKind::ArgF64:
    out.argF64 = combineExtreme(r.op, a.argF64, b.argF64);
    break;
  case ValueKind::ArgI64:
    out.argI64 = combineExtreme(r.op, a.argI64, b.argI64);
    break;
  }
  return out;
}

bridge_rt_reduction *begin(ValueKind kind, int32_t op, int32_t placement,
                           int64_t nchunks, const char *what) {
  if (nchunks < 0)
    failf("%s: negative chunk count %lld", what, (long long)nchunks);
  if (!validOp(op))
    failf("%s: unknown operator %d", what, int(op));
  auto *r = static_cast<bridge_rt_reduction *>(
      bridge_rt_alloc(int64_t(sizeof(bridge_rt_reduction))));
  r->kind = kind;
  r->op = op;
  r->placement = layout::Placement(placement);
  r->nchunks = nchunks;
  bridge::rt::ownedRange(placement, nchunks, bridge_rt_rank(), bridge_rt_size(),
                         &r->lo, &r->hi);
  r->next = r->lo;
  r->depth = 0;
  return r;
}

/// Stacks chunk `chunk`'s value and merges it with its completed siblings.
void push(bridge_rt_reduction *r, ValueKind kind, int64_t chunk,
          const NodeValue &value, const char *what) {
  if (r->kind != kind)
    failf("%s: the reduction holds another kind of partial", what);
  if (chunk != r->next || chunk >= r->hi)
    failf("%s: chunk %lld arrives out of order (expected %lld of [%lld, %lld))",
          what, (long long)chunk, (long long)r->next, (long long)r->lo,
          (long long)r->hi);
  ++r->next;
  layout::CombineNode node{0, chunk};
  NodeValue acc = value;
  layout::CombineNode parent;
  while (r->depth > 0 &&
         layout::combineSiblings(r->nodes[r->depth - 1], node, &parent)) {
    --r->depth;
    acc = combine(*r, r->values[r->depth], acc);
    node = parent;
  }
  r->nodes[r->depth] = node;
  r->values[r->depth] = acc;
  ++r->depth;
}

/// The root's value on every rank; false for an empty grid. Frees `r`.
bool finish(bridge_rt_reduction *r, NodeValue *root, const char *what) {
  struct Release {
    bridge_rt_reduction *r;
    ~Release() { bridge_rt_free(r); }
  } release{r};
  if (r->next != r->hi)
    failf("%s: %lld of this rank's chunks never arrived", what,
          (long long)(r->hi - r->next));
  if (r->nchunks == 0)
    return false;
  int32_t rank = bridge_rt_rank(), size = bridge_rt_size();
  layout::CombineStep steps[layout::kMaxCombineSteps];
  int32_t nsteps =
      layout::combineSteps(r->placement, r->nchunks, rank, size, steps);

  // The stack's nodes, then each fold's and each receive's result.
  HeldValue held[layout::kMaxCombineStack + layout::kMaxCombineSteps];
  int32_t nheld = 0;
  auto hold = [&](layout::CombineNode node) -> HeldValue & {
    HeldValue &h = held[nheld++];
    layout::combineNodeRange(r->nchunks, node, &h.begin, &h.end);
    return h;
  };
  auto find = [&](layout::CombineNode node) -> HeldValue & {
    int64_t begin, end;
    layout::combineNodeRange(r->nchunks, node, &begin, &end);
    for (int32_t i = nheld - 1; i >= 0; --i)
      if (held[i].begin == begin && held[i].end == end)
        return held[i];
    failf("%s: chunks [%lld, %lld) have no value on rank %d", what,
          (long long)begin, (long long)end, rank);
  };
  for (int32_t i = 0; i < r->depth; ++i)
    hold(r->nodes[i]).value = r->values[i];

  MPI_Comm comm = bridge::rt::comm();
  int bytes = valueBytes(r->kind);
  MPI_Request requests[layout::kMaxCombineSteps];
  int nrequests = 0;
  for (int32_t i = 0; i < nsteps; ++i) {
    const layout::CombineStep &step = steps[i];
    int tag = kTagBase + step.node.level;
    switch (step.kind) {
    case layout::CombineStepKind::Fold: {
      NodeValue left = find({step.node.level - 1, step.node.index * 2}).value;
      NodeValue right =
          find({step.node.level - 1, step.node.index * 2 + 1}).value;
      hold(step.node).value = combine(*r, left, right);
      break;
    }
    case layout::CombineStepKind::Receive:
      checkMPI(MPI_Recv(&hold(step.node).value, bytes, MPI_BYTE, step.peer,
                        tag, comm, MPI_STATUS_IGNORE),
               "MPI_Recv of a reduction's partial");
      break;
    case layout::CombineStepKind::Send:
      // `held` outlives the request: the sends complete before returning.
      checkMPI(MPI_Isend(&find(step.node).value, bytes, MPI_BYTE, step.peer,
                         tag, comm, &requests[nrequests++]),
               "MPI_Isend of a reduction's partial");
      bridge::rt::noteBytesSent(bytes);
      break;
    }
  }
  checkMPI(MPI_Waitall(nrequests, requests, MPI_STATUSES_IGNORE),
           "MPI_Waitall of a reduction's partials");

  int32_t rootOwner = layout::combineRootOwner(r->placement, r->nchunks, size);
  if (rank == rootOwner)
    *root = find(layout::combineRoot(r->nchunks)).value;
  if (size > 1) {
    checkMPI(MPI_Bcast(root, bytes, MPI_BYTE, rootOwner, comm),
             "MPI_Bcast of a reduction's result");
    if (rank == rootOwner)
      bridge::rt::noteBytesSent(int64_t(bytes) * (size - 1));
  }
  return true;
}

} // namespace

extern "C" bridge_rt_reduction *
bridge_rt_reduce_begin_f64(int32_t op, int32_t placement, int64_t nchunks) {
  return begin(ValueKind::F64, op, placement, nchunks,
               "bridge_rt_reduce_begin_f64");
}

extern "C" bridge_rt_reduction *
bridge_rt_reduce_begin_i64(int32_t op, int32_t placement, int64_t nchunks) {
  return begin(ValueKind::I64, op, placement, nchunks,
               "bridge_rt_reduce_begin_i64");
}

extern "C" bridge_rt_reduction *bridge_rt_moments_begin(int32_t placement,
                                                        int64_t nchunks) {
  return begin(ValueKind::Moments, BRIDGE_RT_SUM, placement, nchunks,
               "bridge_rt_moments_begin");
}

extern "C" void bridge_rt_reduce_push_f64(bridge_rt_reduction *r,
                                          int64_t chunk, double partial) {
  NodeValue value;
  value.f64 = partial;
  push(r, ValueKind::F64, chunk, value, "bridge_rt_reduce_push_f64");
}

extern "C" void bridge_rt_reduce_push_i64(bridge_rt_reduction *r,
                                          int64_t chunk, int64_t partial) {
  NodeValue value;
  value.i64 = partial;
  push(r, ValueKind::I64, chunk, value, "bridge_rt_reduce_push_i64");
}

extern "C" void bridge_rt_moments_push(bridge_rt_reduction *r, int64_t chunk,
                                       int64_t count, double shift, double s1,
                                       double s2) {
  NodeValue value;
  value.moments = Moments{0, 0.0, 0.0};
  if (count > 0) {
    double n = double(count);
    value.moments = Moments{count, shift + s1 / n, s2 - s1 * s1 / n};
  }
  push(r, ValueKind::Moments, chunk, value, "bridge_rt_moments_push");
}

namespace {
/// The root's `field`, or the identity of an empty grid (min and max have
/// none). `r` is released.
template <typename T>
T endReduction(bridge_rt_reduction *r, T NodeValue::*field, const char *what) {
  bridge::rt::SpanScope span("combine", "combine");
  int32_t op = r->op; // finish() releases r.
  NodeValue root;
  if (finish(r, &root, what))
    return root.*field;
  if (hasNoIdentity(op))
    emptyFail(op, what);
  return op == BRIDGE_RT_PROD || op == BRIDGE_RT_ALL ? T(1) : T(0);
}
} // namespace

extern "C" double bridge_rt_reduce_end_f64(bridge_rt_reduction *r) {
  return endReduction(r, &NodeValue::f64, "bridge_rt_reduce_end_f64");
}

extern "C" int64_t bridge_rt_reduce_end_i64(bridge_rt_reduction *r) {
  return endReduction(r, &NodeValue::i64, "bridge_rt_reduce_end_i64");
}

extern "C" void bridge_rt_moments_end(bridge_rt_reduction *r, double *mean,
                                      double *m2) {
  bridge::rt::SpanScope span("combine_moments", "combine");
  NodeValue root;
  if (!finish(r, &root, "bridge_rt_moments_end") || root.moments.count == 0) {
    // NumPy's mean and var of an empty array are NaN.
    *mean = NAN;
    *m2 = NAN;
    return;
  }
  *mean = root.moments.mean;
  *m2 = root.moments.m2;
}

namespace {
bridge_rt_reduction *beginArg(ValueKind kind, int32_t op, int32_t placement,
                              int64_t nchunks, const char *what) {
  if (op != BRIDGE_RT_MIN && op != BRIDGE_RT_MAX)
    failf("%s: operator %d is neither min nor max", what, int(op));
  return begin(kind, op, placement, nchunks, what);
}
} // namespace

extern "C" bridge_rt_reduction *
bridge_rt_arg_begin_f64(int32_t op, int32_t placement, int64_t nchunks) {
  return beginArg(ValueKind::ArgF64, op, placement, nchunks,
                  "bridge_rt_arg_begin_f64");
}

extern "C" bridge_rt_reduction *
bridge_rt_arg_begin_i64(int32_t op, int32_t placement, int64_t nchunks) {
  return beginArg(ValueKind::ArgI64, op, placement, nchunks,
                  "bridge_rt_arg_begin_i64");
}

extern "C" void bridge_rt_arg_push_f64(bridge_rt_reduction *r, int64_t chunk,
                                       double value, int64_t index) {
  NodeValue node;
  node.argF64 = Extreme<double>{value, index};
  push(r, ValueKind::ArgF64, chunk, node, "bridge_rt_arg_push_f64");
}

extern "C" void bridge_rt_arg_push_i64(bridge_rt_reduction *r, int64_t chunk,
                                       int64_t value, int64_t index) {
  NodeValue node;
  node.argI64 = Extreme<int64_t>{value, index};
  push(r, ValueKind::ArgI64, chunk, node, "bridge_rt_arg_push_i64");
}

extern "C" int64_t bridge_rt_arg_end(bridge_rt_reduction *r) {
  bridge::rt::SpanScope span("combine", "combine");
  const char *what = "bridge_rt_arg_end";
  ValueKind kind = r->kind; // finish() releases r.
  const char *name = r->op == BRIDGE_RT_MIN ? "argmin" : "argmax";
  if (kind != ValueKind::ArgF64 && kind != ValueKind::ArgI64)
    failf("%s: the reduction holds another kind of partial", what);
  NodeValue root;
  if (!finish(r, &root, what))
    failf("%s: attempt to get %s of an empty sequence", what, name);
  return kind == ValueKind::ArgF64 ? root.argF64.index : root.argI64.index;
}

extern "C" double bridge_rt_bcast_f64(double value) {
  checkMPI(MPI_Bcast(&value, 1, MPI_DOUBLE, 0, bridge::rt::comm()),
           "MPI_Bcast in bridge_rt_bcast_f64");
  return value;
}

extern "C" int64_t bridge_rt_bcast_i64(int64_t value) {
  checkMPI(MPI_Bcast(&value, 1, MPI_INT64_T, 0, bridge::rt::comm()),
           "MPI_Bcast in bridge_rt_bcast_i64");
  return value;
}
