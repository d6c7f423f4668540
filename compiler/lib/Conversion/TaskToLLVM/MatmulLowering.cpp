//===- MatmulLowering.cpp - The local step of matrix products -------------===//
//
// task.matmul_local becomes one call of the runtime, which loops over this
// rank's chunks (runtime/src/Matmul.cpp); it does not communicate.
//
//===----------------------------------------------------------------------===//
#include "Patterns.h"

#include "LLVMHelpers.h"
#include "RuntimeAPI.h"

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

} // namespace

void bridge::tasktollvm::populateMatmulPatterns(TypeConverter &converter,
                                                RewritePatternSet &patterns) {
  patterns.add<MatmulLocalLowering>(converter, patterns.getContext());
}
