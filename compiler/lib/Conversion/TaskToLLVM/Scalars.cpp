//===- Scalars.cpp - Combined partial results and printed scalars ---------===//
#include "Patterns.h"

#include "LLVMHelpers.h"
#include "RuntimeAPI.h"
#include "RuntimeEnums.h"
#include "bridge/Dialect/Task/TaskOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;
using namespace bridge;
using namespace bridge::tasktollvm;
using runtime::Fn;

namespace {

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
        {i32Const(rewriter, loc, runtime::code(op.getKind())),
         i32Const(rewriter, loc, runtime::code(stage.getPlacement())),
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
    runtime::call(rewriter, loc, moduleOf(op), Fn::CombineMoments,
                  {i32Const(rewriter, loc, runtime::code(stage.getPlacement())),
                   adaptor.getCount(), adaptor.getShift(), adaptor.getS1(),
                   adaptor.getS2(),
                   i64Const(rewriter, loc, stage.getNumChunks()), mean, m2});
    rewriter.replaceOp(op, {LLVM::LoadOp::create(rewriter, loc, f64, mean),
                            LLVM::LoadOp::create(rewriter, loc, f64, m2)});
    return success();
  }
};

/// Floats print as f64, bools as int32_t, other integers as int64_t.
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
        value =
            arith::ExtFOp::create(rewriter, loc, rewriter.getF64Type(), value);
    } else if (type.isInteger(1)) {
      fn = Fn::PrintBool;
      value =
          arith::ExtUIOp::create(rewriter, loc, rewriter.getI32Type(), value);
    } else {
      fn = Fn::PrintI64;
      if (!type.isInteger(64))
        value =
            arith::ExtSIOp::create(rewriter, loc, rewriter.getI64Type(), value);
    }
    runtime::call(rewriter, loc, moduleOf(op), fn, value);
    rewriter.eraseOp(op);
    return success();
  }
};

} // namespace

void tasktollvm::populateScalarPatterns(TypeConverter &converter,
                                        RewritePatternSet &patterns) {
  patterns.add<CombineLowering, CombineMomentsLowering, PrintLowering>(
      converter, patterns.getContext());
}
