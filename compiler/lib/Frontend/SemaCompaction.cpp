//===- SemaCompaction.cpp - Checking results the data sizes ---------------===//
//
// A selection reads its source in chunks that hold every axis but the first
// whole, so that the runtime packs each rank's selected elements or rows in
// row-major order; its result is balanced over the ranks in chunks of as
// many elements or rows as the source's. An empty selection fails when the program learns
// its length, as an empty slice fails: arrays of bdsl are never empty.
//
//===----------------------------------------------------------------------===//
#include "SemaCompaction.h"

using namespace mlir;
using namespace bridge;
using namespace bridge::ast;
using plan::SizeOp;

namespace {

constexpr llvm::StringLiteral kAxis[] = {"axis"};

/// Chunks of `type` with every axis but the first whole and its own rows:
/// where a rechunk is needed, elements move only between the chunks of a row
/// range.
llvm::SmallVector<int64_t, 4> rowMajorChunks(const ValueType &type) {
  llvm::SmallVector<int64_t, 4> chunks(type.shape);
  chunks[0] = type.chunks[0];
  return chunks;
}

/// A 1-D selection, or rows of `rowShape`, of `dtype`: `what` takes at most
/// `bound` units of which chunks hold `chunkUnits`.
ValueType learntResult(Sema &sema, DType dtype, llvm::ArrayRef<int64_t> rowShape,
                       int64_t bound, int64_t chunkUnits, SourceLoc loc,
                       llvm::StringRef what) {
  std::string where = sema.formatLoc(loc);
  int64_t length = sema.getSizes().learnt(bound, where);
  sema.nameSize(length, ("len(" + what + ")").str());
  FailureOr<int64_t> nonEmpty = sema.sizeOp(SizeOp::Lt, 0, length, loc);
  if (failed(nonEmpty) ||
      failed(sema.require(*nonEmpty, loc,
                          ("'" + what + "' selects no elements").str(), {})))
    return ValueType::error();
  FailureOr<int64_t> chunk = sema.sizeOp(SizeOp::Min, chunkUnits, length, loc);
  if (failed(chunk))
    return ValueType::error();
  ValueType result = ValueType::array(dtype, {length}, {*chunk});
  result.shape.append(rowShape.begin(), rowShape.end());
  result.chunks.append(rowShape.begin(), rowShape.end());
  return result;
}

/// `mask` selects from `source` along its first `mask.getRank()` axes, which
/// must match: now, or when the program runs. Messages name them from
/// `firstAxis` on, the user's numbering.
LogicalResult checkMaskShape(Sema &sema, const ValueType &source,
                             const ValueType &mask, SourceLoc loc,
                             llvm::StringRef what, int64_t firstAxis) {
  for (unsigned d = 0; d < mask.getRank(); ++d) {
    FailureOr<int64_t> equal =
        sema.sizeOp(SizeOp::Eq, mask.shape[d], source.shape[d], loc);
    if (failed(equal) ||
        failed(sema.require(*equal, loc,
                            (what + " did not match the array along axis " +
                             llvm::Twine(firstAxis + d) +
                             ": the array has {0} elements there, the " + what +
                             " {1}")
                                .str(),
                            {source.shape[d], mask.shape[d]})))
      return failure();
  }
  return success();
}

/// Fills `info` for selecting from `source` along its first axis (rows, or
/// elements of a 1-D source) or all its elements: the chunks it is read in.
/// Returns the units per chunk of those chunks.
FailureOr<int64_t> prepareSource(Sema &sema, const ValueType &source,
                                 bool rows, SourceLoc loc, BuiltinInfo &info) {
  info.sourceChunks = rowMajorChunks(source);
  if (rows)
    return info.sourceChunks[0];
  return sema.sizeProduct(info.sourceChunks, loc);
}

ValueType checkUnique(Sema &sema, CallExpr &call, Expr &x) {
  if (!sema.checkArray(x, "unique"))
    return ValueType::error();
  FailureOr<int64_t> bound = sema.sizeProduct(x.type.shape, call.getLoc());
  FailureOr<int64_t> chunk = sema.sizeProduct(x.type.chunks, call.getLoc());
  if (failed(bound) || failed(chunk))
    return ValueType::error();
  call.info.operands.push_back(&x);
  call.info.computeDType = x.type.dtype;
  return learntResult(sema, x.type.dtype, {}, *bound, *chunk, call.getLoc(),
                      "unique");
}

ValueType checkNonzero(Sema &sema, CallExpr &call, Expr &x) {
  if (!sema.checkArray(x, "nonzero"))
    return ValueType::error();
  if (x.type.getRank() != 1) {
    sema.emitError(call.getLoc())
        << "'nonzero' takes a 1-D array, got " << x.type.getRank()
        << " dimensions (NumPy gives one index array per axis)";
    return ValueType::error();
  }
  call.info.operands.push_back(&x);
  call.info.computeDType = x.type.dtype;
  call.info.sourceChunks.assign(x.type.chunks.begin(), x.type.chunks.end());
  return learntResult(sema, DType::I64, {}, x.type.shape[0], x.type.chunks[0],
                      call.getLoc(), "nonzero");
}

/// compress(condition, a, axis=K): the slices along K where the condition
/// holds; without an axis, of a 1-D array.
ValueType checkCompress(Sema &sema, CallExpr &call,
                        llvm::ArrayRef<Expr *> pos,
                        const llvm::StringMap<Expr *> &kw) {
  Expr &condition = *pos[0], &a = *pos[1];
  if (!sema.checkArray(condition, "compress") || !sema.checkArray(a, "compress"))
    return ValueType::error();
  if (condition.type.getRank() != 1) {
    sema.emitError(condition.getLoc())
        << "'compress' condition must be 1-D, got "
        << condition.type.getRank() << " dimensions";
    return ValueType::error();
  }
  unsigned rank = a.type.getRank();
  Expr *axisExpr = kw.lookup("axis");
  if (!axisExpr && rank > 1) {
    sema.emitError(call.getLoc())
        << "'compress' of a " << rank
        << "-D array needs 'axis=' (NumPy would select from the flattened "
           "array)";
    return ValueType::error();
  }
  FailureOr<int64_t> axis = sema.getAxis(axisExpr, rank, call.getLoc());
  if (failed(axis))
    return ValueType::error();
  // The axis first: its slices are then rows.
  BuiltinInfo &info = call.info;
  ValueType moved = a.type;
  if (*axis != 0) {
    info.axes.push_back(*axis);
    for (int64_t d = 0; d < rank; ++d)
      if (d != *axis)
        info.axes.push_back(d);
    for (unsigned d = 0; d < rank; ++d) {
      moved.shape[d] = a.type.shape[info.axes[d]];
      moved.chunks[d] = a.type.chunks[info.axes[d]];
    }
  }
  if (failed(checkMaskShape(sema, moved, condition.type, condition.getLoc(),
                            "'compress' condition", *axis)))
    return ValueType::error();
  FailureOr<int64_t> chunk =
      prepareSource(sema, moved, /*rows=*/true, call.getLoc(), info);
  if (failed(chunk))
    return ValueType::error();
  info.operands.push_back(&a);
  info.operands.push_back(&condition);
  info.computeDType = a.type.dtype;
  ValueType rows = learntResult(
      sema, a.type.dtype, llvm::ArrayRef<int64_t>(moved.shape).drop_front(),
      moved.shape[0], *chunk, call.getLoc(), "compress");
  if (rows.isError() || info.axes.empty())
    return rows;
  ValueType result = rows;
  for (unsigned d = 0; d < rank; ++d) {
    result.shape[info.axes[d]] = rows.shape[d];
    result.chunks[info.axes[d]] = rows.chunks[d];
  }
  return result;
}

} // namespace

llvm::ArrayRef<llvm::StringLiteral> bridge::getCompactionKeywords(Builtin b) {
  if (b == Builtin::Compress)
    return kAxis;
  return {};
}

ValueType bridge::checkCompactionCall(Sema &sema, CallExpr &call, Builtin b,
                                      llvm::ArrayRef<Expr *> pos,
                                      const llvm::StringMap<Expr *> &kw) {
  switch (b) {
  case Builtin::Compress:
    return checkCompress(sema, call, pos, kw);
  case Builtin::Nonzero:
    return checkNonzero(sema, call, *pos[0]);
  case Builtin::Unique:
    return checkUnique(sema, call, *pos[0]);
  default:
    llvm_unreachable("not a compaction built-in");
  }
}

ValueType bridge::checkMaskIndex(Sema &sema, IndexExpr &index, Expr &mask) {
  const ValueType &x = index.getBase().type;
  if (mask.type.dtype != DType::Bool) {
    sema.emitError(mask.getLoc())
        << "an array index must be bool, got " << sema.describe(mask.type)
        << " (integer index arrays are not supported)";
    return ValueType::error();
  }
  unsigned rank = mask.type.getRank();
  bool rows = rank == 1 && x.getRank() > 1;
  if (!rows && rank != x.getRank()) {
    sema.emitError(mask.getLoc())
        << "a boolean index of " << rank << " dimensions selects from "
        << "an array of as many or, with 1, its rows; the array has "
        << x.getRank();
    return ValueType::error();
  }
  if (failed(checkMaskShape(sema, x, mask.type, mask.getLoc(),
                            "boolean index", 0)))
    return ValueType::error();
  BuiltinInfo info;
  FailureOr<int64_t> chunk =
      prepareSource(sema, x, rows, index.getLoc(), info);
  if (failed(chunk))
    return ValueType::error();
  FailureOr<int64_t> bound =
      rows ? FailureOr<int64_t>(x.shape[0])
           : sema.sizeProduct(x.shape, index.getLoc());
  if (failed(bound))
    return ValueType::error();
  info.operands.push_back(&index.getBase());
  info.operands.push_back(&mask);
  info.computeDType = x.dtype;
  index.mask = std::move(info);
  llvm::ArrayRef<int64_t> rowShape;
  if (rows)
    rowShape = llvm::ArrayRef<int64_t>(x.shape).drop_front();
  return learntResult(sema, x.dtype, rowShape, *bound, *chunk, index.getLoc(),
                      "x[mask]");
}
