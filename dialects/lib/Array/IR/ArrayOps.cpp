//===- ArrayOps.cpp - Operations of the array dialect ---------------------===//
#include "bridge/Dialect/Array/ArrayOps.h"
#include "bridge/Dialect/Array/ElementSemantics.h"
#include "bridge/Dialect/Array/ReshapeGroups.h"
#include "bridge/sizes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

#include <cmath>

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

/// Checks the operand element type against what `kind` takes.
template <typename KindT>
static LogicalResult verifyKindOperands(Operation *op, KindT kind,
                                        Type element) {
  switch (getKindTyping(kind).operands) {
  case KindTyping::Operands::Any:
    return success();
  case KindTyping::Operands::Bool:
    if (element.isInteger(1))
      return success();
    return op->emitOpError("'")
           << stringifyEnum(kind) << "' takes bool operands";
  case KindTyping::Operands::FloatingPoint:
    if (isFloat(element))
      return success();
    return op->emitOpError("'")
           << stringifyEnum(kind) << "' takes floating-point operands";
  }
  llvm_unreachable("unknown operand domain");
}

LogicalResult UnaryOp::verify() {
  Type element = getElementTypeOrSelf(getInput().getType());
  if (failed(verifyKindOperands(*this, getKind(), element)))
    return failure();
  Type resultElement = getKindTyping(getKind()).givesBool
                           ? IntegerType::get(getContext(), 1)
                           : element;
  return verifyElementwise(*this, getInput(), resultElement);
}

LogicalResult BinaryOp::verify() {
  Type lhs = getElementTypeOrSelf(getLhs().getType());
  Type rhs = getElementTypeOrSelf(getRhs().getType());
  if (lhs != rhs)
    return emitOpError("operand element types differ: ") << lhs << " and "
                                                         << rhs;
  if (failed(verifyKindOperands(*this, getKind(), lhs)))
    return failure();
  Type resultElement = getKindTyping(getKind()).givesBool
                           ? IntegerType::get(getContext(), 1)
                           : lhs;
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

LogicalResult bridge::array::verifyQuantileSelection(Operation *op, bool median,
                                                    ArrayRef<double> q,
                                                    Type element) {
  if (median ? !q.empty() : q.empty())
    return op->emitOpError("takes quantiles, or is a median with none");
  if (op->getNumResults() != (median ? 1 : q.size()))
    return op->emitOpError("has one result per quantile");
  if (!llvm::all_of(q, [](double v) { return v >= 0.0 && v <= 1.0; }))
    return op->emitOpError("quantiles must lie in [0, 1]");
  if (!median && element.isInteger(1))
    return op->emitOpError("quantiles of bools are not defined");
  return success();
}

LogicalResult QuantileOp::verify() {
  Type element = getInput().getType().getElementType();
  if (failed(verifyQuantileSelection(*this, getMedian(), getQ(), element)))
    return failure();
  Type expectedType = getMedian() && element.isF32()
                          ? Type(element)
                          : Type(Float64Type::get(getContext()));
  for (Type type : getResults().getTypes())
    if (type != expectedType)
      return emitOpError("results must be ") << expectedType;
  return success();
}

LogicalResult LineQuantileOp::verify() {
  ArrayType input = getInput().getType(), result = getType();
  int64_t axis = getAxis();
  if (axis < 0 || axis >= input.getRank())
    return emitOpError("axis ") << axis << " is outside the input's rank";
  double q = getQ().convertToDouble();
  if (!(q >= 0.0 && q <= 1.0))
    return emitOpError("quantile must lie in [0, 1]");
  Type element = input.getElementType();
  if (!getMedian() && element.isInteger(1))
    return emitOpError("quantiles of bools are not defined");
  Type expected = getMedian() && element.isF32()
                      ? element
                      : Type(Float64Type::get(getContext()));
  if (result.getElementType() != expected)
    return emitOpError("result elements must be ") << expected;
  SmallVector<int64_t> shape(input.getShape()), chunks(input.getChunks());
  shape.erase(shape.begin() + axis);
  chunks.erase(chunks.begin() + axis);
  if (result.getShape() != ArrayRef<int64_t>(shape) ||
      result.getChunks() != ArrayRef<int64_t>(chunks))
    return emitOpError("result must have the input's shape and chunks "
                       "without the axis");
  return success();
}

LogicalResult CallOp::verify() {
  if (getCheckStatus() &&
      (!getResult() || !getResult().getType().isInteger(32)))
    return emitOpError("checks the status of an i32 result");
  auto array = getResult() ? dyn_cast<ArrayType>(getResult().getType())
                           : ArrayType();
  if (getBlockResult() && !array)
    return emitOpError("block layout given for a result that is not an array");
  if (getColumnMajorResult() && !array)
    return emitOpError("column-major order given for a result that is not an "
                       "array");
  if (array && !getDeclaredGrid()) {
    auto first = llvm::find_if(getArgs(), [](Value arg) {
      return isa<ArrayType>(arg.getType());
    });
    if (first == getArgs().end() ||
        !cast<ArrayType>((*first).getType()).hasSameGrid(array))
      return emitOpError("array result must have the shape and chunks of the "
                         "first array argument");
  }
  auto checkArrayIndices = [&](ArrayRef<int64_t> indices,
                               StringRef what) -> LogicalResult {
    for (int64_t index : indices) {
      if (index < 0 || index >= static_cast<int64_t>(getArgs().size()))
        return emitOpError() << what << " argument index " << index
                             << " out of range";
      if (!isa<ArrayType>(getArgs()[index].getType()))
        return emitOpError() << what << " given for scalar argument " << index;
    }
    return success();
  };
  if (failed(checkArrayIndices(getBlockArgs(), "block layout")))
    return failure();
  ArrayRef<int64_t> cyclic = getCyclicLayouts();
  if (cyclic.size() % 5 != 0)
    return emitOpError("cyclic_layouts needs five numbers per operand");
  for (size_t i = 0; i < cyclic.size(); i += 5) {
    int64_t index = cyclic[i];
    auto type = index < 0 ? array
                : index < static_cast<int64_t>(getArgs().size())
                    ? dyn_cast<ArrayType>(getArgs()[index].getType())
                    : ArrayType();
    if (!type || type.getRank() != 2)
      return emitOpError() << "block-cyclic operand " << index
                           << " is not a matrix";
    if (cyclic[i + 1] < 1 || cyclic[i + 2] < 1 || cyclic[i + 3] < 0 ||
        cyclic[i + 4] < 0 || (cyclic[i + 3] == 0) != (cyclic[i + 4] == 0))
      return emitOpError() << "block-cyclic operand " << index
                           << " has invalid block sizes or grid";
  }
  return checkArrayIndices(getColumnMajorArgs(), "column-major order");
}

static LogicalResult verifySameElements(Operation *op, ArrayType input,
                                        ArrayType result) {
  if (input.getElementType() != result.getElementType())
    return op->emitOpError("result element type must be ")
           << input.getElementType();
  return success();
}

LogicalResult SliceOp::verify() {
  ArrayType input = getInput().getType(), result = getType();
  if (failed(verifySameElements(*this, input, result)))
    return failure();
  int64_t rank = input.getRank();
  if (result.getRank() != rank || getStarts().size() != static_cast<size_t>(rank) ||
      getSteps().size() != static_cast<size_t>(rank))
    return emitOpError("needs one start and one step per dimension of a ")
           << rank << "-D input and a result of the same rank";
  for (int64_t dim = 0; dim < rank; ++dim) {
    int64_t start = getStarts()[dim], step = getSteps()[dim];
    int64_t size = result.getShape()[dim], extent = input.getShape()[dim];
    // Bounds that depend on run-time sizes are checked when the program
    // starts.
    if (!allConstant({start, size, extent}))
      continue;
    int64_t last = start + step * (size - 1);
    if (start < 0 || start >= extent || last < 0 || last >= extent)
      return emitOpError("dimension ") << dim << " reads past the input";
  }
  return success();
}

LogicalResult IndexOp::verify() {
  ArrayType input = getInput().getType();
  if (getIndices().size() != static_cast<size_t>(input.getRank()))
    return emitOpError("needs one index per dimension");
  for (auto [index, extent] : llvm::zip(getIndices(), input.getShape()))
    if (allConstant({index, extent}) && (index < 0 || index >= extent))
      return emitOpError("index ") << index << " is out of range";
  if (getType() != input.getElementType())
    return emitOpError("result type must be ") << input.getElementType();
  return success();
}

/// Two extents that must be equal: equal constants or symbols, or a symbol
/// the program checks against the other when it starts.
static bool mayBeEqual(int64_t a, int64_t b) {
  return a == b || !allConstant({a, b});
}

LogicalResult RechunkOp::verify() {
  ArrayType input = getInput().getType(), result = getType();
  if (input.getRank() != result.getRank() ||
      !llvm::all_of(llvm::zip(input.getShape(), result.getShape()),
                    [](auto pair) {
                      return mayBeEqual(std::get<0>(pair), std::get<1>(pair));
                    }))
    return emitOpError("keeps the shape");
  return verifySameElements(*this, input, result);
}

SmallVector<int64_t, 4> TransposeOp::getPermutation() {
  if (std::optional<ArrayRef<int64_t>> perm = getPerm())
    return SmallVector<int64_t, 4>(*perm);
  int64_t rank = getInput().getType().getRank();
  SmallVector<int64_t, 4> reversed;
  for (int64_t dim = rank - 1; dim >= 0; --dim)
    reversed.push_back(dim);
  return reversed;
}

LogicalResult TransposeOp::verify() {
  ArrayType input = getInput().getType(), result = getType();
  int64_t rank = input.getRank();
  SmallVector<int64_t, 4> perm = getPermutation();
  SmallVector<bool, 4> seen(rank, false);
  if (result.getRank() != rank || static_cast<int64_t>(perm.size()) != rank)
    return emitOpError("needs one axis per dimension of the input");
  for (auto [dim, from] : llvm::enumerate(perm)) {
    if (from < 0 || from >= rank || seen[from])
      return emitOpError("axes must be a permutation");
    seen[from] = true;
    if (result.getShape()[dim] != input.getShape()[from])
      return emitOpError("result dimension ")
             << dim << " must have the extent of input dimension " << from;
  }
  return verifySameElements(*this, input, result);
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  ArrayType result = getType();
  int64_t rank = result.getRank();
  int64_t axis = getAxis();
  if (axis < 0 || axis >= rank)
    return emitOpError("axis ") << axis << " is out of range";
  if (getOffsets().size() != getInputs().size())
    return emitOpError("needs one offset per input");
  int64_t total = 0;
  bool symbolic = false;
  for (auto [input, offset] : llvm::zip(getInputs(), getOffsets())) {
    auto type = cast<ArrayType>(input.getType());
    if (type.getRank() != rank ||
        failed(verifySameElements(*this, type, result)))
      return emitOpError("inputs must have the result's rank and element type");
    for (int64_t dim = 0; dim < rank; ++dim)
      if (dim != axis &&
          !mayBeEqual(type.getShape()[dim], result.getShape()[dim]))
        return emitOpError("inputs differ from the result in dimension ")
               << dim;
    int64_t extent = type.getShape()[axis];
    symbolic |= !allConstant({extent, offset});
    if (!symbolic && offset != total)
      return emitOpError("input offsets must be the sums of the extents "
                         "before them");
    total += symbolic ? 0 : extent;
  }
  if (!symbolic && allConstant(result.getShape()[axis]) &&
      total != result.getShape()[axis])
    return emitOpError("result extent along the axis must be ") << total;
  return success();
}

LogicalResult ArrangeOp::verify() {
  ArrayType result = getType();
  size_t rank = result.getRank();
  size_t entries = rank * getInputs().size();
  if (getInputs().empty())
    return emitOpError("needs at least one source");
  if (getDims().size() != entries || getOffsets().size() != entries ||
      getSteps().size() != entries || getLo().size() != entries ||
      getHi().size() != entries)
    return emitOpError("needs one map per result dimension and source");
  for (auto [k, input] : llvm::enumerate(getInputs())) {
    auto type = cast<ArrayType>(input.getType());
    if (static_cast<size_t>(type.getRank()) > rank ||
        failed(verifySameElements(*this, type, result)))
      return emitOpError("source ")
             << k << " must have at most the result's rank and its elements";
    SmallVector<bool, 4> seen(rank, false);
    for (size_t dim = 0; dim < rank; ++dim) {
      size_t e = k * rank + dim;
      int64_t from = getDims()[e], lo = getLo()[e], hi = getHi()[e];
      int64_t offset = getOffsets()[e], step = getSteps()[e];
      if (from < 0 || static_cast<size_t>(from) >= rank || seen[from])
        return emitOpError("source ") << k << " dimensions must be a "
                                         "permutation";
      seen[from] = true;
      int64_t extent = from < type.getRank() ? type.getShape()[from] : 1;
      if (!allConstant({lo, hi, offset, extent, result.getShape()[dim]}))
        continue;
      if (lo < 0 || lo >= hi || hi > result.getShape()[dim])
        return emitOpError("source ") << k << " box leaves dimension " << dim;
      int64_t first = offset, last = offset + step * (hi - 1 - lo);
      if (std::min(first, last) < 0 || std::max(first, last) >= extent)
        return emitOpError("source ") << k << " reads past dimension " << from;
    }
  }
  return success();
}

LogicalResult ConvolveOp::verify() {
  if (getWeights().size() % 2 == 0)
    return emitOpError("needs an odd number of weights");
  // The axis attribute is unsigned: only the upper bound can fail.
  if (getAxis() >= static_cast<uint64_t>(getInput().getType().getRank()))
    return emitOpError("axis ") << getAxis() << " is out of range";
  Type element = getInput().getType().getElementType();
  if (element.isInteger(1))
    return emitOpError("convolves numbers, not bools");
  if (!isa<FloatType>(element) &&
      llvm::any_of(getWeights(), [](double w) { return w != std::trunc(w); }))
    return emitOpError("integer arrays take integer weights");
  return success();
}

LogicalResult SqueezeOp::verify() {
  ArrayType input = getInput().getType(), result = getType();
  if (failed(verifySameElements(*this, input, result)))
    return failure();
  SmallVector<int64_t> kept, keptChunks;
  for (int64_t dim = 0; dim < input.getRank(); ++dim) {
    if (!llvm::is_contained(getDims(), dim)) {
      kept.push_back(input.getShape()[dim]);
      keptChunks.push_back(input.getChunks()[dim]);
    } else if (input.getShape()[dim] != 1) {
      return emitOpError("dimension ") << dim << " does not have extent 1";
    }
  }
  if (ArrayRef<int64_t>(kept) != result.getShape() ||
      ArrayRef<int64_t>(keptChunks) != result.getChunks())
    return emitOpError("result must be the input without the listed "
                       "dimensions");
  return success();
}

/// Within axes [begin, end), every axis after the first that is not 1 is
/// whole in each chunk, and the unit axes before it are chunks of 1: a chunk
/// is one stretch of the axes' row-major elements.
static bool isAlignedGroup(ArrayType type, unsigned begin, unsigned end) {
  ArrayRef<int64_t> shape = type.getShape(), chunks = type.getChunks();
  unsigned lead = getLeadAxis(shape, begin, end);
  for (unsigned a = begin; a < end; ++a)
    if (a != lead && chunks[a] != shape[a])
      return false;
  return true;
}

/// With sizes known only when the program runs: the axes both shapes share
/// at either end (the same extent and chunk) stay as they are, and the axes
/// between form one group, a stretch of row-major elements per chunk on
/// each side, whose chunks the frontend matched.
static bool isAlignedAroundSharedAxes(ArrayType input, ArrayType result) {
  ArrayRef<int64_t> inShape = input.getShape(), outShape = result.getShape();
  auto shared = [&](unsigned a, unsigned b) {
    return inShape[a] == outShape[b] &&
           input.getChunks()[a] == result.getChunks()[b];
  };
  unsigned front = 0, back = 0;
  unsigned inRank = inShape.size(), outRank = outShape.size();
  while (front < std::min(inRank, outRank) && shared(front, front))
    ++front;
  while (back < std::min(inRank, outRank) - front &&
         shared(inRank - 1 - back, outRank - 1 - back))
    ++back;
  unsigned inEnd = inRank - back, outEnd = outRank - back;
  if ((front == inEnd) != (front == outEnd))
    return false;
  return isAlignedGroup(input, front, inEnd) &&
         isAlignedGroup(result, front, outEnd);
}

LogicalResult ReshapeOp::verify() {
  ArrayType input = getInput().getType(), result = getType();
  if (failed(verifySameElements(*this, input, result)))
    return failure();
  // With sizes known only when the program runs, the frontend matched the
  // chunks and checks the element counts when the program starts.
  bool symbolic = llvm::any_of(input.getShape(), bridge::plan::isSymbol) ||
                  llvm::any_of(result.getShape(), bridge::plan::isSymbol) ||
                  llvm::any_of(input.getChunks(), bridge::plan::isSymbol);
  if (symbolic && isAlignedAroundSharedAxes(input, result))
    return success();
  FailureOr<SmallVector<ReshapeGroup, 4>> groups =
      getReshapeGroups(input.getShape(), result.getShape());
  if (failed(groups) && symbolic)
    return emitOpError("the dimensions between those both shapes share do "
                       "not hold one stretch of elements in each chunk");
  if (failed(groups))
    return emitOpError("shapes hold different numbers of elements");
  for (const ReshapeGroup &g : *groups) {
    std::optional<int64_t> from = getGroupChunk(
        input.getShape(), input.getChunks(), g.srcBegin, g.srcEnd);
    std::optional<int64_t> to = getGroupChunk(
        result.getShape(), result.getChunks(), g.dstBegin, g.dstEnd);
    if (!from || !to || *from != *to)
      return emitOpError("input dimensions [")
             << g.srcBegin << ", " << g.srcEnd << ") and result dimensions ["
             << g.dstBegin << ", " << g.dstEnd
             << ") do not hold the same elements in each chunk";
  }
  return success();
}

LogicalResult ExpandDimsOp::verify() {
  ArrayType input = getInput().getType(), result = getType();
  if (failed(verifySameElements(*this, input, result)))
    return failure();
  SmallVector<int64_t> kept, keptChunks;
  for (int64_t dim = 0; dim < result.getRank(); ++dim) {
    if (!llvm::is_contained(getDims(), dim)) {
      kept.push_back(result.getShape()[dim]);
      keptChunks.push_back(result.getChunks()[dim]);
    } else if (result.getShape()[dim] != 1 || result.getChunks()[dim] != 1) {
      return emitOpError("dimension ") << dim
                                       << " must have extent 1 and chunk 1";
    }
  }
  if (ArrayRef<int64_t>(kept) != input.getShape() ||
      ArrayRef<int64_t>(keptChunks) != input.getChunks())
    return emitOpError("result must be the input with the listed dimensions "
                       "inserted");
  return success();
}

bool BroadcastOp::isStretched(int64_t dim) {
  int64_t inputDim = dim - getNumNewDims();
  return inputDim < 0 || (getInput().getType().getShape()[inputDim] == 1 &&
                          getType().getShape()[dim] != 1);
}

LogicalResult BroadcastOp::verify() {
  ArrayType input = getInput().getType(), result = getType();
  if (failed(verifySameElements(*this, input, result)))
    return failure();
  if (input.getRank() > result.getRank())
    return emitOpError("result has fewer dimensions than the input");
  int64_t newDims = getNumNewDims();
  bool stretches = newDims > 0;
  for (int64_t dim = newDims; dim < result.getRank(); ++dim) {
    int64_t from = input.getShape()[dim - newDims];
    int64_t to = result.getShape()[dim];
    if (from == to) {
      if (input.getChunks()[dim - newDims] != result.getChunks()[dim])
        return emitOpError("dimension ")
               << dim << " keeps its extent but not its chunks";
      continue;
    }
    if (from != 1)
      return emitOpError("dimension ")
             << dim << " of extent " << from << " does not stretch";
    stretches = true;
  }
  if (!stretches)
    return emitOpError("stretches no dimension");
  return success();
}
