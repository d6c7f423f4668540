//===- ElementSemantics.cpp - What one element of an op is ----------------===//
#include "bridge/Dialect/Array/ElementSemantics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

using namespace mlir;
using namespace bridge::array;

static Value floatConst(OpBuilder &b, Location loc, Type type, double value) {
  return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, value));
}

static Value intConst(OpBuilder &b, Location loc, Type type, int64_t value) {
  return arith::ConstantOp::create(b, loc, type, b.getIntegerAttr(type, value));
}

static Value zero(OpBuilder &b, Location loc, Type type) {
  return isa<FloatType>(type) ? floatConst(b, loc, type, 0.0)
                              : intConst(b, loc, type, 0);
}

Value bridge::array::emitCast(OpBuilder &b, Location loc, Value value,
                              Type to) {
  Type from = value.getType();
  if (from == to)
    return value;
  if (to.isInteger(1)) {
    if (isa<FloatType>(from))
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, value,
                                   zero(b, loc, from));
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, value,
                                 zero(b, loc, from));
  }
  if (isa<FloatType>(from) && isa<FloatType>(to)) {
    if (from.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth())
      return arith::ExtFOp::create(b, loc, to, value);
    return arith::TruncFOp::create(b, loc, to, value);
  }
  if (isa<FloatType>(to))
    return from.isInteger(1) ? Value(arith::UIToFPOp::create(b, loc, to, value))
                             : Value(arith::SIToFPOp::create(b, loc, to, value));
  if (isa<FloatType>(from))
    return arith::FPToSIOp::create(b, loc, to, value);
  if (from.isInteger(1))
    return arith::ExtUIOp::create(b, loc, to, value);
  if (from.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth())
    return arith::ExtSIOp::create(b, loc, to, value);
  return arith::TruncIOp::create(b, loc, to, value);
}

/// NumPy's sign: -1, 0 or 1, and NaN for NaN.
static Value emitSign(OpBuilder &b, Location loc, Value x) {
  Type type = x.getType();
  Value zeroValue = zero(b, loc, type);
  if (isa<FloatType>(type)) {
    Value positive =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, zeroValue);
    Value negative =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, zeroValue);
    Value minusOne = floatConst(b, loc, type, -1.0);
    Value one = floatConst(b, loc, type, 1.0);
    Value negOrSelf = arith::SelectOp::create(b, loc, negative, minusOne, x);
    return arith::SelectOp::create(b, loc, positive, one, negOrSelf);
  }
  if (type.isInteger(1))
    return x;
  Value positive =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, x, zeroValue);
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x, zeroValue);
  return arith::SubIOp::create(b, loc,
                               arith::ExtUIOp::create(b, loc, type, positive),
                               arith::ExtUIOp::create(b, loc, type, negative));
}

/// NumPy's integer reciprocal is C's `1 / x`: 0 unless |x| is 1, and the
/// smallest integer for 0 (what NumPy's loop gives on x86-64).
static Value emitIntReciprocal(OpBuilder &b, Location loc, Value x) {
  Type type = x.getType();
  Value zeroValue = zero(b, loc, type);
  Value one = intConst(b, loc, type, 1);
  Value minusOne = intConst(b, loc, type, -1);
  Value unit = arith::OrIOp::create(
      b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, one),
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, minusOne));
  Value minValue = arith::ConstantOp::create(
      b, loc, type,
      b.getIntegerAttr(type,
                       APInt::getSignedMinValue(type.getIntOrFloatBitWidth())));
  Value isZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, zeroValue);
  Value unitOrZero = arith::SelectOp::create(b, loc, unit, x, zeroValue);
  return arith::SelectOp::create(b, loc, isZero, minValue, unitOrZero);
}

/// exp(x) - 1 without cancellation near 0 (Kahan's: (u - 1) * (x / log(u))
/// with u = exp(x)); math.expm1 would lower to the plain difference.
static Value emitExpM1(OpBuilder &b, Location loc, Value x) {
  Type type = x.getType();
  using P = arith::CmpFPredicate;
  Value one = floatConst(b, loc, type, 1.0);
  Value u = math::ExpOp::create(b, loc, x);
  Value um1 = arith::SubFOp::create(b, loc, u, one);
  // x / log(u) is near 1: no overflow where exp(x) is still finite.
  Value scaled = arith::MulFOp::create(
      b, loc, um1,
      arith::DivFOp::create(b, loc, x, math::LogOp::create(b, loc, u)));
  Value infinity =
      floatConst(b, loc, type, std::numeric_limits<double>::infinity());
  // u == 1: x itself (also keeps -0); u - 1 == -1 or u == inf: u - 1.
  Value uIsOne = arith::CmpFOp::create(b, loc, P::OEQ, u, one);
  Value saturated = arith::OrIOp::create(
      b, loc,
      arith::CmpFOp::create(b, loc, P::OEQ, um1,
                            floatConst(b, loc, type, -1.0)),
      arith::CmpFOp::create(b, loc, P::OEQ, u, infinity));
  Value general = arith::SelectOp::create(b, loc, saturated, um1, scaled);
  return arith::SelectOp::create(b, loc, uIsOne, x, general);
}

/// NumPy's hypot: +inf if either is infinite (even with a NaN), else the
/// scaled sqrt(a^2 + b^2) that neither overflows nor underflows early.
static Value emitHypot(OpBuilder &b, Location loc, Value x, Value y) {
  Type type = x.getType();
  using P = arith::CmpFPredicate;
  Value zeroValue = floatConst(b, loc, type, 0.0);
  Value one = floatConst(b, loc, type, 1.0);
  Value infinity =
      floatConst(b, loc, type, std::numeric_limits<double>::infinity());
  Value ax = math::AbsFOp::create(b, loc, x);
  Value ay = math::AbsFOp::create(b, loc, y);
  Value big = arith::MaximumFOp::create(b, loc, ax, ay);
  Value small = arith::MinimumFOp::create(b, loc, ax, ay);
  Value ratio = arith::DivFOp::create(b, loc, small, big);
  Value root = math::SqrtOp::create(
      b, loc,
      arith::AddFOp::create(b, loc, one,
                            arith::MulFOp::create(b, loc, ratio, ratio)));
  Value scaled = arith::MulFOp::create(b, loc, big, root);
  Value bigIsZero = arith::CmpFOp::create(b, loc, P::OEQ, big, zeroValue);
  Value finite = arith::SelectOp::create(b, loc, bigIsZero, zeroValue, scaled);
  Value anyInf = arith::OrIOp::create(
      b, loc, arith::CmpFOp::create(b, loc, P::OEQ, ax, infinity),
      arith::CmpFOp::create(b, loc, P::OEQ, ay, infinity));
  return arith::SelectOp::create(b, loc, anyInf, infinity, finite);
}

KindTyping bridge::array::getKindTyping(UnaryKind kind) {
  switch (kind) {
  case UnaryKind::lnot:
    return {KindTyping::Operands::Bool, false};
  case UnaryKind::isnan:
  case UnaryKind::isfinite:
  case UnaryKind::isinf:
    return {KindTyping::Operands::Any, true};
  case UnaryKind::sqrt:
  case UnaryKind::exp:
  case UnaryKind::log:
  case UnaryKind::log2:
  case UnaryKind::log10:
  case UnaryKind::sin:
  case UnaryKind::cos:
  case UnaryKind::tan:
  case UnaryKind::tanh:
  case UnaryKind::trunc:
  case UnaryKind::expm1:
  case UnaryKind::log1p:
  case UnaryKind::arcsin:
  case UnaryKind::arccos:
  case UnaryKind::arctan:
  case UnaryKind::sinh:
  case UnaryKind::cosh:
    return {KindTyping::Operands::FloatingPoint, false};
  case UnaryKind::square:
  case UnaryKind::reciprocal:
  case UnaryKind::neg:
  case UnaryKind::abs:
  case UnaryKind::floor:
  case UnaryKind::ceil:
  case UnaryKind::round:
  case UnaryKind::sign:
    return {};
  }
  llvm_unreachable("unknown unary kind");
}

Value bridge::array::emitUnary(OpBuilder &b, Location loc, UnaryKind kind,
                               Value x) {
  Type type = x.getType();
  bool isFloat = isa<FloatType>(type);
  switch (kind) {
  case UnaryKind::neg:
    if (isFloat)
      return arith::NegFOp::create(b, loc, x);
    return arith::SubIOp::create(b, loc, zero(b, loc, type), x);
  case UnaryKind::lnot:
    return arith::XOrIOp::create(b, loc, x, intConst(b, loc, type, 1));
  case UnaryKind::abs:
    if (isFloat)
      return math::AbsFOp::create(b, loc, x);
    if (type.isInteger(1))
      return x;
    return math::AbsIOp::create(b, loc, x);
  case UnaryKind::sqrt:
    return math::SqrtOp::create(b, loc, x);
  case UnaryKind::exp:
    return math::ExpOp::create(b, loc, x);
  case UnaryKind::log:
    return math::LogOp::create(b, loc, x);
  case UnaryKind::log2:
    return math::Log2Op::create(b, loc, x);
  case UnaryKind::log10:
    return math::Log10Op::create(b, loc, x);
  case UnaryKind::sin:
    return math::SinOp::create(b, loc, x);
  case UnaryKind::cos:
    return math::CosOp::create(b, loc, x);
  case UnaryKind::tan:
    return math::TanOp::create(b, loc, x);
  case UnaryKind::tanh:
    return math::TanhOp::create(b, loc, x);
  case UnaryKind::floor:
    return isFloat ? Value(math::FloorOp::create(b, loc, x)) : x;
  case UnaryKind::ceil:
    return isFloat ? Value(math::CeilOp::create(b, loc, x)) : x;
  case UnaryKind::round:
    // NumPy rounds half to even.
    return isFloat ? Value(math::RoundEvenOp::create(b, loc, x)) : x;
  case UnaryKind::sign:
    return emitSign(b, loc, x);
  case UnaryKind::square:
    if (isFloat)
      return arith::MulFOp::create(b, loc, x, x);
    return arith::MulIOp::create(b, loc, x, x);
  case UnaryKind::reciprocal:
    if (isFloat)
      return arith::DivFOp::create(b, loc, floatConst(b, loc, type, 1.0), x);
    return emitIntReciprocal(b, loc, x);
  case UnaryKind::trunc:
    return math::TruncOp::create(b, loc, x);
  case UnaryKind::expm1:
    return emitExpM1(b, loc, x);
  case UnaryKind::log1p:
    return math::Log1pOp::create(b, loc, x);
  case UnaryKind::arcsin:
    return math::AsinOp::create(b, loc, x);
  case UnaryKind::arccos:
    return math::AcosOp::create(b, loc, x);
  case UnaryKind::arctan:
    return math::AtanOp::create(b, loc, x);
  case UnaryKind::sinh:
    return math::SinhOp::create(b, loc, x);
  case UnaryKind::cosh:
    return math::CoshOp::create(b, loc, x);
  case UnaryKind::isinf: {
    if (!isFloat)
      return intConst(b, loc, b.getI1Type(), 0);
    Value magnitude = math::AbsFOp::create(b, loc, x);
    Value infinity =
        floatConst(b, loc, type, std::numeric_limits<double>::infinity());
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, magnitude,
                                 infinity);
  }
  case UnaryKind::isnan:
    if (!isFloat)
      return intConst(b, loc, b.getI1Type(), 0);
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
  case UnaryKind::isfinite: {
    if (!isFloat)
      return intConst(b, loc, b.getI1Type(), 1);
    Value magnitude = math::AbsFOp::create(b, loc, x);
    Value infinity =
        floatConst(b, loc, type, std::numeric_limits<double>::infinity());
    // Ordered: false for NaN.
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, magnitude,
                                 infinity);
  }
  }
  llvm_unreachable("unknown unary kind");
}

KindTyping bridge::array::getKindTyping(BinaryKind kind) {
  switch (kind) {
  case BinaryKind::eq:
  case BinaryKind::ne:
  case BinaryKind::lt:
  case BinaryKind::le:
  case BinaryKind::gt:
  case BinaryKind::ge:
    return {KindTyping::Operands::Any, true};
  case BinaryKind::land:
  case BinaryKind::lor:
    return {KindTyping::Operands::Bool, false};
  case BinaryKind::arctan2:
  case BinaryKind::hypot:
    return {KindTyping::Operands::FloatingPoint, false};
  case BinaryKind::add:
  case BinaryKind::sub:
  case BinaryKind::mul:
  case BinaryKind::div:
  case BinaryKind::floordiv:
  case BinaryKind::mod:
  case BinaryKind::pow:
  case BinaryKind::minimum:
  case BinaryKind::maximum:
    return {};
  }
  llvm_unreachable("unknown binary kind");
}

/// NumPy's npy_divmod for floats: returns {floor quotient, modulo}.
static std::pair<Value, Value> emitFloatDivMod(OpBuilder &b, Location loc,
                                               Value a, Value d) {
  Type type = a.getType();
  Value zeroValue = floatConst(b, loc, type, 0.0);
  Value one = floatConst(b, loc, type, 1.0);
  Value mod = arith::RemFOp::create(b, loc, a, d);
  Value div = arith::DivFOp::create(
      b, loc, arith::SubFOp::create(b, loc, a, mod), d);
  // A non-zero remainder whose sign differs from the divisor's moves into
  // the divisor's sign, and the quotient down by one.
  Value modNonZero =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, mod, zeroValue);
  Value dNeg =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, d, zeroValue);
  Value modNeg =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, mod, zeroValue);
  Value signsDiffer = arith::XOrIOp::create(b, loc, dNeg, modNeg);
  Value adjust = arith::AndIOp::create(b, loc, modNonZero, signsDiffer);
  mod = arith::SelectOp::create(b, loc, adjust,
                                arith::AddFOp::create(b, loc, mod, d), mod);
  div = arith::SelectOp::create(b, loc, adjust,
                                arith::SubFOp::create(b, loc, div, one), div);
  // A zero remainder takes the divisor's sign.
  Value signedZero = math::CopySignOp::create(b, loc, zeroValue, d);
  mod = arith::SelectOp::create(b, loc, modNonZero, mod, signedZero);
  // Snap the quotient to the integer it approximates.
  Value floorDiv = math::FloorOp::create(b, loc, div);
  Value half = floatConst(b, loc, type, 0.5);
  Value roundUp = arith::CmpFOp::create(
      b, loc, arith::CmpFPredicate::OGT,
      arith::SubFOp::create(b, loc, div, floorDiv), half);
  floorDiv = arith::SelectOp::create(
      b, loc, roundUp, arith::AddFOp::create(b, loc, floorDiv, one), floorDiv);
  Value divNonZero =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, div, zeroValue);
  Value zeroQuotient = math::CopySignOp::create(
      b, loc, zeroValue, arith::DivFOp::create(b, loc, a, d));
  floorDiv = arith::SelectOp::create(b, loc, divNonZero, floorDiv, zeroQuotient);
  // Division by zero: NumPy gives a/d (inf or nan) and fmod's nan.
  Value dZero =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, d, zeroValue);
  floorDiv = arith::SelectOp::create(b, loc, dZero,
                                     arith::DivFOp::create(b, loc, a, d),
                                     floorDiv);
  return {floorDiv, mod};
}

/// Python's integer // and %; a zero divisor gives 0, and MIN // -1 wraps,
/// as in NumPy, instead of trapping.
static std::pair<Value, Value> emitIntDivMod(OpBuilder &b, Location loc,
                                             Value a, Value d) {
  Type type = a.getType();
  Value zeroValue = intConst(b, loc, type, 0);
  Value one = intConst(b, loc, type, 1);
  Value minusOne = intConst(b, loc, type, -1);
  unsigned width = type.getIntOrFloatBitWidth();
  Value minValue =
      arith::ConstantOp::create(b, loc, type,
                                b.getIntegerAttr(type, APInt::getSignedMinValue(width)));
  Value dZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, d, zeroValue);
  Value overflow = arith::AndIOp::create(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, a, minValue),
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, d, minusOne));
  Value unsafe = arith::OrIOp::create(b, loc, dZero, overflow);
  Value safeD = arith::SelectOp::create(b, loc, unsafe, one, d);
  Value quotient = arith::FloorDivSIOp::create(b, loc, a, safeD);
  // MIN // -1 wraps to MIN (a // 1 == a); x // 0 is 0.
  quotient = arith::SelectOp::create(b, loc, dZero, zeroValue, quotient);
  Value remainder = arith::SubIOp::create(
      b, loc, a, arith::MulIOp::create(b, loc, quotient, safeD));
  remainder = arith::SelectOp::create(b, loc, unsafe, zeroValue, remainder);
  return {quotient, remainder};
}

Value bridge::array::emitBinary(OpBuilder &b, Location loc, BinaryKind kind,
                                Value l, Value r) {
  Type type = l.getType();
  bool isFloat = isa<FloatType>(type);
  bool isBool = type.isInteger(1);
  auto cmpF = [&](arith::CmpFPredicate p) -> Value {
    return arith::CmpFOp::create(b, loc, p, l, r);
  };
  auto cmpI = [&](arith::CmpIPredicate p) -> Value {
    return arith::CmpIOp::create(b, loc, p, l, r);
  };
  using FP = arith::CmpFPredicate;
  using IP = arith::CmpIPredicate;
  switch (kind) {
  case BinaryKind::add:
    if (isFloat)
      return arith::AddFOp::create(b, loc, l, r);
    if (isBool)
      return arith::OrIOp::create(b, loc, l, r);
    return arith::AddIOp::create(b, loc, l, r);
  case BinaryKind::sub:
    if (isFloat)
      return arith::SubFOp::create(b, loc, l, r);
    if (isBool)
      return arith::XOrIOp::create(b, loc, l, r);
    return arith::SubIOp::create(b, loc, l, r);
  case BinaryKind::mul:
    if (isFloat)
      return arith::MulFOp::create(b, loc, l, r);
    if (isBool)
      return arith::AndIOp::create(b, loc, l, r);
    return arith::MulIOp::create(b, loc, l, r);
  case BinaryKind::div:
    return arith::DivFOp::create(b, loc, l, r);
  case BinaryKind::floordiv:
    return isFloat ? emitFloatDivMod(b, loc, l, r).first
                   : emitIntDivMod(b, loc, l, r).first;
  case BinaryKind::mod:
    return isFloat ? emitFloatDivMod(b, loc, l, r).second
                   : emitIntDivMod(b, loc, l, r).second;
  case BinaryKind::pow:
    if (isFloat)
      return math::PowFOp::create(b, loc, l, r);
    return math::IPowIOp::create(b, loc, l, r);
  case BinaryKind::minimum:
    if (isFloat)
      return arith::MinimumFOp::create(b, loc, l, r);
    if (isBool)
      return arith::AndIOp::create(b, loc, l, r);
    return arith::MinSIOp::create(b, loc, l, r);
  case BinaryKind::maximum:
    if (isFloat)
      return arith::MaximumFOp::create(b, loc, l, r);
    if (isBool)
      return arith::OrIOp::create(b, loc, l, r);
    return arith::MaxSIOp::create(b, loc, l, r);
  case BinaryKind::eq:
    return isFloat ? cmpF(FP::OEQ) : cmpI(IP::eq);
  case BinaryKind::ne:
    return isFloat ? cmpF(FP::UNE) : cmpI(IP::ne);
  case BinaryKind::lt:
    return isFloat ? cmpF(FP::OLT) : cmpI(isBool ? IP::ult : IP::slt);
  case BinaryKind::le:
    return isFloat ? cmpF(FP::OLE) : cmpI(isBool ? IP::ule : IP::sle);
  case BinaryKind::gt:
    return isFloat ? cmpF(FP::OGT) : cmpI(isBool ? IP::ugt : IP::sgt);
  case BinaryKind::ge:
    return isFloat ? cmpF(FP::OGE) : cmpI(isBool ? IP::uge : IP::sge);
  case BinaryKind::land:
    return arith::AndIOp::create(b, loc, l, r);
  case BinaryKind::lor:
    return arith::OrIOp::create(b, loc, l, r);
  case BinaryKind::arctan2:
    return math::Atan2Op::create(b, loc, l, r);
  case BinaryKind::hypot:
    return emitHypot(b, loc, l, r);
  }
  llvm_unreachable("unknown binary kind");
}

Value bridge::array::emitUniform(OpBuilder &b, Location loc, Value seed,
                                 Value index) {
  Type i64 = b.getI64Type();
  auto c = [&](uint64_t value) {
    return intConst(b, loc, i64, static_cast<int64_t>(value));
  };
  auto xorShift = [&](Value z, uint64_t shift) -> Value {
    return arith::XOrIOp::create(b, loc, z,
                                 arith::ShRUIOp::create(b, loc, z, c(shift)));
  };
  // splitmix64 of seed + (i + 1) * golden; arith integer ops wrap.
  Value counter = arith::AddIOp::create(b, loc, index, c(1));
  Value z = arith::AddIOp::create(
      b, loc, seed,
      arith::MulIOp::create(b, loc, counter, c(0x9E3779B97F4A7C15ull)));
  z = arith::MulIOp::create(b, loc, xorShift(z, 30), c(0xBF58476D1CE4E5B9ull));
  z = arith::MulIOp::create(b, loc, xorShift(z, 27), c(0x94D049BB133111EBull));
  z = xorShift(z, 31);
  Value mantissa = arith::ShRUIOp::create(b, loc, z, c(11));
  Type f64 = b.getF64Type();
  Value asFloat = arith::UIToFPOp::create(b, loc, f64, mantissa);
  return arith::MulFOp::create(b, loc, asFloat,
                               floatConst(b, loc, f64, 0x1.0p-53));
}

Value bridge::array::emitNormal(OpBuilder &b, Location loc, Value seed,
                                Value mean, Value stddev, Value index) {
  Type f64 = b.getF64Type();
  Value two = intConst(b, loc, b.getI64Type(), 2);
  Value first = arith::MulIOp::create(b, loc, index, two);
  Value second =
      arith::AddIOp::create(b, loc, first, intConst(b, loc, b.getI64Type(), 1));
  Value u1 = emitUniform(b, loc, seed, first);
  Value u2 = emitUniform(b, loc, seed, second);
  // mean + std * sqrt(-2 * log(1 - u1)) * cos(2 * pi * u2), in the spec's
  // order of operations.
  Value oneMinus =
      arith::SubFOp::create(b, loc, floatConst(b, loc, f64, 1.0), u1);
  Value radius = math::SqrtOp::create(
      b, loc,
      arith::MulFOp::create(b, loc, floatConst(b, loc, f64, -2.0),
                            math::LogOp::create(b, loc, oneMinus)));
  Value angle = arith::MulFOp::create(
      b, loc, floatConst(b, loc, f64, 2.0 * llvm::numbers::pi), u2);
  Value scaled = arith::MulFOp::create(
      b, loc,
      arith::MulFOp::create(b, loc, stddev, radius),
      math::CosOp::create(b, loc, angle));
  return arith::AddFOp::create(b, loc, mean, scaled);
}

//===----------------------------------------------------------------------===//
// ElementwiseOpInterface
//===----------------------------------------------------------------------===//

Value RandomOp::emitElement(OpBuilder &b, Location loc,
                            ValueRange operandElements,
                            ElementContext &context) {
  return emitUniform(b, loc, operandElements[0], context.getLinearIndex());
}

Value NormalOp::emitElement(OpBuilder &b, Location loc,
                            ValueRange operandElements,
                            ElementContext &context) {
  return emitNormal(b, loc, operandElements[0], operandElements[1],
                    operandElements[2], context.getLinearIndex());
}

Value ArangeOp::emitElement(OpBuilder &b, Location loc, ValueRange,
                            ElementContext &context) {
  return emitCast(b, loc, context.getLinearIndex(),
                  getType().getElementType());
}

Value FullOp::emitElement(OpBuilder &, Location, ValueRange operandElements,
                          ElementContext &) {
  return operandElements[0];
}

Value CastOp::emitElement(OpBuilder &b, Location loc,
                          ValueRange operandElements, ElementContext &) {
  return emitCast(b, loc, operandElements[0],
                  getElementTypeOrSelf(getType()));
}

Value UnaryOp::emitElement(OpBuilder &b, Location loc,
                           ValueRange operandElements, ElementContext &) {
  return emitUnary(b, loc, getKind(), operandElements[0]);
}

Value BinaryOp::emitElement(OpBuilder &b, Location loc,
                            ValueRange operandElements, ElementContext &) {
  return emitBinary(b, loc, getKind(), operandElements[0],
                    operandElements[1]);
}

Value SelectOp::emitElement(OpBuilder &b, Location loc,
                            ValueRange operandElements, ElementContext &) {
  return arith::SelectOp::create(b, loc, operandElements[0],
                                 operandElements[1], operandElements[2]);
}
