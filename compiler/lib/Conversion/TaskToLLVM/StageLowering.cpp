//===- StageLowering.cpp - Stages to loops over the owned chunks ----------===//
//
// A stage becomes a loop over the chunks this rank owns, inside the stage's
// trace span. Each partial result becomes a buffer with one slot per chunk of
// the grid, released after its last combine. A stage that materialises
// arrays skips the chunks a checkpoint restores.
//
//===----------------------------------------------------------------------===//
#include "Patterns.h"

#include "LLVMHelpers.h"
#include "RuntimeAPI.h"
#include "RuntimeEnums.h"
#include "RuntimeStructs.h"
#include "bridge/Dialect/Task/TaskOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace bridge;
using namespace bridge::tasktollvm;
using runtime::Fn;

namespace {

/// One buffer per partial result, with a slot per chunk of the grid of
/// `gridSize` chunks.
SmallVector<Value> allocatePartialBuffers(OpBuilder &b, Location loc,
                                          ModuleOp module, task::StageOp op,
                                          Value gridSize) {
  SmallVector<Value> buffers;
  if (op.getPartials().empty())
    return buffers;
  Value bytes = arith::MulIOp::create(
      b, loc, gridSize, i64Const(b, loc, runtime::partialSlotBytes));
  for (size_t i = 0, e = op.getPartials().size(); i < e; ++i)
    buffers.push_back(
        runtime::call(b, loc, module, Fn::Alloc, bytes).getResult(0));
  return buffers;
}

struct OwnedChunkLoop {
  scf::ForOp loop;
  /// The runtime's grid of the stage, destroyed after the loop.
  Value grid;
};

/// The loop over the chunks this rank owns of the runtime's `grid` of
/// `gridSize` chunks (under `block`, one slab per rank, known only at run
/// time), in a trace span named `name`. The builder stays before the loop.
OwnedChunkLoop emitOwnedChunkLoop(OpBuilder &b, Location loc, ModuleOp module,
                                  task::StageOp op, Value grid, Value gridSize,
                                  StringRef name) {
  Type i64 = b.getI64Type();
  Value placement = i32Const(b, loc, runtime::code(op.getPlacement()));
  Value lo = stackSlots(b, loc, i64, 1);
  Value hi = stackSlots(b, loc, i64, 1);
  runtime::call(b, loc, module, Fn::OwnedRange, {placement, gridSize, lo, hi});
  auto toIndex = [&](Value slot) -> Value {
    Value value = LLVM::LoadOp::create(b, loc, i64, slot);
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), value);
  };
  Value first = toIndex(lo), last = toIndex(hi);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  runtime::call(b, loc, module, Fn::StageBegin,
                stringConstant(b, loc, module, name));
  auto loop = scf::ForOp::create(b, loc, first, last, one);
  OpBuilder::InsertionGuard afterLoop(b);
  b.setInsertionPointAfter(loop);
  runtime::call(b, loc, module, Fn::StageEnd, {});
  runtime::call(b, loc, module, Fn::GridDestroy, grid);
  return {loop, grid};
}

/// Where a chunk lies in the array: per dimension, the global index of its
/// first element and its extent.
struct ChunkBox {
  SmallVector<Value> starts, extents;
};

/// The box of chunk `chunk64` of the runtime's `grid`, as indices: one call
/// per chunk, into stack slots allocated before `loop`.
ChunkBox emitChunkBox(OpBuilder &b, Location loc, ModuleOp module,
                      task::StageOp op, scf::ForOp loop, Value grid,
                      Value chunk64) {
  Type i64 = b.getI64Type();
  int64_t rank = op.getRank();
  Value startSlots = stackSlotsBefore(b, loop, i64, rank);
  Value extentSlots = stackSlotsBefore(b, loop, i64, rank);
  runtime::call(b, loc, module, Fn::GridBox,
                {grid, chunk64, startSlots, extentSlots});
  auto load = [&](Value slots, int64_t dim) -> Value {
    Value slot = LLVM::GEPOp::create(
        b, loc, ptrType(b.getContext()), i64, slots,
        ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(dim)});
    Value value = LLVM::LoadOp::create(b, loc, i64, slot);
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), value);
  };
  ChunkBox box;
  for (int64_t dim = 0; dim < rank; ++dim) {
    box.starts.push_back(load(startSlots, dim));
    box.extents.push_back(load(extentSlots, dim));
  }
  return box;
}

/// The body's arguments: the chunk index, its box, and the chunk's storage in
/// each input and output.
SmallVector<Value> bodyArguments(OpBuilder &b, Location loc, ModuleOp module,
                                 Value chunk, Value chunk64,
                                 const ChunkBox &box, ValueRange ins,
                                 ValueRange outs) {
  SmallVector<Value> arguments{chunk};
  arguments.append(box.starts);
  arguments.append(box.extents);
  for (Value dist : llvm::concat<Value>(ins, outs))
    arguments.push_back(
        runtime::call(b, loc, module, Fn::DistChunk, {dist, chunk64})
            .getResult(0));
  return arguments;
}

/// The chunk's slot in each partial buffer.
SmallVector<Value> partialSlots(OpBuilder &b, Location loc,
                                ArrayRef<Value> buffers, Value chunk64) {
  SmallVector<Value> slots;
  for (Value buffer : buffers)
    slots.push_back(elementAddress(b, loc, buffer, b.getI64Type(), chunk64));
  return slots;
}

struct CheckpointGuard {
  /// The body goes before this operation.
  Operation *bodyTarget;
  /// The arguments of the restore and store calls; none when the stage is
  /// not checkpointed.
  SmallVector<Value> callArgs;
};

/// A stage that materialises arrays may find a chunk in a checkpoint of an
/// earlier run (on any rank count) and skip computing it. Slabs depend on the
/// rank count, so block stages are not checkpointed.
CheckpointGuard emitCheckpointGuard(OpBuilder &b, Location loc, ModuleOp module,
                                    task::StageOp op, scf::ForOp loop,
                                    ValueRange outs, ArrayRef<Value> slots,
                                    Value chunk64, uint64_t program,
                                    int64_t stageId) {
  Operation *terminator = loop.getBody()->getTerminator();
  if (op.getPlacement() == task::Placement::block || outs.empty())
    return {terminator, {}};
  Type ptr = ptrType(op.getContext());
  Value outputs = stackSlotsBefore(b, loop, ptr, outs.size());
  Value partials =
      stackSlotsBefore(b, loop, ptr, std::max<size_t>(1, slots.size()));
  {
    OpBuilder::InsertionGuard beforeLoop(b);
    b.setInsertionPoint(loop);
    for (auto [i, dist] : llvm::enumerate(outs))
      storeAt(b, loc, outputs, i, dist);
  }
  for (auto [i, slot] : llvm::enumerate(slots))
    storeAt(b, loc, partials, i, slot);
  SmallVector<Value> callArgs = {
      i64Const(b, loc, static_cast<int64_t>(program)),
      i64Const(b, loc, stageId),
      chunk64,
      outputs,
      i32Const(b, loc, outs.size()),
      partials,
      i32Const(b, loc, slots.size())};
  Value restored =
      runtime::call(b, loc, module, Fn::CkptRestore, callArgs).getResult(0);
  Value missing = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                        restored, i32Const(b, loc, 0));
  auto ifMissing = scf::IfOp::create(b, loc, missing, /*withElseRegion=*/false);
  return {ifMissing.thenBlock()->getTerminator(), callArgs};
}

/// Moves the body to the guard's target; what it yields goes to the chunk's
/// partial slots, then into the checkpoint.
void inlineBody(ConversionPatternRewriter &rewriter, Location loc,
                ModuleOp module, task::StageOp op,
                const CheckpointGuard &checkpoint, ValueRange arguments,
                ArrayRef<Value> slots) {
  Block &body = op.getBodyBlock();
  auto yield = cast<task::YieldOp>(body.getTerminator());
  rewriter.inlineBlockBefore(&body, checkpoint.bodyTarget, arguments);
  rewriter.setInsertionPoint(yield);
  for (auto [value, slot] : llvm::zip(yield.getValues(), slots))
    LLVM::StoreOp::create(rewriter, loc, value, slot);
  if (!checkpoint.callArgs.empty())
    runtime::call(rewriter, loc, module, Fn::CkptStore, checkpoint.callArgs);
  rewriter.eraseOp(yield);
}

/// Releases each buffer after the last operation that reads it.
void releasePartialBuffers(OpBuilder &b, Location loc, ModuleOp module,
                           task::StageOp op, scf::ForOp loop,
                           ArrayRef<Value> buffers) {
  for (auto [partials, buffer] : llvm::zip(op.getPartials(), buffers)) {
    Operation *lastUser = nullptr;
    for (Operation *user : partials.getUsers())
      if (!lastUser || lastUser->isBeforeInBlock(user))
        lastUser = user;
    if (lastUser)
      b.setInsertionPointAfter(lastUser);
    else
      b.setInsertionPointAfter(loop);
    runtime::call(b, loc, module, Fn::Free, buffer);
  }
}

struct StageLowering : TaskPattern<task::StageOp> {
  StageLowering(TypeConverter &converter, MLIRContext *ctx, uint64_t program,
                const DenseMap<Operation *, int64_t> &stageIds)
      : TaskPattern(converter, ctx), program(program), stageIds(stageIds) {}

  uint64_t program;
  const DenseMap<Operation *, int64_t> &stageIds;

  /// "stage N (file:line)", after the first construct the stage computes.
  std::string stageName(task::StageOp op) const {
    std::string name = "stage " + std::to_string(stageIds.lookup(op));
    Location loc = op.getLoc();
    if (auto fused = dyn_cast<FusedLoc>(loc);
        fused && !fused.getLocations().empty())
      loc = fused.getLocations().front();
    if (auto file = dyn_cast<FileLineColLoc>(loc))
      name += " (" +
              llvm::sys::path::filename(file.getFilename().getValue()).str() +
              ":" + std::to_string(file.getLine()) + ")";
    return name;
  }

  LogicalResult
  matchAndRewrite(task::StageOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ModuleOp module = moduleOf(op);
    Value grid = createStageGrid(rewriter, loc, module, op);
    Value gridSize =
        runtime::call(rewriter, loc, module, Fn::GridChunks, grid)
            .getResult(0);
    SmallVector<Value> buffers =
        allocatePartialBuffers(rewriter, loc, module, op, gridSize);
    OwnedChunkLoop owned = emitOwnedChunkLoop(rewriter, loc, module, op, grid,
                                              gridSize, stageName(op));

    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPoint(owned.loop.getBody()->getTerminator());
    Value chunk = owned.loop.getInductionVar();
    Value chunk64 =
        arith::IndexCastOp::create(rewriter, loc, rewriter.getI64Type(), chunk);
    ChunkBox box = emitChunkBox(rewriter, loc, module, op, owned.loop,
                                owned.grid, chunk64);
    SmallVector<Value> arguments =
        bodyArguments(rewriter, loc, module, chunk, chunk64, box,
                      adaptor.getIns(), adaptor.getOuts());
    SmallVector<Value> slots = partialSlots(rewriter, loc, buffers, chunk64);
    CheckpointGuard checkpoint = emitCheckpointGuard(
        rewriter, loc, module, op, owned.loop, adaptor.getOuts(), slots,
        chunk64, program, stageIds.lookup(op));
    inlineBody(rewriter, loc, module, op, checkpoint, arguments, slots);
    releasePartialBuffers(rewriter, loc, module, op, owned.loop, buffers);
    rewriter.replaceOp(op, buffers);
    return success();
  }
};

} // namespace

Value tasktollvm::createStageGrid(OpBuilder &b, Location loc, ModuleOp module,
                                  task::StageOp stage) {
  return runtime::call(
             b, loc, module, Fn::GridCreate,
             {i32Const(b, loc, stage.getRank()),
              stackSizes(b, loc, module, stage.getShape()),
              stackSizes(b, loc, module, stage.getChunks()),
              i32Const(b, loc, runtime::code(stage.getPlacement()))})
      .getResult(0);
}

void tasktollvm::populateStagePatterns(
    TypeConverter &converter, RewritePatternSet &patterns, uint64_t program,
    const DenseMap<Operation *, int64_t> &stageIds) {
  patterns.add<StageLowering>(converter, patterns.getContext(), program,
                              stageIds);
}
