//===- MatmulLowering.cpp - Matrix products as task steps ------------------===//
//
// Two forms, as an MPI program would write them. The rows form, [n, m] @
// [m, k] with m whole in each chunk of the left operand: the right operand
// is copied once to a replica per row chunk (task.redistribute with step 0
// along a new leading axis, whose chunk c lies on the rank of row chunk c)
// and every chunk multiplies locally; the left operand never moves. The Gram
// form, transpose(z) @ y with z and y chunked alike along their rows: every
// chunk forms its partial [m, k] product locally, and a sum along the chunk
// axis combines the partials along the fixed tree of every reduction, so
// the bits depend on the chunking alone. (Products whose left operand nothing
// stores are taken by the stage that computes it, StageBuilder.h.)
//
//===----------------------------------------------------------------------===//
#include "bridge/Conversion/ArrayToTask/MatmulLowering.h"

#include "bridge/Conversion/ArrayToTask/StageBuilder.h"
#include "bridge/Dialect/Task/TaskOps.h"
#include "bridge/sizes.h"

using namespace mlir;
using namespace bridge;

/// `value` with `chunks`, rechunked when it has others.
static Value withChunks(OpBuilder &builder, Location loc, Value value,
                        ArrayRef<int64_t> chunks) {
  auto type = cast<array::ArrayType>(value.getType());
  if (type.getChunks() == chunks)
    return value;
  auto target = array::ArrayType::get(type.getContext(), type.getShape(),
                                      type.getElementType(), chunks);
  return array::RechunkOp::create(builder, loc, target, value);
}

/// The input of a transpose of a 2-D array, the Gram form's left operand.
static Value transposedInput(Value lhs) {
  auto transpose = lhs.getDefiningOp<array::TransposeOp>();
  if (!transpose || transpose.getPermutation()[0] != 1)
    return Value();
  return transpose.getInput();
}

/// transpose(z) @ y as the sum over the row chunks of their partial
/// products.
static void rewriteAsGram(array::MatmulOp op, Value z,
                          ChunkCountFn chunkCount) {
  Value y = op.getRhs();
  auto zType = cast<array::ArrayType>(z.getType());
  auto yType = cast<array::ArrayType>(y.getType());
  int64_t rows = zType.getShape()[0];
  // Rows chunked alike: the operand with more columns keeps its chunks.
  int64_t zCols = zType.getShape()[1], yCols = yType.getShape()[1];
  bool zKeeps = !plan::isSymbol(zCols) && !plan::isSymbol(yCols) &&
                zCols > yCols;
  int64_t rowChunk = zKeeps ? zType.getChunks()[0] : yType.getChunks()[0];

  OpBuilder builder(op);
  Location loc = op.getLoc();
  Value lhs = withChunks(builder, loc, z, {rowChunk, zCols});
  Value rhs = withChunks(builder, loc, y, {rowChunk, yCols});
  MLIRContext *context = op.getContext();
  Type element = op.getType().getElementType();
  int64_t count = chunkCount(rows, rowChunk);
  auto partialsType = array::ArrayType::get(
      context, {count, zCols, yCols}, element, {1, zCols, yCols});
  Value partials =
      array::MatmulPartialsOp::create(builder, loc, partialsType, lhs, rhs);
  auto sumType = array::ArrayType::get(context, {zCols, yCols}, element,
                                       {zCols, yCols});
  Value sum = array::ReduceOp::create(builder, loc, sumType,
                                      array::ReduceKind::sum, partials,
                                      builder.getI64IntegerAttr(0));
  Value result = withChunks(builder, loc, sum, op.getType().getChunks());
  Operation *transpose = op.getLhs().getDefiningOp();
  op.getResult().replaceAllUsesWith(result);
  op.erase();
  if (transpose->use_empty())
    transpose->erase();
}

void bridge::prepareMatmuls(Block &block, ChunkCountFn chunkCount) {
  SmallVector<array::MatmulOp> products(block.getOps<array::MatmulOp>());
  for (array::MatmulOp op : products) {
    if (Value z = transposedInput(op.getLhs())) {
      rewriteAsGram(op, z, chunkCount);
      continue;
    }
    array::ArrayType lhs = op.getLhs().getType();
    OpBuilder builder(op);
    op.getLhsMutable().assign(withChunks(
        builder, op.getLoc(), op.getLhs(),
        {lhs.getChunks()[0], lhs.getShape()[1]}));
  }
}

Value bridge::emitRowsReplica(OpBuilder &builder, array::MatmulOp op,
                              Value rhs, ChunkCountFn chunkCount) {
  Location loc = op.getLoc();
  array::ArrayType lhsType = op.getLhs().getType();
  auto rhsType = cast<task::DistType>(rhs.getType());
  int64_t rowChunks =
      chunkCount(lhsType.getShape()[0], lhsType.getChunks()[0]);
  int64_t inner = rhsType.getShape()[0], cols = rhsType.getShape()[1];
  auto replicaType = task::DistType::get(
      builder.getContext(), {rowChunks, inner, cols},
      rhsType.getElementType(), {1, inner, cols}, task::Placement::contiguous);
  Value replica = task::AllocOp::create(builder, loc, replicaType);
  // Every replica reads the whole operand: the new leading axis reads one
  // of its unused unit axes with step 0.
  task::RedistributeOp::create(
      builder, loc, rhs, replica, builder.getDenseI32ArrayAttr({2, 0, 1}),
      builder.getDenseI64ArrayAttr({0, 0, 0}),
      builder.getDenseI64ArrayAttr({0, 1, 1}),
      builder.getDenseI64ArrayAttr({0, 0, 0}),
      builder.getDenseI64ArrayAttr(replicaType.getShape()));
  return replica;
}

/// The rows form: a replica of `rhs` per row chunk of `lhs`, then the local
/// products.
static Value emitRowsForm(OpBuilder &builder, array::MatmulOp op, Value lhs,
                          Value rhs, ChunkCountFn chunkCount) {
  Location loc = op.getLoc();
  Value replica = emitRowsReplica(builder, op, rhs, chunkCount);
  Value dest = task::AllocOp::create(builder, loc, getDistType(op.getType()));
  task::MatmulLocalOp::create(builder, loc, lhs, replica, dest,
                              /*transpose_lhs=*/false);
  task::FreeOp::create(builder, loc, replica);
  return dest;
}

Value bridge::emitMatmul(OpBuilder &builder, Operation *op, Value lhs,
                         Value rhs, ChunkCountFn chunkCount) {
  if (auto product = dyn_cast<array::MatmulOp>(op))
    return emitRowsForm(builder, product, lhs, rhs, chunkCount);
  auto partials = cast<array::MatmulPartialsOp>(op);
  Value dest = task::AllocOp::create(builder, partials.getLoc(),
                                     getDistType(partials.getType()));
  task::MatmulLocalOp::create(builder, partials.getLoc(), lhs, rhs, dest,
                              /*transpose_lhs=*/true);
  return dest;
}
