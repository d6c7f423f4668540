//===- LegacyCalls.cpp - Collective calls of legacy functions -------------===//
#include "Patterns.h"

#include "LLVMHelpers.h"
#include "RuntimeAPI.h"
#include "bridge/Dialect/Task/TaskOps.h"
#include "bridge/RuntimeConfig.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;
using namespace bridge;
using namespace bridge::tasktollvm;
using runtime::Fn;

namespace {

/// The type of MPI_Comm in the MPI library the runtime was built with.
Type commType(MLIRContext *ctx) {
  if (BRIDGE_RT_MPI_COMM_IS_POINTER)
    return ptrType(ctx);
  return IntegerType::get(ctx, 8 * BRIDGE_RT_MPI_COMM_BYTES);
}

/// Every rank calls the legacy function with array views, scalars by value
/// (bool as int32_t) and the communicator. An i32 result is a status: the
/// lowest failed rank's status is bound, so no rank's failure is lost. Other
/// results are rank 0's, broadcast.
struct CallLowering : TaskPattern<task::CallOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::CallOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ModuleOp module = moduleOf(op);
    MLIRContext *ctx = op.getContext();
    SmallVector<Value> args;
    for (auto [original, converted] :
         llvm::zip(op.getArgs(), adaptor.getArgs())) {
      if (isa<task::DistType>(original.getType())) {
        args.push_back(
            runtime::call(rewriter, loc, module, Fn::DistView, converted)
                .getResult(0));
      } else if (converted.getType().isInteger(1)) {
        args.push_back(arith::ExtUIOp::create(
            rewriter, loc, rewriter.getI32Type(), converted));
      } else {
        args.push_back(converted);
      }
    }
    if (op.getFortran()) {
      args.push_back(runtime::call(rewriter, loc, module, Fn::LegacyCommF, {})
                         .getResult(0));
    } else {
      Value commSlot = stackSlots(rewriter, loc, rewriter.getI8Type(),
                                  BRIDGE_RT_MPI_COMM_BYTES);
      runtime::call(rewriter, loc, module, Fn::LegacyComm, commSlot);
      args.push_back(
          LLVM::LoadOp::create(rewriter, loc, commType(ctx), commSlot));
    }

    StringRef name = op.getCallee();
    auto type = FunctionType::get(ctx, ValueRange(args).getTypes(),
                                  op->getResultTypes());
    auto callee = module.lookupSymbol<func::FuncOp>(name);
    if (!callee) {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToEnd(module.getBody());
      callee = func::FuncOp::create(rewriter, module.getLoc(), name, type);
      callee.setPrivate();
    } else if (callee.getFunctionType() != type) {
      return op.emitError("legacy function '")
             << name << "' is called with two different signatures";
    }

    Value nameString = stringConstant(rewriter, loc, module, name);
    runtime::call(rewriter, loc, module, Fn::LegacyEnter, nameString);
    auto call = func::CallOp::create(rewriter, loc, callee, args);
    runtime::call(rewriter, loc, module, Fn::LegacyExit, nameString);
    if (op.getCheckStatus())
      runtime::call(rewriter, loc, module, Fn::LegacyCheck,
                    {nameString, call.getResult(0)});
    if (op->getNumResults() == 0) {
      rewriter.eraseOp(op);
      return success();
    }
    Value result = call.getResult(0);
    Type resultType = result.getType();
    if (resultType.isInteger(32)) {
      result = runtime::call(rewriter, loc, module, Fn::LegacyStatus, result)
                   .getResult(0);
    } else if (resultType.isF64()) {
      result = runtime::call(rewriter, loc, module, Fn::BcastF64, result)
                   .getResult(0);
    } else {
      assert(resultType.isInteger(64) && "task.call results are f64, i64, i32");
      result = runtime::call(rewriter, loc, module, Fn::BcastI64, result)
                   .getResult(0);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void tasktollvm::populateLegacyCallPatterns(TypeConverter &converter,
                                            RewritePatternSet &patterns) {
  patterns.add<CallLowering>(converter, patterns.getContext());
}
