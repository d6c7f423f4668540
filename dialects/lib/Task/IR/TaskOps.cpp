//===- TaskOps.cpp - Operations of the task dialect -----------------------===//
#include "bridge/Dialect/Task/TaskOps.h"

#include "bridge/Dialect/Array/ArrayOps.h"
#include "bridge/layout/ChunkCount.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace bridge::task;
using bridge::array::parseSize;
using bridge::array::parseSizeArray;
using bridge::array::printSize;
using bridge::array::printSizeArray;

#include "bridge/Dialect/Task/TaskEnums.cpp.inc"

#define GET_OP_CLASSES
#include "bridge/Dialect/Task/TaskOps.cpp.inc"

/// The chunks of the grid that tiles `shape` by `chunks`, if they fit in 64
/// bits.
static std::optional<int64_t> countChunks(ArrayRef<int64_t> shape,
                                          ArrayRef<int64_t> chunks) {
  int64_t n;
  if (!bridge::layout::regularGridSize(shape.size(), shape.data(),
                                       chunks.data(), &n))
    return std::nullopt;
  return n;
}

int64_t DistType::getNumChunks() const {
  std::optional<int64_t> n = countChunks(getShape(), getChunks());
  assert(n && "dist types come from verified array types");
  return *n;
}

SmallVector<int64_t> DistType::getChunkCounts() const {
  SmallVector<int64_t> counts;
  for (auto [extent, chunk] : llvm::zip(getShape(), getChunks()))
    counts.push_back(bridge::layout::chunkCount(extent, chunk));
  return counts;
}

/// Per dimension with more than one chunk, its chunk count, or for sizes
/// known only at run time its (extent, chunk) pair: grids that agree on
/// these pair chunk c with chunk c, on the same rank. A chunk as long as its
/// extent is one chunk whatever the sizes.
static SmallVector<std::pair<int64_t, int64_t>>
essentialCounts(ArrayRef<int64_t> shape, ArrayRef<int64_t> chunks) {
  SmallVector<std::pair<int64_t, int64_t>> counts;
  for (auto [extent, chunk] : llvm::zip(shape, chunks)) {
    if (extent == chunk)
      continue;
    if (!bridge::array::allConstant({extent, chunk})) {
      counts.push_back({extent, chunk});
      continue;
    }
    if (int64_t count = bridge::layout::chunkCount(extent, chunk); count != 1)
      counts.push_back({count, 0});
  }
  return counts;
}

/// Grids that cut as many axes, each pair the same or one of them cut into a
/// number of chunks known only when the program runs: a reshape of run-time
/// sizes reads its input in place, on chunks the frontend chose to count the
/// same.
static bool
mayCountTheSame(ArrayRef<std::pair<int64_t, int64_t>> a,
                ArrayRef<std::pair<int64_t, int64_t>> b) {
  auto runTime = [](std::pair<int64_t, int64_t> count) {
    return count.second != 0;
  };
  if (a.size() != b.size())
    return false;
  for (auto [x, y] : llvm::zip(a, b))
    if (x != y && !runTime(x) && !runTime(y))
      return false;
  return true;
}

/// A broadcast's replica of the grid: one element per chunk along some
/// dimensions of run-time extent, where the count is a size of its own.
static bool isReplicaOf(ArrayRef<int64_t> shape, ArrayRef<int64_t> chunks,
                        DistType dist) {
  if (dist.getRank() != static_cast<int64_t>(shape.size()))
    return false;
  for (auto [extent, chunk, replicaExtent, replicaChunk] :
       llvm::zip(shape, chunks, dist.getShape(), dist.getChunks())) {
    if (extent == replicaExtent && chunk == replicaChunk)
      continue;
    if (replicaChunk != 1 ||
        bridge::array::allConstant({extent, chunk, replicaExtent}))
      return false;
  }
  return true;
}

int64_t StageOp::getNumChunks() {
  std::optional<int64_t> n = countChunks(getShape(), getChunks());
  assert(n && "the verifier refuses grids of more than 2^63 - 1 chunks");
  return *n;
}

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

Value StageOp::getChunkArray(Value value) {
  auto arg = dyn_cast<BlockArgument>(value);
  if (!arg || arg.getOwner() != &getBodyBlock())
    return {};
  int64_t i = static_cast<int64_t>(arg.getArgNumber()) - 1 - 2 * getRank();
  if (i < 0)
    return {};
  int64_t ins = getIns().size();
  if (i < ins)
    return getIns()[i];
  return i - ins < static_cast<int64_t>(getOuts().size()) ? getOuts()[i - ins]
                                                          : Value();
}

LogicalResult PitchOp::verify() {
  auto stage = (*this)->getParentOfType<StageOp>();
  Value array = stage ? stage.getChunkArray(getChunk()) : Value();
  if (!array)
    return emitOpError("takes a chunk argument of the enclosing task.stage");
  if (!cast<DistType>(array.getType()).getHaloAxis())
    return emitOpError("takes the chunk of a halo array, not of ")
           << array.getType();
  return success();
}

LogicalResult StageOp::verify() {
  int64_t rank = getRank();
  if (rank < 1 || rank > 4 || getChunks().size() != getShape().size())
    return emitOpError("grid must have 1 to 4 dimensions with one chunk "
                       "extent per dimension");
  if (bridge::array::allConstant(getShape()) &&
      bridge::array::allConstant(getChunks()) &&
      !countChunks(getShape(), getChunks()))
    return emitOpError("grid has more than 2^63 - 1 chunks");
  // Outputs lie on the stage's grid (one laid out with a halo gets its
  // interior written); inputs may carry halos or differ in dimensions of a
  // single chunk (a reduction's input keeps its axis whole).
  auto grid = essentialCounts(getShape(), getChunks());
  for (Value array : getOuts()) {
    auto dist = cast<DistType>(array.getType());
    if (dist.getShape() != getShape() || dist.getChunks() != getChunks())
      return emitOpError("output ") << dist << " is not on the stage's grid";
  }
  for (Value array : llvm::concat<Value>(getIns(), getOuts())) {
    auto dist = cast<DistType>(array.getType());
    auto counts = essentialCounts(dist.getShape(), dist.getChunks());
    if (counts != grid && !isReplicaOf(getShape(), getChunks(), dist) &&
        !mayCountTheSame(counts, grid))
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
  if (getPlacement() == Placement::block && !getPartials().empty())
    return emitOpError("a stage over `block` slabs yields no partials: their "
                       "combination would depend on the rank count");
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

LogicalResult CombineArgOp::verify() {
  if (getKind() != CombineKind::min && getKind() != CombineKind::max)
    return emitOpError("combines by min or max");
  Type value = getValues().getType().getElementType();
  if (!value.isF64() && !value.isInteger(64))
    return emitOpError("values must be f64 or i64 partials");
  if (!getIndices().getType().getElementType().isInteger(64))
    return emitOpError("indices must be i64 partials");
  if (failed(verifyFromStage(*this, getValues())))
    return failure();
  return verifyFromStage(*this, getIndices());
}

LogicalResult QuantileOp::verify() {
  if (llvm::any_of(getArray().getType().getHalo(),
                   [](int64_t width) { return width != 0; }))
    return emitOpError("reads an array without a halo");
  return bridge::array::verifyQuantileSelection(*this, getMedian(), getQ(),
                                        getArray().getType().getElementType());
}

LogicalResult LineQuantileOp::verify() {
  double q = getQ().convertToDouble();
  if (!(q >= 0.0 && q <= 1.0))
    return emitOpError("quantile must lie in [0, 1]");
  if (!getMedian() &&
      cast<ChunkType>(getChunk().getType()).getElementType().isInteger(1))
    return emitOpError("quantiles of bools are not defined");
  return success();
}

LogicalResult RedistributeOp::verify() {
  DistType source = getSource().getType(), dest = getDest().getType();
  if (source.getElementType() != dest.getElementType())
    return emitOpError("source and destination element types differ");
  if (!dest.getHalo().empty() || !source.getHalo().empty())
    return emitOpError("arrays with halos are not redistributed");
  size_t rank = dest.getRank();
  if (getSrcDims().size() != rank || getOffsets().size() != rank ||
      getSteps().size() != rank || getLo().size() != rank ||
      getHi().size() != rank || source.getRank() > dest.getRank())
    return emitOpError("needs one map per destination dimension");
  SmallVector<bool> seen(rank, false);
  for (int32_t dim : getSrcDims()) {
    if (dim < 0 || static_cast<size_t>(dim) >= rank || seen[dim])
      return emitOpError("source dimensions must be a permutation");
    seen[dim] = true;
  }
  return success();
}

LogicalResult FillHaloOp::verify() {
  DistType type = getArray().getType();
  if (type.getPlacement() != Placement::contiguous ||
      llvm::count_if(type.getHalo(), [](int64_t w) { return w != 0; }) != 1)
    return emitOpError("fills a contiguous array with a halo along one "
                       "dimension");
  return success();
}

LogicalResult HaloOp::verify() {
  DistType source = getSource().getType(), result = getType();
  if (result.getShape() != source.getShape() ||
      result.getChunks() != source.getChunks() ||
      result.getElementType() != source.getElementType() ||
      result.getPlacement() != source.getPlacement() || result.getHalo().empty())
    return emitOpError("result must be the source's array with a halo");
  if (result.getHalo().size() != source.getShape().size())
    return emitOpError("needs one halo width per dimension");
  // A copy without a width would alias its source, which is freed apart.
  if (llvm::count_if(result.getHalo(), [](int64_t w) { return w != 0; }) != 1)
    return emitOpError("extends exactly one dimension");
  return success();
}
