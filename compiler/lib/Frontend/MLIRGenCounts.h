//===- MLIRGenCounts.h - Lowering histogram and bincount --------*- C++ -*-===//
#ifndef BRIDGE_FRONTEND_MLIRGENCOUNTS_H
#define BRIDGE_FRONTEND_MLIRGENCOUNTS_H

#include "bridge/Frontend/AST.h"
#include "mlir/IR/Builders.h"

namespace bridge {

/// histogram(x, bins, range) of a checked call: NumPy's bin of each element
/// (or none), counted by one array.bincount of `type`.
mlir::Value genHistogram(mlir::OpBuilder &builder, mlir::Location loc,
                         const ast::BuiltinInfo &info, mlir::Value x,
                         mlir::Type type);

/// bincount(x, minlength=N) of a checked call: the counts of 0 .. N-1 by one
/// array.bincount, and a job that fails when a value lies outside them.
mlir::Value genBincount(mlir::OpBuilder &builder, mlir::Location loc,
                        const ast::BuiltinInfo &info, mlir::Value x,
                        mlir::Type type);

} // namespace bridge

#endif // BRIDGE_FRONTEND_MLIRGENCOUNTS_H
