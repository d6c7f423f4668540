//===- ScanOps.cpp - Verifiers of the task dialect's scan steps -----------===//
#include "bridge/Dialect/Task/TaskOps.h"

using namespace mlir;
using namespace bridge::task;

/// Sums and products are the scans.
static LogicalResult verifyKind(Operation *op, CombineKind kind) {
  if (kind != CombineKind::sum && kind != CombineKind::prod)
    return op->emitOpError("scans sum or multiply");
  return success();
}

LogicalResult ScanLocalOp::verify() {
  DistType source = getSource().getType(), totals = getTotals().getType();
  if (failed(verifyKind(*this, getKind())))
    return failure();
  int64_t axis = getAxis();
  if (axis < 0 || axis >= source.getRank())
    return emitOpError("axis ") << axis << " is out of range";
  if (totals.getElementType() != source.getElementType() ||
      totals.getRank() != source.getRank() || totals.getChunks()[axis] != 1)
    return emitOpError("totals have the source's element type, rank and "
                       "chunks of extent 1 along the axis");
  return success();
}

LogicalResult ScanCarryOp::verify() {
  DistType array = getArray().getType(), totals = getTotals().getType();
  if (failed(verifyKind(*this, getKind())))
    return failure();
  int64_t axis = getAxis();
  if (axis < 0 || axis >= array.getRank())
    return emitOpError("axis ") << axis << " is out of range";
  if (totals.getElementType() != array.getElementType() ||
      totals.getRank() != array.getRank() + 1 || totals.getChunks()[axis] != 1)
    return emitOpError("totals have the array's element type, one axis more "
                       "and chunks of extent 1 along the axis");
  return success();
}
