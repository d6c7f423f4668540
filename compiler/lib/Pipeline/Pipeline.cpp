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
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void bridge::registerBridgeDialects(DialectRegistry &registry) {
  registry.insert<array::ArrayDialect, task::TaskDialect, arith::ArithDialect,
                  math::MathDialect, scf::SCFDialect, func::FuncDialect,
                  cf::ControlFlowDialect, LLVM::LLVMDialect,
                  vector::VectorDialect>();
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
  // log1p stays exact: libm's, not log(1 + x).
  ConvertMathToLLVMPassOptions mathOptions;
  mathOptions.approximateLog1p = false;
  pm.addPass(createConvertMathToLLVMPass(mathOptions));
  pm.addPass(createConvertMathToLibmPass());
  // The lanes of float reductions (ReductionLanes.h).
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  if (options.optLevel > 0)
    pm.addPass(createCanonicalizerPass());
}

static bool isArrayType(Type type) {
  return isa<bridge::array::ArrayDialect>(type.getDialect());
}

bridge::IRLevel bridge::detectIRLevel(ModuleOp module) {
  bool hasArray = false, onlyLLVM = true;
  module.walk([&](Operation *op) {
    Dialect *dialect = op->getDialect();
    if (isa_and_nonnull<array::ArrayDialect>(dialect) ||
        llvm::any_of(op->getResultTypes(), isArrayType))
      hasArray = true;
    for (Region &region : op->getRegions())
      for (Block &block : region)
        if (llvm::any_of(block.getArgumentTypes(), isArrayType))
          hasArray = true;
    if (!isa_and_nonnull<BuiltinDialect, LLVM::LLVMDialect>(dialect))
      onlyLLVM = false;
  });
  if (hasArray)
    return IRLevel::Array;
  return onlyLLVM ? IRLevel::LLVM : IRLevel::Task;
}

/// Runs the pipeline `build` makes on `module` in a pass manager of its own.
static LogicalResult runOnModule(
    ModuleOp module,
    function_ref<void(OpPassManager &, const bridge::PipelineOptions &)> build,
    const bridge::PipelineOptions &options) {
  // Anchored on the module with implicit nesting, as mlir-opt does, so the
  // same pipelines behave alike in bridge-opt and here.
  PassManager pm(module->getName(), PassManager::Nesting::Implicit);
  if (failed(applyPassManagerCLOptions(pm)))
    return failure();
  pm.enableVerifier(true);
  build(pm, options);
  return pm.run(module);
}

LogicalResult bridge::runPipeline(ModuleOp module, IRLevel from, IRLevel to,
                                  const PipelineOptions &options) {
  if (from < IRLevel::Task && to >= IRLevel::Task &&
      failed(runOnModule(module, buildArrayToTaskPipeline, options)))
    return failure();
  if (from < IRLevel::LLVM && to >= IRLevel::LLVM)
    return runOnModule(module, buildTaskToLLVMPipeline, options);
  return success();
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
