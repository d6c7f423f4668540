//===- CountsLowering.cpp - Counters of values, filled by stages ----------===//
//
// task.counts and task.sum_counts are runtime calls (runtime/src/Counts.cpp);
// task.count adds to a counter inline, without a branch: a value out of
// range adds zero to the first counter.
//
//===----------------------------------------------------------------------===//
#include "Patterns.h"

#include "LLVMHelpers.h"
#include "RuntimeAPI.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;
using namespace bridge;
using namespace bridge::tasktollvm;
using runtime::Fn;

namespace {

struct CountsLowering : TaskPattern<task::CountsOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::CountsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, runtime::call(rewriter, op.getLoc(), moduleOf(op),
                                         Fn::CountsCreate,
                                         {adaptor.getLength()}));
    return success();
  }
};

struct CountLowering : TaskPattern<task::CountOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::CountOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type i64 = rewriter.getI64Type();
    // Unsigned: a negative value is out of range too.
    Value inRange =
        arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::ult,
                              adaptor.getValue(), adaptor.getLength());
    Value index = arith::SelectOp::create(rewriter, loc, inRange,
                                          adaptor.getValue(),
                                          i64Const(rewriter, loc, 0));
    Value address =
        elementAddress(rewriter, loc, adaptor.getCounts(), i64, index);
    Value count = LLVM::LoadOp::create(rewriter, loc, i64, address);
    Value one = arith::ExtUIOp::create(rewriter, loc, i64, inRange);
    LLVM::StoreOp::create(rewriter, loc,
                          arith::AddIOp::create(rewriter, loc, count, one),
                          address);
    rewriter.eraseOp(op);
    return success();
  }
};

struct SumCountsLowering : TaskPattern<task::SumCountsOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::SumCountsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    runtime::call(rewriter, op.getLoc(), moduleOf(op), Fn::CountsSum,
                  {adaptor.getCounts(), adaptor.getLength(),
                   adaptor.getDest()});
    rewriter.eraseOp(op);
    return success();
  }
};

} // namespace

void bridge::tasktollvm::populateCountsPatterns(TypeConverter &converter,
                                                RewritePatternSet &patterns) {
  patterns.add<CountsLowering, CountLowering, SumCountsLowering>(
      converter, patterns.getContext());
}
