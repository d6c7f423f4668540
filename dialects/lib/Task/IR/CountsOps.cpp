//===- CountsOps.cpp - Verifier of task.sum_counts ------------------------===//
#include "bridge/Dialect/Task/TaskOps.h"

using namespace mlir;
using namespace bridge::task;

LogicalResult SumCountsOp::verify() {
  DistType dest = getDest().getType();
  if (dest.getRank() != 1 || !dest.getElementType().isInteger(64))
    return emitOpError("destination must be a 1-D i64 array");
  if (dest.getPlacement() != Placement::contiguous || !dest.getHalo().empty())
    return emitOpError("destination must be contiguous, without a halo");
  if (dest.getChunks()[0] != dest.getShape()[0])
    return emitOpError("destination must be one chunk");
  return success();
}
