//===- TaskToLLVM.cpp - Stages and collectives to runtime calls -----------===//
#include "bridge/Conversion/Passes.h"

#include "RuntimeAPI.h"
#include "bridge/Dialect/Task/PlanExport.h"
#include "bridge/Dialect/Task/TaskOps.h"
#include "bridge/RuntimeConfig.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

namespace bridge {
#define GEN_PASS_DEF_CONVERTTASKTOLLVM
#include "bridge/Conversion/Passes.h.inc"
} // namespace bridge

using namespace mlir;
using namespace bridge;
using runtime::Fn;

namespace {

Value i32Const(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantOp::create(b, loc, b.getI32Type(),
                                   b.getI32IntegerAttr(value));
}

Value i64Const(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantOp::create(b, loc, b.getI64Type(),
                                   b.getI64IntegerAttr(value));
}

Type ptrType(MLIRContext *ctx) { return LLVM::LLVMPointerType::get(ctx); }

/// Stack slots for `count` values of `type`.
Value stackSlots(OpBuilder &b, Location loc, Type type, int64_t count) {
  return LLVM::AllocaOp::create(b, loc, ptrType(b.getContext()), type,
                                i64Const(b, loc, count));
}

/// Stack slots allocated just before `op` (outside any loop it starts).
Value stackSlotsBefore(OpBuilder &b, Operation *op, Type type, int64_t count) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(op);
  return stackSlots(b, op->getLoc(), type, count);
}

/// Stores `value` into slot `index` of a stack array of pointers.
void storeAt(OpBuilder &b, Location loc, Value base, int64_t index,
             Value value) {
  Value slot = LLVM::GEPOp::create(b, loc, ptrType(b.getContext()),
                                   ptrType(b.getContext()), base,
                                   ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(index)});
  LLVM::StoreOp::create(b, loc, value, slot);
}

/// A stack array holding `values`, for runtime calls that take int64_t*.
Value stackArray(OpBuilder &b, Location loc, ArrayRef<int64_t> values) {
  Type i64 = b.getI64Type();
  Value base = stackSlots(b, loc, i64, values.size());
  for (auto [i, value] : llvm::enumerate(values)) {
    Value slot = LLVM::GEPOp::create(b, loc, ptrType(b.getContext()), i64, base,
                                     ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(i)});
    LLVM::StoreOp::create(b, loc, i64Const(b, loc, value), slot);
  }
  return base;
}

/// Bools live in memory as bytes.
Type storageType(Type element) {
  if (element.isInteger(1))
    return IntegerType::get(element.getContext(), 8);
  return element;
}

Value elementAddress(OpBuilder &b, Location loc, Value base, Type element,
                     Value index) {
  if (index.getType().isIndex())
    index = arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
  return LLVM::GEPOp::create(b, loc, ptrType(b.getContext()),
                             storageType(element), base, ValueRange{index});
}

ModuleOp moduleOf(Operation *op) { return op->getParentOfType<ModuleOp>(); }

/// The address of a NUL-terminated constant holding `value`, one global per
/// distinct string.
Value stringConstant(OpBuilder &b, Location loc, ModuleOp module,
                     StringRef value) {
  std::string name =
      llvm::formatv("__bridge_str_{0:x}", llvm::hash_value(value)).str();
  if (auto global = module.lookupSymbol<LLVM::GlobalOp>(name))
    return LLVM::AddressOfOp::create(b, loc, global);
  return LLVM::createGlobalString(loc, b, name, (value + Twine('\0')).str(),
                                  LLVM::Linkage::Internal);
}

/// A new distributed array of `type`, with storage for the chunks this rank
/// owns.
Value createDist(OpBuilder &b, Location loc, ModuleOp module,
                 task::DistType type) {
  Value dtype = i32Const(b, loc, runtime::dtypeCode(type.getElementType()));
  Value rank = i32Const(b, loc, type.getRank());
  Value shape = stackArray(b, loc, type.getShape());
  if (type.getPlacement() == task::Placement::block)
    return runtime::call(b, loc, module, Fn::DistCreateBlock,
                         {dtype, rank, shape})
        .getResult(0);
  Value chunks = stackArray(b, loc, type.getChunks());
  return runtime::call(
             b, loc, module, Fn::DistCreate,
             {dtype, rank, shape, chunks,
              i32Const(b, loc, static_cast<int32_t>(type.getPlacement()))})
      .getResult(0);
}

/// Appends the start and extent of `chunk` of the runtime's `grid` in each of
/// its `rank` dimensions, as indices: one call per chunk, into stack slots
/// allocated before `loop`.
void chunkBox(OpBuilder &b, Location loc, ModuleOp module, Value grid,
              scf::ForOp loop, Value chunk, int64_t rank,
              SmallVectorImpl<Value> &starts, SmallVectorImpl<Value> &extents) {
  Type i64 = b.getI64Type();
  Value startSlots = stackSlotsBefore(b, loop, i64, rank);
  Value extentSlots = stackSlotsBefore(b, loop, i64, rank);
  runtime::call(b, loc, module, Fn::GridBox,
                {grid, chunk, startSlots, extentSlots});
  auto load = [&](Value slots, int64_t dim) -> Value {
    Value slot = LLVM::GEPOp::create(b, loc, ptrType(b.getContext()), i64,
                                     slots,
                                     ArrayRef<LLVM::GEPArg>{
                                         static_cast<int32_t>(dim)});
    Value value = LLVM::LoadOp::create(b, loc, i64, slot);
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), value);
  };
  for (int64_t dim = 0; dim < rank; ++dim) {
    starts.push_back(load(startSlots, dim));
    extents.push_back(load(extentSlots, dim));
  }
}

template <typename OpTy>
struct TaskPattern : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
};

struct AllocLowering : TaskPattern<task::AllocOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::AllocOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, createDist(rewriter, op.getLoc(), moduleOf(op), op.getType()));
    return success();
  }
};

struct FreeLowering : TaskPattern<task::FreeOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::FreeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    runtime::call(rewriter, op.getLoc(), moduleOf(op), Fn::DistDestroy,
                  adaptor.getArray());
    rewriter.eraseOp(op);
    return success();
  }
};

/// A stage becomes a loop over the chunks this rank owns. Each partial
/// result becomes a buffer with one slot per chunk of the grid, released
/// after its last combine.
struct StageLowering : TaskPattern<task::StageOp> {
  /// `program` identifies the program's checkpoints; `stageIds` numbers its
  /// stages in program order.
  StageLowering(TypeConverter &converter, MLIRContext *ctx, uint64_t program,
                const DenseMap<Operation *, int64_t> &stageIds)
      : TaskPattern(converter, ctx), program(program), stageIds(stageIds) {}

  uint64_t program;
  const DenseMap<Operation *, int64_t> &stageIds;

  /// "stage N (file:line)", after the first construct the stage computes.
  std::string stageName(task::StageOp op) const {
    std::string name = "stage " + std::to_string(stageIds.lookup(op));
    Location loc = op.getLoc();
    if (auto fused = dyn_cast<FusedLoc>(loc); fused && !fused.getLocations().empty())
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
    int64_t numChunks = op.getNumChunks();
    int32_t placement = static_cast<int32_t>(op.getPlacement());
    Type i64 = rewriter.getI64Type();
    Type indexType = rewriter.getIndexType();

    SmallVector<Value> buffers;
    for (size_t i = 0, e = op.getPartials().size(); i < e; ++i)
      buffers.push_back(runtime::call(rewriter, loc, module, Fn::Alloc,
                                      i64Const(rewriter, loc, numChunks * 8))
                            .getResult(0));

    // The runtime holds the grid (under `block`, one slab per rank, known
    // only at run time) and gives each chunk's box.
    bool block = op.getPlacement() == task::Placement::block;
    Value grid = runtime::call(rewriter, loc, module, Fn::GridCreate,
                               {i32Const(rewriter, loc, op.getRank()),
                                stackArray(rewriter, loc, op.getShape()),
                                stackArray(rewriter, loc, op.getChunks()),
                                i32Const(rewriter, loc, placement)})
                     .getResult(0);
    Value gridSize =
        runtime::call(rewriter, loc, module, Fn::GridChunks, grid).getResult(0);
    Value lo = stackSlots(rewriter, loc, i64, 1);
    Value hi = stackSlots(rewriter, loc, i64, 1);
    runtime::call(rewriter, loc, module, Fn::OwnedRange,
                  {i32Const(rewriter, loc, placement), gridSize, lo, hi});
    auto toIndex = [&](Value slot) -> Value {
      Value value = LLVM::LoadOp::create(rewriter, loc, i64, slot);
      return arith::IndexCastOp::create(rewriter, loc, indexType, value);
    };
    Value first = toIndex(lo), last = toIndex(hi);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    // Named for --trace and --progress by the stage's place in the program.
    runtime::call(rewriter, loc, module, Fn::StageBegin,
                  stringConstant(rewriter, loc, module, stageName(op)));
    auto loop = scf::ForOp::create(rewriter, loc, first, last, one);
    {
      OpBuilder::InsertionGuard afterLoop(rewriter);
      rewriter.setInsertionPointAfter(loop);
      runtime::call(rewriter, loc, module, Fn::StageEnd, {});
      runtime::call(rewriter, loc, module, Fn::GridDestroy, grid);
    }

    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPoint(loop.getBody()->getTerminator());
    Value chunk = loop.getInductionVar();
    Value chunk64 = arith::IndexCastOp::create(rewriter, loc, i64, chunk);

    SmallVector<Value> starts, extents;
    chunkBox(rewriter, loc, module, grid, loop, chunk64, op.getRank(), starts,
             extents);

    SmallVector<Value> arguments{chunk};
    arguments.append(starts);
    arguments.append(extents);
    for (Value dist : llvm::concat<Value>(adaptor.getIns(), adaptor.getOuts()))
      arguments.push_back(
          runtime::call(rewriter, loc, module, Fn::DistChunk, {dist, chunk64})
              .getResult(0));

    SmallVector<Value> slots;
    for (Value buffer : buffers)
      slots.push_back(elementAddress(rewriter, loc, buffer, i64, chunk64));

    // A stage that materialises arrays may find a chunk in a checkpoint of an
    // earlier run (on any rank count) and skip computing it. Slabs depend on
    // the rank count, so block stages are not checkpointed.
    Operation *target = loop.getBody()->getTerminator();
    SmallVector<Value> checkpointArgs;
    if (!block && !op.getOuts().empty()) {
      Type ptr = ptrType(op.getContext());
      Value outputs = stackSlotsBefore(rewriter, loop, ptr, op.getOuts().size());
      Value partials = stackSlotsBefore(rewriter, loop, ptr,
                                        std::max<size_t>(1, slots.size()));
      {
        OpBuilder::InsertionGuard beforeLoop(rewriter);
        rewriter.setInsertionPoint(loop);
        for (auto [i, dist] : llvm::enumerate(adaptor.getOuts()))
          storeAt(rewriter, loc, outputs, i, dist);
      }
      for (auto [i, slot] : llvm::enumerate(slots))
        storeAt(rewriter, loc, partials, i, slot);
      checkpointArgs = {
          i64Const(rewriter, loc, static_cast<int64_t>(program)),
          i64Const(rewriter, loc, stageIds.lookup(op)), chunk64, outputs,
          i32Const(rewriter, loc, op.getOuts().size()), partials,
          i32Const(rewriter, loc, slots.size())};
      Value restored = runtime::call(rewriter, loc, module, Fn::CkptRestore,
                                     checkpointArgs)
                           .getResult(0);
      Value missing = arith::CmpIOp::create(rewriter, loc,
                                            arith::CmpIPredicate::eq, restored,
                                            i32Const(rewriter, loc, 0));
      auto ifMissing = scf::IfOp::create(rewriter, loc, missing,
                                         /*withElseRegion=*/false);
      target = ifMissing.thenBlock()->getTerminator();
    }

    Block &body = op.getBodyBlock();
    auto yield = cast<task::YieldOp>(body.getTerminator());
    rewriter.inlineBlockBefore(&body, target, arguments);
    rewriter.setInsertionPoint(yield);
    for (auto [value, slot] : llvm::zip(yield.getValues(), slots))
      LLVM::StoreOp::create(rewriter, loc, value, slot);
    if (!checkpointArgs.empty())
      runtime::call(rewriter, loc, module, Fn::CkptStore, checkpointArgs);
    rewriter.eraseOp(yield);

    // Release each buffer after the last operation that reads it.
    for (auto [partials, buffer] : llvm::zip(op.getPartials(), buffers)) {
      Operation *lastUser = nullptr;
      for (Operation *user : partials.getUsers())
        if (!lastUser || lastUser->isBeforeInBlock(user))
          lastUser = user;
      if (lastUser)
        rewriter.setInsertionPointAfter(lastUser);
      else
        rewriter.setInsertionPointAfter(loop);
      runtime::call(rewriter, loc, module, Fn::Free, buffer);
    }
    rewriter.replaceOp(op, buffers);
    return success();
  }
};

struct ReadLowering : TaskPattern<task::ReadOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::ReadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type element = op.getType();
    Value address = elementAddress(rewriter, loc, adaptor.getChunk(), element,
                                   adaptor.getOffset());
    Value value =
        LLVM::LoadOp::create(rewriter, loc, storageType(element), address);
    if (element.isInteger(1))
      value = arith::TruncIOp::create(rewriter, loc, element, value);
    rewriter.replaceOp(op, value);
    return success();
  }
};

struct WriteLowering : TaskPattern<task::WriteOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::WriteOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value value = adaptor.getValue();
    Type element = value.getType();
    if (element.isInteger(1))
      value = arith::ExtUIOp::create(rewriter, loc, storageType(element), value);
    Value address = elementAddress(rewriter, loc, adaptor.getChunk(), element,
                                   adaptor.getOffset());
    LLVM::StoreOp::create(rewriter, loc, value, address);
    rewriter.eraseOp(op);
    return success();
  }
};

/// The grid of the stage that produced `partials`.
task::StageOp producer(Value partials) {
  return partials.getDefiningOp<task::StageOp>();
}

struct CombineLowering : TaskPattern<task::CombineOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::CombineOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    task::StageOp stage = producer(op.getPartials());
    Fn fn = op.getType().isF64() ? Fn::CombineF64 : Fn::CombineI64;
    auto call = runtime::call(
        rewriter, loc, moduleOf(op), fn,
        {i32Const(rewriter, loc, static_cast<int32_t>(op.getKind())),
         i32Const(rewriter, loc, static_cast<int32_t>(stage.getPlacement())),
         adaptor.getPartials(), i64Const(rewriter, loc, stage.getNumChunks())});
    rewriter.replaceOp(op, call.getResults());
    return success();
  }
};

struct CombineMomentsLowering : TaskPattern<task::CombineMomentsOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::CombineMomentsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    task::StageOp stage = producer(op.getCount());
    Type f64 = rewriter.getF64Type();
    Value mean = stackSlots(rewriter, loc, f64, 1);
    Value m2 = stackSlots(rewriter, loc, f64, 1);
    runtime::call(
        rewriter, loc, moduleOf(op), Fn::CombineMoments,
        {i32Const(rewriter, loc, static_cast<int32_t>(stage.getPlacement())),
         adaptor.getCount(), adaptor.getShift(), adaptor.getS1(),
         adaptor.getS2(), i64Const(rewriter, loc, stage.getNumChunks()), mean,
         m2});
    rewriter.replaceOp(op, {LLVM::LoadOp::create(rewriter, loc, f64, mean),
                            LLVM::LoadOp::create(rewriter, loc, f64, m2)});
    return success();
  }
};

struct PrintLowering : TaskPattern<task::PrintOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::PrintOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value value = adaptor.getValue();
    Type type = value.getType();
    Fn fn;
    if (isa<FloatType>(type)) {
      fn = Fn::PrintF64;
      if (!type.isF64())
        value = arith::ExtFOp::create(rewriter, loc, rewriter.getF64Type(), value);
    } else if (type.isInteger(1)) {
      fn = Fn::PrintBool;
      value = arith::ExtUIOp::create(rewriter, loc, rewriter.getI32Type(), value);
    } else {
      fn = Fn::PrintI64;
      if (!type.isInteger(64))
        value = arith::ExtSIOp::create(rewriter, loc, rewriter.getI64Type(), value);
    }
    runtime::call(rewriter, loc, moduleOf(op), fn, value);
    rewriter.eraseOp(op);
    return success();
  }
};

/// The type of MPI_Comm in the MPI library the runtime was built with.
Type commType(MLIRContext *ctx) {
  if (BRIDGE_RT_MPI_COMM_IS_POINTER)
    return ptrType(ctx);
  return IntegerType::get(ctx, 8 * BRIDGE_RT_MPI_COMM_BYTES);
}

/// Every rank calls the legacy function with array views, scalars by value
/// (bool as int32_t) and the communicator; rank 0's result is broadcast.
struct CallLowering : TaskPattern<task::CallOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::CallOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ModuleOp module = moduleOf(op);
    MLIRContext *ctx = op.getContext();
    SmallVector<Value> args;
    for (auto [original, converted] :
         llvm::zip(op.getArgs(), adaptor.getArgs())) {
      if (isa<task::DistType>(original.getType())) {
        args.push_back(runtime::call(rewriter, loc, module, Fn::DistView,
                                     converted)
                           .getResult(0));
      } else if (converted.getType().isInteger(1)) {
        args.push_back(arith::ExtUIOp::create(rewriter, loc,
                                              rewriter.getI32Type(), converted));
      } else {
        args.push_back(converted);
      }
    }
    Value commSlot =
        stackSlots(rewriter, loc, rewriter.getI8Type(), BRIDGE_RT_MPI_COMM_BYTES);
    runtime::call(rewriter, loc, module, Fn::LegacyComm, commSlot);
    args.push_back(LLVM::LoadOp::create(rewriter, loc, commType(ctx), commSlot));

    StringRef name = op.getCallee();
    auto type = FunctionType::get(ctx, ValueRange(args).getTypes(),
                                  op->getResultTypes());
    auto callee = module.lookupSymbol<func::FuncOp>(name);
    if (!callee) {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToEnd(module.getBody());
      callee = func::FuncOp::create(rewriter, module.getLoc(), name, type);
      callee.setPrivate();
    } else if (callee.getFunctionType() != type) {
      return op.emitError("legacy function '")
             << name << "' is called with two different signatures";
    }

    Value nameString = stringConstant(rewriter, loc, module, name);
    runtime::call(rewriter, loc, module, Fn::LegacyEnter, nameString);
    auto call = func::CallOp::create(rewriter, loc, callee, args);
    runtime::call(rewriter, loc, module, Fn::LegacyExit, nameString);
    if (op.getCheckStatus())
      runtime::call(rewriter, loc, module, Fn::LegacyCheck,
                    {nameString, call.getResult(0)});
    if (op->getNumResults() == 0) {
      rewriter.eraseOp(op);
      return success();
    }
    Value result = call.getResult(0);
    Type resultType = result.getType();
    if (resultType.isF64()) {
      result = runtime::call(rewriter, loc, module, Fn::BcastF64, result)
                   .getResult(0);
    } else {
      Value wide = resultType.isInteger(64)
                       ? result
                       : arith::ExtSIOp::create(rewriter, loc,
                                                rewriter.getI64Type(), result);
      result = runtime::call(rewriter, loc, module, Fn::BcastI64, wide)
                   .getResult(0);
      if (!resultType.isInteger(64))
        result = arith::TruncIOp::create(rewriter, loc, resultType, result);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct LoadLowering : TaskPattern<task::LoadOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::LoadOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ModuleOp module = moduleOf(op);
    Value dist = createDist(rewriter, loc, module, op.getType());
    runtime::call(rewriter, loc, module, op.getRaw() ? Fn::LoadRaw : Fn::LoadNpy,
                  {dist, stringConstant(rewriter, loc, module, op.getPath())});
    rewriter.replaceOp(op, dist);
    return success();
  }
};

struct SaveLowering : TaskPattern<task::SaveOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::SaveOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ModuleOp module = moduleOf(op);
    runtime::call(rewriter, loc, module, Fn::SaveNpy,
                  {adaptor.getArray(),
                   stringConstant(rewriter, loc, module, op.getPath())});
    rewriter.eraseOp(op);
    return success();
  }
};

/// Fills a stack array of bridge_rt_axis_map {i32 src_dim, i32 reserved,
/// i64 offset, step, lo, hi}, one per destination dimension.
struct RedistributeLowering : TaskPattern<task::RedistributeOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::RedistributeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    Type i32 = rewriter.getI32Type(), i64 = rewriter.getI64Type();
    auto mapType = LLVM::LLVMStructType::getLiteral(ctx, {i32, i32, i64, i64, i64, i64});
    size_t rank = op.getSrcDims().size();
    Value maps = stackSlots(rewriter, loc, mapType, rank);
    auto store = [&](Value value, int64_t map, int32_t field) {
      Value address = LLVM::GEPOp::create(
          rewriter, loc, ptrType(ctx), mapType, maps,
          ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(map), field});
      LLVM::StoreOp::create(rewriter, loc, value, address);
    };
    for (size_t d = 0; d < rank; ++d) {
      store(i32Const(rewriter, loc, op.getSrcDims()[d]), d, 0);
      store(i32Const(rewriter, loc, 0), d, 1);
      store(i64Const(rewriter, loc, op.getOffsets()[d]), d, 2);
      store(i64Const(rewriter, loc, op.getSteps()[d]), d, 3);
      store(i64Const(rewriter, loc, op.getLo()[d]), d, 4);
      store(i64Const(rewriter, loc, op.getHi()[d]), d, 5);
    }
    runtime::call(rewriter, loc, moduleOf(op), Fn::Redistribute,
                  {adaptor.getDest(), adaptor.getSource(), maps});
    rewriter.eraseOp(op);
    return success();
  }
};

struct HaloLowering : TaskPattern<task::HaloOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::HaloOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> halo = op.getType().getHalo();
    auto axis = llvm::find_if(halo, [](int64_t w) { return w != 0; });
    if (axis == halo.end()) {
      rewriter.replaceOp(op, adaptor.getSource());
      return success();
    }
    auto call = runtime::call(
        rewriter, loc, moduleOf(op), Fn::DistHalo,
        {adaptor.getSource(),
         i32Const(rewriter, loc, std::distance(halo.begin(), axis)),
         i64Const(rewriter, loc, *axis),
         i32Const(rewriter, loc, static_cast<int32_t>(op.getMode()))});
    rewriter.replaceOp(op, call.getResults());
    return success();
  }
};

struct FetchLowering : TaskPattern<task::FetchOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::FetchOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type element = op.getType();
    Value slot = stackSlots(rewriter, loc, storageType(element), 1);
    runtime::call(rewriter, loc, moduleOf(op), Fn::DistFetch,
                  {adaptor.getArray(), stackArray(rewriter, loc, op.getIndices()),
                   slot});
    Value value = LLVM::LoadOp::create(rewriter, loc, storageType(element), slot);
    if (element.isInteger(1))
      value = arith::TruncIOp::create(rewriter, loc, element, value);
    rewriter.replaceOp(op, value);
    return success();
  }
};

/// Gives the array program's `main` the C signature, with runtime set-up
/// before the body and tear-down at every return.
LogicalResult rewriteMain(func::FuncOp main) {
  MLIRContext *ctx = main.getContext();
  if (main.getNumArguments() != 0 || main.getNumResults() != 0)
    return main.emitError("main must take and return nothing");
  ModuleOp module = moduleOf(main);
  Type i32 = IntegerType::get(ctx, 32);
  Block &entry = main.getBody().front();
  Location loc = main.getLoc();
  Value argc = entry.addArgument(i32, loc);
  Value argv = entry.addArgument(ptrType(ctx), loc);
  main.setFunctionType(FunctionType::get(ctx, {i32, ptrType(ctx)}, {i32}));
  // The plan, read before the task ops go, lets the program explain its own
  // placement for whatever rank count it runs with.
  std::string plan = plan::serialize(task::exportPlan(main));
  OpBuilder b = OpBuilder::atBlockBegin(&entry);
  runtime::call(b, loc, module, Fn::SetPlan,
                stringConstant(b, loc, module, plan));
  runtime::call(b, loc, module, Fn::Init, {argc, argv});
  main.walk([&](func::ReturnOp ret) {
    b.setInsertionPoint(ret);
    auto status = runtime::call(b, ret.getLoc(), module, Fn::Finalize, {});
    func::ReturnOp::create(b, ret.getLoc(), status.getResults());
    ret.erase();
  });
  return success();
}

struct ConvertTaskToLLVM
    : public bridge::impl::ConvertTaskToLLVMBase<ConvertTaskToLLVM> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    if (auto main = module.lookupSymbol<func::FuncOp>("main"))
      if (!main.isExternal() && failed(rewriteMain(main)))
        return signalPassFailure();

    TypeConverter converter;
    converter.addConversion([](Type type) { return type; });
    converter.addConversion(
        [ctx](task::DistType) -> Type { return ptrType(ctx); });
    converter.addConversion(
        [ctx](task::PartialsType) -> Type { return ptrType(ctx); });
    converter.addConversion(
        [ctx](task::ChunkType) -> Type { return ptrType(ctx); });

    ConversionTarget target(*ctx);
    target.addIllegalDialect<task::TaskDialect>();
    target.addLegalDialect<LLVM::LLVMDialect, func::FuncDialect,
                           arith::ArithDialect, math::MathDialect,
                           scf::SCFDialect>();
    RewritePatternSet patterns(ctx);
    // Checkpoints are keyed by the program: a hash of its task graph.
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os, OpPrintingFlags().elideLargeElementsAttrs(0));
    uint64_t program = llvm::xxh3_64bits(text);
    DenseMap<Operation *, int64_t> stageIds;
    module.walk([&](task::StageOp stage) {
      int64_t id = stageIds.size();
      stageIds[stage] = id;
    });
    patterns.add<StageLowering>(converter, ctx, program, stageIds);
    patterns.add<AllocLowering, FreeLowering, ReadLowering,
                 WriteLowering, CombineLowering, CombineMomentsLowering,
                 PrintLowering, CallLowering, LoadLowering, SaveLowering,
                 RedistributeLowering, HaloLowering, FetchLowering>(converter,
                                                                    ctx);
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
