//===- ArrayOps.cpp - Operations of the array dialect ---------------------===//
#include "bridge/Dialect/Array/ArrayOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace bridge::array;

#include "bridge/Dialect/Array/ArrayEnums.cpp.inc"

#define GET_OP_CLASSES
#include "bridge/Dialect/Array/ArrayOps.cpp.inc"

/// Checks that the array operands of an elementwise op share one grid and
/// that the result is an array on that grid (or a scalar when every operand
/// is one) with element type `resultElement`.
static LogicalResult verifyElementwise(Operation *op, ValueRange operands,
                                       Type resultElement) {
  ArrayType grid;
  for (Value operand : operands) {
    auto array = dyn_cast<ArrayType>(operand.getType());
    if (!array)
      continue;
    if (grid && !grid.hasSameGrid(array))
      return op->emitOpError("operands have different shapes or chunks: ")
             << grid << " and " << array;
    grid = array;
  }
  Type result = op->getResult(0).getType();
  Type expected = grid ? Type(grid.withElementType(resultElement))
                       : resultElement;
  if (result != expected)
    return op->emitOpError("result type should be ") << expected;
  return success();
}

static bool isFloat(Type type) { return isa<FloatType>(type); }

LogicalResult RandomOp::verify() {
  if (!getType().getElementType().isF64())
    return emitOpError("generates f64 elements");
  return success();
}

LogicalResult NormalOp::verify() {
  if (!getType().getElementType().isF64())
    return emitOpError("generates f64 elements");
  if (getStd().convertToDouble() < 0)
    return emitOpError("standard deviation must not be negative");
  return success();
}

LogicalResult FullOp::verify() {
  if (getValue().getType() != getType().getElementType())
    return emitOpError("value type ")
           << getValue().getType() << " differs from the element type "
           << getType().getElementType();
  return success();
}

LogicalResult ArangeOp::verify() {
  if (getType().getRank() != 1)
    return emitOpError("produces a 1-D array");
  return success();
}

LogicalResult CastOp::verify() {
  return verifyElementwise(*this, getInput(),
                           getElementTypeOrSelf(getResult().getType()));
}

LogicalResult UnaryOp::verify() {
  Type element = getElementTypeOrSelf(getInput().getType());
  Type resultElement = element;
  switch (getKind()) {
  case UnaryKind::lnot:
    if (!element.isInteger(1))
      return emitOpError("'not' takes bool operands");
    break;
  case UnaryKind::isnan:
  case UnaryKind::isfinite:
    resultElement = IntegerType::get(getContext(), 1);
    break;
  case UnaryKind::sqrt:
  case UnaryKind::exp:
  case UnaryKind::log:
  case UnaryKind::log2:
  case UnaryKind::log10:
  case UnaryKind::sin:
  case UnaryKind::cos:
  case UnaryKind::tan:
  case UnaryKind::tanh:
    if (!isFloat(element))
      return emitOpError("'") << stringifyUnaryKind(getKind())
                              << "' takes floating-point operands";
    break;
  default:
    break;
  }
  return verifyElementwise(*this, getInput(), resultElement);
}

LogicalResult BinaryOp::verify() {
  Type lhs = getElementTypeOrSelf(getLhs().getType());
  Type rhs = getElementTypeOrSelf(getRhs().getType());
  if (lhs != rhs)
    return emitOpError("operand element types differ: ") << lhs << " and "
                                                         << rhs;
  Type resultElement = lhs;
  if (isComparison())
    resultElement = IntegerType::get(getContext(), 1);
  if ((getKind() == BinaryKind::land || getKind() == BinaryKind::lor) &&
      !lhs.isInteger(1))
    return emitOpError("'") << stringifyBinaryKind(getKind())
                            << "' takes bool operands";
  return verifyElementwise(*this, {getLhs(), getRhs()}, resultElement);
}

LogicalResult SelectOp::verify() {
  if (!getElementTypeOrSelf(getCondition().getType()).isInteger(1))
    return emitOpError("condition must be bool");
  Type element = getElementTypeOrSelf(getTrueValue().getType());
  if (element != getElementTypeOrSelf(getFalseValue().getType()))
    return emitOpError("both alternatives must have one element type");
  return verifyElementwise(*this,
                           {getCondition(), getTrueValue(), getFalseValue()},
                           element);
}

LogicalResult ReduceOp::verify() {
  ArrayType input = getInput().getType();
  Type result = getResult().getType();
  std::optional<uint64_t> axis = getAxis();
  if (!axis || input.getRank() == 1) {
    if (axis && *axis != 0)
      return emitOpError("axis ") << *axis << " is out of range for a 1-D array";
    if (isa<ArrayType>(result))
      return emitOpError("a whole-array reduction gives a scalar");
    return success();
  }
  if (static_cast<int64_t>(*axis) >= input.getRank())
    return emitOpError("axis ") << *axis << " is out of range for a "
                                << input.getRank() << "-D array";
  auto array = dyn_cast<ArrayType>(result);
  if (!array || array.getRank() != input.getRank() - 1)
    return emitOpError("reduction along an axis gives an array of rank ")
           << input.getRank() - 1;
  return success();
}

LogicalResult CallOp::verify() {
  for (int64_t index : getBlockArgs()) {
    if (index < 0 || index >= static_cast<int64_t>(getArgs().size()))
      return emitOpError("block argument index ") << index << " out of range";
    if (!isa<ArrayType>(getArgs()[index].getType()))
      return emitOpError("block layout given for scalar argument ") << index;
  }
  return success();
}
