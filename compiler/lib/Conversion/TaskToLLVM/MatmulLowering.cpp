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

/// task.matmul_chunk and task.matmul_rows_chunk: one call of `fn` with the
/// operands in order, the chunk index and the row count as i64.
template <typename OpTy, Fn fn>
struct ChunkProductLowering : TaskPattern<OpTy> {
  using TaskPattern<OpTy>::TaskPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<Value> args;
    for (Value operand : adaptor.getOperands())
      args.push_back(operand.getType().isIndex()
                         ? Value(arith::IndexCastOp::create(
                               rewriter, loc, rewriter.getI64Type(), operand))
                         : operand);
    runtime::call(rewriter, loc, moduleOf(op), fn, args);
    rewriter.eraseOp(op);
    return success();
  }
};

} // namespace

void bridge::tasktollvm::populateMatmulPatterns(TypeConverter &converter,
                                                RewritePatternSet &patterns) {
  patterns.add<MatmulLocalLowering,
               ChunkProductLowering<task::MatmulChunkOp, Fn::MatmulChunk>,
               ChunkProductLowering<task::MatmulRowsChunkOp,
                                    Fn::MatmulRowsChunk>>(
      converter, patterns.getContext());
}
