//===- StageBuilder.cpp - One fused pass over a chunk grid ----------------===//
#include "bridge/Conversion/ArrayToTask/StageBuilder.h"

#include "bridge/Dialect/Array/ElementSemantics.h"
#include "bridge/Dialect/Task/TaskOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/ADT/TypeSwitch.h"

#include <limits>

using namespace mlir;
using namespace bridge;
using array::ReduceKind;
using array::emitBinary;
using array::emitCast;

namespace {

Value indexConst(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

/// Row-major offset of `indices` in a box of `extents`.
Value rowMajor(OpBuilder &b, Location loc, ValueRange indices,
               ValueRange extents) {
  Value offset = indices[0];
  for (size_t dim = 1; dim < indices.size(); ++dim)
    offset = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, offset, extents[dim]),
        indices[dim]);
  return offset;
}

Value readChunk(OpBuilder &b, Location loc, Value chunk, Value offset) {
  Type element = cast<task::ChunkType>(chunk.getType()).getElementType();
  return task::ReadOp::create(b, loc, element, chunk, offset);
}

/// Chunk storage that a stage's body reads.
struct StageChunks {
  /// Materialised array -> its chunk (block argument).
  DenseMap<Value, Value> arrays;
  /// Stencil -> the chunk of its input's halo copy.
  DenseMap<Operation *, Value> halos;
};

/// Evaluates original array values at one element of a stage's chunk.
class ElementEvaluator : public array::ElementContext {
public:
  ElementEvaluator(OpBuilder &builder, Location loc, const StageEnv &env,
                   const StageChunks &chunks, ArrayRef<int64_t> shape,
                   ValueRange ivs, ValueRange starts, ValueRange extents)
      : b(builder), loc(loc), env(env), chunks(chunks), shape(shape),
        ivs(ivs), starts(starts), extents(extents) {}

  /// The value of original array `array` at this element.
  Value element(Value array) {
    if (Value known = memo.lookup(array))
      return known;
    Value result;
    if (Value chunk = chunks.arrays.lookup(array))
      result = readChunk(b, loc, chunk, localOffset());
    else
      result = define(array.getDefiningOp());
    memo[array] = result;
    return result;
  }

  /// Row-major offset of this element inside its chunk.
  Value localOffset() {
    if (!offset)
      offset = rowMajor(b, loc, ivs, extents);
    return offset;
  }

  /// Row-major global index of this element, as an i64.
  Value getLinearIndex() override {
    if (linear)
      return linear;
    Value index;
    int64_t stride = 1;
    for (int64_t dim = shape.size() - 1; dim >= 0; --dim) {
      Value term = arith::AddIOp::create(b, loc, starts[dim], ivs[dim]);
      if (stride != 1)
        term = arith::MulIOp::create(b, loc, term, indexConst(b, loc, stride));
      index = index ? arith::AddIOp::create(b, loc, index, term) : term;
      stride *= shape[dim];
    }
    linear = arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
    return linear;
  }

private:
  /// The element of an operand here; a scalar operand is its lowered value.
  Value operand(Value value) {
    if (isa<array::ArrayType>(value.getType()))
      return element(value);
    Value scalar = env.scalars.lookup(value);
    assert(scalar && "scheduler lowers scalar operands before the stage");
    return scalar;
  }

  /// sum_k weights[k] * halo[i + k] along the stencil's axis.
  Value stencil(array::ConvolveOp op) {
    Value chunk = chunks.halos.lookup(op);
    assert(chunk && "stage reads the stencil's halo");
    int64_t axis = op.getAxis();
    Type type = op.getType().getElementType();
    SmallVector<Value> haloExtents(extents), position(ivs);
    haloExtents[axis] = arith::AddIOp::create(
        b, loc, extents[axis], indexConst(b, loc, 2 * op.getHalo()));
    Value sum;
    for (auto [k, weight] : llvm::enumerate(op.getWeights())) {
      position[axis] =
          arith::AddIOp::create(b, loc, ivs[axis], indexConst(b, loc, k));
      Value x = readChunk(b, loc, chunk, rowMajor(b, loc, position, haloExtents));
      // Integer arrays take integer weights (NumPy's correlate keeps ints).
      Value w = isa<FloatType>(type)
                    ? arith::ConstantOp::create(b, loc, type,
                                                b.getFloatAttr(type, weight))
                    : arith::ConstantOp::create(
                          b, loc, type,
                          b.getIntegerAttr(type, static_cast<int64_t>(weight)));
      Value term = emitBinary(b, loc, array::BinaryKind::mul, w, x);
      sum = sum ? emitBinary(b, loc, array::BinaryKind::add, sum, term) : term;
    }
    return sum;
  }

  Value reduceAlongAxis(array::ReduceOp op);

  Value define(Operation *op) {
    return llvm::TypeSwitch<Operation *, Value>(op)
        .Case([&](array::ElementwiseOpInterface elementwise) {
          SmallVector<Value> operandElements;
          for (Value value : op->getOperands())
            operandElements.push_back(operand(value));
          return elementwise.emitElement(b, loc, operandElements, *this);
        })
        .Case([&](array::ConvolveOp op) { return stencil(op); })
        .Case([&](array::ReduceOp op) { return reduceAlongAxis(op); })
        .Case([&](array::SqueezeOp op) {
          // Dropping unit dimensions keeps every chunk's row-major layout.
          return readChunk(b, loc, chunks.arrays.lookup(op.getInput()),
                           localOffset());
        })
        .Default([](Operation *) -> Value {
          llvm_unreachable("scheduler admits only elementwise definitions");
        });
  }

  OpBuilder &b;
  Location loc;
  const StageEnv &env;
  const StageChunks &chunks;
  ArrayRef<int64_t> shape;
  ValueRange ivs, starts, extents;
  Value linear, offset;
  DenseMap<Value, Value> memo;
};

bool isFloatElement(array::ReduceOp op) {
  return isa<FloatType>(op.getInput().getType().getElementType());
}

bool usesMoments(ReduceKind kind) {
  return kind == ReduceKind::var || kind == ReduceKind::std;
}

/// The per-chunk accumulator of a reduction (moments have their own layout).
Type accumulatorType(OpBuilder &b, array::ReduceOp op) {
  switch (op.getKind()) {
  case ReduceKind::mean:
    return b.getF64Type();
  case ReduceKind::count_nonzero:
  case ReduceKind::any:
  case ReduceKind::all:
    return b.getI64Type();
  default:
    return isFloatElement(op) ? Type(b.getF64Type()) : Type(b.getI64Type());
  }
}

Value identity(OpBuilder &b, Location loc, ReduceKind kind, Type type) {
  bool isFloat = isa<FloatType>(type);
  auto f = [&](double v) -> Value {
    return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, v));
  };
  auto i = [&](int64_t v) -> Value {
    return arith::ConstantOp::create(b, loc, type, b.getIntegerAttr(type, v));
  };
  constexpr double inf = std::numeric_limits<double>::infinity();
  switch (kind) {
  case ReduceKind::prod:
    return isFloat ? f(1.0) : i(1);
  case ReduceKind::min:
    return isFloat ? f(inf) : i(std::numeric_limits<int64_t>::max());
  case ReduceKind::max:
    return isFloat ? f(-inf) : i(std::numeric_limits<int64_t>::min());
  case ReduceKind::all:
    return i(1);
  default:
    return isFloat ? f(0.0) : i(0);
  }
}

/// Reassociation lets LLVM vectorise the reduction. The order it picks is
/// fixed by the code, not by the rank, so results stay reproducible.
template <typename OpTy>
Value reassociable(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  auto op = OpTy::create(b, loc, lhs, rhs);
  op.setFastmath(arith::FastMathFlags::reassoc);
  return op;
}

Value accumulate(OpBuilder &b, Location loc, ReduceKind kind, Value acc,
                 Value element) {
  Type type = acc.getType();
  bool isFloat = isa<FloatType>(type);
  Value x = emitCast(b, loc, element, type);
  auto nonZero = [&]() -> Value {
    return emitCast(b, loc, emitCast(b, loc, element, b.getI1Type()), type);
  };
  switch (kind) {
  case ReduceKind::sum:
  case ReduceKind::mean:
    return isFloat ? reassociable<arith::AddFOp>(b, loc, acc, x)
                   : Value(arith::AddIOp::create(b, loc, acc, x));
  case ReduceKind::prod:
    return isFloat ? reassociable<arith::MulFOp>(b, loc, acc, x)
                   : Value(arith::MulIOp::create(b, loc, acc, x));
  case ReduceKind::min:
    return isFloat ? Value(arith::MinimumFOp::create(b, loc, acc, x))
                   : Value(arith::MinSIOp::create(b, loc, acc, x));
  case ReduceKind::max:
    return isFloat ? Value(arith::MaximumFOp::create(b, loc, acc, x))
                   : Value(arith::MaxSIOp::create(b, loc, acc, x));
  case ReduceKind::count_nonzero:
    return arith::AddIOp::create(b, loc, acc, nonZero());
  case ReduceKind::any:
    return arith::OrIOp::create(b, loc, acc, nonZero());
  case ReduceKind::all:
    return arith::AndIOp::create(b, loc, acc, nonZero());
  case ReduceKind::var:
  case ReduceKind::std:
    break;
  }
  llvm_unreachable("moments accumulate separately");
}

task::CombineKind combineKind(ReduceKind kind) {
  switch (kind) {
  case ReduceKind::prod:
    return task::CombineKind::prod;
  case ReduceKind::min:
    return task::CombineKind::min;
  case ReduceKind::max:
    return task::CombineKind::max;
  case ReduceKind::any:
    return task::CombineKind::any;
  case ReduceKind::all:
    return task::CombineKind::all;
  default:
    return task::CombineKind::sum;
  }
}

/// NumPy's reduction along an axis at one output element: the input chunk
/// holds the whole axis, so one loop in index order gives results that do
/// not depend on the rank count. var and std take two passes, as NumPy does.
Value ElementEvaluator::reduceAlongAxis(array::ReduceOp op) {
  Value chunk = chunks.arrays.lookup(op.getInput());
  assert(chunk && "the input of a reduction along an axis is materialised");
  int64_t axis = *op.getAxis();
  int64_t length = op.getInput().getType().getShape()[axis];
  SmallVector<Value> inExtents(extents), position(ivs);
  inExtents.insert(inExtents.begin() + axis, indexConst(b, loc, length));
  position.insert(position.begin() + axis, Value());
  ReduceKind kind = op.getKind();
  Type f64 = b.getF64Type();
  Type acc = accumulatorType(b, op);
  auto fold = [&](ReduceKind foldKind, Value init,
                  function_ref<Value(OpBuilder &, Value)> term) {
    auto loop = scf::ForOp::create(b, loc, indexConst(b, loc, 0),
                                   indexConst(b, loc, length),
                                   indexConst(b, loc, 1), ValueRange{init});
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    position[axis] = loop.getInductionVar();
    Value x = readChunk(b, loc, chunk, rowMajor(b, loc, position, inExtents));
    Value next = accumulate(b, loc, foldKind, loop.getRegionIterArgs()[0],
                            term(b, x));
    scf::YieldOp::create(b, loc, next);
    return loop.getResult(0);
  };
  auto self = [](OpBuilder &, Value x) { return x; };
  Value n = arith::ConstantOp::create(b, loc, f64,
                                      b.getF64FloatAttr(static_cast<double>(length)));
  Value result;
  if (kind == ReduceKind::var || kind == ReduceKind::std) {
    Value zero = arith::ConstantOp::create(b, loc, f64, b.getF64FloatAttr(0.0));
    Value mean = arith::DivFOp::create(
        b, loc, fold(ReduceKind::sum, zero, [&](OpBuilder &nb, Value x) {
          return emitCast(nb, loc, x, f64);
        }), n);
    Value m2 = fold(ReduceKind::sum, zero, [&](OpBuilder &nb, Value x) -> Value {
      Value d = arith::SubFOp::create(nb, loc, emitCast(nb, loc, x, f64), mean);
      return arith::MulFOp::create(nb, loc, d, d);
    });
    result = arith::DivFOp::create(b, loc, m2, n);
    if (kind == ReduceKind::std)
      result = math::SqrtOp::create(b, loc, result);
  } else {
    result = fold(kind, identity(b, loc, kind, acc), self);
    if (kind == ReduceKind::mean)
      result = arith::DivFOp::create(b, loc, result, n);
  }
  Type element = cast<array::ArrayType>(op.getType()).getElementType();
  return emitCast(b, loc, result, element);
}

/// Where each reduction's partials sit among the stage's results.
struct PartialSlots {
  unsigned first;
  /// Accumulators carried through the loop nest, starting at `firstCarried`.
  unsigned firstCarried;
  unsigned numCarried;
};

} // namespace

task::DistType bridge::getDistType(array::ArrayType type) {
  return task::DistType::get(type.getContext(), type.getShape(),
                             type.getElementType(), type.getChunks(),
                             task::Placement::contiguous);
}

StageResult bridge::buildStage(OpBuilder &b, Location loc,
                               const StagePlan &plan, const StageEnv &env) {
  MLIRContext *ctx = b.getContext();
  array::ArrayType grid = plan.grid;
  ArrayRef<int64_t> shape = grid.getShape();
  auto placement = task::Placement::contiguous;

  // Op handles are cheap copies; accessors are non-const.
  SmallVector<array::ReduceOp> reductions(plan.reductions);
  SmallVector<array::ConvolveOp> stencils(plan.stencils);
  StageResult result;
  for (Value output : plan.outputs)
    result.dists.push_back(task::AllocOp::create(
        b, loc, getDistType(cast<array::ArrayType>(output.getType()))));
  SmallVector<Value> ins;
  for (Value input : plan.inputs)
    ins.push_back(env.dists.lookup(input));
  SmallVector<Value> halos;
  for (array::ConvolveOp op : stencils) {
    task::DistType source = getDistType(op.getInput().getType());
    SmallVector<int64_t> widths(source.getRank(), 0);
    widths[op.getAxis()] = op.getHalo();
    auto type = task::DistType::get(ctx, source.getShape(),
                                    source.getElementType(), source.getChunks(),
                                    placement, widths);
    halos.push_back(task::HaloOp::create(
        b, op.getLoc(), type, env.dists.lookup(op.getInput()),
        static_cast<task::PadMode>(op.getMode())));
  }
  ins.append(halos);

  // Lay out partial results: moments take count, shift, s1, s2.
  Type i64 = b.getI64Type(), f64 = b.getF64Type();
  SmallVector<Type> partialTypes;
  SmallVector<Type> carriedTypes;
  SmallVector<PartialSlots> slots;
  for (array::ReduceOp op : reductions) {
    PartialSlots slot{static_cast<unsigned>(partialTypes.size()),
                      static_cast<unsigned>(carriedTypes.size()), 1};
    if (usesMoments(op.getKind())) {
      partialTypes.append({i64, f64, f64, f64});
      carriedTypes.append({f64, f64});
      slot.numCarried = 2;
    } else {
      Type acc = accumulatorType(b, op);
      partialTypes.push_back(acc);
      carriedTypes.push_back(acc);
    }
    slots.push_back(slot);
  }
  SmallVector<Type> resultTypes;
  for (Type type : partialTypes)
    resultTypes.push_back(task::PartialsType::get(ctx, type));

  auto stage = task::StageOp::create(
      b, loc, resultTypes, b.getDenseI64ArrayAttr(shape),
      b.getDenseI64ArrayAttr(grid.getChunks()),
      task::PlacementAttr::get(ctx, placement), ins, result.dists);
  Block &body = stage.createBodyBlock(b);

  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&body);
    int64_t rank = grid.getRank();
    StageChunks chunks;
    for (auto [i, input] : llvm::enumerate(plan.inputs))
      chunks.arrays[input] = stage.getInChunk(i);
    for (auto [i, op] : llvm::enumerate(stencils))
      chunks.halos[op] = stage.getInChunk(plan.inputs.size() + i);
    SmallVector<Value> starts, extents;
    for (int64_t dim = 0; dim < rank; ++dim) {
      starts.push_back(stage.getStart(dim));
      extents.push_back(stage.getExtent(dim));
    }

    // Moments are taken about the chunk's first element, which keeps the
    // one-pass sums accurate whatever the data's offset.
    SmallVector<Value> shifts(reductions.size());
    bool needsShift = llvm::any_of(reductions, [](array::ReduceOp op) {
      return usesMoments(op.getKind());
    });
    if (needsShift) {
      SmallVector<Value> origin(rank, indexConst(b, loc, 0));
      ElementEvaluator first(b, loc, env, chunks, shape, origin, starts,
                             extents);
      for (auto [i, op] : llvm::enumerate(reductions))
        if (usesMoments(op.getKind()))
          shifts[i] = emitCast(b, loc, first.element(op.getInput()), f64);
    }

    SmallVector<Value> init;
    for (auto [op, slot] : llvm::zip(reductions, slots)) {
      if (usesMoments(op.getKind())) {
        Value zeroValue = arith::ConstantOp::create(b, loc, f64,
                                                    b.getF64FloatAttr(0.0));
        init.append({zeroValue, zeroValue});
        continue;
      }
      init.push_back(
          identity(b, loc, op.getKind(), carriedTypes[slot.firstCarried]));
    }

    Value zeroIndex = arith::ConstantIndexOp::create(b, loc, 0);
    Value oneIndex = arith::ConstantIndexOp::create(b, loc, 1);
    SmallVector<Value> lbs(rank, zeroIndex), steps(rank, oneIndex);
    scf::LoopNest nest = scf::buildLoopNest(
        b, loc, lbs, extents, steps, init,
        [&](OpBuilder &nb, Location nloc, ValueRange ivs,
            ValueRange accs) -> scf::ValueVector {
          ElementEvaluator eval(nb, nloc, env, chunks, shape, ivs, starts,
                                extents);
          for (auto [i, output] : llvm::enumerate(plan.outputs))
            task::WriteOp::create(nb, nloc, eval.element(output),
                                  stage.getOutChunk(i), eval.localOffset());
          scf::ValueVector next;
          for (auto [i, op] : llvm::enumerate(reductions)) {
            unsigned c = slots[i].firstCarried;
            Value element = eval.element(op.getInput());
            if (!usesMoments(op.getKind())) {
              next.push_back(accumulate(nb, nloc, op.getKind(), accs[c], element));
              continue;
            }
            Value d = arith::SubFOp::create(
                nb, nloc, emitCast(nb, nloc, element, f64), shifts[i]);
            next.push_back(reassociable<arith::AddFOp>(nb, nloc, accs[c], d));
            Value square = arith::MulFOp::create(nb, nloc, d, d);
            next.push_back(
                reassociable<arith::AddFOp>(nb, nloc, accs[c + 1], square));
          }
          return next;
        });

    ValueRange finals = nest.results;
    SmallVector<Value> yields;
    for (auto [i, op] : llvm::enumerate(reductions)) {
      unsigned c = slots[i].firstCarried;
      if (!usesMoments(op.getKind())) {
        yields.push_back(finals[c]);
        continue;
      }
      Value count = extents[0];
      for (int64_t dim = 1; dim < rank; ++dim)
        count = arith::MulIOp::create(b, loc, count, extents[dim]);
      yields.push_back(arith::IndexCastOp::create(b, loc, i64, count));
      yields.append({shifts[i], finals[c], finals[c + 1]});
    }
    task::YieldOp::create(b, loc, yields);
  }

  for (Value halo : halos)
    task::FreeOp::create(b, loc, halo);

  // Combine the partials, in chunk order, into each reduction's value.
  double count = static_cast<double>(grid.getNumElements());
  for (auto [i, op] : llvm::enumerate(reductions)) {
    Location opLoc = op.getLoc();
    unsigned first = slots[i].first;
    Value value;
    if (usesMoments(op.getKind())) {
      auto moments = task::CombineMomentsOp::create(
          b, opLoc, f64, f64, stage.getResult(first), stage.getResult(first + 1),
          stage.getResult(first + 2), stage.getResult(first + 3));
      Value n = arith::ConstantOp::create(b, opLoc, f64, b.getF64FloatAttr(count));
      value = arith::DivFOp::create(b, opLoc, moments.getM2(), n);
      if (op.getKind() == ReduceKind::std)
        value = math::SqrtOp::create(b, opLoc, value);
    } else {
      Value partials = stage.getResult(first);
      value = task::CombineOp::create(
          b, opLoc, cast<task::PartialsType>(partials.getType()).getElementType(),
          combineKind(op.getKind()), partials);
      if (op.getKind() == ReduceKind::mean) {
        Value n =
            arith::ConstantOp::create(b, opLoc, f64, b.getF64FloatAttr(count));
        value = arith::DivFOp::create(b, opLoc, value, n);
      }
    }
    result.scalars.push_back(
        emitCast(b, opLoc, value, op.getResult().getType()));
  }
  return result;
}
