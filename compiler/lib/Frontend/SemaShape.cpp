//===- SemaShape.cpp - Checking the shape and order built-ins -------------===//
//
// Each built-in gets NumPy's result shape; its chunks are the input's on the
// axes it keeps (capped at the new extents) and the whole axis on a new one.
// roll, tile and pad are runs of result coordinates, each read from the input
// with one step (AxisRun), whose bounds are sizes: extents, shifts and widths
// may be parameters. reshape and repeat choose chunks that move nothing where
// the input's allow it (ReshapeGroups.h).
//
//===----------------------------------------------------------------------===//

#include "SemaShape.h"
#include "PadRuns.h"

#include "bridge/Dialect/Array/ReshapeGroups.h"

#include <numeric>

using namespace bridge;
using namespace bridge::ast;
using mlir::failure;
using mlir::FailureOr;
using mlir::LogicalResult;
using mlir::success;
using plan::SizeOp;

static constexpr llvm::StringLiteral kAxis[] = {"axis"};
static constexpr llvm::StringLiteral kAxes[] = {"axes"};
static constexpr llvm::StringLiteral kDiff[] = {"n", "axis"};
static constexpr llvm::StringLiteral kMode[] = {"mode"};

llvm::ArrayRef<llvm::StringLiteral> bridge::getShapeKeywords(Builtin b) {
  switch (b) {
  case Builtin::Transpose:
    return kAxes;
  case Builtin::ExpandDims:
  case Builtin::Squeeze:
  case Builtin::Stack:
  case Builtin::Flip:
  case Builtin::Roll:
  case Builtin::Repeat:
    return kAxis;
  case Builtin::Diff:
    return kDiff;
  case Builtin::Pad:
    return kMode;
  default:
    return {};
  }
}

llvm::ArrayRef<llvm::StringLiteral> bridge::getShapeRequiredKeywords(Builtin b) {
  return b == Builtin::ExpandDims ? llvm::ArrayRef<llvm::StringLiteral>(kAxis)
                                  : llvm::ArrayRef<llvm::StringLiteral>();
}

namespace {
/// The checks of one call, with the built-in's name for messages.
class ShapeCheck {
public:
  ShapeCheck(Sema &sema, CallExpr &call, Builtin b)
      : sema(sema), call(call), info(call.info), name(getBuiltinName(b)) {}

  /// `expr` is an array; records it as the next operand.
  bool takeArray(Expr &expr) {
    if (!sema.checkArray(expr, name))
      return false;
    info.operands.push_back(&expr);
    info.computeDType = expr.type.dtype;
    return true;
  }

  /// An axis of a `rank`-D array; negative counts from the end.
  FailureOr<int64_t> axis(Expr &expr, unsigned rank) {
    return sema.getAxis(&expr, rank, call.getLoc());
  }

  /// Result coordinates [lo, hi) reading offset + step * (t - lo).
  AxisRun run(int64_t lo, int64_t hi, int64_t offset, int64_t step,
              bool fill = false) {
    SourceLoc loc = call.getLoc();
    AxisRun r{lo, hi, offset, step, fill};
    FailureOr<int64_t> length = sema.sizeOp(SizeOp::Sub, hi, lo, loc);
    FailureOr<int64_t> extent =
        succeeded(length) ? sema.sizeOp(SizeOp::Max, *length, 1, loc) : length;
    // A failure has been reported.
    r.extent = succeeded(extent) ? *extent : 1;
    return r;
  }

  /// The whole axis of extent n, in place.
  AxisRun whole(int64_t n) { return AxisRun{0, n, 0, 1, false, n}; }

  /// A result of more than 4 dimensions is an error.
  LogicalResult checkRank(unsigned rank) {
    if (rank <= 4)
      return success();
    sema.emitError(call.getLoc())
        << "'" << name << "' would give " << rank
        << " dimensions; arrays have at most 4";
    return failure();
  }

  /// The integer constants of a list (or of one integer, when `bare`); with
  /// `sizes`, parameter expressions too.
  FailureOr<llvm::SmallVector<int64_t, 4>>
  intList(Expr &expr, llvm::StringRef what, bool bare, bool sizes = false) {
    auto get = [&](Expr &e) {
      return sizes ? sema.getSize(e, what) : sema.getIntConstant(e, what);
    };
    llvm::SmallVector<int64_t, 4> values;
    auto *list = llvm::dyn_cast<ListExpr>(&expr);
    if (!list) {
      if (!bare) {
        sema.emitError(expr.getLoc())
            << "'" << name << "' expects a list of integers for " << what;
        return failure();
      }
      FailureOr<int64_t> v = get(expr);
      if (failed(v))
        return failure();
      values.push_back(*v);
      return values;
    }
    expr.type = ValueType::other(ValueType::Kind::List);
    for (const ExprPtr &e : list->getElements()) {
      FailureOr<int64_t> v = get(*e);
      if (failed(v))
        return failure();
      values.push_back(*v);
    }
    return values;
  }

  Sema &sema;
  CallExpr &call;
  BuiltinInfo &info;
  llvm::StringRef name;
};
} // namespace

/// The result of a permutation: dimension d is the input's perm[d].
static ValueType permuted(const ValueType &in, llvm::ArrayRef<int64_t> perm) {
  ValueType result = ValueType::array(in.dtype, {}, {});
  for (int64_t from : perm) {
    result.shape.push_back(in.shape[from]);
    result.chunks.push_back(in.chunks[from]);
  }
  return result;
}

static ValueType checkTranspose(ShapeCheck &c, Expr &x, Expr *axesExpr) {
  unsigned rank = x.type.getRank();
  llvm::SmallVector<int64_t, 4> perm;
  if (!axesExpr) {
    for (int64_t d = rank - 1; d >= 0; --d)
      perm.push_back(d);
  } else {
    // Each entry an axis: a constant or an i64 parameter.
    auto *list = llvm::dyn_cast<ListExpr>(axesExpr);
    if (!list) {
      c.sema.emitError(axesExpr->getLoc())
          << "'transpose' expects a list of integers for an axis";
      return ValueType::error();
    }
    axesExpr->type = ValueType::other(ValueType::Kind::List);
    llvm::ArrayRef<ExprPtr> entries = list->getElements();
    if (entries.size() != rank) {
      c.sema.emitError(axesExpr->getLoc())
          << "'transpose' axes " << (entries.size() == 1 ? "has " : "have ")
          << entries.size() << " entr" << (entries.size() == 1 ? "y" : "ies")
          << " for a " << rank << "-D array";
      return ValueType::error();
    }
    llvm::SmallVector<bool, 4> seen(rank, false);
    for (const ExprPtr &entry : entries) {
      FailureOr<int64_t> axis = c.axis(*entry, rank);
      if (failed(axis))
        return ValueType::error();
      if (seen[*axis]) {
        c.sema.emitError(entry->getLoc())
            << "'transpose' axes repeat axis " << *axis;
        return ValueType::error();
      }
      seen[*axis] = true;
      perm.push_back(*axis);
    }
  }
  c.info.axes = perm;
  return permuted(x.type, perm);
}

static ValueType checkMoveAxis(ShapeCheck &c, Expr &x, Expr &src, Expr &dst) {
  unsigned rank = x.type.getRank();
  FailureOr<int64_t> from = c.axis(src, rank);
  if (failed(from))
    return ValueType::error();
  FailureOr<int64_t> to = c.axis(dst, rank);
  if (failed(to))
    return ValueType::error();
  llvm::SmallVector<int64_t, 4> perm;
  for (int64_t d = 0; d < rank; ++d)
    if (d != *from)
      perm.push_back(d);
  perm.insert(perm.begin() + *to, *from);
  c.info.axes = perm;
  return permuted(x.type, perm);
}

static ValueType checkExpandDims(ShapeCheck &c, Expr &x, Expr &axisExpr) {
  unsigned rank = x.type.getRank() + 1;
  if (failed(c.checkRank(rank)))
    return ValueType::error();
  FailureOr<int64_t> axis = c.axis(axisExpr, rank);
  if (failed(axis))
    return ValueType::error();
  ValueType result = x.type;
  result.shape.insert(result.shape.begin() + *axis, 1);
  result.chunks.insert(result.chunks.begin() + *axis, 1);
  c.info.axis = *axis;
  return result;
}

static ValueType checkSqueeze(ShapeCheck &c, Expr &x, Expr *axisExpr) {
  const ValueType &t = x.type;
  llvm::SmallVector<int64_t, 4> dropped;
  if (axisExpr) {
    FailureOr<int64_t> axis = c.axis(*axisExpr, t.getRank());
    if (failed(axis))
      return ValueType::error();
    if (t.shape[*axis] != 1) {
      c.sema.emitError(axisExpr->getLoc())
          << "'squeeze' axis " << *axis << " has extent "
          << c.sema.formatSizeForUser(t.shape[*axis]) << ", not 1";
      return ValueType::error();
    }
    dropped.push_back(*axis);
  } else {
    for (unsigned d = 0; d < t.getRank(); ++d)
      if (t.shape[d] == 1)
        dropped.push_back(d);
  }
  if (dropped.size() == t.getRank()) {
    c.sema.emitError(c.call.getLoc())
        << "'squeeze' would remove every axis; index the array for its "
           "element";
    return ValueType::error();
  }
  ValueType result = ValueType::array(t.dtype, {}, {});
  for (unsigned d = 0; d < t.getRank(); ++d) {
    if (llvm::is_contained(dropped, d))
      continue;
    result.shape.push_back(t.shape[d]);
    result.chunks.push_back(t.chunks[d]);
  }
  c.info.axes = dropped;
  return result;
}

static ValueType checkStack(ShapeCheck &c, Expr &listExpr, Expr *axisExpr) {
  Sema &sema = c.sema;
  auto *list = llvm::dyn_cast<ListExpr>(&listExpr);
  if (!list || list->getElements().empty()) {
    sema.emitError(listExpr.getLoc())
        << "'stack' expects a non-empty list of arrays";
    return ValueType::error();
  }
  list->type = ValueType::other(ValueType::Kind::List);
  bool ok = true;
  for (const ExprPtr &e : list->getElements())
    ok &= c.takeArray(*e);
  if (!ok)
    return ValueType::error();
  const ValueType &first = list->getElements().front()->type;
  unsigned rank = first.getRank() + 1;
  if (failed(c.checkRank(rank)))
    return ValueType::error();
  DType dtype = first.dtype;
  for (const ExprPtr &e : list->getElements().drop_front()) {
    const ValueType &t = e->type;
    bool same = t.getRank() == first.getRank();
    for (unsigned d = 0; same && d < t.getRank(); ++d) {
      FailureOr<int64_t> equal =
          sema.sizeOp(SizeOp::Eq, first.shape[d], t.shape[d], e->getLoc());
      if (failed(equal))
        return ValueType::error();
      // Extents known only at run time are checked then.
      same = *equal != 0;
      if (same && plan::isSymbol(*equal) &&
          failed(sema.require(*equal, e->getLoc(),
                              "'stack' extents {0} and {1} differ",
                              {first.shape[d], t.shape[d]})))
        return ValueType::error();
    }
    if (!same) {
      sema.emitError(e->getLoc())
          << "'stack' needs arrays of one shape, got "
          << sema.formatShapeForUser(first.shape) << " and "
          << sema.formatShapeForUser(t.shape);
      return ValueType::error();
    }
    dtype = promoteTypes(dtype, false, t.dtype, false).first;
  }
  FailureOr<int64_t> axis = axisExpr ? c.axis(*axisExpr, rank) : 0;
  if (failed(axis))
    return ValueType::error();
  int64_t count = list->getElements().size();
  ValueType result = ValueType::array(dtype, first.shape, first.chunks);
  result.shape.insert(result.shape.begin() + *axis, count);
  result.chunks.insert(result.chunks.begin() + *axis, count);
  c.info.axis = *axis;
  c.info.computeDType = dtype;
  return result;
}

static ValueType checkFlip(ShapeCheck &c, Expr &x, Expr *axisExpr) {
  const ValueType &t = x.type;
  llvm::SmallVector<int64_t, 4> axes;
  if (axisExpr) {
    FailureOr<int64_t> axis = c.axis(*axisExpr, t.getRank());
    if (failed(axis))
      return ValueType::error();
    axes.push_back(*axis);
  } else {
    for (unsigned d = 0; d < t.getRank(); ++d)
      axes.push_back(d);
  }
  // Along a flipped axis the result reads from the last coordinate down.
  c.info.before.assign(t.getRank(), 0);
  for (int64_t axis : axes) {
    FailureOr<int64_t> last =
        c.sema.sizeOp(SizeOp::Sub, t.shape[axis], 1, c.call.getLoc());
    if (failed(last))
      return ValueType::error();
    c.info.before[axis] = *last;
  }
  c.info.axes = axes;
  return t;
}

static ValueType checkRoll(ShapeCheck &c, Expr &x, Expr &shiftExpr,
                           Expr *axisExpr) {
  Sema &sema = c.sema;
  const ValueType &t = x.type;
  if (!axisExpr && t.getRank() > 1) {
    sema.emitError(c.call.getLoc())
        << "'roll' of a " << t.getRank() << "-D array needs axis=";
    return ValueType::error();
  }
  FailureOr<int64_t> shift = sema.getSize(shiftExpr, "a roll shift");
  if (failed(shift))
    return ValueType::error();
  FailureOr<int64_t> axis = axisExpr ? c.axis(*axisExpr, t.getRank()) : 0;
  if (failed(axis))
    return ValueType::error();
  // Python's modulo: a negative shift rolls towards the front.
  FailureOr<int64_t> count =
      sema.sizeOp(SizeOp::Mod, *shift, t.shape[*axis], shiftExpr.getLoc());
  if (failed(count))
    return ValueType::error();
  // The first `count` coordinates read the last ones; either run may be
  // empty when the shift is known only at run time.
  int64_t n = t.shape[*axis];
  FailureOr<int64_t> rest = sema.sizeOp(SizeOp::Sub, n, *count, c.call.getLoc());
  if (failed(rest))
    return ValueType::error();
  for (unsigned d = 0; d < t.getRank(); ++d)
    c.info.runs.push_back({c.whole(t.shape[d])});
  c.info.runs[*axis] = {c.run(0, *count, *rest, 1), c.run(*count, n, 0, 1)};
  c.info.count = *count;
  c.info.axis = *axis;
  return t;
}

static ValueType checkDiff(ShapeCheck &c, Expr &x, Expr *orderExpr,
                           Expr *axisExpr) {
  Sema &sema = c.sema;
  const ValueType &t = x.type;
  int64_t order = 1;
  if (orderExpr) {
    FailureOr<int64_t> n = sema.getCount(*orderExpr, "'diff' order n");
    if (failed(n))
      return ValueType::error();
    if (*n < 0) {
      sema.emitError(orderExpr->getLoc())
          << "'diff' order n must be non-negative, got " << *n;
      return ValueType::error();
    }
    order = *n;
  }
  FailureOr<int64_t> axis =
      axisExpr ? c.axis(*axisExpr, t.getRank()) : t.getRank() - 1;
  if (failed(axis))
    return ValueType::error();
  SourceLoc loc = c.call.getLoc();
  FailureOr<int64_t> longer = sema.sizeOp(SizeOp::Lt, order, t.shape[*axis], loc);
  std::string message = "'diff' of order " + std::to_string(order) +
                        " needs axis " + std::to_string(*axis) +
                        " longer than " + std::to_string(order) +
                        ", not {0}";
  if (failed(longer) || failed(sema.require(*longer, loc, message,
                                            t.shape[*axis])))
    return ValueType::error();
  // The extent and chunk of the axis after each difference.
  ValueType result = t;
  for (int64_t k = 0; k < order; ++k) {
    FailureOr<int64_t> extent =
        sema.sizeOp(SizeOp::Sub, result.shape[*axis], 1, loc);
    if (failed(extent))
      return ValueType::error();
    FailureOr<int64_t> chunk =
        sema.sizeOp(SizeOp::Min, result.chunks[*axis], *extent, loc);
    if (failed(chunk))
      return ValueType::error();
    result.shape[*axis] = *extent;
    result.chunks[*axis] = *chunk;
    c.info.before.push_back(*extent);
    c.info.after.push_back(*chunk);
  }
  c.info.axis = *axis;
  c.info.count = order;
  return result;
}

/// The copies along each axis are runs of the arrangement. A repetition count
/// known only at run time cannot be counted out in runs: that axis is read
/// whole, a new axis of the count before it repeats it (step 0), and a
/// reshape merges the two, so each copy is one chunk of the result there.
static ValueType checkTile(ShapeCheck &c, Expr &x, Expr &repsExpr) {
  Sema &sema = c.sema;
  const ValueType &t = x.type;
  SourceLoc loc = repsExpr.getLoc();
  FailureOr<llvm::SmallVector<int64_t, 4>> reps =
      c.intList(repsExpr, "a repetition count", /*bare=*/true, /*sizes=*/true);
  if (failed(reps))
    return ValueType::error();
  for (int64_t r : *reps) {
    FailureOr<int64_t> positive = sema.sizeOp(SizeOp::Le, 1, r, loc);
    if (failed(positive) ||
        failed(sema.require(*positive, loc,
                            "'tile' repetitions must be positive, got {0}", r)))
      return ValueType::error();
  }
  unsigned rank = std::max<unsigned>(t.getRank(), reps->size());
  if (failed(c.checkRank(rank)))
    return ValueType::error();
  // As NumPy: the shorter of the array and the counts gets leading ones.
  reps->insert(reps->begin(), rank - reps->size(), 1);
  unsigned added = rank - t.getRank();
  // The arrangement (the result, unless a count is known only at run time),
  // the dimension of x each of its dimensions reads (x's unit ones past its
  // rank), and the chunks x is read in.
  ValueType result = ValueType::array(t.dtype, {}, {});
  ValueType view = result;
  llvm::SmallVector<int64_t, 4> srcChunks(t.chunks);
  int64_t nextUnit = t.getRank();
  auto repeatAlongNewAxis = [&](int64_t r, int64_t chunk) {
    view.shape.push_back(r);
    view.chunks.push_back(chunk);
    c.info.axes.push_back(nextUnit++);
    c.info.runs.push_back({c.run(0, r, 0, 0)});
  };
  for (unsigned d = 0; d < rank; ++d) {
    int64_t r = (*reps)[d];
    if (d < added) {
      repeatAlongNewAxis(r, r);
      result.shape.push_back(r);
      result.chunks.push_back(r);
      continue;
    }
    unsigned e = d - added;
    int64_t n = t.shape[e];
    if (plan::isSymbol(r)) {
      FailureOr<int64_t> total = sema.sizeOp(SizeOp::Mul, r, n, loc);
      if (failed(total))
        return ValueType::error();
      repeatAlongNewAxis(r, 1);
      view.shape.push_back(n);
      view.chunks.push_back(n);
      c.info.axes.push_back(e);
      c.info.runs.push_back({c.whole(n)});
      srcChunks[e] = n;
      result.shape.push_back(*total);
      result.chunks.push_back(n);
      continue;
    }
    // Copy k fills [k * n, (k + 1) * n).
    AxisRuns copies;
    for (int64_t k = 0; k < r; ++k) {
      FailureOr<int64_t> lo = sema.sizeOp(SizeOp::Mul, k, n, loc);
      FailureOr<int64_t> hi =
          succeeded(lo) ? sema.sizeOp(SizeOp::Add, *lo, n, loc) : lo;
      if (failed(hi))
        return ValueType::error();
      copies.push_back(c.run(*lo, *hi, 0, 1));
    }
    for (ValueType *type : {&result, &view}) {
      type->shape.push_back(copies.back().hi);
      type->chunks.push_back(t.chunks[e]);
    }
    c.info.axes.push_back(e);
    c.info.runs.push_back(copies);
  }
  if (view.getRank() > 4) {
    sema.emitError(loc) << "'tile' of a " << t.getRank()
                        << "-D array with repetitions known only at run "
                           "time would need "
                        << view.getRank() << " dimensions; arrays have at most 4";
    return ValueType::error();
  }
  if (view.shape != result.shape) {
    c.info.viewShape.assign(view.shape.begin(), view.shape.end());
    c.info.viewChunks.assign(view.chunks.begin(), view.chunks.end());
    c.info.before.assign(srcChunks.begin(), srcChunks.end());
  }
  return result;
}

/// pad widths: one integer for every side, [before, after] for every axis,
/// or one [before, after] per axis.
static LogicalResult getPadWidths(ShapeCheck &c, Expr &widths, unsigned rank) {
  Sema &sema = c.sema;
  auto *list = llvm::dyn_cast<ListExpr>(&widths);
  auto nonNegative = [&](int64_t w) {
    FailureOr<int64_t> ok = sema.sizeOp(SizeOp::Le, 0, w, widths.getLoc());
    if (failed(ok))
      return failure();
    return sema.require(*ok, widths.getLoc(),
                        "'pad' widths must be non-negative, got {0}", w);
  };
  bool nested = list && !list->getElements().empty() &&
                llvm::isa<ListExpr>(*list->getElements().front());
  if (!nested) {
    FailureOr<llvm::SmallVector<int64_t, 4>> pair =
        c.intList(widths, "a pad width", /*bare=*/true, /*sizes=*/true);
    if (failed(pair))
      return failure();
    if (pair->size() > 2) {
      sema.emitError(widths.getLoc())
          << "'pad' widths must be an integer, [before, after] or one "
             "[before, after] per axis";
      return failure();
    }
    int64_t before = pair->front(), after = pair->back();
    if (failed(nonNegative(before)) || failed(nonNegative(after)))
      return failure();
    c.info.before.assign(rank, before);
    c.info.after.assign(rank, after);
    return success();
  }
  widths.type = ValueType::other(ValueType::Kind::List);
  if (list->getElements().size() != rank) {
    sema.emitError(widths.getLoc())
        << "'pad' has widths for " << list->getElements().size()
        << " axes; the array has " << rank;
    return failure();
  }
  for (const ExprPtr &e : list->getElements()) {
    FailureOr<llvm::SmallVector<int64_t, 4>> pair =
        c.intList(*e, "a pad width", /*bare=*/false, /*sizes=*/true);
    if (failed(pair))
      return failure();
    if (pair->size() != 2) {
      sema.emitError(e->getLoc())
          << "'pad' widths of an axis are [before, after]";
      return failure();
    }
    if (failed(nonNegative((*pair)[0])) || failed(nonNegative((*pair)[1])))
      return failure();
    c.info.before.push_back((*pair)[0]);
    c.info.after.push_back((*pair)[1]);
  }
  return success();
}

/// The runs of an axis whose extent n or pad widths are known only at run
/// time: a run per side, which reads the periodic extension. numpy.pad reads
/// further where a width exceeds the axis (less one for "reflect"); such a
/// width is an error when the program starts.
static FailureOr<AxisRuns> padRunsAtRunTime(ShapeCheck &c, int64_t before,
                                            int64_t after, int64_t n,
                                            int64_t middle, int64_t extent,
                                            SourceLoc loc) {
  Sema &sema = c.sema;
  llvm::StringRef mode = c.info.boundary;
  bool failedSize = false;
  auto size = [&](SizeOp op, int64_t a, int64_t b) {
    FailureOr<int64_t> v = sema.sizeOp(op, a, b, loc);
    failedSize |= failed(v);
    return succeeded(v) ? *v : 0;
  };
  // Where each side's first coordinate reads, and with which step.
  int64_t beforeFrom = 0, afterFrom = 0, step = 1;
  int64_t reach = mode == "reflect" ? size(SizeOp::Sub, n, 1) : n;
  if (mode == "edge") {
    afterFrom = size(SizeOp::Sub, n, 1);
    step = 0;
  } else if (mode == "wrap") {
    beforeFrom = size(SizeOp::Sub, n, before);
  } else if (mode == "symmetric") {
    beforeFrom = size(SizeOp::Sub, before, 1);
    afterFrom = size(SizeOp::Sub, n, 1);
    step = -1;
  } else if (mode == "reflect") {
    beforeFrom = before;
    afterFrom = size(SizeOp::Sub, n, 2);
    step = -1;
  }
  if (failedSize)
    return failure();
  if (mode == "wrap" || mode == "symmetric" || mode == "reflect") {
    std::string message =
        "'pad' in mode \"" + mode.str() +
        "\" with sizes known only at run time takes widths up to the axis's " +
        (mode == "reflect" ? "extent less one" : "extent") + ", {1}; got {0}";
    for (int64_t width : {before, after}) {
      FailureOr<int64_t> fits = sema.sizeOp(SizeOp::Le, width, reach, loc);
      if (failed(fits) ||
          failed(sema.require(*fits, loc, message, {width, reach})))
        return failure();
    }
  }
  bool fill = mode == "constant";
  AxisRuns runs;
  if (before != 0)
    runs.push_back(c.run(0, before, beforeFrom, step, fill));
  runs.push_back(c.run(before, middle, 0, 1));
  if (after != 0)
    runs.push_back(c.run(middle, extent, afterFrom, step, fill));
  return runs;
}

static ValueType checkPad(ShapeCheck &c, Expr &x, Expr &widths,
                          Expr *modeExpr) {
  Sema &sema = c.sema;
  const ValueType &t = x.type;
  if (failed(getPadWidths(c, widths, t.getRank())))
    return ValueType::error();
  c.info.boundary = "constant";
  if (modeExpr) {
    std::optional<std::string> mode = sema.checkPadMode(*modeExpr, "mode");
    if (!mode)
      return ValueType::error();
    c.info.boundary = *mode;
  }
  ValueType result = t;
  for (unsigned d = 0; d < t.getRank(); ++d) {
    int64_t before = c.info.before[d], after = c.info.after[d];
    int64_t n = t.shape[d];
    SourceLoc loc = widths.getLoc();
    FailureOr<int64_t> middle = sema.sizeOp(SizeOp::Add, before, n, loc);
    FailureOr<int64_t> extent =
        succeeded(middle) ? sema.sizeOp(SizeOp::Add, *middle, after, loc)
                          : middle;
    if (failed(extent))
      return ValueType::error();
    result.shape[d] = *extent;
    if (llvm::none_of(std::initializer_list<int64_t>{before, after, n},
                      plan::isSymbol))
      c.info.runs.push_back(
          getConstantPadRuns(c.info.boundary, before, after, n));
    else if (FailureOr<AxisRuns> runs =
                 padRunsAtRunTime(c, before, after, n, *middle, *extent, loc);
             succeeded(runs))
      c.info.runs.push_back(*runs);
    else
      return ValueType::error();
  }
  return result;
}

/// `t` under constant extents `shape` with the same element count: the
/// result's chunks, and in `srcChunks` the input's chunks that align with
/// them (ReshapeGroups.h).
static ValueType reshaped(const ValueType &t, llvm::ArrayRef<int64_t> shape,
                          llvm::SmallVectorImpl<int64_t> &srcChunks) {
  FailureOr<llvm::SmallVector<array::ReshapeGroup, 4>> groups =
      array::getReshapeGroups(t.shape, shape);
  assert(succeeded(groups) && "element counts were checked");
  array::ReshapeChunks chunks =
      array::getAlignedReshapeChunks(t.shape, t.chunks, shape, *groups);
  srcChunks.assign(chunks.srcChunks.begin(), chunks.srcChunks.end());
  return ValueType::array(t.dtype, llvm::SmallVector<int64_t, 4>(shape),
                          chunks.dstChunks);
}

/// The number of elements of `t`, whose extents and chunks must be
/// constants.
static FailureOr<int64_t> constantSize(ShapeCheck &c, const ValueType &t,
                                       llvm::StringRef why) {
  if (llvm::any_of(t.shape, plan::isSymbol)) {
    c.sema.emitError(c.call.getLoc())
        << "'" << c.name << "' " << why << " needs constant extents, not "
        << c.sema.formatShapeForUser(t.shape);
    return failure();
  }
  if (llvm::any_of(t.chunks, plan::isSymbol)) {
    c.sema.emitError(c.call.getLoc())
        << "'" << c.name << "' " << why
        << " needs constant chunks; rechunk it to constant ones first";
    return failure();
  }
  int64_t size = 1;
  for (int64_t n : t.shape)
    size *= n;
  return size;
}

/// A reshape where an extent or a chunk is known only when the program
/// runs: the axes form one group (ReshapeGroups.h), the input read in chunks
/// whose axes after the lead are whole and whose lead chunk makes whole rows
/// of the result, so that the reshape moves nothing. `shape` holds the
/// result's extents, -1 for one to infer.
static ValueType reshapedAtRunTime(ShapeCheck &c, const ValueType &t,
                                   llvm::SmallVector<int64_t, 4> shape,
                                   Expr &shapeExpr, llvm::StringRef written) {
  Sema &sema = c.sema;
  SourceLoc loc = shapeExpr.getLoc();
  int64_t known = 1;
  for (int64_t n : shape) {
    if (n == -1)
      continue;
    FailureOr<int64_t> positive = sema.sizeOp(SizeOp::Lt, 0, n, loc);
    FailureOr<int64_t> next = sema.sizeOp(SizeOp::Mul, known, n, loc);
    if (failed(positive) || failed(next) ||
        failed(sema.require(*positive, loc,
                            "'reshape' extents must be positive or -1, got {0}",
                            {n})))
      return ValueType::error();
    known = *next;
  }
  FailureOr<int64_t> size = sema.sizeProduct(t.shape, loc);
  if (failed(size))
    return ValueType::error();
  bool infer = llvm::is_contained(shape, -1);
  FailureOr<int64_t> fits =
      infer ? sema.sizeOp(SizeOp::Mod, *size, known, loc)
            : sema.sizeOp(SizeOp::Sub, *size, known, loc);
  if (failed(fits))
    return ValueType::error();
  FailureOr<int64_t> exact = sema.sizeOp(SizeOp::Eq, *fits, 0, loc);
  if (failed(exact) ||
      failed(sema.require(*exact, loc,
                          ("cannot reshape " + placeholderShape(1, t.shape.size()) +
                           " ({0} elements) into shape " + written)
                              .str(),
                          [&] {
                            llvm::SmallVector<int64_t, 8> values{*size};
                            values.append(t.shape.begin(), t.shape.end());
                            return values;
                          }())))
    return ValueType::error();
  for (int64_t &n : shape)
    if (n == -1) {
      FailureOr<int64_t> inferred =
          sema.sizeOp(SizeOp::FloorDiv, *size, known, loc);
      if (failed(inferred))
        return ValueType::error();
      n = *inferred;
    }

  unsigned rank = t.getRank(), newRank = shape.size();
  unsigned lead = array::getLeadAxis(t.shape, 0, rank);
  unsigned newLead = array::getLeadAxis(shape, 0, newRank);
  FailureOr<int64_t> rest = sema.sizeProduct(
      llvm::ArrayRef<int64_t>(t.shape).drop_front(lead + 1), loc);
  FailureOr<int64_t> newRest = sema.sizeProduct(
      llvm::ArrayRef<int64_t>(shape).drop_front(newLead + 1), loc);
  FailureOr<int64_t> chunkElements = sema.sizeProduct(t.chunks, loc);
  if (failed(rest) || failed(newRest) || failed(chunkElements))
    return ValueType::error();
  // A lead chunk that is a multiple of `step` holds whole result rows.
  int64_t step = *newRest;
  if (*rest == *newRest)
    step = 1;
  else if (!plan::isSymbol(*rest) && !plan::isSymbol(*newRest))
    step = *newRest / std::gcd(*rest, *newRest);
  bool trailingWhole = true;
  for (unsigned a = lead + 1; a < rank; ++a)
    trailingWhole &= t.chunks[a] == t.shape[a];
  // Each size below is one instruction; once one overflows (reported),
  // the rest are skipped.
  bool ok = true;
  auto op = [&](SizeOp o, int64_t a, int64_t b, int64_t s = 0) -> int64_t {
    FailureOr<int64_t> v =
        ok ? sema.sizeOp(o, a, b, loc, s) : FailureOr<int64_t>(failure());
    ok = succeeded(v);
    return ok ? *v : 0;
  };
  // The input keeps its lead chunk where it holds whole result rows, else
  // takes the multiple of `step` nearest below its chunk's element count.
  int64_t keep =
      trailingWhole ? op(SizeOp::Eq, op(SizeOp::Mod, t.chunks[lead], step), 0)
                    : 0;
  int64_t rows = op(SizeOp::FloorDiv, *chunkElements, *rest);
  int64_t rounded = op(SizeOp::Mul, op(SizeOp::FloorDiv, rows, step), step);
  int64_t approx = op(SizeOp::Max, rounded, step);
  int64_t chosen = op(SizeOp::Select, keep, t.chunks[lead], approx);
  int64_t chunk = op(SizeOp::Min, chosen, t.shape[lead]);
  int64_t whole = op(SizeOp::Eq, chunk, t.shape[lead]);
  int64_t newRows =
      op(SizeOp::FloorDiv, op(SizeOp::Mul, chunk, *rest), *newRest);
  int64_t newChunk = op(SizeOp::Select, whole, shape[newLead], newRows);
  if (!ok)
    return ValueType::error();
  c.info.before.assign(t.shape.begin(), t.shape.end());
  for (unsigned a = 0; a < lead; ++a)
    c.info.before[a] = 1;
  c.info.before[lead] = chunk;
  llvm::SmallVector<int64_t, 4> chunks(shape);
  for (unsigned a = 0; a < newLead; ++a)
    chunks[a] = 1;
  chunks[newLead] = newChunk;
  return ValueType::array(t.dtype, shape, chunks);
}

static ValueType checkReshape(ShapeCheck &c, Expr &x, Expr &shapeExpr) {
  Sema &sema = c.sema;
  const ValueType &t = x.type;
  FailureOr<llvm::SmallVector<int64_t, 4>> shape =
      c.intList(shapeExpr, "an extent", /*bare=*/true, /*sizes=*/true);
  if (failed(shape))
    return ValueType::error();
  if (shape->empty()) {
    sema.emitError(shapeExpr.getLoc()) << "'reshape' needs at least one extent";
    return ValueType::error();
  }
  if (failed(c.checkRank(shape->size())))
    return ValueType::error();
  std::string written = sema.formatShapeForUser(*shape);
  int64_t unknowns = llvm::count(*shape, -1), known = 1;
  if (unknowns > 1) {
    sema.emitError(shapeExpr.getLoc())
        << "'reshape' can infer only one extent; " << written << " has "
        << unknowns << " of -1";
    return ValueType::error();
  }
  if (llvm::any_of(*shape, plan::isSymbol) ||
      llvm::any_of(t.shape, plan::isSymbol) ||
      llvm::any_of(t.chunks, plan::isSymbol))
    return reshapedAtRunTime(c, t, *shape, shapeExpr, written);
  for (int64_t n : *shape) {
    if (n == -1)
      continue;
    if (n < 1) {
      sema.emitError(shapeExpr.getLoc())
          << "'reshape' extents must be positive or -1, got " << n;
      return ValueType::error();
    }
    if (llvm::MulOverflow(known, n, known)) {
      sema.emitError(shapeExpr.getLoc())
          << "'reshape' shape " << written << " has too many elements";
      return ValueType::error();
    }
  }
  FailureOr<int64_t> size = constantSize(c, t, "of an array");
  if (failed(size))
    return ValueType::error();
  if (unknowns ? *size % known != 0 : *size != known) {
    sema.emitError(shapeExpr.getLoc())
        << "cannot reshape " << sema.formatShapeForUser(t.shape) << " ("
        << *size << " elements) into shape " << written;
    return ValueType::error();
  }
  for (int64_t &n : *shape)
    if (n == -1)
      n = *size / known;
  return reshaped(t, *shape, c.info.before);
}

ValueType bridge::mergeOtherAxes(Sema &sema, CallExpr &call,
                                 const ValueType &t, int64_t axis,
                                 BuiltinInfo &info) {
  if (llvm::any_of(t.shape, plan::isSymbol) ||
      llvm::any_of(t.chunks, plan::isSymbol)) {
    sema.emitError(call.getLoc())
        << "'" << call.getCallee()
        << "' of a 4-D array needs constant extents and chunks, not "
        << sema.formatShapeForUser(t.shape);
    return ValueType::error();
  }
  int64_t first = axis >= 2 ? 0 : 2;
  llvm::SmallVector<int64_t, 4> merged(t.shape);
  merged[first] *= merged[first + 1];
  merged.erase(merged.begin() + first + 1);
  ValueType three = reshaped(t, merged, info.before);
  info.after.assign(three.chunks.begin(), three.chunks.end());
  info.axes.assign({first});
  return three;
}

ValueType bridge::splitMergedAxes(const ValueType &three,
                                  llvm::ArrayRef<int64_t> shape) {
  llvm::SmallVector<int64_t, 4> unused;
  return reshaped(three, shape, unused);
}

static ValueType checkRepeat(ShapeCheck &c, Expr &x, Expr &countExpr,
                             Expr *axisExpr) {
  Sema &sema = c.sema;
  FailureOr<int64_t> count = sema.getSize(countExpr, "'repeat' count");
  if (failed(count))
    return ValueType::error();
  FailureOr<int64_t> positive =
      sema.sizeOp(SizeOp::Lt, 0, *count, countExpr.getLoc());
  if (failed(positive) ||
      failed(sema.require(*positive, countExpr.getLoc(),
                          "'repeat' count must be positive, got {0}", *count)))
    return ValueType::error();
  // Without axis=, NumPy repeats the flattened array.
  ValueType t = x.type;
  if (!axisExpr && t.getRank() > 1) {
    FailureOr<int64_t> size =
        constantSize(c, t, "without axis= flattens the array, which");
    if (failed(size))
      return ValueType::error();
    t = reshaped(t, {*size}, c.info.before);
    c.info.after.assign(t.chunks.begin(), t.chunks.end());
  }
  FailureOr<int64_t> dim = axisExpr ? c.axis(*axisExpr, t.getRank()) : 0;
  if (failed(dim))
    return ValueType::error();
  int64_t axis = *dim, n = t.shape[axis];
  FailureOr<int64_t> extent =
      sema.sizeOp(SizeOp::Mul, n, *count, countExpr.getLoc());
  if (failed(extent))
    return ValueType::error();
  FailureOr<int64_t> chunk =
      sema.sizeOp(SizeOp::Mul, t.chunks[axis], *count, countExpr.getLoc());
  if (failed(chunk))
    return ValueType::error();
  c.info.axis = axis;
  c.info.count = *count;
  // Each element becomes a row of a new axis after it, merged in place: a
  // 4-D array is read as 3-D for that.
  if (t.getRank() == 4) {
    ValueType three = mergeOtherAxes(sema, c.call, t, axis, c.info);
    if (three.isError())
      return three;
    int64_t inner = axis >= 2 ? axis - 1 : axis;
    FailureOr<int64_t> innerExtent = sema.sizeOp(
        SizeOp::Mul, three.shape[inner], *count, countExpr.getLoc());
    FailureOr<int64_t> innerChunk = sema.sizeOp(
        SizeOp::Mul, three.chunks[inner], *count, countExpr.getLoc());
    if (failed(innerExtent) || failed(innerChunk))
      return ValueType::error();
    three.shape[inner] = *innerExtent;
    three.chunks[inner] = *innerChunk;
    c.info.viewShape.assign(three.shape.begin(), three.shape.end());
    c.info.viewChunks.assign(three.chunks.begin(), three.chunks.end());
    llvm::SmallVector<int64_t, 4> shape(t.shape);
    shape[axis] = *extent;
    return splitMergedAxes(three, shape);
  }
  t.shape[axis] = *extent;
  t.chunks[axis] = *chunk;
  return t;
}

ValueType bridge::checkShapeCall(Sema &sema, CallExpr &call, Builtin b,
                                 llvm::ArrayRef<Expr *> pos,
                                 const llvm::StringMap<Expr *> &kw) {
  ShapeCheck c(sema, call, b);
  auto keyword = [&](llvm::StringRef key) { return kw.lookup(key); };
  if (b == Builtin::Stack)
    return checkStack(c, *pos[0], keyword("axis"));
  Expr &x = *pos[0];
  if (!c.takeArray(x))
    return ValueType::error();
  switch (b) {
  case Builtin::Transpose:
    return checkTranspose(c, x, keyword("axes"));
  case Builtin::MoveAxis:
    return checkMoveAxis(c, x, *pos[1], *pos[2]);
  case Builtin::ExpandDims:
    return checkExpandDims(c, x, *keyword("axis"));
  case Builtin::Squeeze:
    return checkSqueeze(c, x, keyword("axis"));
  case Builtin::Flip:
    return checkFlip(c, x, keyword("axis"));
  case Builtin::Roll:
    return checkRoll(c, x, *pos[1], keyword("axis"));
  case Builtin::Diff:
    return checkDiff(c, x, keyword("n"), keyword("axis"));
  case Builtin::Tile:
    return checkTile(c, x, *pos[1]);
  case Builtin::Pad:
    return checkPad(c, x, *pos[1], keyword("mode"));
  case Builtin::Reshape:
    return checkReshape(c, x, *pos[1]);
  case Builtin::Repeat:
    return checkRepeat(c, x, *pos[1], keyword("axis"));
  default:
    llvm_unreachable("not a shape built-in");
  }
}
