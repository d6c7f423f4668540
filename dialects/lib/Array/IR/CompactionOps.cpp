//===- CompactionOps.cpp - Verifiers of array.compress and array.unique ---===//
#include "bridge/Dialect/Array/ArrayOps.h"

#include "bridge/sizes.h"

using namespace mlir;
using namespace bridge::array;

/// A length that the data decides is a symbol of the program's sizes.
static LogicalResult verifyLearntLength(Operation *op, ArrayType result) {
  if (!bridge::plan::isSymbol(result.getShape()[0]))
    return op->emitOpError("result length must be a size the program learns "
                           "while it runs, got ")
           << result.getShape()[0];
  return success();
}

LogicalResult CompressOp::verify() {
  ArrayType input = getInput().getType(), mask = getMask().getType(),
            result = getType();
  if (!mask.getElementType().isInteger(1))
    return emitOpError("mask must be bool, got ") << mask.getElementType();
  if (result.getElementType() != input.getElementType())
    return emitOpError("result must have the input's element type");
  for (int64_t dim = 1; dim < input.getRank(); ++dim)
    if (input.getChunks()[dim] != input.getShape()[dim])
      return emitOpError("input chunks must hold every axis but the first "
                         "whole");
  bool rows = mask.getRank() == 1 && input.getRank() > 1;
  if (!rows && mask.getShape() != input.getShape())
    return emitOpError("mask must have the input's shape or its first axis");
  for (int64_t dim = 0; dim < mask.getRank(); ++dim)
    if (mask.getShape()[dim] != input.getShape()[dim] ||
        mask.getChunks()[dim] != input.getChunks()[dim])
      return emitOpError("mask must be chunked as the input along its axes");
  int64_t rank = rows ? input.getRank() : 1;
  if (result.getRank() != rank)
    return emitOpError("result must have ") << rank << " dimension"
                                            << (rank == 1 ? "" : "s");
  for (int64_t dim = 1; dim < rank; ++dim)
    if (result.getShape()[dim] != input.getShape()[dim] ||
        result.getChunks()[dim] != input.getShape()[dim])
      return emitOpError("result rows must be the input's, whole in each "
                         "chunk");
  return verifyLearntLength(*this, result);
}

LogicalResult UniqueOp::verify() {
  ArrayType result = getType();
  if (result.getElementType() != getInput().getType().getElementType())
    return emitOpError("result must have the input's element type");
  if (result.getRank() != 1)
    return emitOpError("result must be 1-D");
  return verifyLearntLength(*this, result);
}
