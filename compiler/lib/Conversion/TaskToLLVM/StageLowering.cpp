//===- StageLowering.cpp - Stages to loops over the owned chunks ----------===//
//
// A stage becomes a loop over the chunks this rank owns, inside the stage's
// trace span. Each reduction its partial results feed becomes a runtime
// reduction, begun before the loop; each chunk pushes its partials into it, in
// chunk order, and the combine ends it. A stage that materialises arrays
// skips the chunks a checkpoint restores, and pushes the restored partials.
// Each chunk of a halo array it writes shares its edges with its neighbours'
// margins as soon as it is written; such a stage computes its last chunk
// first, so that both ends of the rank's run leave early.
//
//===----------------------------------------------------------------------===//
#include "Patterns.h"

#include "LLVMHelpers.h"
#include "RuntimeAPI.h"
#include "RuntimeEnums.h"
#include "bridge/Dialect/Task/TaskOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace bridge;
using namespace bridge::tasktollvm;
using runtime::Fn;

namespace {

/// The runtime's grid of `stage` (bridge_rt_grid_create), which the caller
/// destroys.
Value createStageGrid(OpBuilder &b, Location loc, ModuleOp module,
                      task::StageOp stage) {
  return runtime::call(
             b, loc, module, Fn::GridCreate,
             {i32Const(b, loc, stage.getRank()),
              stackSizes(b, loc, module, stage.getShape()),
              stackSizes(b, loc, module, stage.getChunks()),
              i32Const(b, loc, runtime::code(stage.getPlacement()))})
      .getResult(0);
}

/// The runtime reduction each partial result feeds: one per task.combine, one
/// per task.combine_moments (its four partials share it) and per
/// task.combine_arg (its two), none for a partial that nothing combines.
struct Reductions {
  /// Per partial result: its reduction, or a null pointer.
  SmallVector<Value> handles;
  /// The combines with their reduction, in the order they were begun.
  SmallVector<std::pair<Operation *, Value>> combines;
};

FailureOr<Reductions> beginReductions(OpBuilder &b, Location loc,
                                      ModuleOp module, task::StageOp op,
                                      Value gridSize) {
  Reductions reductions;
  DenseMap<Operation *, Value> begun;
  Value placement, none;
  for (Value partials : op.getPartials()) {
    if (partials.use_empty()) {
      if (!none)
        none = LLVM::ZeroOp::create(b, loc, ptrType(b.getContext()));
      reductions.handles.push_back(none);
      continue;
    }
    if (!partials.hasOneUse())
      return op.emitOpError("partials feed more than one combine");
    Operation *user = *partials.getUsers().begin();
    Value &handle = begun[user];
    if (!handle) {
      if (!placement)
        placement = i32Const(b, loc, runtime::code(op.getPlacement()));
      if (auto combine = dyn_cast<task::CombineOp>(user))
        handle = runtime::call(
                     b, loc, module,
                     combine.getType().isF64() ? Fn::ReduceBeginF64
                                               : Fn::ReduceBeginI64,
                     {i32Const(b, loc, runtime::code(combine.getKind())),
                      placement, gridSize})
                     .getResult(0);
      else if (isa<task::CombineMomentsOp>(user))
        handle = runtime::call(b, loc, module, Fn::MomentsBegin,
                               {placement, gridSize})
                     .getResult(0);
      else if (auto arg = dyn_cast<task::CombineArgOp>(user))
        handle =
            runtime::call(b, loc, module,
                          arg.getValues().getType().getElementType().isF64()
                              ? Fn::ArgBeginF64
                              : Fn::ArgBeginI64,
                          {i32Const(b, loc, runtime::code(arg.getKind())),
                           placement, gridSize})
                .getResult(0);
      else
        return op.emitOpError("partials feed ") << user->getName()
                                                << ", not a combine";
      reductions.combines.push_back({user, handle});
    }
    reductions.handles.push_back(handle);
  }
  return reductions;
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

/// The box of chunk `chunk64` of a regular grid, computed in place: its
/// row-major coordinates by division by the chunk counts (computed before
/// `loop`), then k * chunk and the chunk clipped to the extent. A stage over
/// small chunks spends no call per chunk on it.
ChunkBox emitRegularChunkBox(OpBuilder &b, Location loc, ModuleOp module,
                             task::StageOp op, scf::ForOp loop,
                             Value chunk64) {
  int64_t rank = op.getRank();
  SmallVector<Value> extents, chunks, counts(rank);
  {
    OpBuilder::InsertionGuard beforeLoop(b);
    b.setInsertionPoint(loop);
    for (int64_t d = 0; d < rank; ++d) {
      extents.push_back(sizeValue(b, loc, module, op.getShape()[d]));
      chunks.push_back(sizeValue(b, loc, module, op.getChunks()[d]));
      if (d == 0)
        continue; // The first coordinate is what the others leave.
      // ceil(extent / chunk); chunks are at least 1.
      Value rounded = arith::AddIOp::create(
          b, loc, extents[d],
          arith::SubIOp::create(b, loc, chunks[d], i64Const(b, loc, 1)));
      counts[d] = arith::DivSIOp::create(b, loc, rounded, chunks[d]);
    }
  }
  ChunkBox box;
  box.starts.resize(rank);
  box.extents.resize(rank);
  Value rest = chunk64;
  for (int64_t d = rank - 1; d >= 0; --d) {
    Value k = rest;
    if (d > 0) {
      k = arith::RemSIOp::create(b, loc, rest, counts[d]);
      rest = arith::DivSIOp::create(b, loc, rest, counts[d]);
    }
    Value start = arith::MulIOp::create(b, loc, k, chunks[d]);
    Value extent = arith::MinSIOp::create(
        b, loc, chunks[d], arith::SubIOp::create(b, loc, extents[d], start));
    box.starts[d] = arith::IndexCastOp::create(b, loc, b.getIndexType(), start);
    box.extents[d] =
        arith::IndexCastOp::create(b, loc, b.getIndexType(), extent);
  }
  return box;
}

/// The box of chunk `chunk64` of the runtime's `grid`, as indices: one call
/// per chunk, into stack slots allocated before `loop` (a block layout's
/// balanced slabs), or computed in place for a regular grid.
ChunkBox emitChunkBox(OpBuilder &b, Location loc, ModuleOp module,
                      task::StageOp op, scf::ForOp loop, Value grid,
                      Value chunk64) {
  if (op.getPlacement() == task::Placement::contiguous)
    return emitRegularChunkBox(b, loc, module, op, loop, chunk64);
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

/// Replaces each task.pitch of the body's chunks with the runtime's pitch of
/// the chunk in hand, asked once per chunk and array.
void replacePitches(ConversionPatternRewriter &rewriter, Location loc,
                    ModuleOp module, task::StageOp op, Value chunk64,
                    ValueRange ins, ValueRange outs) {
  unsigned first = 1 + 2 * op.getRank();
  for (auto [i, dist] : llvm::enumerate(llvm::concat<Value>(ins, outs))) {
    BlockArgument chunk = op.getBodyBlock().getArgument(first + i);
    SmallVector<task::PitchOp> pitches;
    for (Operation *user : chunk.getUsers())
      if (auto pitch = dyn_cast<task::PitchOp>(user))
        pitches.push_back(pitch);
    if (pitches.empty())
      continue;
    Value pitch64 = runtime::call(rewriter, loc, module, Fn::DistChunkPitch,
                                  {dist, chunk64})
                        .getResult(0);
    Value pitch = arith::IndexCastOp::create(rewriter, loc,
                                             rewriter.getIndexType(), pitch64);
    for (task::PitchOp user : pitches)
      rewriter.replaceOp(user, pitch);
  }
}

/// A stack slot per partial result, allocated before `loop`: the body stores
/// the chunk's partial there, a checkpoint reads or restores it, and the push
/// into the reduction loads it.
SmallVector<Value> partialSlots(OpBuilder &b, task::StageOp op,
                                scf::ForOp loop) {
  SmallVector<Value> slots;
  for (size_t i = 0, e = op.getPartials().size(); i < e; ++i)
    slots.push_back(stackSlotsBefore(b, loop, b.getI64Type(), 1));
  return slots;
}

/// The fill of the margins of `out`, a halo array a stage writes, or null.
task::FillHaloOp fillOf(Value out) {
  for (Operation *user : out.getUsers())
    if (auto fill = dyn_cast<task::FillHaloOp>(user))
      return fill;
  return {};
}

/// Whether the stage visits its chunks with the last first: it writes a halo
/// array, whose first and last chunks' edges other ranks read, so that they
/// leave before the rest is computed; and nothing in it depends on the
/// order of its chunks (no partials, which are pushed in chunk order, and no
/// task operation but reads, writes and storage of its own).
bool visitsLastChunkFirst(task::StageOp op) {
  if (!op.getPartials().empty() || llvm::none_of(op.getOuts(), fillOf))
    return false;
  WalkResult walk = op.getBody().walk([](Operation *inner) {
    if (isa<LLVM::CallOp, func::CallOp>(inner))
      return WalkResult::interrupt();
    if (!isa_and_present<task::TaskDialect>(inner->getDialect()))
      return WalkResult::advance();
    return isa<task::ReadOp, task::WriteOp, task::ScratchOp, task::ReleaseOp,
               task::YieldOp, task::SizeOp, task::ParamOp, task::PitchOp>(inner)
               ? WalkResult::advance()
               : WalkResult::interrupt();
  });
  return !walk.wasInterrupted();
}

/// The chunk that `loop` over [first, last) visits at its induction
/// variable i: the last at i = first, then first, first + 1, ..., last - 2.
Value lastChunkFirst(OpBuilder &b, Location loc, scf::ForOp loop) {
  Value i = loop.getInductionVar();
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value atFirst = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, i,
                                        loop.getLowerBound());
  return arith::SelectOp::create(
      b, loc, atFirst, arith::SubIOp::create(b, loc, loop.getUpperBound(), one),
      arith::SubIOp::create(b, loc, i, one));
}

/// Pushes the chunk's partials, from their slots, into their reductions.
void pushPartials(OpBuilder &b, Location loc, ModuleOp module,
                  const Reductions &reductions, ArrayRef<Value> slots,
                  Value chunk64) {
  auto load = [&](Value partials) -> Value {
    Type type = cast<task::PartialsType>(partials.getType()).getElementType();
    unsigned index = cast<OpResult>(partials).getResultNumber();
    return LLVM::LoadOp::create(b, loc, type, slots[index]);
  };
  for (auto [user, handle] : reductions.combines) {
    if (auto combine = dyn_cast<task::CombineOp>(user)) {
      runtime::call(b, loc, module,
                    combine.getType().isF64() ? Fn::ReducePushF64
                                              : Fn::ReducePushI64,
                    {handle, chunk64, load(combine.getPartials())});
      continue;
    }
    if (auto arg = dyn_cast<task::CombineArgOp>(user)) {
      runtime::call(
          b, loc, module,
          arg.getValues().getType().getElementType().isF64() ? Fn::ArgPushF64
                                                             : Fn::ArgPushI64,
          {handle, chunk64, load(arg.getValues()), load(arg.getIndices())});
      continue;
    }
    auto moments = cast<task::CombineMomentsOp>(user);
    runtime::call(b, loc, module, Fn::MomentsPush,
                  {handle, chunk64, load(moments.getCount()),
                   load(moments.getShift()), load(moments.getS1()),
                   load(moments.getS2())});
  }
}

struct CheckpointGuard {
  /// The body goes before this operation.
  Operation *bodyTarget;
  /// The arguments of the restore and store calls; none when the stage is
  /// not checkpointed.
  SmallVector<Value> callArgs;
  /// Whether the run keeps checkpoints, asked once before the loop.
  Value active;
};

/// A stage that materialises arrays may find a chunk in a checkpoint of an
/// earlier run (on any rank count) and skip computing it. Slabs depend on the
/// rank count, so block stages are not checkpointed, nor stages that write
/// elsewhere than their outputs (counts, partial products): a checkpoint
/// holds only a chunk's outputs and partials.
CheckpointGuard emitCheckpointGuard(OpBuilder &b, Location loc, ModuleOp module,
                                    task::StageOp op, scf::ForOp loop,
                                    ValueRange outs, ArrayRef<Value> slots,
                                    Value chunk64, uint64_t program,
                                    int64_t stageId) {
  Operation *terminator = loop.getBody()->getTerminator();
  bool writesElsewhere =
      op.getBody()
          .walk([](Operation *inner) {
            return isa<task::CountOp, task::MatmulChunkOp,
                       task::MatmulRowsChunkOp, task::SelectChunkOp>(inner)
                       ? WalkResult::interrupt()
                       : WalkResult::advance();
          })
          .wasInterrupted();
  if (op.getPlacement() == task::Placement::block || outs.empty() ||
      writesElsewhere)
    return {terminator, {}};
  Type ptr = ptrType(op.getContext());
  Value outputs = stackSlotsBefore(b, loop, ptr, outs.size());
  Value partials =
      stackSlotsBefore(b, loop, ptr, std::max<size_t>(1, slots.size()));
  Value active;
  {
    OpBuilder::InsertionGuard beforeLoop(b);
    b.setInsertionPoint(loop);
    for (auto [i, dist] : llvm::enumerate(outs))
      storeAt(b, loc, outputs, i, dist);
    active = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::ne,
        runtime::call(b, loc, module, Fn::CkptActive, {}).getResult(0),
        i32Const(b, loc, 0));
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
  // Without checkpoints no chunk calls the runtime for them.
  auto restore = scf::IfOp::create(
      b, loc, active,
      [&](OpBuilder &tb, Location tloc) {
        Value restored =
            runtime::call(tb, tloc, module, Fn::CkptRestore, callArgs)
                .getResult(0);
        scf::YieldOp::create(
            tb, tloc,
            ValueRange{arith::CmpIOp::create(tb, tloc,
                                             arith::CmpIPredicate::eq,
                                             restored, i32Const(tb, tloc, 0))});
      },
      [&](OpBuilder &eb, Location eloc) {
        scf::YieldOp::create(
            eb, eloc, ValueRange{arith::ConstantIntOp::create(eb, eloc, 1, 1)});
      });
  auto ifMissing = scf::IfOp::create(b, loc, restore.getResult(0),
                                     /*withElseRegion=*/false);
  return {ifMissing.thenBlock()->getTerminator(), callArgs, active};
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
  if (!checkpoint.callArgs.empty()) {
    auto ifActive = scf::IfOp::create(rewriter, loc, checkpoint.active,
                                      /*withElseRegion=*/false);
    rewriter.setInsertionPoint(ifActive.thenBlock()->getTerminator());
    runtime::call(rewriter, loc, module, Fn::CkptStore, checkpoint.callArgs);
  }
  rewriter.eraseOp(yield);
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
    FailureOr<Reductions> reductions =
        beginReductions(rewriter, loc, module, op, gridSize);
    if (failed(reductions))
      return failure();
    OwnedChunkLoop owned = emitOwnedChunkLoop(rewriter, loc, module, op, grid,
                                              gridSize, stageName(op));

    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPoint(owned.loop.getBody()->getTerminator());
    Value chunk = owned.loop.getInductionVar();
    if (visitsLastChunkFirst(op))
      chunk = lastChunkFirst(rewriter, loc, owned.loop);
    Value chunk64 =
        arith::IndexCastOp::create(rewriter, loc, rewriter.getI64Type(), chunk);
    ChunkBox box = emitChunkBox(rewriter, loc, module, op, owned.loop,
                                owned.grid, chunk64);
    SmallVector<Value> arguments =
        bodyArguments(rewriter, loc, module, chunk, chunk64, box,
                      adaptor.getIns(), adaptor.getOuts());
    replacePitches(rewriter, loc, module, op, chunk64, adaptor.getIns(),
                   adaptor.getOuts());
    SmallVector<Value> slots = partialSlots(rewriter, op, owned.loop);
    CheckpointGuard checkpoint = emitCheckpointGuard(
        rewriter, loc, module, op, owned.loop, adaptor.getOuts(), slots,
        chunk64, program, stageIds.lookup(op));
    inlineBody(rewriter, loc, module, op, checkpoint, arguments, slots);
    rewriter.setInsertionPoint(owned.loop.getBody()->getTerminator());
    // A halo array's chunk gives its neighbours their margins while hot.
    for (auto [out, converted] : llvm::zip(op.getOuts(), adaptor.getOuts()))
      if (task::FillHaloOp fill = fillOf(out))
        runtime::call(rewriter, loc, module, Fn::DistShareMargins,
                      {converted, chunk64,
                       i32Const(rewriter, loc, runtime::code(fill.getMode()))});
    pushPartials(rewriter, loc, module, *reductions, slots, chunk64);
    rewriter.replaceOp(op, reductions->handles);
    return success();
  }
};

} // namespace

void tasktollvm::populateStagePatterns(
    TypeConverter &converter, RewritePatternSet &patterns, uint64_t program,
    const DenseMap<Operation *, int64_t> &stageIds) {
  patterns.add<StageLowering>(converter, patterns.getContext(), program,
                              stageIds);
}
