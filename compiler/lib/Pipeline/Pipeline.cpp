//===- Pipeline.cpp - The bridgec pass pipeline ---------------------------===//
#include "bridge/Pipeline/Pipeline.h"

#include "bridge/Conversion/Passes.h"
#include "bridge/Dialect/Array/ArrayDialect.h"
#include "bridge/Dialect/Task/Passes.h"
#include "bridge/Dialect/Task/TaskDialect.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/MathToFuncs/MathToFuncs.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void bridge::registerBridgeDialects(DialectRegistry &registry) {
  registry.insert<array::ArrayDialect, task::TaskDialect, arith::ArithDialect,
                  math::MathDialect, scf::SCFDialect, func::FuncDialect,
                  cf::ControlFlowDialect, LLVM::LLVMDialect>();
}

void bridge::buildArrayToTaskPipeline(OpPassManager &pm,
                                      const PipelineOptions &options) {
  ConvertArrayToTaskOptions arrayToTask;
  arrayToTask.fuse = options.optLevel > 0;
  pm.addPass(createConvertArrayToTask(arrayToTask));
  if (options.optLevel > 0) {
    pm.addNestedPass<func::FuncOp>(task::createTaskPlaceStages());
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
  }
}

void bridge::buildTaskToLLVMPipeline(OpPassManager &pm,
                                     const PipelineOptions &options) {
  pm.addPass(createConvertTaskToLLVM());
  pm.addPass(createSCFToControlFlowPass());
  // Integer powers become outlined loops; what LLVM has no intrinsic for
  // becomes a libm call.
  pm.addPass(createConvertMathToFuncs());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  if (options.optLevel > 0)
    pm.addPass(createCanonicalizerPass());
}

void bridge::registerBridgePasses() {
  registerBridgeConversionPasses();
  task::registerBridgeTaskPasses();
  PassPipelineRegistration<>(
      "bridge-array-to-task", "The array-to-task half of bridgec's pipeline",
      [](OpPassManager &pm) { buildArrayToTaskPipeline(pm, {}); });
  PassPipelineRegistration<>(
      "bridge-task-to-llvm", "The task-to-LLVM half of bridgec's pipeline",
      [](OpPassManager &pm) { buildTaskToLLVMPipeline(pm, {}); });
}
