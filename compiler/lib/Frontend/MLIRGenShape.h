//===- MLIRGenShape.h - Lowering the shape and order built-ins --*- C++ -*-===//
#ifndef BRIDGE_FRONTEND_MLIRGENSHAPE_H
#define BRIDGE_FRONTEND_MLIRGENSHAPE_H

#include "bridge/Dialect/Array/ArrayOps.h"
#include "bridge/Frontend/AST.h"
#include "mlir/IR/Builders.h"

namespace bridge {

/// The array dialect ops of a checked call of shape built-in `b` (Sema's
/// `info`) on its array operands, already in the element type it computes
/// in, giving `result`.
mlir::Value genShapeCall(mlir::OpBuilder &builder, mlir::Location loc,
                         ast::Builtin b, const ast::BuiltinInfo &info,
                         llvm::ArrayRef<mlir::Value> inputs,
                         array::ArrayType result);

/// `x`, 4-D, read as the 3-D array Sema's mergeOtherAxes chose (`info`),
/// `op` applied to it along its axis `inner` (the one that holds
/// `info.axis`), and the outcome split back into `result`.
mlir::Value
genOnMergedAxes(mlir::OpBuilder &builder, mlir::Location loc, mlir::Value x,
                const ast::BuiltinInfo &info, array::ArrayType result,
                llvm::function_ref<mlir::Value(mlir::Value three,
                                               int64_t inner)>
                    op);

} // namespace bridge

#endif // BRIDGE_FRONTEND_MLIRGENSHAPE_H
