//===- RuntimeAPI.h - The runtime functions generated code calls -*- C++
//-*-===//
//
// The functions of the bridge runtime's C ABI (bridge/runtime.h) as MLIR
// function declarations, from the one table in RuntimeFunctions.def, so every
// lowering names and types them the same way.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_CONVERSION_TASKTOLLVM_RUNTIMEAPI_H
#define BRIDGE_CONVERSION_TASKTOLLVM_RUNTIMEAPI_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace bridge::runtime {

enum class Fn {
#define BRIDGE_RT_FUNCTION(Id, Symbol, Signature) Id,
#include "RuntimeFunctions.def"
};

/// Declares `fn` in `module` on first use and returns the declaration.
mlir::func::FuncOp getOrInsert(mlir::ModuleOp module, Fn fn);

/// Calls `fn` at `builder`'s insertion point.
mlir::func::CallOp call(mlir::OpBuilder &builder, mlir::Location loc,
                        mlir::ModuleOp module, Fn fn, mlir::ValueRange args);

} // namespace bridge::runtime

#endif // BRIDGE_CONVERSION_TASKTOLLVM_RUNTIMEAPI_H
