//===- CountsOps.cpp - Verifier of array.bincount -------------------------===//
#include "bridge/Dialect/Array/ArrayOps.h"

using namespace mlir;
using namespace bridge::array;

LogicalResult BincountOp::verify() {
  if (!getInput().getType().getElementType().isInteger(64))
    return emitOpError("input must be i64");
  ArrayType result = getType();
  if (result.getRank() != 1 || !result.getElementType().isInteger(64))
    return emitOpError("result must be a 1-D i64 array");
  if (result.getChunks()[0] != result.getShape()[0])
    return emitOpError("result must be one chunk");
  return success();
}
