//===- StageBuilder.cpp - One fused pass over a chunk grid ----------------===//
#include "bridge/Conversion/ArrayToTask/StageBuilder.h"

#include "bridge/Conversion/ArrayToTask/Movements.h"
#include "bridge/Conversion/ArrayToTask/PadSource.h"
#include "bridge/Conversion/ArrayToTask/ReductionLanes.h"
#include "bridge/Conversion/ArrayToTask/Reductions.h"
#include "bridge/Conversion/ArrayToTask/SizeValues.h"
#include "bridge/Dialect/Array/ElementSemantics.h"
#include "bridge/Dialect/Task/TaskOps.h"
#include "bridge/sizes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace bridge;

namespace {

/// The elements a stencil's window holds at most, its margins aside: 256 KiB
/// of f64, which stays in a core's L2 cache between its fill and its reads.
constexpr int64_t kWindowElements = 1 << 15;

/// The bytes of the accumulators of the folds along an outer axis that
/// advance together (AxisPartialsEmitter): half a core's L2 cache, where they
/// stay between rows, and room for enough columns that each row of a chunk
/// is read in one long run.
constexpr int64_t kFoldStateBytes = 512 * 1024;

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

/// A stencil's input computed over rows [origin, origin + rows) of the
/// chunk (along dimension 0), laid out as a halo copy's chunk of those rows:
/// `box` per dimension, the margins included.
struct Window {
  Value chunk, origin;
  SmallVector<Value> box;
};

/// Chunk storage that a stage's body reads.
struct StageChunks {
  /// Materialised array -> its chunk (block argument).
  DenseMap<Value, Value> arrays;
  /// Stencil -> the chunk of its input's halo copy.
  DenseMap<Operation *, Value> halos;
  /// Stencil along an axis other than the first -> the pitch of its halo
  /// chunk (task.pitch): the stored extent between the chunk's rows.
  DenseMap<Operation *, Value> pitches;
  /// Stencil of generated data -> its input over the rows of the chunk in
  /// hand and their margins, computed once per element
  /// (StageEmitter::fillWindow).
  DenseMap<Operation *, Window> windows;
  /// Reduction along an axis -> the chunks of its combined partials.
  DenseMap<Operation *, SmallVector<Value>> partials;
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
      result = readChunk(b, loc, chunk, offsetIn(array.getDefiningOp()));
    else
      result = define(array.getDefiningOp());
    memo[array] = result;
    return result;
  }

  /// Row-major offset of this element in the chunk that stores `array`: a
  /// broadcast's replica holds one element along each stretched axis.
  Value offsetIn(Operation *def) {
    auto broadcast = dyn_cast_or_null<array::BroadcastOp>(def);
    if (!broadcast)
      return localOffset();
    SmallVector<Value> position(ivs), replicaExtents(extents);
    for (int64_t dim = 0; dim < broadcast.getType().getRank(); ++dim) {
      if (!broadcast.isStretched(dim))
        continue;
      position[dim] = indexConst(b, loc, 0);
      replicaExtents[dim] = indexConst(b, loc, 1);
    }
    return rowMajor(b, loc, position, replicaExtents);
  }

  /// Row-major offset of this element inside its chunk.
  Value localOffset() {
    if (!offset)
      offset = rowMajor(b, loc, ivs, extents);
    return offset;
  }

  /// Row-major global index of this element, as an i64. Strides of constant
  /// extents are constants; a run-time extent makes the rest values.
  Value getLinearIndex() override {
    if (linear)
      return linear;
    Value index, strideValue;
    int64_t stride = 1;
    for (int64_t dim = shape.size() - 1; dim >= 0; --dim) {
      Value term = arith::AddIOp::create(b, loc, starts[dim], ivs[dim]);
      if (strideValue)
        term = arith::MulIOp::create(b, loc, term, strideValue);
      else if (stride != 1)
        term = arith::MulIOp::create(b, loc, term, indexConst(b, loc, stride));
      index = index ? arith::AddIOp::create(b, loc, index, term) : term;
      if (dim == 0)
        break;
      if (!strideValue && !plan::isSymbol(shape[dim])) {
        stride *= shape[dim];
        continue;
      }
      if (!strideValue)
        strideValue = indexConst(b, loc, stride);
      strideValue = arith::MulIOp::create(b, loc, strideValue,
                                          emitIndexSize(b, loc, shape[dim]));
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

  Value define(Operation *op) {
    return llvm::TypeSwitch<Operation *, Value>(op)
        .Case([&](array::ElementwiseOpInterface elementwise) {
          SmallVector<Value> operandElements;
          for (Value value : op->getOperands())
            operandElements.push_back(operand(value));
          return elementwise.emitElement(b, loc, operandElements, *this);
        })
        .Case([&](array::ConvolveOp op) { return stencil(op); })
        .Case([&](array::BroadcastOp op) { return stretched(op); })
        .Case([&](array::DataMovementOpInterface op) { return moved(op); })
        .Case([&](array::ReduceOp op) { return reduceAlongAxis(op); })
        .Case([&](array::LineQuantileOp op) { return lineQuantile(op); })
        .Case<array::SqueezeOp, array::ExpandDimsOp, array::ReshapeOp>(
            [&](Operation *op) {
              // Dropping or inserting unit dimensions, and an aligned reshape,
              // keep every chunk's row-major layout.
              return readChunk(b, loc, chunks.arrays.lookup(op->getOperand(0)),
                               localOffset());
            })
        .Default([](Operation *) -> Value {
          llvm_unreachable("scheduler admits only elementwise definitions");
        });
  }

  /// A generated operand's element where a broadcast reads it: at 0 along
  /// the stretched axes, without the leading axes it lacks. Only generators
  /// and scalars compute it, so nothing is read from memory.
  Value stretched(array::BroadcastOp op) {
    Value zero = indexConst(b, loc, 0), one = indexConst(b, loc, 1);
    SmallVector<Value> inIvs, inStarts, inExtents;
    for (int64_t dim = op.getNumNewDims(); dim < op.getType().getRank();
         ++dim) {
      bool stretchedDim = op.isStretched(dim);
      inIvs.push_back(stretchedDim ? zero : ivs[dim]);
      inStarts.push_back(stretchedDim ? zero : starts[dim]);
      inExtents.push_back(stretchedDim ? one : extents[dim]);
    }
    StageChunks none;
    ElementEvaluator input(b, loc, env, none,
                           op.getInput().getType().getShape(), inIvs,
                           inStarts, inExtents);
    return input.element(op.getInput());
  }

  /// A generated source's element where a data movement takes this one
  /// from: recomputed, so nothing moves. A pointwise movement (one box over
  /// the whole result, each source dimension read by one result dimension)
  /// maps the coordinates; any other goes by its pieces.
  Value moved(array::DataMovementOpInterface op) {
    if (!isPointwiseMovement(op.getOperation()))
      return movedPiecewise(*getPiecewiseMovement(op.getOperation()),
                            op->getResult(0).getType());
    array::SourceMap map = op.getSourceMaps().front();
    ArrayRef<int64_t> sourceShape =
        cast<array::ArrayType>(map.source.getType()).getShape();
    SmallVector<Value> at(sourceShape.size());
    for (auto [dim, from] : llvm::enumerate(map.srcDims)) {
      Value global = arith::AddIOp::create(b, loc, starts[dim], ivs[dim]);
      Value stepped = arith::MulIOp::create(
          b, loc, global, indexConst(b, loc, map.steps[dim]));
      at[from] = arith::AddIOp::create(
          b, loc, emitIndexSize(b, loc, map.offsets[dim]), stepped);
    }
    return generatedAt(map.source, at);
  }

  /// A roll, tile, pad, concatenation or stack of generated data: along each
  /// dimension the piece that holds the coordinate gives each source's
  /// coordinate (a select per piece, no branch), each source is computed
  /// once, and the box that holds the element picks one of them or zero.
  Value movedPiecewise(const PiecewiseMovement &m, Type resultType) {
    size_t rank = m.pieces.size();
    SmallVector<Value, 4> global;
    SmallVector<SmallVector<Value, 3>, 4> inside(rank);
    for (size_t d = 0; d < rank; ++d) {
      global.push_back(arith::AddIOp::create(b, loc, starts[d], ivs[d]));
      for (const AxisPiece &piece : m.pieces[d])
        inside[d].push_back(arith::AndIOp::create(
            b, loc,
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge,
                                  global[d], emitIndexSize(b, loc, piece.lo)),
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                  global[d], emitIndexSize(b, loc, piece.hi))));
    }
    bool alone = llvm::all_of(m.boxes, [](const PiecewiseMovement::Box &box) {
      return box.source == 0;
    });
    SmallVector<Value, 2> values;
    for (const PieceSource &source : m.sources) {
      ArrayRef<int64_t> sourceShape =
          cast<array::ArrayType>(source.value.getType()).getShape();
      SmallVector<Value> at(sourceShape.size());
      for (size_t d = 0; d < rank; ++d) {
        int64_t from = source.srcDims[d];
        if (from >= static_cast<int64_t>(sourceShape.size()))
          continue; // A unit axis the source lacks.
        Value coord;
        for (auto [p, map] : llvm::enumerate(source.maps[d])) {
          if (!map)
            continue;
          Value lo = emitIndexSize(b, loc, m.pieces[d][p].lo);
          Value here = arith::AddIOp::create(
              b, loc, emitIndexSize(b, loc, map->offset),
              arith::MulIOp::create(
                  b, loc, arith::SubIOp::create(b, loc, global[d], lo),
                  indexConst(b, loc, map->step)));
          coord = coord ? arith::SelectOp::create(b, loc, inside[d][p], here,
                                                  coord)
                        : here;
        }
        // Outside its boxes a source is read anywhere inside it.
        if (!alone) {
          Value last = arith::SubIOp::create(
              b, loc, emitIndexSize(b, loc, sourceShape[from]),
              indexConst(b, loc, 1));
          coord = arith::MinSIOp::create(
              b, loc,
              arith::MaxSIOp::create(b, loc, coord, indexConst(b, loc, 0)),
              last);
        }
        at[from] = coord;
      }
      values.push_back(generatedAt(source.value, at));
    }
    if (alone)
      return values.front();
    Type element = cast<array::ArrayType>(resultType).getElementType();
    Value zero = arith::ConstantOp::create(
        b, loc, cast<TypedAttr>(b.getZeroAttr(element)));
    if (m.zerosByPiece) {
      Value fill;
      for (auto [d, maps] : llvm::enumerate(m.sources.front().maps))
        for (auto [p, map] : llvm::enumerate(maps))
          if (!map)
            fill = fill ? arith::OrIOp::create(b, loc, fill, inside[d][p])
                        : inside[d][p];
      return arith::SelectOp::create(b, loc, fill, zero, values.front());
    }
    auto boxValue = [&](const PiecewiseMovement::Box &box) {
      return box.source < 0 ? zero : values[box.source];
    };
    Value result = boxValue(m.boxes.front());
    for (const PiecewiseMovement::Box &box : llvm::drop_begin(m.boxes)) {
      Value in;
      for (auto [d, piece] : llvm::enumerate(box.pieces))
        in = in ? arith::AndIOp::create(b, loc, in, inside[d][piece])
                : inside[d][piece];
      result = arith::SelectOp::create(b, loc, in, boxValue(box), result);
    }
    return result;
  }

  /// The element of generated `source` at source coordinates `at`.
  Value generatedAt(Value source, ArrayRef<Value> at) {
    ArrayRef<int64_t> sourceShape =
        cast<array::ArrayType>(source.getType()).getShape();
    SmallVector<Value> atStarts, atExtents;
    for (int64_t extent : sourceShape) {
      atStarts.push_back(indexConst(b, loc, 0));
      atExtents.push_back(emitIndexSize(b, loc, extent));
    }
    StageChunks none;
    ElementEvaluator evaluator(b, loc, env, none, sourceShape, at, atStarts,
                               atExtents);
    return evaluator.element(source);
  }

  /// sum_k weights[k] * padded[i + k] along the stencil's axis, read from
  /// the input's halo copy or window, from its own chunk when that holds the
  /// whole axis, or, for a generated input, recomputed.
  Value stencil(array::ConvolveOp op) {
    Value chunk = chunks.halos.lookup(op);
    int64_t axis = op.getAxis();
    Type type = op.getType().getElementType();
    SmallVector<Value> box(extents), position(ivs);
    if (Value pitch = chunks.pitches.lookup(op)) {
      box[axis] = pitch;
    } else if (chunk) {
      box[axis] = arith::AddIOp::create(b, loc, extents[axis],
                                        indexConst(b, loc, 2 * op.getHalo()));
    } else if (auto window = chunks.windows.find(op);
               window != chunks.windows.end()) {
      chunk = window->second.chunk;
      box.assign(window->second.box);
      position[0] =
          arith::SubIOp::create(b, loc, ivs[0], window->second.origin);
    }
    Value at = position[axis];
    Value sum;
    for (auto [k, weight] : llvm::enumerate(op.getWeights())) {
      Value x;
      if (chunk) {
        position[axis] =
            arith::AddIOp::create(b, loc, at, indexConst(b, loc, k));
        x = readChunk(b, loc, chunk, rowMajor(b, loc, position, box));
      } else {
        x = neighbour(op, static_cast<int64_t>(k) - op.getHalo());
      }
      // Integer arrays take integer weights (NumPy's correlate keeps ints).
      Value w = isa<FloatType>(type)
                    ? arith::ConstantOp::create(b, loc, type,
                                                b.getFloatAttr(type, weight))
                    : arith::ConstantOp::create(
                          b, loc, type,
                          b.getIntegerAttr(type, static_cast<int64_t>(weight)));
      Value term = array::emitBinary(b, loc, array::BinaryKind::mul, w, x);
      sum = sum ? array::emitBinary(b, loc, array::BinaryKind::add, sum, term)
                : term;
    }
    return sum;
  }

  /// The input of `op` at this element's coordinate plus `shift` along the
  /// stencil's axis, where numpy.pad takes it from: read in place from the
  /// input's chunk, which then holds the whole axis, or recomputed from the
  /// generators and scalars that alone compute the input.
  Value neighbour(array::ConvolveOp op, int64_t shift) {
    StageChunks none;
    if (shift == 0) {
      // The element itself, inside the chunk whatever it holds of the axis
      // (a stencil of one weight reads any chunk in place).
      if (Value chunk = chunks.arrays.lookup(op.getInput()))
        return readChunk(b, loc, chunk, rowMajor(b, loc, ivs, extents));
      return ElementEvaluator(b, loc, env, none, shape, ivs, starts, extents)
          .element(op.getInput());
    }
    int64_t axis = op.getAxis();
    Value global = arith::AddIOp::create(
        b, loc, arith::AddIOp::create(b, loc, starts[axis], ivs[axis]),
        indexConst(b, loc, shift));
    Value n = emitIndexSize(b, loc, shape[axis]);
    auto mode = op.getMode();
    SmallVector<Value> at(ivs);
    at[axis] = emitPadSource(b, loc, global, n, mode);
    Value value;
    if (Value chunk = chunks.arrays.lookup(op.getInput())) {
      value = readChunk(b, loc, chunk, rowMajor(b, loc, at, extents));
    } else {
      SmallVector<Value> atStarts(starts);
      atStarts[axis] = indexConst(b, loc, 0);
      ElementEvaluator input(b, loc, env, none, shape, at, atStarts, extents);
      value = input.element(op.getInput());
    }
    if (mode != array::PadMode::constant)
      return value;
    return arith::SelectOp::create(b, loc, emitInside(b, loc, global, n),
                                   value, zeroOf(value.getType()));
  }

  Value zeroOf(Type type) {
    return arith::ConstantOp::create(b, loc, type, b.getZeroAttr(type));
  }

  /// From the chunks' partials along the axis when the stage reads them;
  /// otherwise the input chunk holds the whole axis, so one loop in index
  /// order gives results that do not depend on the rank count.
  Value reduceAlongAxis(array::ReduceOp op) {
    if (auto partials = chunks.partials.find(op);
        partials != chunks.partials.end())
      return combinePartials(op, partials->second);
    Value chunk = chunks.arrays.lookup(op.getInput());
    assert(chunk && "the input of a reduction along an axis is materialised");
    int64_t axis = *op.getAxis();
    int64_t length = op.getInput().getType().getShape()[axis];
    SmallVector<Value> inExtents(extents), position(ivs);
    inExtents.insert(inExtents.begin() + axis, emitIndexSize(b, loc, length));
    position.insert(position.begin() + axis, Value());
    return ReductionLowering(op).emitAlongAxis(
        b, loc, length, [&](OpBuilder &nb, Value index) {
          position[axis] = index;
          return readChunk(nb, loc, chunk,
                           rowMajor(nb, loc, position, inExtents));
        });
  }

  /// The input chunk holds the axis whole: this element's line starts at
  /// coordinate 0 along it, as many elements apart as a step along the axis
  /// skips in the chunk.
  Value lineQuantile(array::LineQuantileOp op) {
    Value chunk = chunks.arrays.lookup(op.getInput());
    assert(chunk && "the input of a quantile along an axis is materialised");
    int64_t axis = op.getAxis();
    Value length =
        emitIndexSize(b, loc, op.getInput().getType().getShape()[axis]);
    SmallVector<Value> inExtents(extents), position(ivs);
    inExtents.insert(inExtents.begin() + axis, length);
    position.insert(position.begin() + axis, indexConst(b, loc, 0));
    Value stride = indexConst(b, loc, 1);
    for (size_t dim = axis + 1; dim < inExtents.size(); ++dim)
      stride = arith::MulIOp::create(b, loc, stride, inExtents[dim]);
    Value value = task::LineQuantileOp::create(
        b, loc, b.getF64Type(), chunk, rowMajor(b, loc, position, inExtents),
        stride, length, op.getMedian(), op.getQ());
    Type result = op.getType().getElementType();
    if (result.isF64())
      return value;
    return arith::TruncFOp::create(b, loc, result, value);
  }

  /// Each output element's partials lie along the axis in one chunk.
  Value combinePartials(array::ReduceOp op, ArrayRef<Value> partials) {
    int64_t axis = *op.getAxis();
    array::ArrayType input = op.getInput().getType();
    SmallVector<Value> partialExtents(extents), position(ivs);
    int64_t length = input.getShape()[axis], chunk = input.getChunks()[axis];
    partialExtents.insert(partialExtents.begin() + axis,
                          emitChunkCount(b, loc, length, chunk));
    position.insert(position.begin() + axis, Value());
    return ReductionLowering(op).emitCombineAlongAxis(
        b, loc, length, chunk, [&](OpBuilder &nb, Value index, unsigned i) {
          position[axis] = index;
          return readChunk(nb, loc, partials[i],
                           rowMajor(nb, loc, position, partialExtents));
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

/// The materialised `inputs`' dists, one halo copy per stencil (also
/// appended to `halos`, for the caller to free after the stage), then the
/// combined partials of the reductions along an axis.
void collectStageInputs(OpBuilder &b, const StageEnv &env,
                        ArrayRef<Value> inputs,
                        ArrayRef<array::ConvolveOp> stencils,
                        ArrayRef<array::ReduceOp> axisReductions,
                        SmallVectorImpl<Value> &ins,
                        SmallVectorImpl<Value> &halos) {
  for (Value input : inputs)
    ins.push_back(env.dists.lookup(input));
  for (array::ConvolveOp op : stencils) {
    task::DistType type = getHaloDistType(op);
    Value input = env.dists.lookup(op.getInput());
    // Laid out with this halo by the stage that wrote it.
    if (input.getType() == type) {
      ins.push_back(input);
      continue;
    }
    Value halo = task::HaloOp::create(b, op.getLoc(), type, input,
                                      static_cast<task::PadMode>(op.getMode()));
    halos.push_back(halo);
    ins.push_back(halo);
  }
  for (array::ReduceOp op : axisReductions)
    llvm::append_range(ins, env.axisPartials.lookup(op));
}

/// The pitch of halo chunk `chunk` of `stage` (task.pitch), asked once at
/// the start of the body.
Value chunkPitch(task::StageOp stage, Value chunk) {
  for (Operation *user : chunk.getUsers())
    if (auto pitch = dyn_cast<task::PitchOp>(user))
      return pitch;
  OpBuilder b = OpBuilder::atBlockBegin(&stage.getBodyBlock());
  return task::PitchOp::create(b, stage.getLoc(), b.getIndexType(), chunk);
}

/// The stage body's chunks of what collectStageInputs listed.
void mapStageChunks(task::StageOp stage, const StageEnv &env,
                    ArrayRef<Value> inputs,
                    ArrayRef<array::ConvolveOp> stencils,
                    ArrayRef<array::ReduceOp> axisReductions,
                    StageChunks &chunks) {
  unsigned next = 0;
  for (Value input : inputs)
    chunks.arrays[input] = stage.getInChunk(next++);
  for (array::ConvolveOp op : stencils) {
    Value chunk = stage.getInChunk(next++);
    chunks.halos[op] = chunk;
    if (op.getAxis() > 0)
      chunks.pitches[op] = chunkPitch(stage, chunk);
  }
  for (array::ReduceOp op : axisReductions)
    for (size_t i = 0, e = env.axisPartials.lookup(op).size(); i < e; ++i)
      chunks.partials[op].push_back(stage.getInChunk(next++));
}

/// The elements of the largest chunk of `chunks`, with `margins` more along
/// each dimension, and `rows` along dimension 0 instead if given.
Value chunkElements(OpBuilder &b, Location loc, ArrayRef<int64_t> chunks,
                    ArrayRef<int64_t> margins, Value rows = {}) {
  Value elements;
  for (auto [dim, chunk] : llvm::enumerate(chunks)) {
    Value size = emitIndexSize(b, loc, chunk);
    if (dim == 0 && rows)
      size = rows;
    if (!margins.empty() && margins[dim] != 0)
      size =
          arith::AddIOp::create(b, loc, size, indexConst(b, loc, margins[dim]));
    elements = elements ? arith::MulIOp::create(b, loc, elements, size) : size;
  }
  return elements;
}

/// The stencils of generated data that a stage's loop nest evaluates
/// (through elementwise steps from what it computes): each gets storage for
/// its input over a tile of the chunk's rows and their margins, so the input
/// is computed once per element instead of once per weight, and the window
/// stays in cache (kWindowElements, task.scratch's `tile`).
class StencilWindows {
public:
  /// Finds the stencils that `roots` reach on `grid` (not those with a halo
  /// copy, `haloStencils`, nor of the stage's `inputs`) and creates their
  /// storage. With `constantSize` (a stage over another grid than `grid`,
  /// whose plan cannot size a tile of it), the storage has a constant size,
  /// and chunks of a size known only at run time get no windows.
  void create(OpBuilder &b, Location loc, array::ArrayType grid,
              ArrayRef<Value> roots, ArrayRef<Value> inputs,
              ArrayRef<array::ConvolveOp> haloStencils,
              bool constantSize = false) {
    ArrayRef<int64_t> chunks = grid.getChunks();
    if (constantSize && llvm::any_of(chunks, plan::isSymbol))
      return;
    SmallVector<Value> pending;
    auto add = [&](Value value) {
      if (isa<array::ArrayType>(value.getType()))
        pending.push_back(value);
    };
    llvm::for_each(roots, add);
    DenseSet<Value> seen;
    while (!pending.empty()) {
      Value value = pending.pop_back_val();
      if (!seen.insert(value).second || llvm::is_contained(inputs, value))
        continue;
      Operation *def = value.getDefiningOp();
      if (isa_and_nonnull<array::ElementwiseOpInterface>(def)) {
        llvm::for_each(def->getOperands(), add);
        continue;
      }
      auto stencil = dyn_cast_or_null<array::ConvolveOp>(def);
      if (!stencil || stencil.getHalo() == 0 ||
          llvm::is_contained(haloStencils, stencil) ||
          llvm::is_contained(inputs, stencil.getInput()))
        continue;
      if (!tileRows) {
        // As many rows of a chunk as kWindowElements hold, at least one.
        Value row = indexConst(b, loc, 1);
        for (int64_t chunk : chunks.drop_front())
          row =
              arith::MulIOp::create(b, loc, row, emitIndexSize(b, loc, chunk));
        tileRows = arith::MaxSIOp::create(
            b, loc, indexConst(b, loc, 1),
            arith::DivSIOp::create(b, loc, indexConst(b, loc, kWindowElements),
                                   row));
      }
      SmallVector<int64_t> margins(grid.getRank(), 0);
      margins[stencil.getAxis()] = 2 * stencil.getHalo();
      auto chunk = task::ChunkType::get(
          b.getContext(), stencil.getInput().getType().getElementType());
      stencils.push_back(stencil);
      if (constantSize) {
        int64_t row = 1, elements = 1;
        for (int64_t chunk : chunks.drop_front())
          row *= chunk;
        for (auto [dim, chunk] : llvm::enumerate(chunks)) {
          int64_t extent =
              dim == 0 ? std::max<int64_t>(1, kWindowElements / row) : chunk;
          elements *= extent + margins[dim];
        }
        storage.push_back(task::ScratchOp::create(
            b, stencil.getLoc(), chunk, indexConst(b, loc, elements)));
        continue;
      }
      storage.push_back(task::ScratchOp::create(
          b, stencil.getLoc(), chunk,
          chunkElements(b, loc, chunks, margins, tileRows), tileRows,
          b.getDenseI64ArrayAttr(margins),
          b.getI64IntegerAttr(kWindowElements)));
    }
  }

  bool empty() const { return stencils.empty(); }
  /// The rows of a chunk that a window holds.
  Value getTileRows() const { return tileRows; }

  /// Fills each window with its stencil's input over rows [lo, hi) of the
  /// chunk at `starts` of `extents` (an array of `shape`), and records it in
  /// `chunks`.
  void fill(OpBuilder &nb, Location nloc, const StageEnv &env,
            ArrayRef<int64_t> shape, ValueRange starts, ValueRange extents,
            Value lo, Value hi, StageChunks &chunks) const {
    for (auto [stencil, window] : llvm::zip(stencils, storage))
      chunks.windows[stencil] = fillWindow(nb, nloc, env, shape, stencil,
                                           window, starts, extents, lo, hi);
  }

  void release(OpBuilder &b, Location loc) const {
    for (Value window : storage)
      task::ReleaseOp::create(b, loc, window);
  }

private:
  /// Computes `stencil`'s generated input over the chunk's rows [lo, hi)
  /// and `h` elements on each side along its axis into `window`, laid out
  /// as a halo copy's chunk of those rows. Only the margins go through
  /// numpy.pad's source coordinate.
  static Window fillWindow(OpBuilder &nb, Location nloc, const StageEnv &env,
                           ArrayRef<int64_t> shape, array::ConvolveOp stencil,
                           Value window, ValueRange starts, ValueRange extents,
                           Value lo, Value hi) {
    int64_t axis = stencil.getAxis(), h = stencil.getHalo();
    Value n = emitIndexSize(nb, nloc, shape[axis]);
    Value width = indexConst(nb, nloc, h);
    // The window's extents without margins; the margins lie along the axis.
    SmallVector<Value> inner(extents);
    inner[0] = arith::SubIOp::create(nb, nloc, hi, lo);
    Value end = arith::AddIOp::create(nb, nloc, inner[axis], width);
    Window result{window, lo, inner};
    result.box[axis] = arith::AddIOp::create(nb, nloc, end, width);
    SmallVector<Value> steps(shape.size(), indexConst(nb, nloc, 1));
    auto fill = [&](Value from, Value to, bool margin) {
      SmallVector<Value> lbs(shape.size(), indexConst(nb, nloc, 0)), ubs(inner);
      lbs[axis] = from;
      ubs[axis] = to;
      scf::buildLoopNest(
          nb, nloc, lbs, ubs, steps,
          [&](OpBuilder &fb, Location floc, ValueRange ivs) {
            // The chunk's coordinates of the window's element.
            SmallVector<Value> at(ivs), atStarts(starts);
            at[axis] = arith::SubIOp::create(fb, floc, ivs[axis], width);
            at[0] = arith::AddIOp::create(fb, floc, at[0], lo);
            Value global;
            if (margin) {
              global = arith::AddIOp::create(fb, floc, starts[axis], at[axis]);
              at[axis] = emitPadSource(fb, floc, global, n, stencil.getMode());
              atStarts[axis] = indexConst(fb, floc, 0);
            }
            StageChunks none;
            ElementEvaluator input(fb, floc, env, none, shape, at, atStarts,
                                   extents);
            Value value = input.element(stencil.getInput());
            if (margin && stencil.getMode() == array::PadMode::constant)
              value = arith::SelectOp::create(
                  fb, floc, emitInside(fb, floc, global, n), value,
                  arith::ConstantOp::create(fb, floc, value.getType(),
                                            fb.getZeroAttr(value.getType())));
            task::WriteOp::create(fb, floc, value, window,
                                  rowMajor(fb, floc, ivs, result.box));
          });
    };
    fill(indexConst(nb, nloc, 0), width, /*margin=*/true);
    fill(width, end, /*margin=*/false);
    fill(end, result.box[axis], /*margin=*/true);
    return result;
  }

  SmallVector<array::ConvolveOp> stencils;
  SmallVector<Value> storage;
  Value tileRows;
};

/// Where one reduction's values sit among the stage's carried accumulators
/// and among its partial results.
struct ReductionSlots {
  unsigned firstCarried, numCarried;
  unsigned firstPartial, numPartials;
};

/// Emits one stage for a plan: the arrays it writes, the halo copies it
/// reads, the loop nest over each chunk, and the combines after it.
class StageEmitter {
public:
  StageEmitter(OpBuilder &b, Location loc, const StagePlan &plan,
               const StageEnv &env)
      : b(b), loc(loc), plan(plan), env(env) {
    for (array::ReduceOp op : plan.reductions)
      reductions.emplace_back(op);
  }

  StageResult emit() {
    allocateOutputs();
    collectInputs();
    layOutReductions();
    createCounters();
    createChunkStorage();
    createWindows();
    task::StageOp stage = createStage();
    emitBody(stage);
    for (Value halo : halos)
      task::FreeOp::create(b, loc, halo);
    for (Value storage : operandStorage)
      task::ReleaseOp::create(b, loc, storage);
    windows.release(b, loc);
    fillHalos();
    combineReductions(stage);
    sumCounts();
    placeSelections();
    return std::move(result);
  }

private:
  void allocateOutputs() {
    for (auto [output, stencil] : llvm::zip(plan.outputs, plan.outputHalos))
      result.dists.push_back(task::AllocOp::create(
          b, loc,
          stencil ? getHaloDistType(stencil)
                  : getDistType(cast<array::ArrayType>(output.getType()))));
  }

  /// Each rank's zeroed counters of every count, before the stage.
  void createCounters() {
    for (array::BincountOp op : plan.counts) {
      Value length = env.scalars.lookup(op.getLength());
      lengths.push_back(length);
      counters.push_back(task::CountsOp::create(
          b, op.getLoc(), task::CountsType::get(b.getContext()), length));
    }
  }

  /// The products' arrays, the selections, and storage for one chunk of
  /// each distinct operand they read in the stage.
  void createChunkStorage() {
    if (plan.products.empty() && plan.rowProducts.empty() &&
        plan.selections.empty())
      return;
    Value elements = chunkElements(b, loc, plan.grid.getChunks(), {});
    auto addOperand = [&](Value operand, Location at) {
      if (llvm::is_contained(operands, operand))
        return;
      Type element = cast<array::ArrayType>(operand.getType())
                         .getElementType();
      operands.push_back(operand);
      operandStorage.push_back(task::ScratchOp::create(
          b, at, task::ChunkType::get(b.getContext(), element), elements));
    };
    for (array::MatmulPartialsOp op : plan.products) {
      result.products.push_back(
          task::AllocOp::create(b, op.getLoc(), getDistType(op.getType())));
      addOperand(op.getLhs(), op.getLoc());
      addOperand(op.getRhs(), op.getLoc());
    }
    for (array::MatmulOp op : plan.rowProducts) {
      result.rowProducts.push_back(
          task::AllocOp::create(b, op.getLoc(), getDistType(op.getType())));
      addOperand(op.getLhs(), op.getLoc());
    }
    for (Operation *op : plan.selections) {
      Type element = cast<array::ArrayType>(op->getResult(0).getType())
                         .getElementType();
      auto open = task::SelectionOpenOp::create(
          b, op->getLoc(), task::SelectionType::get(b.getContext(), element));
      open.setDistinct(isa<array::UniqueOp>(op));
      selections.push_back(open);
      for (Value operand : op->getOperands())
        addOperand(operand, op->getLoc());
    }
  }

  void createWindows() {
    SmallVector<Value> roots(plan.outputs);
    for (array::ReduceOp op : plan.reductions)
      roots.push_back(op.getInput());
    for (array::BincountOp op : plan.counts)
      roots.push_back(op.getInput());
    llvm::append_range(roots, operands);
    windows.create(b, loc, plan.grid, roots, plan.inputs, plan.stencils);
  }

  /// Storage of the chunk's elements of `operand` (a product's or a
  /// selection's).
  Value storageOf(Value operand) const {
    return operandStorage[llvm::find(operands, operand) - operands.begin()];
  }

  /// Once the chunk's operands are written: each partial product of the
  /// chunk, and each selection's elements of it.
  void finishChunk(task::StageOp stage, ValueRange extents) {
    for (auto [i, op] : llvm::enumerate(plan.products)) {
      array::MatmulPartialsOp product = op;
      task::MatmulChunkOp::create(
          b, product.getLoc(), result.products[i], stage.getChunkIndex(),
          storageOf(product.getLhs()), storageOf(product.getRhs()),
          extents[0]);
    }
    for (auto [i, op] : llvm::enumerate(plan.rowProducts)) {
      array::MatmulOp product = op;
      task::MatmulRowsChunkOp::create(
          b, product.getLoc(), result.rowProducts[i], stage.getChunkIndex(),
          storageOf(product.getLhs()), env.replicas.lookup(product),
          extents[0]);
    }
    if (plan.selections.empty())
      return;
    Value elements;
    for (Value extent : extents)
      elements = elements ? arith::MulIOp::create(b, loc, elements, extent)
                          : extent;
    for (auto [i, op] : llvm::enumerate(plan.selections)) {
      // unique(x) has no mask: every value joins.
      auto compress = dyn_cast<array::CompressOp>(op);
      task::SelectChunkOp::create(
          b, op->getLoc(), selections[i], storageOf(op->getOperand(0)),
          compress ? storageOf(compress.getMask()) : Value(), elements);
    }
  }

  /// The selections, each placed in its result after the stage.
  void placeSelections() {
    for (auto [i, op] : llvm::enumerate(plan.selections)) {
      result.selections.push_back(task::PlaceSelectionOp::create(
          b, op->getLoc(),
          getDistType(cast<array::ArrayType>(op->getResult(0).getType())),
          selections[i]));
    }
  }

  /// The counts summed over the ranks, after the stage.
  void sumCounts() {
    for (auto [i, op] : llvm::enumerate(plan.counts)) {
      array::BincountOp count = op;
      Value dest = task::AllocOp::create(b, count.getLoc(),
                                         getDistType(count.getType()));
      task::SumCountsOp::create(b, count.getLoc(), counters[i], lengths[i],
                                dest);
      result.counts.push_back(dest);
    }
  }

  /// The margins of the outputs laid out with a halo, from their interiors.
  void fillHalos() {
    for (auto [dist, stencil] : llvm::zip(result.dists, plan.outputHalos))
      if (array::ConvolveOp op = stencil)
        task::FillHaloOp::create(b, loc, dist,
                                 static_cast<task::PadMode>(op.getMode()));
  }

  /// The materialised inputs, one halo copy per stencil, then the partials
  /// of the reductions along an axis.
  void collectInputs() {
    collectStageInputs(b, env, plan.inputs, plan.stencils, plan.axisReductions,
                       ins, halos);
  }

  void layOutReductions() {
    for (ReductionLowering &reduction : reductions) {
      SmallVector<Type> carried = reduction.getCarriedTypes();
      SmallVector<Type> partials = reduction.getPartialTypes();
      slots.push_back({static_cast<unsigned>(carriedTypes.size()),
                       static_cast<unsigned>(carried.size()),
                       static_cast<unsigned>(partialTypes.size()),
                       static_cast<unsigned>(partials.size())});
      carriedTypes.append(carried);
      partialTypes.append(partials);
    }
  }

  task::StageOp createStage() {
    MLIRContext *ctx = b.getContext();
    SmallVector<Type> resultTypes;
    for (Type type : partialTypes)
      resultTypes.push_back(task::PartialsType::get(ctx, type));
    auto stage = task::StageOp::create(
        b, loc, resultTypes, b.getDenseI64ArrayAttr(plan.grid.getShape()),
        b.getDenseI64ArrayAttr(plan.grid.getChunks()),
        task::PlacementAttr::get(ctx, task::Placement::contiguous), ins,
        result.dists);
    stage.createBodyBlock(b);
    return stage;
  }

  /// The stage body's view of its chunk: the storage it reads, and the
  /// chunk's global start and extent per dimension.
  struct ChunkArgs {
    StageChunks chunks;
    SmallVector<Value> starts, extents;
  };

  ChunkArgs getChunkArgs(task::StageOp stage) {
    ChunkArgs args;
    mapStageChunks(stage, env, plan.inputs, plan.stencils, plan.axisReductions,
                   args.chunks);
    for (int64_t dim = 0; dim < plan.grid.getRank(); ++dim) {
      args.starts.push_back(stage.getStart(dim));
      args.extents.push_back(stage.getExtent(dim));
    }
    return args;
  }

  /// `args` with each window filled for the chunk's rows [lo, hi).
  ChunkArgs fillWindows(OpBuilder &nb, Location nloc, const ChunkArgs &args,
                        Value lo, Value hi) {
    ChunkArgs tile = args;
    windows.fill(nb, nloc, env, plan.grid.getShape(), args.starts, args.extents,
                 lo, hi, tile.chunks);
    return tile;
  }

  void emitBody(task::StageOp stage) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&stage.getBodyBlock());
    ChunkArgs args = getChunkArgs(stage);
    SmallVector<Value> shifts = emitShifts(args);
    SmallVector<Value> init;
    for (ReductionLowering &reduction : reductions)
      init.append(reduction.emitInitial(b, loc));
    scf::ValueVector finals = emitLoopNest(stage, args, init, shifts);
    finishChunk(stage, args.extents);
    SmallVector<Value> yields;
    for (auto [reduction, slot, shift] : llvm::zip(reductions, slots, shifts))
      yields.append(reduction.emitChunkPartials(
          b, loc,
          ValueRange(finals).slice(slot.firstCarried, slot.numCarried),
          args.extents, shift));
    task::YieldOp::create(b, loc, yields);
  }

  /// Moments are taken about the chunk's first element, which keeps the
  /// one-pass sums accurate whatever the data's offset.
  SmallVector<Value> emitShifts(const ChunkArgs &args) {
    SmallVector<Value> shifts(reductions.size());
    if (llvm::none_of(reductions, [](ReductionLowering &reduction) {
          return reduction.needsShift();
        }))
      return shifts;
    SmallVector<Value> origin(plan.grid.getRank(), indexConst(b, loc, 0));
    ElementEvaluator first(b, loc, env, args.chunks, plan.grid.getShape(),
                           origin, args.starts, args.extents);
    for (auto [reduction, shift] : llvm::zip(reductions, shifts))
      if (reduction.needsShift())
        shift = reduction.emitShift(
            b, loc, first.element(reduction.getOp().getInput()));
    return shifts;
  }

  /// One loop per dimension over the chunk, carrying the accumulators;
  /// returns their final values. With lanes, the innermost loop is a lane
  /// loop (ReductionLanes.h), the lanes carried through the outer loops.
  /// With windows, the rows along dimension 0 go in tiles of `tileRows`,
  /// the windows filled before each; the elements keep their order.
  scf::ValueVector emitLoopNest(task::StageOp stage, const ChunkArgs &args,
                                ValueRange init, ArrayRef<Value> shifts) {
    int64_t rank = plan.grid.getRank();
    bool lanes =
        rank > 0 && llvm::any_of(reductions, [](ReductionLowering &reduction) {
          return reduction.getLanes() > 1;
        });
    int64_t looped = lanes ? rank - 1 : rank;
    Value zeroIndex = arith::ConstantIndexOp::create(b, loc, 0);
    Value oneIndex = arith::ConstantIndexOp::create(b, loc, 1);
    auto laneStep = [&](const ChunkArgs &tile, SmallVector<Value> &position) {
      return [&](OpBuilder &lb, Location lloc, Value index, unsigned lane,
                 ValueRange state) {
        position.back() = index;
        return emitElementStep(lb, lloc, stage, tile, position, lane, state,
                               shifts);
      };
    };
    // The nest over the rows [lo, hi) of dimension 0.
    auto nest = [&](const ChunkArgs &tile, Value lo, Value hi,
                    ValueRange accs) -> scf::ValueVector {
      SmallVector<Value> lbs(looped, zeroIndex), steps(looped, oneIndex);
      SmallVector<Value> ubs(ValueRange(args.extents).take_front(looped));
      if (looped > 0) {
        lbs[0] = lo;
        ubs[0] = hi;
      }
      auto body = [&](OpBuilder &nb, Location nloc, ValueRange ivs,
                      ValueRange state) -> scf::ValueVector {
        if (!lanes)
          return emitElementStep(nb, nloc, stage, tile, ivs, /*lane=*/0, state,
                                 shifts);
        SmallVector<Value> position(ivs);
        position.push_back(Value());
        return emitLaneLoop(nb, nloc, args.extents.back(), state,
                            laneStep(tile, position));
      };
      return scf::buildLoopNest(b, loc, lbs, ubs, steps, accs, body).results;
    };
    if (windows.empty())
      return nest(args, zeroIndex, args.extents[0], init);
    Value tileRows = windows.getTileRows();
    if (looped == 0) {
      // A 1-D chunk folded in lanes: the lane loop's blocks are the tiles.
      ChunkArgs tile = args;
      SmallVector<Value> position(1);
      return emitLaneLoop(
          b, loc, args.extents[0], init, laneStep(tile, position), tileRows,
          [&](OpBuilder &nb, Location nloc, Value lo, Value hi) {
            tile = fillWindows(nb, nloc, args, lo, hi);
          });
    }
    auto tiles = scf::ForOp::create(
        b, loc, zeroIndex, args.extents[0], tileRows, init,
        [&](OpBuilder &tb, Location tloc, Value lo, ValueRange accs) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(tb.getInsertionBlock(), tb.getInsertionPoint());
          Value hi = arith::MinSIOp::create(
              b, loc, arith::AddIOp::create(b, loc, lo, tileRows),
              args.extents[0]);
          ChunkArgs tile = fillWindows(b, loc, args, lo, hi);
          scf::YieldOp::create(b, loc, nest(tile, lo, hi, accs));
        });
    return scf::ValueVector(tiles.getResults().begin(),
                            tiles.getResults().end());
  }

  /// Where the element at `ivs` of a chunk of `extents` lies in `chunk`,
  /// the same chunk laid out with `stencil`'s halo: past the margin along
  /// its axis, whose rows lie the chunk's pitch apart.
  static Value interiorOffset(OpBuilder &nb, Location nloc, task::StageOp stage,
                              Value chunk, ValueRange ivs, ValueRange extents,
                              array::ConvolveOp stencil) {
    int64_t axis = stencil.getAxis();
    Value width = indexConst(nb, nloc, stencil.getHalo());
    SmallVector<Value> position(ivs), stored(extents);
    position[axis] = arith::AddIOp::create(nb, nloc, ivs[axis], width);
    stored[axis] = axis > 0
                       ? chunkPitch(stage, chunk)
                       : arith::AddIOp::create(
                             nb, nloc, extents[axis],
                             arith::AddIOp::create(nb, nloc, width, width));
    return rowMajor(nb, nloc, position, stored);
  }

  /// At one element: writes the outputs and folds it into the reductions'
  /// accumulators of `lane`.
  SmallVector<Value> emitElementStep(OpBuilder &nb, Location nloc,
                                     task::StageOp stage,
                                     const ChunkArgs &args, ValueRange ivs,
                                     unsigned lane, ValueRange accs,
                                     ArrayRef<Value> shifts) {
    ElementEvaluator eval(nb, nloc, env, args.chunks, plan.grid.getShape(), ivs,
                          args.starts, args.extents);
    for (auto [i, output, stencil] :
         llvm::enumerate(plan.outputs, plan.outputHalos))
      task::WriteOp::create(
          nb, nloc, eval.element(output), stage.getOutChunk(i),
          stencil ? interiorOffset(nb, nloc, stage, stage.getOutChunk(i), ivs,
                                   args.extents, stencil)
                  : eval.localOffset());
    for (auto [i, op] : llvm::enumerate(plan.counts))
      task::CountOp::create(nb, nloc, counters[i],
                            eval.element(array::BincountOp(op).getInput()),
                            lengths[i]);
    for (auto [operand, storage] : llvm::zip(operands, operandStorage))
      task::WriteOp::create(nb, nloc, eval.element(operand), storage,
                            eval.localOffset());
    SmallVector<Value> next;
    for (auto [reduction, slot, shift] : llvm::zip(reductions, slots, shifts)) {
      Value element = eval.element(reduction.getOp().getInput());
      Value index = reduction.needsIndex() ? eval.getLinearIndex() : Value();
      next.append(reduction.emitStep(
          nb, nloc, accs.slice(slot.firstCarried, slot.numCarried), element,
          shift, lane, index));
    }
    return next;
  }

  /// Combines the partials along the fixed combining tree into each
  /// reduction's value.
  void combineReductions(task::StageOp stage) {
    ValueRange partials = stage.getResults();
    for (auto [reduction, slot] : llvm::zip(reductions, slots))
      result.scalars.push_back(reduction.emitCombine(
          b, partials.slice(slot.firstPartial, slot.numPartials),
          plan.grid.getShape()));
  }

  OpBuilder &b;
  Location loc;
  const StagePlan &plan;
  const StageEnv &env;
  SmallVector<ReductionLowering> reductions;
  SmallVector<ReductionSlots> slots;
  SmallVector<Type> carriedTypes, partialTypes;
  SmallVector<Value> ins, halos;
  /// Per count: its counters and their number.
  SmallVector<Value> counters, lengths;
  /// The distinct operands of the partial products and selections, and
  /// their storage for one chunk; each selection's task.selection_open.
  SmallVector<Value> operands, operandStorage, selections;
  StencilWindows windows;
  StageResult result;
};

/// Emits the stage of an AxisPartialsPlan: at each element of the partials'
/// grid, one fold along the axis over the input chunk's elements there,
/// which evaluates the inputs once per element for every reduction.
///
/// Along the last axis an element's fold reads its row of the chunk in
/// order, its accumulators in registers. Along an outer axis the folds of
/// neighbouring elements of the last axis (as many as kFoldStateBytes of
/// accumulators hold) advance together a row at a time, as NumPy's column
/// sums do: their accumulators live in task.scratch storage (one array per
/// accumulator and lane), so the input is read once, in order, and the loop
/// over the columns vectorizes. Either way lane l of a fold takes the elements
/// at indices l, l + 8, ... along the axis, in order, so the bits are the same.
class AxisPartialsEmitter {
public:
  AxisPartialsEmitter(OpBuilder &b, Location loc, const AxisPartialsPlan &plan,
                      const StageEnv &env)
      : b(b), loc(loc), plan(plan), env(env) {
    for (array::ReduceOp op : plan.reductions)
      reductions.emplace_back(op);
  }

  SmallVector<SmallVector<Value>> emit() {
    SmallVector<SmallVector<Value>> partials;
    SmallVector<Value> outs;
    for (ReductionLowering &reduction : reductions) {
      partials.emplace_back();
      for (Type type : reduction.getAxisPartialTypes()) {
        partials.back().push_back(task::AllocOp::create(
            b, loc,
            getAxisPartialsType(plan.grid, plan.axis, plan.count, type,
                                /*whole=*/false)));
        outs.push_back(partials.back().back());
      }
    }
    SmallVector<Value> ins, halos;
    collectStageInputs(b, env, plan.inputs, plan.stencils, plan.axisReductions,
                       ins, halos);
    if (streamsRows())
      createFoldState();
    if (takesWindows()) {
      SmallVector<Value> roots;
      for (array::ReduceOp op : plan.reductions)
        roots.push_back(op.getInput());
      windows.create(b, loc, plan.grid, roots, plan.inputs, plan.stencils,
                     /*constantSize=*/true);
    }
    task::DistType grid = getAxisPartialsType(plan.grid, plan.axis, plan.count,
                                              b.getF64Type(), /*whole=*/false);
    MLIRContext *ctx = b.getContext();
    auto stage = task::StageOp::create(
        b, loc, TypeRange(), b.getDenseI64ArrayAttr(grid.getShape()),
        b.getDenseI64ArrayAttr(grid.getChunks()),
        task::PlacementAttr::get(ctx, task::Placement::contiguous), ins, outs);
    stage.createBodyBlock(b);
    emitBody(stage, grid);
    for (Value halo : halos)
      task::FreeOp::create(b, loc, halo);
    for (const FoldSlot &slot : state)
      task::ReleaseOp::create(b, loc, slot.storage);
    for (Value shift : shifts)
      if (shift)
        task::ReleaseOp::create(b, loc, shift);
    windows.release(b, loc);
    return partials;
  }

private:
  /// One accumulator of the folds that advance a row at a time: its value
  /// for each of foldColumns columns, in each lane where it has lanes (lane
  /// l's values at l * foldColumns).
  struct FoldSlot {
    Value storage;
    bool lanes;
  };

  bool streamsRows() const {
    return plan.axis != static_cast<int64_t>(plan.grid.getRank()) - 1;
  }

  /// Whether the folds can take the rows of a chunk (along axis 0) in the
  /// windows' tiles: along the last axis (not axis 0), each fold lies in one
  /// row; along axis 0 of a 2-D array, a chunk's rows must fit one tile of
  /// columns (in 3-D, each element of the middle axis would fill them all).
  bool takesWindows() const {
    if (!streamsRows())
      return plan.axis != 0;
    return plan.axis == 0 && plan.grid.getRank() == 2 &&
           plan.grid.getChunks().back() <= foldColumns;
  }

  void createFoldState() {
    int64_t columnBytes = 0;
    auto bytesOf = [](Type type) {
      return (getElementTypeOrSelf(type).getIntOrFloatBitWidth() + 7) / 8;
    };
    for (ReductionLowering &reduction : reductions) {
      SmallVector<Type> types = reduction.getCarriedTypes();
      for (Type type : types)
        columnBytes +=
            bytesOf(type) * (isa<VectorType>(type) ? kReductionLanes : 1);
      if (reduction.needsShift())
        columnBytes += bytesOf(types[0]);
    }
    foldColumns =
        std::max<int64_t>(kReductionLanes, kFoldStateBytes / columnBytes);
    // No more than a chunk holds, where that is known when compiling.
    int64_t chunk = plan.grid.getChunks().back();
    if (!plan::isSymbol(chunk))
      foldColumns = std::min(foldColumns, chunk);
    MLIRContext *ctx = b.getContext();
    auto storage = [&](Type type, int64_t copies) -> Value {
      return task::ScratchOp::create(
          b, loc, task::ChunkType::get(ctx, getElementTypeOrSelf(type)),
          indexConst(b, loc, copies * foldColumns));
    };
    for (ReductionLowering &reduction : reductions) {
      SmallVector<Type> types = reduction.getCarriedTypes();
      for (Type type : types) {
        bool lanes = isa<VectorType>(type);
        state.push_back({storage(type, lanes ? kReductionLanes : 1), lanes});
      }
      shifts.push_back(reduction.needsShift() ? storage(types[0], 1) : Value());
    }
  }

  void emitBody(task::StageOp stage, task::DistType grid) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&stage.getBodyBlock());
    int64_t rank = grid.getRank(), axis = plan.axis;
    mapStageChunks(stage, env, plan.inputs, plan.stencils, plan.axisReductions,
                   chunks);
    for (int64_t dim = 0; dim < rank; ++dim) {
      starts.push_back(stage.getStart(dim));
      extents.push_back(stage.getExtent(dim));
    }
    // The input chunk: chunk `k` along the axis, where the partials' chunk
    // starts at k.
    Value length = emitIndexSize(b, loc, plan.grid.getShape()[axis]);
    Value chunk = emitIndexSize(b, loc, plan.grid.getChunks()[axis]);
    inStarts.assign(starts);
    inExtents.assign(extents);
    inStarts[axis] = arith::MulIOp::create(b, loc, starts[axis], chunk);
    inExtents[axis] = arith::MinSIOp::create(
        b, loc, chunk, arith::SubIOp::create(b, loc, length, inStarts[axis]));
    // A loop over every axis but the last: along the last lie the folded
    // axis's one partial (a fold along the last axis) or the tiles of
    // columns whose folds advance together.
    int64_t looped = rank - 1;
    SmallVector<Value> lbs(looped, indexConst(b, loc, 0)),
        ubs(ValueRange(extents).take_front(looped)),
        steps(looped, indexConst(b, loc, 1));
    auto nest = [&](OpBuilder &nb, Location nloc, const StageChunks &from) {
      scf::buildLoopNest(nb, nloc, lbs, ubs, steps,
                         [&](OpBuilder &fb, Location floc, ValueRange outer) {
                           if (streamsRows())
                             emitStreamedFolds(stage, fb, floc, outer);
                           else
                             emitFold(stage, fb, floc, column(fb, floc, outer),
                                      from);
                         });
    };
    if (streamsRows()) {
      nest(b, loc, chunks);
    } else {
      // Each fold lies in one row along axis 0: the rows go in the windows'
      // tiles.
      forRowTiles(b, loc, extents[0],
                  [&](OpBuilder &tb, Location tloc, Value lo, Value hi,
                      const StageChunks &tileChunks) {
                    lbs[0] = lo;
                    ubs[0] = hi;
                    nest(tb, tloc, tileChunks);
                  });
    }
    task::YieldOp::create(b, loc, ValueRange());
  }

  /// Calls `body` on the input chunk's rows [0, rows) along axis 0, in the
  /// windows' tiles, each filled first, with the chunks that read them; in
  /// one piece without windows.
  void forRowTiles(OpBuilder &nb, Location nloc, Value rows,
                   function_ref<void(OpBuilder &, Location, Value lo, Value hi,
                                     const StageChunks &)>
                       body) {
    if (windows.empty()) {
      body(nb, nloc, indexConst(nb, nloc, 0), rows, chunks);
      return;
    }
    Value tileRows = windows.getTileRows();
    scf::ForOp::create(
        nb, nloc, indexConst(nb, nloc, 0), rows, tileRows, ValueRange(),
        [&](OpBuilder &tb, Location tloc, Value lo, ValueRange) {
          Value hi = arith::MinSIOp::create(
              tb, tloc, arith::AddIOp::create(tb, tloc, lo, tileRows), rows);
          StageChunks tileChunks = chunks;
          windows.fill(tb, tloc, env, plan.grid.getShape(), inStarts, inExtents,
                       lo, hi, tileChunks);
          body(tb, tloc, lo, hi, tileChunks);
          scf::YieldOp::create(tb, tloc);
        });
  }

  /// The partials' element at `outer` along the axes before the last, the
  /// axis folded.
  static SmallVector<Value> column(OpBuilder &nb, Location nloc,
                                   ValueRange outer) {
    SmallVector<Value> position(outer);
    position.push_back(indexConst(nb, nloc, 0));
    return position;
  }

  /// The element of the input at `position`, with `index` along the axis.
  ElementEvaluator evaluatorAt(OpBuilder &eb, Location eloc,
                               SmallVector<Value> &position, Value index) {
    return evaluatorAt(eb, eloc, position, index, chunks);
  }
  ElementEvaluator evaluatorAt(OpBuilder &eb, Location eloc,
                               SmallVector<Value> &position, Value index,
                               const StageChunks &from) {
    position[plan.axis] = index;
    return ElementEvaluator(eb, eloc, env, from, plan.grid.getShape(), position,
                            inStarts, inExtents);
  }

  /// argmin and argmax take the index along the whole axis.
  Value globalIndex(OpBuilder &nb, Location nloc, ReductionLowering &reduction,
                    Value index) {
    if (!reduction.needsIndex())
      return Value();
    return arith::IndexCastOp::create(
        nb, nloc, nb.getI64Type(),
        arith::AddIOp::create(nb, nloc, inStarts[plan.axis], index));
  }

  /// Writes each reduction's partials at `column` of the partials' chunk
  /// from its final accumulators (from `carried`, `numCarried` each).
  void writePartials(OpBuilder &nb, Location nloc, task::StageOp stage,
                     ValueRange column, ValueRange carried,
                     ArrayRef<Value> columnShifts) {
    Value offset = rowMajor(nb, nloc, column, extents);
    unsigned out = 0;
    for (auto [reduction, shift] : llvm::zip(reductions, columnShifts)) {
      unsigned numCarried = reduction.getCarriedTypes().size();
      SmallVector<Value> partials =
          reduction.emitChunkPartials(nb, nloc, carried.take_front(numCarried),
                                      ValueRange{inExtents[plan.axis]}, shift);
      carried = carried.drop_front(numCarried);
      for (Value value : reduction.emitAxisPartials(nb, nloc, partials))
        task::WriteOp::create(nb, nloc, value, stage.getOutChunk(out++),
                              offset);
    }
  }

  /// The folds of the element at `column`, along the last axis, in one loop
  /// over the lanes with their accumulators carried.
  void emitFold(task::StageOp stage, OpBuilder &nb, Location nloc,
                ValueRange column, const StageChunks &from) {
    SmallVector<Value> position(column), columnShifts, init;
    for (ReductionLowering &reduction : reductions) {
      Value shift;
      if (reduction.needsShift())
        shift = reduction.emitShift(
            nb, nloc,
            evaluatorAt(nb, nloc, position, indexConst(nb, nloc, 0))
                .element(reduction.getOp().getInput()));
      columnShifts.push_back(shift);
      init.append(reduction.emitInitial(nb, nloc));
    }
    auto step = [&](OpBuilder &sb, Location sloc, Value index, unsigned lane,
                    ValueRange carried) {
      ElementEvaluator eval = evaluatorAt(sb, sloc, position, index, from);
      SmallVector<Value> next;
      for (auto [reduction, shift] : llvm::zip(reductions, columnShifts)) {
        unsigned numCarried = reduction.getCarriedTypes().size();
        next.append(reduction.emitStep(
            sb, sloc, carried.take_front(numCarried),
            eval.element(reduction.getOp().getInput()), shift, lane,
            globalIndex(sb, sloc, reduction, index)));
        carried = carried.drop_front(numCarried);
      }
      return next;
    };
    bool lanes = llvm::any_of(reductions, [](ReductionLowering &reduction) {
      return reduction.getLanes() > 1;
    });
    SmallVector<Value> finals =
        lanes ? emitLaneLoop(nb, nloc, inExtents[plan.axis], init, step)
              : emitOneLaneLoop(nb, nloc, inExtents[plan.axis], init, step);
    writePartials(nb, nloc, stage, column, finals, columnShifts);
  }

  /// Where the accumulator of `slot` keeps `lane`'s value at `column` of
  /// the tile (`laneBase` = lane * foldColumns).
  static Value slotOffset(OpBuilder &nb, Location nloc, const FoldSlot &slot,
                          Value laneBase, Value column) {
    return slot.lanes ? arith::AddIOp::create(nb, nloc, laneBase, column)
                      : column;
  }

  /// A loop over the tile's columns [0, width).
  static void
  forColumns(OpBuilder &nb, Location nloc, Value width,
             function_ref<void(OpBuilder &, Location, Value)> body) {
    scf::ForOp::create(nb, nloc, indexConst(nb, nloc, 0), width,
                       indexConst(nb, nloc, 1), ValueRange(),
                       [&](OpBuilder &cb, Location cloc, Value j, ValueRange) {
                         body(cb, cloc, j);
                         scf::YieldOp::create(cb, cloc);
                       });
  }

  /// The folds of the elements of the last axis at `outer` (the partials'
  /// chunk position along the others), foldColumns at a time: their
  /// accumulators set, the input's rows along the axis folded in order, then
  /// their partials written.
  void emitStreamedFolds(task::StageOp stage, OpBuilder &nb, Location nloc,
                         ValueRange outer) {
    int64_t last = plan.grid.getRank() - 1;
    Value tile = indexConst(nb, nloc, foldColumns);
    scf::ForOp::create(
        nb, nloc, indexConst(nb, nloc, 0), extents[last], tile, ValueRange(),
        [&](OpBuilder &tb, Location tloc, Value first, ValueRange) {
          Value width = arith::MinSIOp::create(
              tb, tloc, tile,
              arith::SubIOp::create(tb, tloc, extents[last], first));
          auto positionOf = [&](OpBuilder &pb, Location ploc, Value j) {
            SmallVector<Value> position(outer);
            position.push_back(arith::AddIOp::create(pb, ploc, first, j));
            return position;
          };
          forColumns(tb, tloc, width,
                     [&](OpBuilder &cb, Location cloc, Value j) {
                       emitInitialState(cb, cloc, positionOf(cb, cloc, j), j);
                     });
          // The rows [lo, hi) along the axis, read from `rowChunks`.
          auto emitRows = [&](OpBuilder &rb, Location rloc, Value lo, Value hi,
                              const StageChunks &rowChunks) {
            scf::ForOp::create(
                rb, rloc, lo, hi, indexConst(rb, rloc, 1), ValueRange(),
                [&](OpBuilder &sb, Location sloc, Value row, ValueRange) {
                  Value laneBase = arith::MulIOp::create(
                      sb, sloc,
                      arith::RemUIOp::create(
                          sb, sloc, row, indexConst(sb, sloc, kReductionLanes)),
                      tile);
                  forColumns(sb, sloc, width,
                             [&](OpBuilder &cb, Location cloc, Value j) {
                               SmallVector<Value> position =
                                   positionOf(cb, cloc, j);
                               emitRowStep(cb, cloc, rowChunks, position, row,
                                           laneBase, j);
                             });
                  scf::YieldOp::create(sb, sloc);
                });
          };
          // Windows here hold a tile of rows of the whole chunk (axis 0).
          forRowTiles(tb, tloc, inExtents[plan.axis], emitRows);
          forColumns(
              tb, tloc, width, [&](OpBuilder &cb, Location cloc, Value j) {
                emitFinalState(stage, cb, cloc, positionOf(cb, cloc, j), j);
              });
          scf::YieldOp::create(tb, tloc);
        });
  }

  /// Every lane's accumulators at column `j` of the tile set to the
  /// identity, and the shifts taken from the column's first element.
  void emitInitialState(OpBuilder &nb, Location nloc,
                        SmallVector<Value> position, Value j) {
    const FoldSlot *slot = state.begin();
    for (auto [reduction, shift] : llvm::zip(reductions, shifts)) {
      for (Value identity : reduction.emitLaneInitial(nb, nloc)) {
        for (unsigned lane = 0; lane < (slot->lanes ? kReductionLanes : 1);
             ++lane)
          task::WriteOp::create(
              nb, nloc, identity, slot->storage,
              slotOffset(nb, nloc, *slot,
                         indexConst(nb, nloc, lane * foldColumns), j));
        ++slot;
      }
      if (shift)
        task::WriteOp::create(
            nb, nloc,
            reduction.emitShift(
                nb, nloc,
                evaluatorAt(nb, nloc, position, indexConst(nb, nloc, 0))
                    .element(reduction.getOp().getInput())),
            shift, j);
    }
  }

  /// Folds the element at `row` along the axis of column `j` into the lane
  /// of that row.
  void emitRowStep(OpBuilder &nb, Location nloc, const StageChunks &rowChunks,
                   SmallVector<Value> &position, Value row, Value laneBase,
                   Value j) {
    ElementEvaluator eval = evaluatorAt(nb, nloc, position, row, rowChunks);
    const FoldSlot *slot = state.begin();
    for (auto [reduction, shift] : llvm::zip(reductions, shifts)) {
      ArrayRef<FoldSlot> slots(slot, reduction.getCarriedTypes().size());
      slot += slots.size();
      SmallVector<Value> carried;
      for (const FoldSlot &s : slots)
        carried.push_back(readChunk(nb, nloc, s.storage,
                                    slotOffset(nb, nloc, s, laneBase, j)));
      SmallVector<Value> next = reduction.emitLaneStep(
          nb, nloc, carried, eval.element(reduction.getOp().getInput()),
          shift ? readChunk(nb, nloc, shift, j) : Value(),
          globalIndex(nb, nloc, reduction, row));
      for (auto [value, s] : llvm::zip(next, slots))
        task::WriteOp::create(nb, nloc, value, s.storage,
                              slotOffset(nb, nloc, s, laneBase, j));
    }
  }

  /// The partials of column `j` of the tile from its lanes' accumulators.
  void emitFinalState(task::StageOp stage, OpBuilder &nb, Location nloc,
                      ArrayRef<Value> column, Value j) {
    SmallVector<Value> carried, columnShifts;
    const FoldSlot *slot = state.begin();
    for (auto [reduction, shift] : llvm::zip(reductions, shifts)) {
      for (Type type : reduction.getCarriedTypes()) {
        if (!slot->lanes) {
          carried.push_back(readChunk(nb, nloc, slot->storage, j));
        } else {
          SmallVector<Value> lanes;
          for (unsigned lane = 0; lane < kReductionLanes; ++lane)
            lanes.push_back(readChunk(
                nb, nloc, slot->storage,
                slotOffset(nb, nloc, *slot,
                           indexConst(nb, nloc, lane * foldColumns), j)));
          carried.push_back(
              vector::FromElementsOp::create(nb, nloc, type, lanes));
        }
        ++slot;
      }
      columnShifts.push_back(shift ? readChunk(nb, nloc, shift, j) : Value());
    }
    writePartials(nb, nloc, stage, column, carried, columnShifts);
  }

  OpBuilder &b;
  Location loc;
  const AxisPartialsPlan &plan;
  const StageEnv &env;
  SmallVector<ReductionLowering> reductions;
  /// The stage body's chunks, the partials' chunk, and the input chunk it
  /// folds.
  StageChunks chunks;
  SmallVector<Value> starts, extents, inStarts, inExtents;
  /// Folding along an outer axis: every reduction's accumulators in order,
  /// and per reduction its shifts (null without).
  SmallVector<FoldSlot> state;
  SmallVector<Value> shifts;
  int64_t foldColumns = 0;
  /// Folding along axis 0 with one tile of columns: the windows of the
  /// stencils of generated data that the reductions read.
  StencilWindows windows;
};

} // namespace

task::DistType bridge::getAxisPartialsType(array::ArrayType input, int64_t axis,
                                           int64_t count, Type elementType,
                                           bool whole) {
  SmallVector<int64_t> shape(input.getShape()), chunks(input.getChunks());
  shape[axis] = count;
  chunks[axis] = whole ? shape[axis] : 1;
  return task::DistType::get(input.getContext(), shape, elementType, chunks,
                             task::Placement::contiguous);
}

SmallVector<SmallVector<Value>>
bridge::buildAxisPartials(OpBuilder &b, Location loc,
                          const AxisPartialsPlan &plan, const StageEnv &env) {
  return AxisPartialsEmitter(b, loc, plan, env).emit();
}

task::DistType bridge::getDistType(array::ArrayType type) {
  return task::DistType::get(type.getContext(), type.getShape(),
                             type.getElementType(), type.getChunks(),
                             task::Placement::contiguous);
}

task::DistType bridge::getHaloDistType(array::ConvolveOp stencil) {
  task::DistType source = getDistType(stencil.getInput().getType());
  SmallVector<int64_t> widths(source.getRank(), 0);
  widths[stencil.getAxis()] = stencil.getHalo();
  return task::DistType::get(source.getContext(), source.getShape(),
                             source.getElementType(), source.getChunks(),
                             task::Placement::contiguous, widths);
}

StageResult bridge::buildStage(OpBuilder &b, Location loc,
                               const StagePlan &plan, const StageEnv &env) {
  return StageEmitter(b, loc, plan, env).emit();
}
