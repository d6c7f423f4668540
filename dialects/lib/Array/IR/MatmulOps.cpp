//===- MatmulOps.cpp - Verifiers of array.matmul and its partials ---------===//
#include "bridge/Dialect/Array/ArrayOps.h"

#include "bridge/layout/ChunkCount.h"
#include "bridge/sizes.h"

using namespace mlir;
using namespace bridge::array;

/// Extents that must agree: equal, or one of them a size known only when
/// the program runs (checked then).
static bool mayAgree(int64_t a, int64_t b) {
  return a == b || bridge::plan::isSymbol(a) || bridge::plan::isSymbol(b);
}

/// Two 2-D operands and a result of one float element type.
static LogicalResult verifyOperands(Operation *op, ArrayType lhs, ArrayType rhs,
                                    ArrayType result, int64_t resultRank) {
  Type element = result.getElementType();
  if (!element.isF64() && !element.isF32())
    return op->emitOpError("multiplies f64 or f32 elements, got ") << element;
  if (lhs.getElementType() != element || rhs.getElementType() != element)
    return op->emitOpError("operands have the result's element type");
  if (lhs.getRank() != 2 || rhs.getRank() != 2)
    return op->emitOpError("operands are 2-D");
  if (result.getRank() != resultRank)
    return op->emitOpError("result is ") << resultRank << "-D";
  return success();
}

LogicalResult MatmulOp::verify() {
  ArrayType lhs = getLhs().getType(), rhs = getRhs().getType(),
            result = getResult().getType();
  if (failed(verifyOperands(*this, lhs, rhs, result, 2)))
    return failure();
  if (!mayAgree(lhs.getShape()[1], rhs.getShape()[0]))
    return emitOpError("contracted extents ")
           << lhs.getShape()[1] << " and " << rhs.getShape()[0] << " differ";
  if (!mayAgree(result.getShape()[0], lhs.getShape()[0]) ||
      !mayAgree(result.getShape()[1], rhs.getShape()[1]))
    return emitOpError("result shape is [lhs rows, rhs columns]");
  if (result.getChunks()[0] != lhs.getChunks()[0] ||
      result.getChunks()[1] != result.getShape()[1])
    return emitOpError("result chunks are [lhs row chunks, rhs columns]");
  return success();
}

LogicalResult MatmulPartialsOp::verify() {
  ArrayType lhs = getLhs().getType(), rhs = getRhs().getType(),
            result = getResult().getType();
  if (failed(verifyOperands(*this, lhs, rhs, result, 3)))
    return failure();
  if (!mayAgree(lhs.getShape()[0], rhs.getShape()[0]) ||
      lhs.getChunks()[0] != rhs.getChunks()[0])
    return emitOpError("operands share their extent and chunks along axis 0");
  if (lhs.getChunks()[1] != lhs.getShape()[1] ||
      rhs.getChunks()[1] != rhs.getShape()[1])
    return emitOpError("operands hold axis 1 whole in each chunk");
  ArrayRef<int64_t> shape = result.getShape(), chunks = result.getChunks();
  int64_t rows = lhs.getShape()[0], rowChunk = lhs.getChunks()[0];
  bool countKnown = !bridge::plan::isSymbol(rows) &&
                    !bridge::plan::isSymbol(rowChunk);
  if ((countKnown && shape[0] != bridge::layout::chunkCount(rows, rowChunk)) ||
      shape[1] != lhs.getShape()[1] || shape[2] != rhs.getShape()[1] ||
      chunks[0] != 1 || chunks[1] != shape[1] || chunks[2] != shape[2])
    return emitOpError("result is [chunks along axis 0, lhs columns, rhs "
                       "columns] in chunks [1, lhs columns, rhs columns]");
  return success();
}
