//===- ElementSemantics.h - What one element of an op is -------*- C++ -*-===//
//
// The scalar semantics of the array dialect's elementwise kinds and
// generators: the element types each kind takes and gives, and the arith/math
// operations that compute one element. The verifiers check the former; every
// lowering emits the latter (through ElementwiseOpInterface), so an operation
// means the same thing wherever it runs.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_DIALECT_ARRAY_ELEMENTSEMANTICS_H
#define BRIDGE_DIALECT_ARRAY_ELEMENTSEMANTICS_H

#include "bridge/Dialect/Array/ArrayOps.h"
#include "mlir/IR/Builders.h"

namespace bridge::array {

/// The element types a kind takes and gives, beyond the rule that the
/// operands share one element type.
struct KindTyping {
  enum class Operands { Any, FloatingPoint, Bool };
  Operands operands = Operands::Any;
  /// The result is bool instead of the operands' element type.
  bool givesBool = false;
};
KindTyping getKindTyping(UnaryKind kind);
KindTyping getKindTyping(BinaryKind kind);

/// NumPy's astype: float->int truncates, anything->bool is `!= 0`.
mlir::Value emitCast(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value,
                     mlir::Type to);
mlir::Value emitUnary(mlir::OpBuilder &b, mlir::Location loc, UnaryKind kind,
                      mlir::Value value);
/// Both operands have the same type. Integer `//` and `%` follow Python's
/// sign rules and give 0 for a zero divisor, as NumPy does.
mlir::Value emitBinary(mlir::OpBuilder &b, mlir::Location loc, BinaryKind kind,
                       mlir::Value lhs, mlir::Value rhs);
/// u01(seed, index) of the language spec, section 6; `seed` and `index` are
/// i64s.
mlir::Value emitUniform(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::Value seed, mlir::Value index);
/// The spec's Box-Muller normal variate for element `index` (an i64), with
/// f64 `mean` and `stddev`.
mlir::Value emitNormal(mlir::OpBuilder &b, mlir::Location loc, mlir::Value seed,
                       mlir::Value mean, mlir::Value stddev, mlir::Value index);

} // namespace bridge::array

#endif // BRIDGE_DIALECT_ARRAY_ELEMENTSEMANTICS_H
