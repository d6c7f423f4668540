//===- TaskOps.cpp - Operations of the task dialect -----------------------===//
#include "bridge/Dialect/Task/TaskOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace bridge::task;

#include "bridge/Dialect/Task/TaskEnums.cpp.inc"

#define GET_OP_CLASSES
#include "bridge/Dialect/Task/TaskOps.cpp.inc"

static int64_t countChunks(ArrayRef<int64_t> shape, ArrayRef<int64_t> chunks) {
  int64_t n = 1;
  for (auto [extent, chunk] : llvm::zip(shape, chunks))
    n *= (extent + chunk - 1) / chunk;
  return n;
}

int64_t DistType::getNumChunks() const {
  return countChunks(getShape(), getChunks());
}

int64_t StageOp::getNumChunks() { return countChunks(getShape(), getChunks()); }

Block &StageOp::createBodyBlock(OpBuilder &builder) {
  Location loc = getLoc();
  Block *block = new Block();
  getBody().push_back(block);
  Type index = builder.getIndexType();
  block->addArgument(index, loc);
  for (int64_t i = 0, e = 2 * getRank(); i < e; ++i)
    block->addArgument(index, loc);
  for (Value array : llvm::concat<Value>(getIns(), getOuts())) {
    auto dist = cast<DistType>(array.getType());
    block->addArgument(ChunkType::get(getContext(), dist.getElementType()), loc);
  }
  return *block;
}

LogicalResult StageOp::verify() {
  int64_t rank = getRank();
  if (rank < 1 || rank > 4 || getChunks().size() != getShape().size())
    return emitOpError("grid must have 1 to 4 dimensions with one chunk "
                       "extent per dimension");
  for (Value array : llvm::concat<Value>(getIns(), getOuts())) {
    auto dist = cast<DistType>(array.getType());
    if (dist.getShape() != getShape() || dist.getChunks() != getChunks())
      return emitOpError("array ") << dist << " is not on the stage's grid";
    if (dist.getPlacement() != getPlacement())
      return emitOpError("array ") << dist << " has another placement";
  }
  Block &block = getBodyBlock();
  size_t expected = 1 + 2 * rank + getIns().size() + getOuts().size();
  if (block.getNumArguments() != expected)
    return emitOpError("body takes ") << expected << " arguments, not "
                                      << block.getNumArguments();
  for (int64_t i = 0; i < 1 + 2 * rank; ++i)
    if (!block.getArgument(i).getType().isIndex())
      return emitOpError("body argument ") << i << " must be an index";
  unsigned position = 1 + 2 * rank;
  for (Value array : llvm::concat<Value>(getIns(), getOuts())) {
    auto chunk = dyn_cast<ChunkType>(block.getArgument(position).getType());
    if (!chunk ||
        chunk.getElementType() != cast<DistType>(array.getType()).getElementType())
      return emitOpError("body argument ")
             << position << " must be a chunk of " << array.getType();
    ++position;
  }
  auto yield = dyn_cast<YieldOp>(block.getTerminator());
  if (!yield)
    return emitOpError("body must end with task.yield");
  if (yield.getValues().size() != getPartials().size())
    return emitOpError("body yields ") << yield.getValues().size()
                                       << " values for " << getPartials().size()
                                       << " partial results";
  for (auto [value, partial] : llvm::zip(yield.getValues(), getPartials()))
    if (value.getType() != cast<PartialsType>(partial.getType()).getElementType())
      return emitOpError("yielded ") << value.getType()
                                     << " does not match " << partial.getType();
  return success();
}

static LogicalResult verifyFromStage(Operation *op, Value partials) {
  if (!partials.getDefiningOp<StageOp>())
    return op->emitOpError("partials must come from a task.stage");
  return success();
}

LogicalResult CombineOp::verify() {
  if (getPartials().getType().getElementType() != getResult().getType())
    return emitOpError("result type must equal the partials' element type");
  return verifyFromStage(*this, getPartials());
}

LogicalResult CombineMomentsOp::verify() {
  if (!getCount().getType().getElementType().isInteger(64))
    return emitOpError("counts must be i64 partials");
  for (Value value : {getShift(), getS1(), getS2()})
    if (!cast<PartialsType>(value.getType()).getElementType().isF64())
      return emitOpError("shift and sums must be f64 partials");
  for (Value value : {getCount(), getShift(), getS1(), getS2()})
    if (failed(verifyFromStage(*this, value)))
      return failure();
  return success();
}
