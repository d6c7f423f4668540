//===- ScanLowering.cpp - The local steps of scans ------------------------===//
//
// task.scan_local and task.scan_carry each become one call of the runtime,
// which loops over this rank's chunks; neither communicates.
//
//===----------------------------------------------------------------------===//
#include "Patterns.h"

#include "LLVMHelpers.h"
#include "RuntimeAPI.h"
#include "RuntimeEnums.h"

using namespace mlir;
using namespace bridge;
using namespace bridge::tasktollvm;
using runtime::Fn;

namespace {

struct ScanLocalLowering : TaskPattern<task::ScanLocalOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::ScanLocalOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    runtime::call(rewriter, loc, moduleOf(op), Fn::ScanLocal,
                  {adaptor.getDest(), adaptor.getSource(), adaptor.getTotals(),
                   i32Const(rewriter, loc, op.getAxis()),
                   i32Const(rewriter, loc, runtime::code(op.getKind()))});
    rewriter.eraseOp(op);
    return success();
  }
};

struct ScanCarryLowering : TaskPattern<task::ScanCarryOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::ScanCarryOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    runtime::call(rewriter, loc, moduleOf(op), Fn::ScanCarry,
                  {adaptor.getArray(), adaptor.getTotals(),
                   i32Const(rewriter, loc, op.getAxis()),
                   i32Const(rewriter, loc, runtime::code(op.getKind()))});
    rewriter.eraseOp(op);
    return success();
  }
};

} // namespace

void bridge::tasktollvm::populateScanPatterns(TypeConverter &converter,
                                              RewritePatternSet &patterns) {
  patterns.add<ScanLocalLowering, ScanCarryLowering>(converter,
                                                     patterns.getContext());
}
