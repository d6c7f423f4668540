//===- MLIRGenCompaction.h - Lowering results the data sizes ----*- C++ -*-===//
#ifndef BRIDGE_FRONTEND_MLIRGENCOMPACTION_H
#define BRIDGE_FRONTEND_MLIRGENCOMPACTION_H

#include "bridge/Frontend/AST.h"
#include "mlir/IR/Builders.h"

namespace bridge {

/// The array dialect ops of a checked compaction built-in `b` (and of
/// `x[mask]`, as compress) on its generated `operands`, in the order of
/// `info.operands`, giving `result`.
mlir::Value genCompactionCall(mlir::OpBuilder &builder, mlir::Location loc,
                              ast::Builtin b, const ast::BuiltinInfo &info,
                              llvm::ArrayRef<mlir::Value> operands,
                              mlir::Type result);

} // namespace bridge

#endif // BRIDGE_FRONTEND_MLIRGENCOMPACTION_H
