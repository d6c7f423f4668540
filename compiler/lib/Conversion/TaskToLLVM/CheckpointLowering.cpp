//===- CheckpointLowering.cpp - Arrays restored instead of recomputed -----===//
//
// task.checkpoint becomes: restore the array (collectively); if any rank
// lacks a chunk, run the body and store the array's chunks.
//
//===----------------------------------------------------------------------===//
#include "Patterns.h"

#include "LLVMHelpers.h"
#include "RuntimeAPI.h"
#include "bridge/Dialect/Task/TaskOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace bridge;
using namespace bridge::tasktollvm;
using runtime::Fn;

namespace {

struct CheckpointLowering : TaskPattern<task::CheckpointOp> {
  CheckpointLowering(TypeConverter &converter, MLIRContext *ctx,
                     uint64_t program,
                     const DenseMap<Operation *, int64_t> &stepIds)
      : TaskPattern(converter, ctx), program(program), stepIds(stepIds) {}

  LogicalResult
  matchAndRewrite(task::CheckpointOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ModuleOp module = moduleOf(op);
    SmallVector<Value> key = {
        i64Const(rewriter, loc, static_cast<int64_t>(program)),
        i64Const(rewriter, loc, stepIds.lookup(op)), adaptor.getArray()};
    Value restored =
        runtime::call(rewriter, loc, module, Fn::CkptRestoreArray, key)
            .getResult(0);
    Value missing = arith::CmpIOp::create(rewriter, loc,
                                          arith::CmpIPredicate::eq, restored,
                                          i32Const(rewriter, loc, 0));
    auto ifMissing =
        scf::IfOp::create(rewriter, loc, missing, /*withElseRegion=*/false);
    Operation *end = ifMissing.thenBlock()->getTerminator();
    rewriter.inlineBlockBefore(&op.getBody().front(), end);
    rewriter.setInsertionPoint(end);
    runtime::call(rewriter, loc, module, Fn::CkptStoreArray, key);
    rewriter.eraseOp(op);
    return success();
  }

  uint64_t program;
  const DenseMap<Operation *, int64_t> &stepIds;
};

} // namespace

void tasktollvm::populateCheckpointPatterns(
    TypeConverter &converter, RewritePatternSet &patterns, uint64_t program,
    const DenseMap<Operation *, int64_t> &stepIds) {
  patterns.add<CheckpointLowering>(converter, patterns.getContext(), program,
                                   stepIds);
}
