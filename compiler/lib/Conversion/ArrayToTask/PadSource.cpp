//===- PadSource.cpp - numpy.pad's source coordinate inside stages --------===//
#include "bridge/Conversion/ArrayToTask/PadSource.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace bridge;

namespace {

Value indexConst(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

/// t modulo `period` (> 0), in [0, period).
Value positiveMod(OpBuilder &b, Location loc, Value t, Value period) {
  Value rem = arith::RemSIOp::create(b, loc, t, period);
  Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                         rem, indexConst(b, loc, 0));
  return arith::SelectOp::create(
      b, loc, negative, arith::AddIOp::create(b, loc, rem, period), rem);
}

/// Mirrors t about the array's ends with `period` (2n - 2 without repeating
/// the edge element, 2n repeating it): m < n stays, m >= n maps to
/// period - m - `repeat`.
Value mirror(OpBuilder &b, Location loc, Value t, Value n, Value period,
             int64_t repeat) {
  Value m = positiveMod(b, loc, t, period);
  Value below = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, m, n);
  Value back = arith::SubIOp::create(
      b, loc, arith::SubIOp::create(b, loc, period, m),
      indexConst(b, loc, repeat));
  return arith::SelectOp::create(b, loc, below, m, back);
}

/// padSource for t outside [0, n).
Value emitOutside(OpBuilder &b, Location loc, Value t, Value n,
                  array::PadMode mode) {
  Value zero = indexConst(b, loc, 0), one = indexConst(b, loc, 1);
  Value two = indexConst(b, loc, 2);
  switch (mode) {
  case array::PadMode::edge: {
    Value before =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, t, zero);
    return arith::SelectOp::create(b, loc, before, zero,
                                   arith::SubIOp::create(b, loc, n, one));
  }
  case array::PadMode::wrap:
    return positiveMod(b, loc, t, n);
  case array::PadMode::reflect: {
    // Period 2n - 2; an array of one element has period 1 (its only
    // element), which the maximum gives without a division by zero.
    Value period = arith::MaxSIOp::create(
        b, loc,
        arith::SubIOp::create(b, loc, arith::MulIOp::create(b, loc, n, two),
                              two),
        one);
    return mirror(b, loc, t, n, period, /*repeat=*/0);
  }
  case array::PadMode::symmetric:
    return mirror(b, loc, t, n, arith::MulIOp::create(b, loc, n, two),
                  /*repeat=*/1);
  case array::PadMode::constant:
    return zero;
  }
  llvm_unreachable("unknown pad mode");
}

} // namespace

Value bridge::emitInside(OpBuilder &b, Location loc, Value t, Value n) {
  // One unsigned comparison: a negative t is a huge unsigned value.
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, t, n);
}

Value bridge::emitPadSource(OpBuilder &b, Location loc, Value t, Value n,
                            array::PadMode mode) {
  Value inside = emitInside(b, loc, t, n);
  if (mode == array::PadMode::constant)
    return arith::SelectOp::create(b, loc, inside, t, indexConst(b, loc, 0));
  auto branch = scf::IfOp::create(
      b, loc, inside,
      [&](OpBuilder &nb, Location nloc) {
        scf::YieldOp::create(nb, nloc, t);
      },
      [&](OpBuilder &nb, Location nloc) {
        scf::YieldOp::create(nb, nloc, emitOutside(nb, nloc, t, n, mode));
      });
  return branch.getResult(0);
}
