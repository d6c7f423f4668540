//===- Scalars.cpp - Combined partial results and printed scalars ---------===//
#include "Patterns.h"

#include "LLVMHelpers.h"
#include "RuntimeAPI.h"
#include "bridge/Dialect/Task/TaskOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;
using namespace bridge;
using namespace bridge::tasktollvm;
using runtime::Fn;

namespace {

/// Ends the reduction that the producing stage began: the result of
/// combining every chunk's partial, on every rank.
struct CombineLowering : TaskPattern<task::CombineOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::CombineOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Fn fn = op.getType().isF64() ? Fn::ReduceEndF64 : Fn::ReduceEndI64;
    auto call = runtime::call(rewriter, op.getLoc(), moduleOf(op), fn,
                              adaptor.getPartials());
    rewriter.replaceOp(op, call.getResults());
    return success();
  }
};

/// The four partials share one reduction, which writes the mean and the sum
/// of squared deviations to two stack slots.
struct CombineMomentsLowering : TaskPattern<task::CombineMomentsOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::CombineMomentsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type f64 = rewriter.getF64Type();
    Value mean = stackSlots(rewriter, loc, f64, 1);
    Value m2 = stackSlots(rewriter, loc, f64, 1);
    runtime::call(rewriter, loc, moduleOf(op), Fn::MomentsEnd,
                  {adaptor.getCount(), mean, m2});
    rewriter.replaceOp(op, {LLVM::LoadOp::create(rewriter, loc, f64, mean),
                            LLVM::LoadOp::create(rewriter, loc, f64, m2)});
    return success();
  }
};

/// The index the reduction of (value, index) partials ends with.
struct CombineArgLowering : TaskPattern<task::CombineArgOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::CombineArgOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto call = runtime::call(rewriter, op.getLoc(), moduleOf(op), Fn::ArgEnd,
                              adaptor.getValues());
    rewriter.replaceOp(op, call.getResults());
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

/// Collective: rank 0 fails the job when the count is not zero.
struct RequireZeroLowering : TaskPattern<task::RequireZeroOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::RequireZeroOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ModuleOp module = moduleOf(op);
    Value message = stringConstant(rewriter, loc, module, op.getMessage());
    runtime::call(rewriter, loc, module, Fn::RequireZero,
                  ValueRange{adaptor.getCount(), message});
    rewriter.eraseOp(op);
    return success();
  }
};

/// The value of a size symbol for this run.
struct SizeLowering : TaskPattern<task::SizeOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::SizeOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, sizeValue(rewriter, op.getLoc(), moduleOf(op),
                                     op.getSize()));
    return success();
  }
};

/// An f64 parameter as a double, a bool one as an int32_t 0 or 1.
struct ParamLowering : TaskPattern<task::ParamOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::ParamOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    bool isBool = op.getType().isInteger(1);
    Value value = runtime::call(rewriter, loc, moduleOf(op),
                                isBool ? Fn::ParamBool : Fn::ParamF64,
                                i32Const(rewriter, loc, op.getIndex()))
                      .getResult(0);
    if (isBool)
      value = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::ne,
                                    value, i32Const(rewriter, loc, 0));
    rewriter.replaceOp(op, value);
    return success();
  }
};

} // namespace

void tasktollvm::populateScalarPatterns(TypeConverter &converter,
                                        RewritePatternSet &patterns) {
  patterns.add<CombineLowering, CombineMomentsLowering, CombineArgLowering,
               PrintLowering, RequireZeroLowering, SizeLowering, ParamLowering>(
      converter, patterns.getContext());
}
