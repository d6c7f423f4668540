//===- ScanOps.cpp - Verifier of array.scan -------------------------------===//
#include "bridge/Dialect/Array/ArrayOps.h"

#include "bridge/layout/Grid.h"

using namespace mlir;
using namespace bridge::array;

LogicalResult ScanOp::verify() {
  ArrayType input = getInput().getType();
  Type element = input.getElementType();
  if (!element.isF64() && !element.isF32() && !element.isInteger(64))
    return emitOpError("scans f64, f32 or i64 elements, got ") << element;
  int64_t axis = getAxis();
  if (axis < 0 || axis >= input.getRank())
    return emitOpError("axis ") << axis << " is out of range for a "
                                << input.getRank() << "-D array";
  // The totals that each chunk reads have one axis more than the input.
  if (input.getRank() >= bridge::layout::kMaxDims)
    return emitOpError("scans arrays of at most ")
           << bridge::layout::kMaxDims - 1 << " dimensions";
  return success();
}
