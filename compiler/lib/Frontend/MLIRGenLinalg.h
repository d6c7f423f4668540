//===- MLIRGenLinalg.h - Lowering the linear algebra built-ins --*- C++ -*-===//
#ifndef BRIDGE_FRONTEND_MLIRGENLINALG_H
#define BRIDGE_FRONTEND_MLIRGENLINALG_H

#include "bridge/Frontend/AST.h"
#include "mlir/IR/Builders.h"

namespace bridge {

/// The array dialect ops of a checked call of linear algebra built-in `b`
/// on `lhs` and `rhs`, already in the element type it computes in, giving
/// `result` (an array type, or a scalar one for a 1-D @ 1-D product).
mlir::Value genLinearAlgebraCall(mlir::OpBuilder &builder, mlir::Location loc,
                                 ast::Builtin b, mlir::Value lhs,
                                 mlir::Value rhs, mlir::Type result);

} // namespace bridge

#endif // BRIDGE_FRONTEND_MLIRGENLINALG_H
