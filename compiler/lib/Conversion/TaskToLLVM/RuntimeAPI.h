//===- RuntimeAPI.h - The runtime functions generated code calls -*- C++ -*-===//
//
// One table of the bridge runtime's C ABI (bridge/runtime.h) as MLIR function
// declarations, so every lowering names and types them the same way.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_CONVERSION_TASKTOLLVM_RUNTIMEAPI_H
#define BRIDGE_CONVERSION_TASKTOLLVM_RUNTIMEAPI_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace bridge::runtime {

enum class Fn {
  SetPlan,
  Init,
  Finalize,
  OwnedRange,
  GridCreate,
  GridChunks,
  GridBox,
  GridDestroy,
  Alloc,
  Free,
  DistCreate,
  DistCreateBlock,
  DistHalo,
  DistFetch,
  Redistribute,
  SaveNpy,
  LoadNpy,
  LoadRaw,
  DistChunk,
  DistView,
  DistDestroy,
  CombineF64,
  CombineI64,
  CombineMoments,
  BcastF64,
  BcastI64,
  PrintF64,
  PrintI64,
  PrintBool,
  LegacyComm,
  LegacyEnter,
  LegacyExit,
  LegacyCheck,
  StageBegin,
  StageEnd,
  CkptRestore,
  CkptStore,
};

/// Declares `fn` in `module` on first use and returns the declaration.
mlir::func::FuncOp getOrInsert(mlir::ModuleOp module, Fn fn);

/// Calls `fn` at `builder`'s insertion point.
mlir::func::CallOp call(mlir::OpBuilder &builder, mlir::Location loc,
                        mlir::ModuleOp module, Fn fn, mlir::ValueRange args);

/// The bridge_dtype code of an element type.
int32_t dtypeCode(mlir::Type elementType);

} // namespace bridge::runtime

#endif // BRIDGE_CONVERSION_TASKTOLLVM_RUNTIMEAPI_H
