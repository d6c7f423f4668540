//===- VersionDispatch.cpp - The main of a program in versions ------------===//
#include "bridge/Conversion/VersionDispatch.h"

#include "LLVMHelpers.h"
#include "RuntimeAPI.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

using namespace mlir;
using namespace bridge;
using namespace bridge::tasktollvm;

std::string bridge::versionMainName(unsigned index) {
  return "bridge_version_" + std::to_string(index);
}

OwningOpRef<ModuleOp> bridge::buildVersionDispatch(MLIRContext &context,
                                                   StringRef table,
                                                   unsigned count) {
  context.loadDialect<func::FuncDialect, cf::ControlFlowDialect,
                      LLVM::LLVMDialect>();
  Location loc = UnknownLoc::get(&context);
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  OpBuilder b = OpBuilder::atBlockEnd(module->getBody());
  Type i32 = b.getI32Type(), ptr = ptrType(&context);
  auto mainType = b.getFunctionType({i32, ptr}, {i32});
  SmallVector<func::FuncOp> versions;
  for (unsigned k = 0; k < count; ++k) {
    versions.push_back(
        func::FuncOp::create(b, loc, versionMainName(k), mainType));
    versions.back().setPrivate();
  }
  auto main = func::FuncOp::create(b, loc, "main", mainType);
  Block *entry = main.addEntryBlock();
  Value argc = entry->getArgument(0), argv = entry->getArgument(1);

  // One block per version; the switch's default runs version 0.
  SmallVector<Block *> blocks;
  for (func::FuncOp version : versions) {
    Block *block = b.createBlock(&main.getBody());
    auto call = func::CallOp::create(b, loc, version, ValueRange{argc, argv});
    func::ReturnOp::create(b, loc, call.getResults());
    blocks.push_back(block);
  }
  b.setInsertionPointToEnd(entry);
  Value chosen =
      runtime::call(b, loc, *module, runtime::Fn::Version,
                    {argc, argv, stringConstant(b, loc, *module, table)})
          .getResult(0);
  SmallVector<int32_t> values;
  SmallVector<Block *> targets;
  SmallVector<ValueRange> operands;
  for (unsigned k = 1; k < count; ++k) {
    values.push_back(int32_t(k));
    targets.push_back(blocks[k]);
    operands.push_back({});
  }
  cf::SwitchOp::create(b, loc, chosen, blocks[0], ValueRange{}, values,
                       targets, operands);

  PassManager pm(&context);
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  if (failed(pm.run(*module)))
    return nullptr;
  return module;
}
