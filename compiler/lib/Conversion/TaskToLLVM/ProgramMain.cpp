//===- ProgramMain.cpp - The program's C main around the runtime ----------===//
#include "Patterns.h"

#include "LLVMHelpers.h"
#include "RuntimeAPI.h"
#include "bridge/Dialect/Task/PlanExport.h"
#include "bridge/Target/TargetDescription.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;
using namespace bridge;
using namespace bridge::tasktollvm;
using runtime::Fn;

LogicalResult tasktollvm::rewriteMain(func::FuncOp main) {
  MLIRContext *ctx = main.getContext();
  if (main.getNumArguments() != 0 || main.getNumResults() != 0)
    return main.emitError("main must take and return nothing");
  ModuleOp module = moduleOf(main);
  Type i32 = IntegerType::get(ctx, 32);
  Block &entry = main.getBody().front();
  Location loc = main.getLoc();
  Value argc = entry.addArgument(i32, loc);
  Value argv = entry.addArgument(ptrType(ctx), loc);
  main.setFunctionType(FunctionType::get(ctx, {i32, ptrType(ctx)}, {i32}));
  // The plan, read before the task ops go, lets the program explain its own
  // placement for whatever rank count it runs with.
  std::string plan = plan::serialize(task::exportPlan(main));
  OpBuilder b = OpBuilder::atBlockBegin(&entry);
  // First: the runtime checks the CPU before any code compiled for it runs.
  Value target = LLVM::createGlobalString(
      loc, b, kTargetDescriptionSymbol, StringRef("\0", 1),
      LLVM::Linkage::Internal);
  runtime::call(b, loc, module, Fn::SetTarget, target);
  runtime::call(b, loc, module, Fn::SetPlan,
                stringConstant(b, loc, module, plan));
  runtime::call(b, loc, module, Fn::Init, {argc, argv});
  main.walk([&](func::ReturnOp ret) {
    b.setInsertionPoint(ret);
    auto status = runtime::call(b, ret.getLoc(), module, Fn::Finalize, {});
    func::ReturnOp::create(b, ret.getLoc(), status.getResults());
    ret.erase();
  });
  return success();
}
