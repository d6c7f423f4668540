//===- Types.h - Types of .bdsl values --------------------------*- C++ -*-===//
//
// Element types, the type of a checked expression, and NumPy 2 promotion with
// NEP 50 weak literals (spec section 3).
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_FRONTEND_TYPES_H
#define BRIDGE_FRONTEND_TYPES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace bridge {

enum class DType : uint8_t { Bool, I32, I64, F32, F64 };

llvm::StringRef getDTypeName(DType dtype);
/// The element type's bridge_dtype code (bridge/abi.h), as files and the
/// runtime name it.
int32_t getBridgeDType(DType dtype);
/// The element type whose bridge_dtype code is `code` (one of them).
DType getDTypeOfBridgeCode(int32_t code);
std::optional<DType> parseDTypeName(llvm::StringRef name);
inline bool isBool(DType t) { return t == DType::Bool; }
inline bool isInteger(DType t) { return t == DType::I32 || t == DType::I64; }
inline bool isFloat(DType t) { return t == DType::F32 || t == DType::F64; }

/// The type of a checked expression. Weak scalars are literals and constant
/// expressions made only of literals: like Python scalars under NEP 50 they
/// take the type of the array or typed scalar they meet.
struct ValueType {
  /// None is the type of a `call` statement without a result.
  enum class Kind : uint8_t { Error, None, Scalar, Array, String, List, TypeName };
  Kind kind = Kind::Error;
  DType dtype = DType::F64;
  bool weak = false;
  llvm::SmallVector<int64_t, 4> shape;
  llvm::SmallVector<int64_t, 4> chunks;

  static ValueType error() { return {}; }
  static ValueType scalar(DType dtype, bool weak = false);
  static ValueType array(DType dtype, llvm::ArrayRef<int64_t> shape,
                         llvm::ArrayRef<int64_t> chunks);
  static ValueType other(Kind kind);

  bool isError() const { return kind == Kind::Error; }
  bool isScalar() const { return kind == Kind::Scalar; }
  bool isArray() const { return kind == Kind::Array; }
  /// Scalars and arrays: the things arithmetic works on.
  bool isValue() const { return isScalar() || isArray(); }
  unsigned getRank() const { return shape.size(); }

  /// `f64`, `weak int`, `array<[100], f64, chunks [10]>`.
  void print(llvm::raw_ostream &os) const;
  std::string str() const;
};

/// `[100, 200]`.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// The element type of combining two operands in arithmetic (NumPy 2 with
/// the spec's rule that int with float gives the float type). The result is
/// weak only when both are weak.
std::pair<DType, bool> promoteTypes(DType a, bool aWeak, DType b, bool bWeak);

/// NumPy's same_kind casting, used for scalar arguments of `call`.
bool canCastSameKind(DType from, bool fromWeak, DType to);

} // namespace bridge

#endif // BRIDGE_FRONTEND_TYPES_H
