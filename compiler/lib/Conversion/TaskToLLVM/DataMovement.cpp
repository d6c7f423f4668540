//===- DataMovement.cpp - Distributed arrays and the data they move -------===//
//
// Arrays are created and destroyed, filled from and written to files,
// redistributed, given halos and read element by element, each by a
// collective runtime call.
//
//===----------------------------------------------------------------------===//
#include "Patterns.h"

#include "LLVMHelpers.h"
#include "RuntimeAPI.h"
#include "RuntimeEnums.h"
#include "RuntimeStructs.h"
#include "bridge/Dialect/Task/TaskOps.h"
#include "bridge/sizes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;
using namespace bridge;
using namespace bridge::tasktollvm;
using runtime::Fn;

namespace {

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

/// The path of a file: a string constant, or the value of a `str`
/// parameter.
Value filePath(OpBuilder &b, Location loc, ModuleOp module, StringRef path,
               std::optional<int32_t> param) {
  if (!param)
    return stringConstant(b, loc, module, path);
  return runtime::call(b, loc, module, Fn::ParamStr, i32Const(b, loc, *param))
      .getResult(0);
}

struct LoadLowering : TaskPattern<task::LoadOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::LoadOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ModuleOp module = moduleOf(op);
    Value dist = createDist(rewriter, loc, module, op.getType());
    Value path =
        filePath(rewriter, loc, module, op.getPath(), op.getPathParam());
    if (std::optional<StringRef> dataset = op.getDataset())
      runtime::call(rewriter, loc, module, Fn::LoadH5,
                    {dist, path, stringConstant(rewriter, loc, module, *dataset)});
    else
      runtime::call(rewriter, loc, module,
                    op.getRaw() ? Fn::LoadRaw : Fn::LoadNpy, {dist, path});
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
    Value path =
        filePath(rewriter, loc, module, op.getPath(), op.getPathParam());
    // A literal "FILE:/DATASET" is an HDF5 dataset; a parameter's value is
    // looked at when the program runs.
    if (op.getPathParam())
      runtime::call(rewriter, loc, module, Fn::SaveTarget,
                    {adaptor.getArray(), path});
    else if (op.getPath().contains(":/"))
      runtime::call(rewriter, loc, module, Fn::SaveH5,
                    {adaptor.getArray(), path,
                     LLVM::ZeroOp::create(rewriter, loc,
                                          ptrType(rewriter.getContext()))});
    else
      runtime::call(rewriter, loc, module, Fn::SaveNpy,
                    {adaptor.getArray(), path});
    rewriter.eraseOp(op);
    return success();
  }
};

/// The offset bridge_rt_axis_map takes, where destination coordinate t reads
/// source coordinate offset + step * t: the task dialect's offset counts
/// from `lo` instead.
Value absoluteOffset(OpBuilder &b, Location loc, ModuleOp module,
                     int64_t offset, int64_t step, int64_t lo) {
  if (!plan::isSymbol(offset) && !plan::isSymbol(lo))
    return i64Const(b, loc, offset - step * lo);
  Value shift = arith::MulIOp::create(b, loc, i64Const(b, loc, step),
                                      sizeValue(b, loc, module, lo));
  return arith::SubIOp::create(b, loc, sizeValue(b, loc, module, offset),
                               shift);
}

/// Fills a stack array of bridge_rt_axis_map, one per destination dimension.
struct RedistributeLowering : TaskPattern<task::RedistributeOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::RedistributeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    using runtime::AxisMap;
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    ModuleOp module = moduleOf(op);
    LLVM::LLVMStructType mapType = AxisMap::type(ctx);
    size_t rank = op.getSrcDims().size();
    Value maps = stackSlots(rewriter, loc, mapType, rank);
    auto store = [&](size_t map, AxisMap::Field field, Value value) {
      Type fieldType = mapType.getBody()[field];
      if (value.getType() != fieldType)
        value = arith::TruncIOp::create(rewriter, loc, fieldType, value);
      Value address = LLVM::GEPOp::create(
          rewriter, loc, ptrType(ctx), mapType, maps,
          ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(map),
                                 static_cast<int32_t>(field)});
      LLVM::StoreOp::create(rewriter, loc, value, address);
    };
    for (size_t d = 0; d < rank; ++d) {
      int64_t step = op.getSteps()[d];
      store(d, AxisMap::SrcDim, i32Const(rewriter, loc, op.getSrcDims()[d]));
      store(d, AxisMap::Reserved, i32Const(rewriter, loc, 0));
      store(d, AxisMap::Offset,
            absoluteOffset(rewriter, loc, module, op.getOffsets()[d], step,
                           op.getLo()[d]));
      store(d, AxisMap::Step, i64Const(rewriter, loc, step));
      store(d, AxisMap::Lo, sizeValue(rewriter, loc, module, op.getLo()[d]));
      store(d, AxisMap::Hi, sizeValue(rewriter, loc, module, op.getHi()[d]));
    }
    runtime::call(rewriter, loc, moduleOf(op), Fn::Redistribute,
                  {adaptor.getDest(), adaptor.getSource(), maps});
    rewriter.eraseOp(op);
    return success();
  }
};

struct ReorderLowering : TaskPattern<task::ReorderOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::ReorderOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value columnMajor = arith::ConstantOp::create(
        rewriter, loc, rewriter.getI32IntegerAttr(op.getColumnMajor()));
    runtime::call(rewriter, loc, moduleOf(op), Fn::DistReorder,
                  {adaptor.getDest(), adaptor.getSource(), columnMajor});
    rewriter.eraseOp(op);
    return success();
  }
};

struct FillHaloLowering : TaskPattern<task::FillHaloOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::FillHaloOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    runtime::call(rewriter, loc, moduleOf(op), Fn::DistFillHalo,
                  {adaptor.getArray(),
                   i32Const(rewriter, loc, runtime::code(op.getMode()))});
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
    // The verifier requires the one axis.
    std::optional<unsigned> axis = op.getType().getHaloAxis();
    auto call = runtime::call(
        rewriter, loc, moduleOf(op), Fn::DistHalo,
        {adaptor.getSource(), i32Const(rewriter, loc, *axis),
         i64Const(rewriter, loc, op.getType().getHaloWidth(*axis)),
         i32Const(rewriter, loc, runtime::code(op.getMode()))});
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
    runtime::call(
        rewriter, loc, moduleOf(op), Fn::DistFetch,
        {adaptor.getArray(),
         stackSizes(rewriter, loc, moduleOf(op), op.getIndices()), slot});
    Value value =
        LLVM::LoadOp::create(rewriter, loc, storageType(element), slot);
    if (element.isInteger(1))
      value = arith::TruncIOp::create(rewriter, loc, element, value);
    rewriter.replaceOp(op, value);
    return success();
  }
};

} // namespace

void tasktollvm::populateDataMovementPatterns(TypeConverter &converter,
                                              RewritePatternSet &patterns) {
  patterns.add<AllocLowering, FreeLowering, LoadLowering, SaveLowering,
               RedistributeLowering, ReorderLowering, HaloLowering,
               FillHaloLowering, FetchLowering>(
      converter, patterns.getContext());
}
