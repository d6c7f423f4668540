//===- Types.cpp - Types of .bdsl values ----------------------------------===//

#include "bridge/Frontend/Types.h"
#include "bridge/abi.h"
#include "bridge/sizes.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/raw_ostream.h"

using namespace bridge;

llvm::StringRef bridge::getDTypeName(DType dtype) {
  switch (dtype) {
  case DType::Bool:
    return "bool";
  case DType::I32:
    return "i32";
  case DType::I64:
    return "i64";
  case DType::F32:
    return "f32";
  case DType::F64:
    return "f64";
  }
  return "?";
}

std::optional<DType> bridge::parseDTypeName(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<DType>>(name)
      .Case("bool", DType::Bool)
      .Case("i32", DType::I32)
      .Case("i64", DType::I64)
      .Case("f32", DType::F32)
      .Case("f64", DType::F64)
      .Default(std::nullopt);
}

ValueType ValueType::scalar(DType dtype, bool weak) {
  ValueType t;
  t.kind = Kind::Scalar;
  t.dtype = dtype;
  t.weak = weak;
  return t;
}

ValueType ValueType::array(DType dtype, llvm::ArrayRef<int64_t> shape,
                           llvm::ArrayRef<int64_t> chunks) {
  ValueType t;
  t.kind = Kind::Array;
  t.dtype = dtype;
  t.shape.assign(shape.begin(), shape.end());
  t.chunks.assign(chunks.begin(), chunks.end());
  return t;
}

ValueType ValueType::other(Kind kind) {
  ValueType t;
  t.kind = kind;
  return t;
}

int32_t bridge::getBridgeDType(DType dtype) {
  switch (dtype) {
  case DType::F64:
    return BRIDGE_F64;
  case DType::F32:
    return BRIDGE_F32;
  case DType::I64:
    return BRIDGE_I64;
  case DType::I32:
    return BRIDGE_I32;
  case DType::Bool:
    return BRIDGE_BOOL;
  }
  llvm_unreachable("unknown dtype");
}

DType bridge::getDTypeOfBridgeCode(int32_t code) {
  switch (code) {
  case BRIDGE_F64:
    return DType::F64;
  case BRIDGE_F32:
    return DType::F32;
  case BRIDGE_I64:
    return DType::I64;
  case BRIDGE_I32:
    return DType::I32;
  case BRIDGE_BOOL:
    return DType::Bool;
  }
  llvm_unreachable("unknown bridge_dtype code");
}

std::string bridge::formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << '[';
  llvm::interleaveComma(shape, os, [&](int64_t n) {
    os << plan::formatSize(n);
  });
  os << ']';
  return s;
}

void ValueType::print(llvm::raw_ostream &os) const {
  switch (kind) {
  case Kind::Error:
    os << "<error>";
    return;
  case Kind::None:
    os << "none";
    return;
  case Kind::String:
    os << "string";
    return;
  case Kind::List:
    os << "list";
    return;
  case Kind::TypeName:
    os << "type name";
    return;
  case Kind::Scalar:
    if (!weak) {
      os << getDTypeName(dtype);
      return;
    }
    os << "weak " << (isFloat(dtype) ? "float" : isInteger(dtype) ? "int" : "bool");
    return;
  case Kind::Array:
    os << "array<" << formatShape(shape) << ", " << getDTypeName(dtype)
       << ", chunks " << formatShape(chunks) << ">";
    return;
  }
}

std::string ValueType::str() const {
  std::string s;
  llvm::raw_string_ostream os(s);
  print(os);
  return s;
}

/// bool < int < float: the NumPy kinds that matter for weak literals.
static int kindRank(DType t) {
  if (isBool(t))
    return 0;
  return isInteger(t) ? 1 : 2;
}

static DType promoteStrong(DType a, DType b) {
  if (a == b)
    return a;
  if (isBool(a))
    return b;
  if (isBool(b))
    return a;
  if (isInteger(a) && isInteger(b))
    return DType::I64;
  if (isFloat(a) && isFloat(b))
    return DType::F64;
  // The spec: int with float gives the float type.
  return isFloat(a) ? a : b;
}

std::pair<DType, bool> bridge::promoteTypes(DType a, bool aWeak, DType b,
                                            bool bWeak) {
  if (aWeak && bWeak) {
    // Python arithmetic on literals: the higher kind, at its default width.
    int k = std::max(kindRank(a), kindRank(b));
    return {k == 0 ? DType::Bool : k == 1 ? DType::I64 : DType::F64, true};
  }
  if (!aWeak && !bWeak)
    return {promoteStrong(a, b), false};
  DType weakT = aWeak ? a : b;
  DType strongT = aWeak ? b : a;
  // NEP 50: a literal of the same or a lower kind takes the typed operand's
  // type; a higher kind gives that kind's default type.
  if (kindRank(weakT) <= kindRank(strongT))
    return {strongT, false};
  return {kindRank(weakT) == 1 ? DType::I64 : DType::F64, false};
}

bool bridge::canCastSameKind(DType from, bool fromWeak, DType to) {
  if (from == to || isBool(from))
    return true;
  if (isBool(to))
    return false;
  if (isInteger(from))
    return true; // int to int (same kind) or int to float (safe)
  (void)fromWeak;
  return isFloat(to); // float to float only
}
