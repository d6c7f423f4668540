//===- Passes.td - Conversions between the bridgec dialects -*- tablegen -*-===//
#ifndef BRIDGE_CONVERSION_PASSES
#define BRIDGE_CONVERSION_PASSES

include "mlir/Pass/PassBase.td"

def ConvertArrayToTask : Pass<"convert-array-to-task", "mlir::ModuleOp"> {
  let summary = "Form placed stages from array-dialect programs";
  let description = [{
    Walks `func.func @main` in program order. Each effect (print, call, save)
    demands scalars and materialised arrays; each demand is met by a
    `task.stage` over the demanded value's chunk grid that also computes every
    other pending reduction and materialisation on that grid whose inputs are
    ready, so a pipeline makes the fewest passes over memory its data
    dependences allow. Elementwise chains become one loop nest per chunk;
    arrays are materialised only for legacy calls and saves.
  }];
  let options = [
    Option<"fuse", "fuse", "bool", /*default=*/"true",
           "Fuse every ready computation over one grid into one stage">
  ];
  let dependentDialects = [
    "bridge::task::TaskDialect", "mlir::arith::ArithDialect",
    "mlir::math::MathDialect", "mlir::scf::SCFDialect",
    "mlir::func::FuncDialect", "mlir::vector::VectorDialect",
    "mlir::LLVM::LLVMDialect"
  ];
}

def ConvertTaskToLLVM : Pass<"convert-task-to-llvm", "mlir::ModuleOp"> {
  let summary = "Lower task-dialect stages and collectives to runtime calls";
  let description = [{
    Turns `func.func @main` into the C `main`, each stage into a loop over the
    chunks this rank owns, distributed arrays, partials and chunks into
    runtime handles and pointers, and collectives and legacy calls into calls
    of the bridge runtime's C ABI (bridge/runtime.h). What remains is scf,
    arith, math, func and llvm, for the upstream conversions to LLVM.
  }];
  let dependentDialects = [
    "mlir::LLVM::LLVMDialect", "mlir::func::FuncDialect",
    "mlir::scf::SCFDialect", "mlir::arith::ArithDialect"
  ];
}

#endif // BRIDGE_CONVERSION_PASSES
