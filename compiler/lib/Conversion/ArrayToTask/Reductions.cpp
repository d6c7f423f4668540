//===- Reductions.cpp - How each kind of reduction computes ---------------===//
#include "bridge/Conversion/ArrayToTask/Reductions.h"
#include "bridge/Conversion/ArrayToTask/ReductionLanes.h"
#include "bridge/Conversion/ArrayToTask/SizeValues.h"

#include "bridge/Dialect/Array/ElementSemantics.h"
#include "bridge/layout/ChunkCount.h"
#include "bridge/sizes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/TypeUtilities.h"

#include <algorithm>
#include <functional>
#include <limits>

using namespace mlir;
using namespace bridge;
using array::ReduceKind;
using task::CombineKind;

/// The kind without NaN handling, for elements that cannot be NaN.
static ReduceKind withoutNaN(ReduceKind kind) {
  switch (kind) {
  case ReduceKind::nansum:
    return ReduceKind::sum;
  case ReduceKind::nanmean:
    return ReduceKind::mean;
  case ReduceKind::nanmin:
    return ReduceKind::min;
  case ReduceKind::nanmax:
    return ReduceKind::max;
  case ReduceKind::nanstd:
    return ReduceKind::std;
  case ReduceKind::nanvar:
    return ReduceKind::var;
  default:
    return kind;
  }
}

Reduction Reduction::get(ReduceKind kind, Type element) {
  if (!isa<FloatType>(element))
    kind = withoutNaN(kind);
  switch (kind) {
  case ReduceKind::sum:
    return {Accumulator::Widened, CombineKind::sum, Term::Value, Finish::None};
  case ReduceKind::prod:
    return {Accumulator::Widened, CombineKind::prod, Term::Value, Finish::None};
  case ReduceKind::mean:
    return {Accumulator::F64, CombineKind::sum, Term::Value,
            Finish::DivideByCount};
  case ReduceKind::min:
    return {Accumulator::Widened, CombineKind::min, Term::Value, Finish::None};
  case ReduceKind::max:
    return {Accumulator::Widened, CombineKind::max, Term::Value, Finish::None};
  case ReduceKind::var:
    return {Accumulator::Moments, CombineKind::sum, Term::Value,
            Finish::DivideByCount};
  case ReduceKind::std:
    return {Accumulator::Moments, CombineKind::sum, Term::Value,
            Finish::SqrtOfDivideByCount};
  case ReduceKind::count_nonzero:
    return {Accumulator::I64, CombineKind::sum, Term::NonZero, Finish::None};
  case ReduceKind::any:
    return {Accumulator::I64, CombineKind::any, Term::NonZero, Finish::None};
  case ReduceKind::all:
    return {Accumulator::I64, CombineKind::all, Term::NonZero, Finish::None};
  case ReduceKind::nansum:
    return {Accumulator::Widened, CombineKind::sum, Term::Value, Finish::None,
            /*skipsNaN=*/true};
  case ReduceKind::nanmean:
    return {Accumulator::F64, CombineKind::sum, Term::Value,
            Finish::DivideByCount, /*skipsNaN=*/true};
  // NaN is their identity: a fold or combine keeps any other value over it.
  case ReduceKind::nanmin:
    return {Accumulator::Widened, CombineKind::nanmin, Term::Value,
            Finish::None};
  case ReduceKind::nanmax:
    return {Accumulator::Widened, CombineKind::nanmax, Term::Value,
            Finish::None};
  case ReduceKind::nanvar:
    return {Accumulator::Moments, CombineKind::sum, Term::Value,
            Finish::DivideByCount, /*skipsNaN=*/true};
  case ReduceKind::nanstd:
    return {Accumulator::Moments, CombineKind::sum, Term::Value,
            Finish::SqrtOfDivideByCount, /*skipsNaN=*/true};
  case ReduceKind::argmin:
    return {Accumulator::Indexed, CombineKind::min, Term::Value, Finish::None};
  case ReduceKind::argmax:
    return {Accumulator::Indexed, CombineKind::max, Term::Value, Finish::None};
  }
  llvm_unreachable("unknown reduction kind");
}

//===----------------------------------------------------------------------===//
// Steps shared by every reduction
//===----------------------------------------------------------------------===//

/// The accumulator's value before any element.
static Value emitIdentity(OpBuilder &b, Location loc, CombineKind combine,
                          Type type) {
  bool isFloat = isa<FloatType>(type);
  auto f = [&](double v) -> Value {
    return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, v));
  };
  auto i = [&](int64_t v) -> Value {
    return arith::ConstantOp::create(b, loc, type, b.getIntegerAttr(type, v));
  };
  constexpr double inf = std::numeric_limits<double>::infinity();
  switch (combine) {
  case CombineKind::sum:
  case CombineKind::any:
    return isFloat ? f(0.0) : i(0);
  case CombineKind::prod:
  case CombineKind::all:
    return isFloat ? f(1.0) : i(1);
  case CombineKind::min:
    return isFloat ? f(inf) : i(std::numeric_limits<int64_t>::max());
  case CombineKind::max:
    return isFloat ? f(-inf) : i(std::numeric_limits<int64_t>::min());
  case CombineKind::nanmin:
    return isFloat ? f(std::numeric_limits<double>::quiet_NaN())
                   : i(std::numeric_limits<int64_t>::max());
  case CombineKind::nanmax:
    return isFloat ? f(std::numeric_limits<double>::quiet_NaN())
                   : i(std::numeric_limits<int64_t>::min());
  }
  llvm_unreachable("unknown combine kind");
}

/// What `element` adds to an accumulator of `type`.
static Value emitTerm(OpBuilder &b, Location loc, Reduction::Term term,
                      Value element, Type type) {
  if (term == Reduction::Term::NonZero)
    element = array::emitCast(b, loc, element, b.getI1Type());
  return array::emitCast(b, loc, element, type);
}

static Value emitFold(OpBuilder &b, Location loc, CombineKind combine,
                      Value acc, Value term) {
  bool isFloat = isa<FloatType>(getElementTypeOrSelf(acc.getType()));
  switch (combine) {
  case CombineKind::sum:
    return isFloat ? Value(arith::AddFOp::create(b, loc, acc, term))
                   : Value(arith::AddIOp::create(b, loc, acc, term));
  case CombineKind::prod:
    return isFloat ? Value(arith::MulFOp::create(b, loc, acc, term))
                   : Value(arith::MulIOp::create(b, loc, acc, term));
  case CombineKind::min:
    return isFloat ? Value(arith::MinimumFOp::create(b, loc, acc, term))
                   : Value(arith::MinSIOp::create(b, loc, acc, term));
  case CombineKind::max:
    return isFloat ? Value(arith::MaximumFOp::create(b, loc, acc, term))
                   : Value(arith::MaxSIOp::create(b, loc, acc, term));
  case CombineKind::nanmin:
    return isFloat ? Value(arith::MinNumFOp::create(b, loc, acc, term))
                   : Value(arith::MinSIOp::create(b, loc, acc, term));
  case CombineKind::nanmax:
    return isFloat ? Value(arith::MaxNumFOp::create(b, loc, acc, term))
                   : Value(arith::MaxSIOp::create(b, loc, acc, term));
  case CombineKind::any:
    return arith::OrIOp::create(b, loc, acc, term);
  case CombineKind::all:
    return arith::AndIOp::create(b, loc, acc, term);
  }
  llvm_unreachable("unknown combine kind");
}

static Value emitIsNaN(OpBuilder &b, Location loc, Value element) {
  return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, element,
                               element);
}

/// 1 for an element that is not NaN, as an i64.
static Value emitCountTerm(OpBuilder &b, Location loc, Value element) {
  Value isNumber = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ORD,
                                         element, element);
  return arith::ExtUIOp::create(b, loc, b.getI64Type(), isNumber);
}

static Value emitFinish(OpBuilder &b, Location loc, Reduction::Finish finish,
                        Value value, Value count) {
  if (finish == Reduction::Finish::None)
    return value;
  value = arith::DivFOp::create(b, loc, value, count);
  if (finish == Reduction::Finish::SqrtOfDivideByCount)
    value = math::SqrtOp::create(b, loc, value);
  return value;
}

/// The lanes of a reduction are the elements of one vector per accumulator,
/// which keeps them in vector registers whatever LLVM's vectorisers do.
static Type getLaneVectorType(Type scalar) {
  return VectorType::get({kReductionLanes}, scalar);
}

/// Lane `lane` of `value` where it holds lanes; `value` itself otherwise (an
/// accumulator that no lane splits, such as a count).
static Value laneOf(OpBuilder &b, Location loc, Value value, unsigned lane) {
  if (!isa<VectorType>(value.getType()))
    return value;
  return vector::ExtractOp::create(b, loc, value, int64_t(lane));
}

/// `scalar` as lane `lane` of `lanes` where that holds lanes; `scalar`
/// itself otherwise.
static Value withLane(OpBuilder &b, Location loc, Value scalar, Value lanes,
                      unsigned lane) {
  if (!isa<VectorType>(lanes.getType()))
    return scalar;
  return vector::InsertOp::create(b, loc, scalar, lanes, int64_t(lane));
}

//===----------------------------------------------------------------------===//
// ReductionLowering
//===----------------------------------------------------------------------===//

ReductionLowering::ReductionLowering(array::ReduceOp op)
    : op(op), reduction(Reduction::get(
                  op.getKind(), op.getInput().getType().getElementType())) {
  Builder b(op.getContext());
  Type element = op.getInput().getType().getElementType();
  switch (reduction.accumulator) {
  case Reduction::Accumulator::Widened:
  case Reduction::Accumulator::Indexed:
    accumulator =
        isa<FloatType>(element) ? Type(b.getF64Type()) : Type(b.getI64Type());
    break;
  case Reduction::Accumulator::F64:
  case Reduction::Accumulator::Moments:
    accumulator = b.getF64Type();
    break;
  case Reduction::Accumulator::I64:
    accumulator = b.getI64Type();
    break;
  }
}

unsigned ReductionLowering::getLanes() {
  // Extremes take lanes only to break the chain of dependent steps, so
  // that the fold vectorizes: their result does not depend on the order
  // (argmin and argmax combine their lanes' ties by index). LLVM vectorizes
  // the other integer folds on its own, not an extreme with its index.
  return isa<FloatType>(accumulator) || needsIndex() ? kReductionLanes : 1;
}

bool ReductionLowering::needsShift() {
  return reduction.accumulator == Reduction::Accumulator::Moments;
}

bool ReductionLowering::needsIndex() {
  return reduction.accumulator == Reduction::Accumulator::Indexed;
}

bool ReductionLowering::countsElements() {
  return reduction.skipsNaN && reduction.finish != Reduction::Finish::None;
}

SmallVector<Type> ReductionLowering::getCarriedTypes() {
  Type carried =
      getLanes() > 1 ? getLaneVectorType(accumulator) : accumulator;
  SmallVector<Type> types{carried};
  if (needsShift())
    types.push_back(carried);
  if (needsIndex()) {
    Type index = IntegerType::get(op.getContext(), 64);
    types.push_back(getLanes() > 1 ? getLaneVectorType(index) : index);
  }
  if (countsElements())
    types.push_back(IntegerType::get(op.getContext(), 64));
  return types;
}

SmallVector<Type> ReductionLowering::getPartialTypes() {
  Type i64 = IntegerType::get(op.getContext(), 64);
  SmallVector<Type> types{accumulator};
  if (needsShift())
    types = {i64, accumulator, accumulator, accumulator};
  if (needsIndex())
    types.push_back(i64);
  if (countsElements())
    types.push_back(i64);
  return types;
}

Value ReductionLowering::emitShift(OpBuilder &b, Location loc,
                                   Value firstElement) {
  Value shift = array::emitCast(b, loc, firstElement, accumulator);
  if (!reduction.skipsNaN)
    return shift;
  Value zero = emitIdentity(b, loc, CombineKind::sum, accumulator);
  return emitSkipNaN(b, loc, firstElement, shift, zero);
}

Value ReductionLowering::emitSkipNaN(OpBuilder &b, Location loc, Value element,
                                     Value term, Value identity) {
  if (!reduction.skipsNaN)
    return term;
  return arith::SelectOp::create(b, loc, emitIsNaN(b, loc, element), identity,
                                 term);
}

SmallVector<Value> ReductionLowering::emitLaneInitial(OpBuilder &b,
                                                      Location loc) {
  Value identity = emitIdentity(b, loc, reduction.combine, accumulator);
  SmallVector<Value> init{identity};
  if (needsShift())
    init.push_back(identity);
  // No element yet: the first one is taken whatever its value.
  if (needsIndex())
    init.push_back(arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(-1)));
  if (countsElements())
    init.push_back(arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(0)));
  return init;
}

SmallVector<Value> ReductionLowering::emitInitial(OpBuilder &b, Location loc) {
  SmallVector<Value> init = emitLaneInitial(b, loc);
  for (auto [value, type] : llvm::zip(init, getCarriedTypes()))
    if (isa<VectorType>(type))
      value = vector::BroadcastOp::create(b, loc, type, value);
  return init;
}

SmallVector<Value> ReductionLowering::emitStep(OpBuilder &b, Location loc,
                                               ValueRange carried,
                                               Value element, Value shift,
                                               unsigned lane, Value index) {
  SmallVector<Value> scalars;
  for (Value value : carried)
    scalars.push_back(laneOf(b, loc, value, lane));
  SmallVector<Value> next =
      emitLaneStep(b, loc, scalars, element, shift, index);
  for (auto [value, lanes] : llvm::zip(next, carried))
    value = withLane(b, loc, value, lanes, lane);
  return next;
}

SmallVector<Value> ReductionLowering::emitLaneStep(OpBuilder &b, Location loc,
                                                   ValueRange carried,
                                                   Value element, Value shift,
                                                   Value index) {
  ValueRange folded = countsElements() ? carried.drop_back() : carried;
  SmallVector<Value> next =
      emitScalarStep(b, loc, folded, element, shift, index);
  if (countsElements())
    next.push_back(arith::AddIOp::create(b, loc, carried.back(),
                                         emitCountTerm(b, loc, element)));
  return next;
}

SmallVector<Value> ReductionLowering::emitScalarStep(OpBuilder &b, Location loc,
                                                     ValueRange carried,
                                                     Value element, Value shift,
                                                     Value index) {
  if (needsIndex())
    return emitIndexedStep(b, loc, carried, element, index);
  if (!needsShift()) {
    Value term = emitTerm(b, loc, reduction.term, element, accumulator);
    if (reduction.skipsNaN)
      term = emitSkipNaN(b, loc, element, term,
                         emitIdentity(b, loc, reduction.combine, accumulator));
    return {emitFold(b, loc, reduction.combine, carried[0], term)};
  }
  Value d = arith::SubFOp::create(
      b, loc, array::emitCast(b, loc, element, accumulator), shift);
  if (reduction.skipsNaN)
    d = emitSkipNaN(b, loc, element, d,
                    emitIdentity(b, loc, CombineKind::sum, accumulator));
  Value s1 = arith::AddFOp::create(b, loc, carried[0], d);
  Value square = arith::MulFOp::create(b, loc, d, d);
  Value s2 = arith::AddFOp::create(b, loc, carried[1], square);
  return {s1, s2};
}

/// Whether `value` is a better extreme than `than` (scalars or vectors): less
/// for a min, greater for a max; a NaN beats any number (NumPy's first NaN
/// wins), and the ordered comparisons are false with a NaN on either side,
/// so a NaN stays once taken.
static Value emitBetter(OpBuilder &b, Location loc, bool isMin, Value value,
                        Value than) {
  if (!isa<FloatType>(getElementTypeOrSelf(value.getType())))
    return arith::CmpIOp::create(
        b, loc, isMin ? arith::CmpIPredicate::slt : arith::CmpIPredicate::sgt,
        value, than);
  Value beyond = arith::CmpFOp::create(
      b, loc, isMin ? arith::CmpFPredicate::OLT : arith::CmpFPredicate::OGT,
      value, than);
  Value isNaN = emitIsNaN(b, loc, value);
  Value thanNumber =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ORD, than, than);
  return arith::OrIOp::create(b, loc, beyond,
                              arith::AndIOp::create(b, loc, isNaN, thanNumber));
}

SmallVector<Value> ReductionLowering::emitIndexedStep(OpBuilder &b,
                                                      Location loc,
                                                      ValueRange carried,
                                                      Value element,
                                                      Value index) {
  Value value = array::emitCast(b, loc, element, accumulator);
  Value extreme = carried[0], at = carried[1];
  Value none = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::slt, at,
      arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(0)));
  Value better =
      emitBetter(b, loc, reduction.combine == CombineKind::min, value, extreme);
  Value take = arith::OrIOp::create(b, loc, none, better);
  return {arith::SelectOp::create(b, loc, take, value, extreme),
          arith::SelectOp::create(b, loc, take, index, at)};
}

/// An integer constant of `type` (a splat for a vector).
static Value intConstant(OpBuilder &b, Location loc, Type type, int64_t value) {
  Type element = getElementTypeOrSelf(type);
  TypedAttr attr = b.getIntegerAttr(element, value);
  if (auto vector = dyn_cast<VectorType>(type))
    attr = DenseElementsAttr::get(vector, cast<Attribute>(attr));
  return arith::ConstantOp::create(b, loc, type, attr);
}

SmallVector<Value> ReductionLowering::emitIndexedCombine(OpBuilder &b,
                                                         Location loc,
                                                         ValueRange left,
                                                         ValueRange right) {
  Value lv = left[0], li = left[1], rv = right[0], ri = right[1];
  auto compare = [&](arith::CmpIPredicate predicate, Value x, Value y) {
    return arith::CmpIOp::create(b, loc, predicate, x, y);
  };
  // The right wins when better, or as good (equal, or both NaN) at a lower
  // index; any element wins over none (index -1).
  Value better =
      emitBetter(b, loc, reduction.combine == CombineKind::min, rv, lv);
  Value tie;
  if (isa<FloatType>(getElementTypeOrSelf(lv.getType()))) {
    Value equal =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, rv, lv);
    Value rNaN = emitIsNaN(b, loc, rv);
    Value lNaN = emitIsNaN(b, loc, lv);
    tie = arith::OrIOp::create(b, loc, equal,
                               arith::AndIOp::create(b, loc, rNaN, lNaN));
  } else {
    tie = compare(arith::CmpIPredicate::eq, rv, lv);
  }
  Value lower = compare(arith::CmpIPredicate::slt, ri, li);
  Value wins = arith::OrIOp::create(b, loc, better,
                                    arith::AndIOp::create(b, loc, tie, lower));
  Value none = intConstant(b, loc, li.getType(), 0);
  Value leftNone = compare(arith::CmpIPredicate::slt, li, none);
  Value rightSome = compare(arith::CmpIPredicate::sge, ri, none);
  Value take = arith::OrIOp::create(
      b, loc, leftNone, arith::AndIOp::create(b, loc, rightSome, wins));
  return {arith::SelectOp::create(b, loc, take, rv, lv),
          arith::SelectOp::create(b, loc, take, ri, li)};
}

SmallVector<Value> ReductionLowering::emitLaneCombine(OpBuilder &b,
                                                      Location loc,
                                                      ValueRange lanes) {
  return emitLaneTree(b, loc, lanes,
                      [&](OpBuilder &nb, Location nloc, ValueRange left,
                          ValueRange right) -> SmallVector<Value> {
                        if (needsIndex())
                          return emitIndexedCombine(nb, nloc, left, right);
                        SmallVector<Value> combined;
                        for (auto [l, r] : llvm::zip(left, right))
                          combined.push_back(
                              emitFold(nb, nloc, reduction.combine, l, r));
                        return combined;
                      });
}

SmallVector<Value> ReductionLowering::emitChunkPartials(OpBuilder &b,
                                                        Location loc,
                                                        ValueRange carried,
                                                        ValueRange extents,
                                                        Value shift) {
  Value counted = countsElements() ? carried.back() : Value();
  SmallVector<Value> folded(countsElements() ? carried.drop_back() : carried);
  if (getLanes() > 1)
    folded = emitLaneCombine(b, loc, folded);
  if (!needsShift()) {
    if (counted)
      folded.push_back(counted);
    return folded;
  }
  Value count64 = counted;
  if (!count64) {
    Value count = extents[0];
    for (Value extent : extents.drop_front())
      count = arith::MulIOp::create(b, loc, count, extent);
    count64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), count);
  }
  SmallVector<Value> partials{count64, shift, folded[0], folded[1]};
  if (counted)
    partials.push_back(counted);
  return partials;
}

Value ReductionLowering::emitCombine(OpBuilder &b, ValueRange partials,
                                     ArrayRef<int64_t> shape) {
  Location loc = op.getLoc();
  Value count;
  if (countsElements()) {
    Value counted = task::CombineOp::create(b, loc, b.getI64Type(),
                                            CombineKind::sum, partials.back());
    count = arith::SIToFPOp::create(b, loc, b.getF64Type(), counted);
    partials = partials.drop_back();
  }
  Value value;
  if (needsIndex()) {
    value = task::CombineArgOp::create(
        b, loc, b.getI64Type(), reduction.combine, partials[0], partials[1]);
  } else if (needsShift()) {
    value = task::CombineMomentsOp::create(b, loc, accumulator, accumulator,
                                           partials[0], partials[1],
                                           partials[2], partials[3])
                .getM2();
  } else {
    Type type =
        cast<task::PartialsType>(partials[0].getType()).getElementType();
    value =
        task::CombineOp::create(b, loc, type, reduction.combine, partials[0]);
  }
  if (reduction.finish != Reduction::Finish::None)
    value = emitFinish(b, loc, reduction.finish, value,
                       count ? count : emitCountF64(b, loc, shape));
  return array::emitCast(b, loc, value, op.getResult().getType());
}

/// How many of the `count` elements along an axis are not NaN, as an f64.
static Value
emitCountAlongAxis(OpBuilder &b, Location loc, Value count,
                   function_ref<Value(OpBuilder &, Value)> readElement) {
  auto loop = scf::ForOp::create(
      b, loc, arith::ConstantIndexOp::create(b, loc, 0), count,
      arith::ConstantIndexOp::create(b, loc, 1),
      ValueRange{arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(0))});
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value element = readElement(b, loop.getInductionVar());
    scf::YieldOp::create(
        b, loc,
        ValueRange{arith::AddIOp::create(b, loc, loop.getRegionIterArgs()[0],
                                         emitCountTerm(b, loc, element))});
  }
  return arith::SIToFPOp::create(b, loc, b.getF64Type(), loop.getResult(0));
}

Value ReductionLowering::emitAlongAxis(
    OpBuilder &b, Location loc, int64_t length,
    function_ref<Value(OpBuilder &, Value)> readElement) {
  Value count = emitIndexSize(b, loc, length);
  if (needsIndex()) {
    Value identity = emitIdentity(b, loc, reduction.combine, accumulator);
    Value none = arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(-1));
    return emitOneLaneLoop(
        b, loc, count, {identity, none},
        [&](OpBuilder &nb, Location nloc, Value index, unsigned,
            ValueRange state) {
          Value at =
              arith::IndexCastOp::create(nb, nloc, nb.getI64Type(), index);
          return emitIndexedStep(nb, nloc, state, readElement(nb, index), at);
        })[1];
  }
  auto fold = [&](Value init, function_ref<Value(OpBuilder &, Value)> term) {
    auto foldAt = [&](OpBuilder &nb, Location nloc, Value index, Value acc) {
      return emitFold(nb, nloc, reduction.combine, acc,
                      term(nb, readElement(nb, index)));
    };
    if (getLanes() == 1)
      return emitOneLaneLoop(b, loc, count, init,
                             [&](OpBuilder &nb, Location nloc, Value index,
                                 unsigned, ValueRange state) {
                               return SmallVector<Value>{
                                   foldAt(nb, nloc, index, state[0])};
                             })[0];
    Value lanes = vector::BroadcastOp::create(
        b, loc, getLaneVectorType(accumulator), init);
    lanes = emitLaneLoop(
        b, loc, count, lanes,
        [&](OpBuilder &nb, Location nloc, Value index, unsigned lane,
            ValueRange state) {
          Value acc = laneOf(nb, nloc, state[0], lane);
          return SmallVector<Value>{
              withLane(nb, nloc, foldAt(nb, nloc, index, acc), state[0], lane)};
        })[0];
    return emitLaneCombine(b, loc, lanes)[0];
  };
  Value n = countsElements() ? emitCountAlongAxis(b, loc, count, readElement)
                             : emitCountF64(b, loc, length);
  Value result;
  if (needsShift()) {
    Value zero = emitIdentity(b, loc, reduction.combine, accumulator);
    Value sum = fold(zero, [&](OpBuilder &nb, Value x) {
      return emitSkipNaN(nb, loc, x, array::emitCast(nb, loc, x, accumulator),
                         zero);
    });
    Value mean = arith::DivFOp::create(b, loc, sum, n);
    result = fold(zero, [&](OpBuilder &nb, Value x) -> Value {
      Value d = arith::SubFOp::create(
          nb, loc, array::emitCast(nb, loc, x, accumulator), mean);
      return emitSkipNaN(nb, loc, x, arith::MulFOp::create(nb, loc, d, d),
                         zero);
    });
  } else {
    Value identity = emitIdentity(b, loc, reduction.combine, accumulator);
    result = fold(identity, [&](OpBuilder &nb, Value x) {
      return emitSkipNaN(nb, loc, x,
                         emitTerm(nb, loc, reduction.term, x, accumulator),
                         identity);
    });
  }
  result = emitFinish(b, loc, reduction.finish, result, n);
  Type element = cast<array::ArrayType>(op.getType()).getElementType();
  return array::emitCast(b, loc, result, element);
}

//===----------------------------------------------------------------------===//
// Along an axis by partials
//===----------------------------------------------------------------------===//

SmallVector<Type> ReductionLowering::getAxisPartialTypes() {
  SmallVector<Type> types{accumulator};
  if (needsShift())
    types.push_back(accumulator);
  // The extreme's index along the axis.
  if (needsIndex())
    types.push_back(IntegerType::get(op.getContext(), 64));
  // The elements that are not NaN, as a float of the accumulator's type.
  if (countsElements())
    types.push_back(accumulator);
  return types;
}

SmallVector<Value> ReductionLowering::emitAxisPartials(OpBuilder &b,
                                                       Location loc,
                                                       ValueRange partials) {
  if (needsIndex())
    return {partials[0], partials[1]};
  Value counted;
  if (countsElements())
    counted = arith::SIToFPOp::create(b, loc, accumulator, partials.back());
  if (!needsShift()) {
    if (counted)
      return {partials[0], counted};
    return {partials[0]};
  }
  // About the chunk's own mean, as bridge_rt_moments_push takes them.
  Value n = arith::SIToFPOp::create(b, loc, accumulator, partials[0]);
  Value shift = partials[1], s1 = partials[2], s2 = partials[3];
  Value mean = arith::AddFOp::create(b, loc, shift,
                                     arith::DivFOp::create(b, loc, s1, n));
  Value m2 = arith::SubFOp::create(
      b, loc, s2,
      arith::DivFOp::create(b, loc, arith::MulFOp::create(b, loc, s1, s1), n));
  if (!counted)
    return {mean, m2};
  // A chunk of NaNs alone holds no moments: zeros, which the combine's
  // weights of its count 0 leave out.
  Value zero = arith::ConstantOp::create(b, loc, accumulator,
                                         b.getFloatAttr(accumulator, 0.0));
  Value empty =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, counted, zero);
  return {arith::SelectOp::create(b, loc, empty, zero, mean),
          arith::SelectOp::create(b, loc, empty, zero, m2), counted};
}

namespace {
/// A node of the combining tree along an axis: its partials and how many
/// elements it covers.
struct AxisNode {
  SmallVector<Value> values;
  int64_t count;
};
} // namespace

SmallVector<Value> ReductionLowering::emitFoldAlongAxis(
    OpBuilder &b, Location loc, int64_t length, int64_t chunk,
    function_ref<Value(OpBuilder &, Value, unsigned)> readPartial) {
  // The values the chunks fold, without a NaN-skipping reduction's count.
  unsigned numPartials = getAxisPartialTypes().size() - countsElements();
  // The elements chunk k counts, as a float: its partial count, or those it
  // covers (the last chunk may be short).
  auto leafCount = [&](OpBuilder &nb, Value k) -> Value {
    if (countsElements())
      return readPartial(nb, k, numPartials);
    Value start =
        arith::MulIOp::create(nb, loc, k, emitIndexSize(nb, loc, chunk));
    Value left =
        arith::SubIOp::create(nb, loc, emitIndexSize(nb, loc, length), start);
    Value n =
        arith::MinSIOp::create(nb, loc, left, emitIndexSize(nb, loc, chunk));
    Value n64 = arith::IndexCastOp::create(nb, loc, nb.getI64Type(), n);
    return arith::SIToFPOp::create(nb, loc, accumulator, n64);
  };
  Value zero = emitIndexSize(b, loc, 0), one = emitIndexSize(b, loc, 1);
  SmallVector<Value> init;
  for (unsigned i = 0; i < numPartials; ++i)
    init.push_back(readPartial(b, zero, i));
  bool carriesCount = needsShift() || countsElements();
  if (carriesCount)
    init.push_back(leafCount(b, zero));
  auto loop = scf::ForOp::create(
      b, loc, one, emitChunkCount(b, loc, length, chunk), one, init,
      [&](OpBuilder &nb, Location l, Value k, ValueRange acc) {
        SmallVector<Value> right;
        for (unsigned i = 0; i < numPartials; ++i)
          right.push_back(readPartial(nb, k, i));
        SmallVector<Value> next;
        Value na = carriesCount ? acc.back() : Value();
        Value nr = carriesCount ? leafCount(nb, k) : Value();
        Value total =
            carriesCount ? arith::AddFOp::create(nb, l, na, nr) : Value();
        if (needsShift()) {
          // Chan, Golub and LeVeque's pairwise update, as in the tree. Only
          // NaN-skipping moments can meet a count of 0 (chunks of NaNs
          // alone): dividing by at least 1 gives them no weight.
          Value divisor = total;
          if (countsElements())
            divisor = arith::MaximumFOp::create(
                nb, l, total,
                arith::ConstantOp::create(nb, l, accumulator,
                                          nb.getFloatAttr(accumulator, 1.0)));
          Value delta = arith::SubFOp::create(nb, l, right[0], acc[0]);
          Value mean = arith::AddFOp::create(
              nb, l, acc[0],
              arith::MulFOp::create(nb, l, delta,
                                    arith::DivFOp::create(nb, l, nr, divisor)));
          Value weight = arith::DivFOp::create(
              nb, l, arith::MulFOp::create(nb, l, na, nr), divisor);
          Value spread = arith::MulFOp::create(
              nb, l, arith::MulFOp::create(nb, l, delta, delta), weight);
          Value m2 = arith::AddFOp::create(
              nb, l, acc[1], arith::AddFOp::create(nb, l, right[1], spread));
          next = {mean, m2};
        } else {
          next = {emitFold(nb, l, reduction.combine, acc[0], right[0])};
        }
        if (carriesCount)
          next.push_back(total);
        scf::YieldOp::create(nb, l, next);
      });
  return SmallVector<Value>(loop.getResults());
}

Value ReductionLowering::emitCombineAlongAxis(
    OpBuilder &b, Location loc, int64_t length, int64_t chunk,
    function_ref<Value(OpBuilder &, Value, unsigned)> readPartial) {
  unsigned numPartials = getAxisPartialTypes().size();
  Type element = cast<array::ArrayType>(op.getType()).getElementType();
  // The fold's values, then for a NaN-skipping reduction the count of its
  // values, by which it divides.
  auto finish = [&](ArrayRef<Value> values) {
    Value value = needsShift() ? values[1] : values[0];
    Value count =
        countsElements() ? values.back() : emitCountF64(b, loc, length);
    value = emitFinish(b, loc, reduction.finish, value, count);
    return array::emitCast(b, loc, value, element);
  };
  if (needsIndex()) {
    // The chunks' extremes in chunk order, as the elements of one chunk: a
    // later one wins only when better, so ties keep the first index.
    Value zero = emitIndexSize(b, loc, 0), one = emitIndexSize(b, loc, 1);
    auto loop = scf::ForOp::create(
        b, loc, one, emitChunkCount(b, loc, length, chunk), one,
        ValueRange{readPartial(b, zero, 0), readPartial(b, zero, 1)},
        [&](OpBuilder &nb, Location l, Value k, ValueRange acc) {
          scf::YieldOp::create(nb, l,
                               emitIndexedStep(nb, l, acc,
                                               readPartial(nb, k, 0),
                                               readPartial(nb, k, 1)));
        });
    return array::emitCast(b, loc, loop.getResult(1), element);
  }
  // Counts known only from the partials fold in a loop too.
  if (countsElements() || plan::isSymbol(length) || plan::isSymbol(chunk) ||
      layout::chunkCount(length, chunk) > kMaxTreeCombine)
    return finish(emitFoldAlongAxis(b, loc, length, chunk, readPartial));
  int64_t nchunks = layout::chunkCount(length, chunk);
  auto constantF64 = [&](double value) -> Value {
    return arith::ConstantOp::create(b, loc, accumulator,
                                     b.getFloatAttr(accumulator, value));
  };
  // Chan, Golub and LeVeque's pairwise update, as the runtime's moments
  // combine it; the counts are constants.
  auto combineMoments = [&](const AxisNode &l, const AxisNode &r) {
    double na = double(l.count), nb = double(r.count), total = na + nb;
    Value delta = arith::SubFOp::create(b, loc, r.values[0], l.values[0]);
    Value mean = arith::AddFOp::create(
        b, loc, l.values[0],
        arith::MulFOp::create(b, loc, delta, constantF64(nb / total)));
    Value spread = arith::MulFOp::create(
        b, loc, arith::MulFOp::create(b, loc, delta, delta),
        constantF64(na * nb / total));
    Value m2 = arith::AddFOp::create(
        b, loc, l.values[1],
        arith::AddFOp::create(b, loc, r.values[1], spread));
    return AxisNode{{mean, m2}, l.count + r.count};
  };
  // The node covering chunks [first, first + size), clipped to nchunks.
  std::function<AxisNode(int64_t, int64_t)> node = [&](int64_t first,
                                                       int64_t size) {
    if (size == 1) {
      AxisNode leaf{{}, std::min(chunk, length - first * chunk)};
      for (unsigned i = 0; i < numPartials; ++i)
        leaf.values.push_back(
            readPartial(b, arith::ConstantIndexOp::create(b, loc, first), i));
      return leaf;
    }
    int64_t half = size / 2;
    AxisNode left = node(first, half);
    if (first + half >= nchunks)
      return left;
    AxisNode right = node(first + half, half);
    if (needsShift())
      return combineMoments(left, right);
    return AxisNode{
        {emitFold(b, loc, reduction.combine, left.values[0], right.values[0])},
        left.count + right.count};
  };
  int64_t rootSize = 1;
  while (rootSize < nchunks)
    rootSize *= 2;
  return finish(node(0, rootSize).values);
}
