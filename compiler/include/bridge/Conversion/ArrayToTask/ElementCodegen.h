//===- ElementCodegen.h - Arith/math code for one element -------*- C++ -*-===//
//
// The scalar semantics of the array dialect's elementwise operations and
// generators, emitted as arith/math operations on one element. Used both for
// the per-element body of a stage and for scalar arithmetic outside stages,
// so an operation means the same thing wherever it runs.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_CONVERSION_ARRAYTOTASK_ELEMENTCODEGEN_H
#define BRIDGE_CONVERSION_ARRAYTOTASK_ELEMENTCODEGEN_H

#include "bridge/Dialect/Array/ArrayOps.h"
#include "mlir/IR/Builders.h"

namespace bridge {

/// NumPy's astype: float->int truncates, anything->bool is `!= 0`.
mlir::Value emitCast(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value,
                     mlir::Type to);
mlir::Value emitUnary(mlir::OpBuilder &b, mlir::Location loc,
                      array::UnaryKind kind, mlir::Value value);
/// Both operands have the same type. Integer `//` and `%` follow Python's
/// sign rules and give 0 for a zero divisor, as NumPy does.
mlir::Value emitBinary(mlir::OpBuilder &b, mlir::Location loc,
                       array::BinaryKind kind, mlir::Value lhs, mlir::Value rhs);
/// u01(seed, index) of the language spec, section 6; `index` is an i64.
mlir::Value emitUniform(mlir::OpBuilder &b, mlir::Location loc, uint64_t seed,
                        mlir::Value index);
/// The spec's Box-Muller normal variate for element `index` (an i64).
mlir::Value emitNormal(mlir::OpBuilder &b, mlir::Location loc, uint64_t seed,
                       double mean, double stddev, mlir::Value index);

} // namespace bridge

#endif // BRIDGE_CONVERSION_ARRAYTOTASK_ELEMENTCODEGEN_H
