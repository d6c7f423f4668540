//===- MatmulLowering.cpp - The local step of matrix products -------------===//
//
// task.matmul_local becomes one call of the runtime, which loops over this
// rank's chunks (runtime/src/Matmul.cpp), and task.matmul_chunk and
// task.matmul_rows_chunk one call for the chunk a stage has just computed;
// none communicates.
//
//===----------------------------------------------------------------------===//
#include "Patterns.h"

#include "LLVMHelpers.h"
#include "RuntimeAPI.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace bridge;
using namespace bridge::tasktollvm;
using runtime::Fn;

namespace {

struct MatmulLocalLowering : TaskPattern<task::MatmulLocalOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::MatmulLocalOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    runtime::call(rewriter, loc, moduleOf(op), Fn::MatmulLocal,
                  {adaptor.getDest(), adaptor.getLhs(), adaptor.getRhs(),
                   i32Const(rewriter, loc, op.getTransposeLhs() ? 1 : 0)});
    rewriter.eraseOp(op);
    return success();
  }
};

struct MatmulChunkLowering : TaskPattern<task::MatmulChunkOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::MatmulChunkOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type i64 = rewriter.getI64Type();
    runtime::call(
        rewriter, loc, moduleOf(op), Fn::MatmulChunk,
        {adaptor.getDest(),
         arith::IndexCastOp::create(rewriter, loc, i64, adaptor.getChunk()),
         adaptor.getLhs(), adaptor.getRhs(),
         arith::IndexCastOp::create(rewriter, loc, i64, adaptor.getRows())});
    rewriter.eraseOp(op);
    return success();
  }
};

struct MatmulRowsChunkLowering : TaskPattern<task::MatmulRowsChunkOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::MatmulRowsChunkOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type i64 = rewriter.getI64Type();
    runtime::call(
        rewriter, loc, moduleOf(op), Fn::MatmulRowsChunk,
        {adaptor.getDest(),
         arith::IndexCastOp::create(rewriter, loc, i64, adaptor.getChunk()),
         adaptor.getLhs(), adaptor.getReplica(),
         arith::IndexCastOp::create(rewriter, loc, i64, adaptor.getRows())});
    rewriter.eraseOp(op);
    return success();
  }
};

} // namespace

void bridge::tasktollvm::populateMatmulPatterns(TypeConverter &converter,
                                                RewritePatternSet &patterns) {
  patterns.add<MatmulLocalLowering, MatmulChunkLowering,
               MatmulRowsChunkLowering>(converter, patterns.getContext());
}
