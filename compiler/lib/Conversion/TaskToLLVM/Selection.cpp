//===- Selection.cpp - Quantiles and medians by distributed selection -----===//
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

/// The quantiles go to the runtime in a stack array; it writes one f64 per
/// result to another.
struct QuantileLowering : TaskPattern<task::QuantileOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::QuantileOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type f64 = rewriter.getF64Type();
    ArrayRef<double> q = op.getQ();
    int64_t results = op.getNumResults();
    Value qs = stackSlots(rewriter, loc, f64, std::max<int64_t>(q.size(), 1));
    for (auto [i, value] : llvm::enumerate(q)) {
      Value slot = LLVM::GEPOp::create(rewriter, loc, ptrType(getContext()),
                                       f64, qs, ArrayRef<LLVM::GEPArg>{int32_t(i)});
      Value constant = LLVM::ConstantOp::create(
          rewriter, loc, f64, rewriter.getF64FloatAttr(value));
      LLVM::StoreOp::create(rewriter, loc, constant, slot);
    }
    Value out = stackSlots(rewriter, loc, f64, results);
    runtime::call(rewriter, loc, moduleOf(op), Fn::DistQuantile,
                  {adaptor.getArray(), i32Const(rewriter, loc, op.getMedian()),
                   i64Const(rewriter, loc, q.size()), qs, out});
    SmallVector<Value> values;
    for (int64_t i = 0; i < results; ++i) {
      Value slot = LLVM::GEPOp::create(rewriter, loc, ptrType(getContext()),
                                       f64, out, ArrayRef<LLVM::GEPArg>{int32_t(i)});
      values.push_back(LLVM::LoadOp::create(rewriter, loc, f64, slot));
    }
    rewriter.replaceOp(op, values);
    return success();
  }
};

/// The line's first element's address and its element type's code.
struct LineQuantileLowering : TaskPattern<task::LineQuantileOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::LineQuantileOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type element =
        cast<task::ChunkType>(op.getChunk().getType()).getElementType();
    Value first = elementAddress(rewriter, loc, adaptor.getChunk(), element,
                                 adaptor.getOffset());
    auto toI64 = [&](Value index) -> Value {
      return arith::IndexCastOp::create(rewriter, loc, rewriter.getI64Type(),
                                        index);
    };
    Value value =
        runtime::call(rewriter, loc, moduleOf(op), Fn::LineQuantile,
                      {first, i32Const(rewriter, loc, runtime::dtypeCode(element)),
                       toI64(adaptor.getStride()), toI64(adaptor.getCount()),
                       i32Const(rewriter, loc, op.getMedian()),
                       LLVM::ConstantOp::create(rewriter, loc,
                                                rewriter.getF64Type(),
                                                op.getQAttr())})
            .getResult(0);
    rewriter.replaceOp(op, value);
    return success();
  }
};

} // namespace

void tasktollvm::populateSelectionPatterns(TypeConverter &converter,
                                           RewritePatternSet &patterns) {
  patterns.add<QuantileLowering, LineQuantileLowering>(converter,
                                                       patterns.getContext());
}
