//===- MLIRGenCounts.cpp - Lowering histogram and bincount ----------------===//
//
// Both count values with array.bincount, which each rank fills as its stages
// meet the elements, so the cost per element does not grow with the bins.
// histogram first computes each element's bin as numpy.histogram does for
// equal bins (NumPy 1.24): an estimate (x - first) * norm in the bins' type,
// then one step down or up where the estimate and the edges disagree, the
// edges being numpy.linspace's; elements outside the range and NaN have
// no bin.
//
//===----------------------------------------------------------------------===//
#include "MLIRGenCounts.h"

#include "bridge/Dialect/Array/ArrayOps.h"
#include "bridge/sizes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace bridge;
using namespace bridge::ast;
using mlir::Value;
namespace arr = bridge::array;

namespace {

/// Elementwise ops over arrays of one shape and chunks, and scalars.
class Elementwise {
public:
  Elementwise(mlir::OpBuilder &builder, mlir::Location loc, arr::ArrayType like)
      : b(builder), loc(loc), like(like) {}

  /// `type` as an element of an array like `like`, or as a scalar.
  mlir::Type typeOf(mlir::Type element, bool array) const {
    return array ? mlir::Type(like.withElementType(element)) : element;
  }
  static bool isArray(Value v) { return llvm::isa<arr::ArrayType>(v.getType()); }
  static mlir::Type elementOf(Value v) {
    if (auto array = llvm::dyn_cast<arr::ArrayType>(v.getType()))
      return array.getElementType();
    return v.getType();
  }

  Value binary(arr::BinaryKind kind, Value lhs, Value rhs) {
    bool array = isArray(lhs) || isArray(rhs);
    bool compares = kind == arr::BinaryKind::eq || kind == arr::BinaryKind::ne ||
                    kind == arr::BinaryKind::lt || kind == arr::BinaryKind::le ||
                    kind == arr::BinaryKind::gt || kind == arr::BinaryKind::ge;
    mlir::Type element = compares ? b.getI1Type() : elementOf(lhs);
    return arr::BinaryOp::create(b, loc, typeOf(element, array), kind, lhs,
                                 rhs);
  }
  Value select(Value cond, Value a, Value other) {
    bool array = isArray(cond) || isArray(a) || isArray(other);
    return arr::SelectOp::create(b, loc, typeOf(elementOf(a), array), cond, a,
                                 other);
  }
  Value cast(Value v, mlir::Type element) {
    if (elementOf(v) == element)
      return v;
    return arr::CastOp::create(b, loc, typeOf(element, isArray(v)), v);
  }
  Value floatConst(mlir::Type type, double v) {
    return mlir::arith::ConstantOp::create(b, loc, b.getFloatAttr(type, v));
  }
  Value intConst(int64_t v) {
    return mlir::arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
  }
  /// A size of the program (a constant, or known when it starts) as i64.
  Value size(int64_t n) {
    if (!plan::isSymbol(n))
      return intConst(n);
    return arr::SizeOp::create(b, loc, b.getI64Type(),
                               b.getI64IntegerAttr(n));
  }

  mlir::OpBuilder &b;
  mlir::Location loc;
  arr::ArrayType like;
};

} // namespace

Value bridge::genHistogram(mlir::OpBuilder &builder, mlir::Location loc,
                           const BuiltinInfo &info, Value x, mlir::Type type) {
  auto input = llvm::cast<arr::ArrayType>(x.getType());
  Elementwise e(builder, loc, input);
  using K = arr::BinaryKind;
  // NumPy's bins are f32 for an f32 array, f64 otherwise.
  mlir::Type f64 = builder.getF64Type();
  mlir::Type binType = input.getElementType().isF32()
                           ? mlir::Type(builder.getF32Type())
                           : f64;
  double first = info.weights[0], last = info.weights[1];
  Value bins = e.size(info.count);
  Value binsF = e.cast(bins, f64);
  Value one = e.intConst(1);
  Value lastBin = e.binary(K::sub, bins, one);

  // In range: first <= x <= last, compared in the bins' type (NaN is not).
  Value xb = e.cast(x, binType);
  Value firstB = e.floatConst(binType, first);
  Value lastB = e.floatConst(binType, last);
  Value keep = e.binary(K::land, e.binary(K::ge, xb, firstB),
                        e.binary(K::le, xb, lastB));

  // The estimate, 0 outside the range so that the cast sees a number.
  Value norm = e.cast(
      e.binary(K::div, binsF, e.floatConst(f64, last - first)), binType);
  Value scaled = e.binary(K::mul, e.binary(K::sub, xb, firstB), norm);
  scaled = e.select(keep, scaled, e.floatConst(binType, 0.0));
  Value bin = e.cast(scaled, builder.getI64Type());
  bin = e.select(e.binary(K::eq, bin, bins), lastBin, bin);

  // numpy.linspace's edge k: k * step + first in f64, the last one `last`,
  // then in the bins' type.
  Value step = e.binary(K::div, e.floatConst(f64, last - first), binsF);
  auto edge = [&](Value k) {
    Value inner = e.binary(K::add, e.binary(K::mul, e.cast(k, f64), step),
                           e.floatConst(f64, first));
    Value exact = e.select(e.binary(K::eq, k, bins), e.floatConst(f64, last),
                           inner);
    return e.cast(exact, binType);
  };
  bin = e.select(e.binary(K::lt, xb, edge(bin)), e.binary(K::sub, bin, one),
                 bin);
  Value up = e.binary(K::land, e.binary(K::ge, xb, edge(e.binary(K::add, bin, one))),
                      e.binary(K::ne, bin, lastBin));
  bin = e.select(up, e.binary(K::add, bin, one), bin);
  bin = e.select(keep, bin, e.intConst(-1));
  return arr::BincountOp::create(builder, loc, type, bin, bins);
}

Value bridge::genBincount(mlir::OpBuilder &builder, mlir::Location loc,
                          const BuiltinInfo &info, Value x, mlir::Type type) {
  auto input = llvm::cast<arr::ArrayType>(x.getType());
  Elementwise e(builder, loc, input);
  using K = arr::BinaryKind;
  Value values = e.cast(x, builder.getI64Type());
  Value length = e.size(info.count);
  Value outside = e.binary(K::lor, e.binary(K::lt, values, e.intConst(0)),
                           e.binary(K::ge, values, length));
  std::string where;
  if (auto fileLoc = llvm::dyn_cast<mlir::FileLineColLoc>(loc))
    where = (fileLoc.getFilename().getValue() + ":" +
             llvm::Twine(fileLoc.getLine()) + ":" +
             llvm::Twine(fileLoc.getColumn()) + ": ")
                .str();
  std::string range =
      plan::isSymbol(info.count)
          ? std::string("minlength - 1")
          : std::to_string(info.count - 1) + " (minlength " +
                std::to_string(info.count) + ")";
  arr::RequireZeroOp::create(
      builder, loc,
      arr::ReduceOp::create(builder, loc, builder.getI64Type(),
                            arr::ReduceKind::sum, outside,
                            mlir::IntegerAttr()),
      where + "'bincount' takes values from 0 to " + range +
          "; some are outside");
  return arr::BincountOp::create(builder, loc, type, values, length);
}
