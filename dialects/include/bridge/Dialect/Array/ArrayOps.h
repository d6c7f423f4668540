//===- ArrayOps.h - Types and operations of the array dialect ---*- C++ -*-===//
#ifndef BRIDGE_DIALECT_ARRAY_ARRAYOPS_H
#define BRIDGE_DIALECT_ARRAY_ARRAYOPS_H

#include "bridge/Dialect/Array/ArrayDialect.h"
#include "bridge/Dialect/Array/ArrayInterfaces.h"
#include "bridge/Dialect/Array/SizeSyntax.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "bridge/Dialect/Array/ArrayEnums.h"

#define GET_TYPEDEF_CLASSES
#include "bridge/Dialect/Array/ArrayTypes.h.inc"

#define GET_OP_CLASSES
#include "bridge/Dialect/Array/ArrayOps.h.inc"

namespace bridge::array {
/// The element type of an array, or the type itself for a scalar.
mlir::Type getElementTypeOrSelf(mlir::Type type);

/// What a quantile selection must be at every level (array.quantile and
/// task.quantile): quantiles in [0, 1], or a median with none; one result per
/// quantile; no quantiles of bools, whose element type is `element`.
mlir::LogicalResult verifyQuantileSelection(mlir::Operation *op, bool median,
                                            llvm::ArrayRef<double> q,
                                            mlir::Type element);
} // namespace bridge::array

#endif // BRIDGE_DIALECT_ARRAY_ARRAYOPS_H
