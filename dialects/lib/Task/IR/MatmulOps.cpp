//===- MatmulOps.cpp - Verifiers of task.matmul_local and matmul_chunk ---===//
#include "bridge/Dialect/Task/TaskOps.h"

#include "bridge/Dialect/Array/SizeSyntax.h"

using namespace mlir;
using namespace bridge::task;

/// The matrix a chunk holds: its last two axes.
static std::pair<int64_t, int64_t> matrixOf(DistType type) {
  ArrayRef<int64_t> chunks = type.getChunks();
  return {chunks[chunks.size() - 2], chunks.back()};
}

static bool isConstantGrid(DistType type) {
  return bridge::array::allConstant(type.getShape()) &&
         bridge::array::allConstant(type.getChunks());
}

LogicalResult MatmulLocalOp::verify() {
  DistType lhs = getLhs().getType(), rhs = getRhs().getType(),
           dest = getDest().getType();
  Type element = dest.getElementType();
  if (!element.isF64() && !element.isF32())
    return emitOpError("multiplies f64 or f32 elements, got ") << element;
  if (lhs.getElementType() != element || rhs.getElementType() != element)
    return emitOpError("operands have the destination's element type");
  if (lhs.getRank() != 2 || rhs.getRank() < 2 || rhs.getRank() > 3 ||
      dest.getRank() < 2 || dest.getRank() > 3)
    return emitOpError("lhs is 2-D; rhs and dest are 2-D or 3-D");
  for (DistType type : {lhs, rhs, dest})
    if (type.getPlacement() != Placement::contiguous)
      return emitOpError("operands are placed contiguously");
  if (!isConstantGrid(lhs) || !isConstantGrid(rhs) || !isConstantGrid(dest))
    return success();
  if (lhs.getNumChunks() != rhs.getNumChunks() ||
      lhs.getNumChunks() != dest.getNumChunks())
    return emitOpError("operands have one chunk count, got ")
           << lhs.getNumChunks() << ", " << rhs.getNumChunks() << " and "
           << dest.getNumChunks();
  auto [lhsRows, lhsCols] = matrixOf(lhs);
  auto [rhsRows, rhsCols] = matrixOf(rhs);
  auto [destRows, destCols] = matrixOf(dest);
  int64_t rows = getTransposeLhs() ? lhsCols : lhsRows;
  int64_t inner = getTransposeLhs() ? lhsRows : lhsCols;
  if (inner != rhsRows)
    return emitOpError("contracted chunk extents ")
           << inner << " and " << rhsRows << " differ";
  if (destRows != rows || destCols != rhsCols)
    return emitOpError("destination chunks are ")
           << rows << " x " << rhsCols << ", got " << destRows << " x "
           << destCols;
  return success();
}

LogicalResult MatmulChunkOp::verify() {
  DistType dest = getDest().getType();
  Type element = dest.getElementType();
  if (!element.isF64() && !element.isF32())
    return emitOpError("multiplies f64 or f32 elements, got ") << element;
  auto lhs = cast<ChunkType>(getLhs().getType());
  auto rhs = cast<ChunkType>(getRhs().getType());
  if (lhs.getElementType() != element || rhs.getElementType() != element)
    return emitOpError("operands have the destination's element type");
  if (dest.getRank() != 3 || dest.getChunks()[0] != 1 ||
      dest.getChunks()[1] != dest.getShape()[1] ||
      dest.getChunks()[2] != dest.getShape()[2] ||
      dest.getPlacement() != Placement::contiguous)
    return emitOpError("destination is [C, m, k] in contiguous chunks "
                       "[1, m, k]");
  if (!getOperation()->getParentOfType<StageOp>())
    return emitOpError("runs in a stage");
  return success();
}

LogicalResult MatmulRowsChunkOp::verify() {
  DistType dest = getDest().getType(), replica = getReplica().getType();
  Type element = dest.getElementType();
  if (!element.isF64() && !element.isF32())
    return emitOpError("multiplies f64 or f32 elements, got ") << element;
  if (cast<ChunkType>(getLhs().getType()).getElementType() != element ||
      replica.getElementType() != element)
    return emitOpError("operands have the destination's element type");
  if (dest.getRank() != 2 || dest.getChunks()[1] != dest.getShape()[1] ||
      dest.getPlacement() != Placement::contiguous)
    return emitOpError("destination is 2-D and contiguous, its columns whole");
  if (replica.getRank() != 3 || replica.getChunks()[0] != 1 ||
      replica.getChunks()[1] != replica.getShape()[1] ||
      replica.getChunks()[2] != replica.getShape()[2] ||
      replica.getPlacement() != Placement::contiguous)
    return emitOpError("replica is [C, m, k] in contiguous chunks [1, m, k]");
  if (!getOperation()->getParentOfType<StageOp>())
    return emitOpError("runs in a stage");
  return success();
}
