//===- ConstantFold.cpp - Python arithmetic on literal constants ----------===//
//
// Literal-only expressions are Python scalars in NumPy's eyes (NEP 50), so
// they are folded with Python's semantics: `//` and `%` round toward negative
// infinity, `/` gives a float, an int to a negative power gives a float.
//
//===----------------------------------------------------------------------===//

#include "bridge/Frontend/Sema.h"
#include "llvm/Support/MathExtras.h"
#include <cmath>

using namespace bridge;
using namespace bridge::ast;
using mlir::failure;
using mlir::FailureOr;

static FailureOr<Constant> overflow(SourceLoc loc, DiagnosticReporter &diags) {
  diags.error(loc) << "integer overflow in constant expression";
  return failure();
}

static FailureOr<Constant> divByZero(SourceLoc loc, DiagnosticReporter &diags) {
  diags.error(loc) << "division by zero in constant expression";
  return failure();
}

static int64_t asInt(const Constant &c) {
  return c.isInt() ? c.intValue : int64_t(c.boolValue);
}

static FailureOr<Constant> foldInt(BinaryOpKind op, int64_t a, int64_t b,
                                   SourceLoc loc, DiagnosticReporter &diags) {
  int64_t r = 0;
  switch (op) {
  case BinaryOpKind::Add:
    if (llvm::AddOverflow(a, b, r))
      return overflow(loc, diags);
    return Constant::ofInt(r);
  case BinaryOpKind::Sub:
    if (llvm::SubOverflow(a, b, r))
      return overflow(loc, diags);
    return Constant::ofInt(r);
  case BinaryOpKind::Mul:
    if (llvm::MulOverflow(a, b, r))
      return overflow(loc, diags);
    return Constant::ofInt(r);
  case BinaryOpKind::Div:
    if (b == 0)
      return divByZero(loc, diags);
    return Constant::ofFloat(double(a) / double(b));
  case BinaryOpKind::FloorDiv:
  case BinaryOpKind::Mod: {
    if (b == 0)
      return divByZero(loc, diags);
    if (a == std::numeric_limits<int64_t>::min() && b == -1)
      return overflow(loc, diags);
    int64_t q = a / b, m = a % b;
    // Python: the remainder takes the divisor's sign.
    if (m != 0 && ((m < 0) != (b < 0))) {
      --q;
      m += b;
    }
    return Constant::ofInt(op == BinaryOpKind::FloorDiv ? q : m);
  }
  case BinaryOpKind::Pow: {
    if (b < 0)
      return Constant::ofFloat(std::pow(double(a), double(b)));
    int64_t result = 1;
    for (int64_t i = 0; i < b; ++i) {
      if (llvm::MulOverflow(result, a, result))
        return overflow(loc, diags);
      // 0, 1 and -1 never overflow; stop early for large exponents.
      if (a == 0 || a == 1 || (a == -1 && i >= 1)) {
        if (a == -1)
          result = (b % 2) ? -1 : 1;
        break;
      }
    }
    return Constant::ofInt(result);
  }
  default:
    break;
  }
  llvm_unreachable("not an arithmetic operator");
}

static FailureOr<Constant> foldFloat(BinaryOpKind op, double a, double b,
                                     SourceLoc loc, DiagnosticReporter &diags) {
  switch (op) {
  case BinaryOpKind::Add:
    return Constant::ofFloat(a + b);
  case BinaryOpKind::Sub:
    return Constant::ofFloat(a - b);
  case BinaryOpKind::Mul:
    return Constant::ofFloat(a * b);
  case BinaryOpKind::Div:
    if (b == 0)
      return divByZero(loc, diags);
    return Constant::ofFloat(a / b);
  case BinaryOpKind::FloorDiv:
  case BinaryOpKind::Mod: {
    if (b == 0)
      return divByZero(loc, diags);
    double m = std::fmod(a, b);
    if (m != 0 && ((m < 0) != (b < 0)))
      m += b;
    if (op == BinaryOpKind::Mod)
      return Constant::ofFloat(m);
    return Constant::ofFloat(std::round((a - m) / b));
  }
  case BinaryOpKind::Pow:
    return Constant::ofFloat(std::pow(a, b));
  default:
    break;
  }
  llvm_unreachable("not an arithmetic operator");
}

/// Exact for ints and floats alike: no int64 to double rounding.
template <typename T> static bool compare(BinaryOpKind op, T a, T b) {
  switch (op) {
  case BinaryOpKind::Eq:
    return a == b;
  case BinaryOpKind::Ne:
    return a != b;
  case BinaryOpKind::Lt:
    return a < b;
  case BinaryOpKind::Le:
    return a <= b;
  case BinaryOpKind::Gt:
    return a > b;
  case BinaryOpKind::Ge:
    return a >= b;
  default:
    llvm_unreachable("not a comparison");
  }
}

FailureOr<Constant> bridge::foldBinary(BinaryOpKind op, const Constant &lhs,
                                       const Constant &rhs, SourceLoc loc,
                                       DiagnosticReporter &diags) {
  if (op == BinaryOpKind::And)
    return Constant::ofBool(lhs.boolValue && rhs.boolValue);
  if (op == BinaryOpKind::Or)
    return Constant::ofBool(lhs.boolValue || rhs.boolValue);
  if (isComparison(op)) {
    if (!lhs.isFloat() && !rhs.isFloat())
      return Constant::ofBool(compare(op, asInt(lhs), asInt(rhs)));
    return Constant::ofBool(compare(op, lhs.asDouble(), rhs.asDouble()));
  }
  if (lhs.isFloat() || rhs.isFloat())
    return foldFloat(op, lhs.asDouble(), rhs.asDouble(), loc, diags);
  return foldInt(op, asInt(lhs), asInt(rhs), loc, diags);
}

FailureOr<Constant> bridge::foldUnary(UnaryOpKind op, const Constant &operand,
                                      SourceLoc loc,
                                      DiagnosticReporter &diags) {
  if (op == UnaryOpKind::Not)
    return Constant::ofBool(!operand.boolValue);
  if (operand.isFloat())
    return Constant::ofFloat(-operand.floatValue);
  int64_t v = asInt(operand);
  if (v == std::numeric_limits<int64_t>::min())
    return overflow(loc, diags);
  return Constant::ofInt(-v);
}
