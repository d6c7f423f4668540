//===- LLVMHelpers.h - Values the task lowerings build alike ----*- C++ -*-===//
//
// Constants, stack arrays, element addresses and string constants, shared by
// every pattern of the task-to-LLVM conversion.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_CONVERSION_TASKTOLLVM_LLVMHELPERS_H
#define BRIDGE_CONVERSION_TASKTOLLVM_LLVMHELPERS_H

#include "bridge/Dialect/Task/TaskOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace bridge::tasktollvm {

mlir::Value i32Const(mlir::OpBuilder &b, mlir::Location loc, int64_t value);
mlir::Value i64Const(mlir::OpBuilder &b, mlir::Location loc, int64_t value);

mlir::Type ptrType(mlir::MLIRContext *ctx);

/// Stack slots for `count` values of `type`.
mlir::Value stackSlots(mlir::OpBuilder &b, mlir::Location loc, mlir::Type type,
                       int64_t count);

/// Stack slots allocated just before `op` (outside any loop it starts).
mlir::Value stackSlotsBefore(mlir::OpBuilder &b, mlir::Operation *op,
                             mlir::Type type, int64_t count);

/// Stores `value` into slot `index` of a stack array of pointers.
void storeAt(mlir::OpBuilder &b, mlir::Location loc, mlir::Value base,
             int64_t index, mlir::Value value);

/// A stack array holding `values`, for runtime calls that take int64_t*.
mlir::Value stackArray(mlir::OpBuilder &b, mlir::Location loc,
                       llvm::ArrayRef<int64_t> values);

/// A size (bridge/sizes.h) as an i64: a constant, or the run's value of a
/// symbol, read from the runtime.
mlir::Value sizeValue(mlir::OpBuilder &b, mlir::Location loc,
                      mlir::ModuleOp module, int64_t size);

/// A stack array holding the values of `sizes`.
mlir::Value stackSizes(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::ModuleOp module, llvm::ArrayRef<int64_t> sizes);

/// Bools live in memory as bytes.
mlir::Type storageType(mlir::Type element);

/// The address of element `index` of an array of `element` at `base`.
mlir::Value elementAddress(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value base, mlir::Type element,
                           mlir::Value index);

mlir::ModuleOp moduleOf(mlir::Operation *op);

/// A new distributed array of `type`, with storage for the chunks this rank
/// owns; its sizes are read when it is created.
mlir::Value createDist(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::ModuleOp module, task::DistType type);

/// The address of a NUL-terminated constant holding `value`, one global per
/// distinct string.
mlir::Value stringConstant(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::ModuleOp module, llvm::StringRef value);

} // namespace bridge::tasktollvm

#endif // BRIDGE_CONVERSION_TASKTOLLVM_LLVMHELPERS_H
