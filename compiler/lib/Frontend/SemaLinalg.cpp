//===- SemaLinalg.cpp - Checking the linear algebra built-ins -------------===//
//
// matmul takes 1-D and 2-D operands as NumPy does (a 1-D left operand is a
// row, a 1-D right one a column, and their axis is dropped from the
// result); its operands promote as for `*` and must give f64 or f32. The
// result keeps the left operand's row chunks, with the columns whole.
// outer takes two 1-D arrays and gives their product as `*` would.
//
//===----------------------------------------------------------------------===//

#include "SemaLinalg.h"

using namespace bridge;
using namespace bridge::ast;
using mlir::failure;
using mlir::LogicalResult;
using mlir::success;

/// `x` is an array of at most `maxRank` dimensions.
static bool checkOperand(Sema &sema, CallExpr &call, Expr &x,
                         llvm::StringRef name, unsigned maxRank) {
  if (!sema.checkArray(x, name))
    return false;
  unsigned rank = x.type.getRank();
  if (rank <= maxRank)
    return true;
  auto diag = sema.emitError(call.getLoc());
  diag << "'" << name << "' takes ";
  if (maxRank == 1)
    diag << "1-D arrays";
  else
    diag << "1-D and 2-D arrays";
  diag << ", got " << sema.describe(x.type);
  return false;
}

/// The contracted extents of `a @ b` agree: now, or when the program starts.
static LogicalResult checkContracted(Sema &sema, CallExpr &call, int64_t left,
                                     int64_t right) {
  if (left == right)
    return success();
  if (!plan::isSymbol(left) && !plan::isSymbol(right)) {
    sema.emitError(call.getLoc()) << "'matmul': contracted extents " << left
                                  << " and " << right << " differ";
    return failure();
  }
  mlir::FailureOr<int64_t> same =
      sema.sizeOp(plan::SizeOp::Eq, left, right, call.getLoc());
  if (failed(same))
    return failure();
  return sema.require(*same, call.getLoc(),
                      "'matmul': contracted extents {0} and {1} differ",
                      {left, right});
}

static ValueType checkMatmul(Sema &sema, CallExpr &call, Expr &a, Expr &b) {
  bool aOk = checkOperand(sema, call, a, "matmul", 2);
  bool bOk = checkOperand(sema, call, b, "matmul", 2);
  if (!aOk || !bOk)
    return ValueType::error();
  const ValueType &at = a.type, &bt = b.type;
  DType common = promoteTypes(at.dtype, false, bt.dtype, false).first;
  if (!isFloat(common)) {
    sema.emitError(call.getLoc())
        << "'matmul' multiplies f64 and f32 arrays, got "
        << sema.describe(at) << " and " << sema.describe(bt)
        << "; convert one with astype";
    return ValueType::error();
  }
  if (failed(checkContracted(sema, call, at.shape.back(), bt.shape.front())))
    return ValueType::error();
  call.info.operands = {&a, &b};
  call.info.computeDType = common;
  llvm::SmallVector<int64_t, 2> shape, chunks;
  if (at.getRank() == 2) {
    shape.push_back(at.shape[0]);
    chunks.push_back(at.chunks[0]);
  }
  if (bt.getRank() == 2) {
    shape.push_back(bt.shape[1]);
    chunks.push_back(bt.shape[1]);
  }
  if (shape.empty())
    return ValueType::scalar(common);
  return ValueType::array(common, shape, chunks);
}

static ValueType checkOuter(Sema &sema, CallExpr &call, Expr &u, Expr &v) {
  bool uOk = checkOperand(sema, call, u, "outer", 1);
  bool vOk = checkOperand(sema, call, v, "outer", 1);
  if (!uOk || !vOk)
    return ValueType::error();
  if (isBool(u.type.dtype) && isBool(v.type.dtype)) {
    sema.emitError(call.getLoc())
        << "'outer' is not defined for two bool operands; convert one with "
           "astype";
    return ValueType::error();
  }
  DType common = promoteTypes(u.type.dtype, false, v.type.dtype, false).first;
  call.info.operands = {&u, &v};
  call.info.computeDType = common;
  return ValueType::array(common, {u.type.shape[0], v.type.shape[0]},
                          {u.type.chunks[0], v.type.chunks[0]});
}

ValueType bridge::checkLinearAlgebraCall(Sema &sema, CallExpr &call, Builtin b,
                                         llvm::ArrayRef<Expr *> pos) {
  if (b == Builtin::Matmul)
    return checkMatmul(sema, call, *pos[0], *pos[1]);
  return checkOuter(sema, call, *pos[0], *pos[1]);
}
