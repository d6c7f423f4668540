//===- MLIRGenShape.cpp - Lowering the shape and order built-ins ----------===//
//
// Every built-in that only moves elements is one array.arrange (or, for a
// pure permutation or a unit axis, transpose, squeeze or expand_dims): each
// element moves once, from its chunk to the result's, in one redistribution
// per source box. A box is the product of one run per axis, a stretch of
// result coordinates that reads the source with a constant step (negative
// for a flip or a reflection, 0 for an edge); Sema decides the runs of
// roll, tile and pad. `diff` is differences of two slices. `reshape` is
// array.reshape, which moves nothing, after a rechunk where the input's
// chunks do not align with the result's; `repeat` reads each element into a
// new axis after it (step 0), then merges the two, as `tile` does with a
// count known only at run time (a new axis before the one it repeats).
//
//===----------------------------------------------------------------------===//

#include "MLIRGenShape.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace bridge;
using namespace bridge::ast;
using mlir::Value;
namespace arr = bridge::array;

namespace {
/// The operands and flattened maps of one array.arrange.
class Arrangement {
public:
  Arrangement(mlir::OpBuilder &builder, mlir::Location loc,
              arr::ArrayType result)
      : builder(builder), loc(loc), result(result) {}

  /// Source `source` fills the box of one run per result axis; result
  /// dimension d reads source dimension srcDims[d].
  void add(Value source, llvm::ArrayRef<int64_t> srcDims,
           llvm::ArrayRef<AxisRun> box) {
    inputs.push_back(source);
    for (auto [from, run] : llvm::zip(srcDims, box)) {
      dims.push_back(from);
      offsets.push_back(run.offset);
      steps.push_back(run.step);
      lo.push_back(run.lo);
      hi.push_back(run.hi);
    }
  }

  /// Every product of one run per axis: from `source`, or from zeros where
  /// a run is a fill.
  void addProduct(Value source, llvm::ArrayRef<int64_t> srcDims,
                  llvm::ArrayRef<AxisRuns> runs) {
    int64_t rank = runs.size();
    llvm::SmallVector<size_t, 4> pick(rank, 0);
    for (;;) {
      llvm::SmallVector<AxisRun, 4> box;
      for (int64_t d = 0; d < rank; ++d)
        box.push_back(runs[d][pick[d]]);
      if (llvm::any_of(box, [](const AxisRun &r) { return r.fill; }))
        addZeros(box);
      else
        add(source, srcDims, box);
      int64_t d = rank - 1;
      while (d >= 0 && ++pick[d] == runs[d].size())
        pick[d--] = 0;
      if (d < 0)
        return;
    }
  }

  Value build() {
    return arr::ArrangeOp::create(builder, loc, result, inputs, dims, offsets,
                                  steps, lo, hi);
  }

private:
  /// A box of zeros, generated with the box's shape: the result's chunk on
  /// an axis it spans, one chunk across a pad.
  void addZeros(llvm::ArrayRef<AxisRun> box) {
    llvm::SmallVector<int64_t, 4> shape, chunks, identity;
    llvm::SmallVector<AxisRun, 4> maps;
    for (auto [d, run] : llvm::enumerate(box)) {
      bool whole = run.lo == 0 && run.hi == result.getShape()[d];
      shape.push_back(whole ? result.getShape()[d] : run.extent);
      chunks.push_back(whole ? result.getChunks()[d] : run.extent);
      identity.push_back(d);
      maps.push_back(AxisRun{run.lo, run.hi, 0, 1});
    }
    mlir::Type element = result.getElementType();
    Value zero = mlir::arith::ConstantOp::create(
        builder, loc, llvm::cast<mlir::TypedAttr>(builder.getZeroAttr(element)));
    Value zeros = arr::FullOp::create(
        builder, loc, arr::ArrayType::get(builder.getContext(), shape, element,
                                          chunks),
        zero);
    add(zeros, identity, maps);
  }

  mlir::OpBuilder &builder;
  mlir::Location loc;
  arr::ArrayType result;
  llvm::SmallVector<Value, 4> inputs;
  llvm::SmallVector<int64_t> dims, offsets, steps, lo, hi;
};
} // namespace

static llvm::SmallVector<int64_t, 4> identityDims(int64_t rank) {
  llvm::SmallVector<int64_t, 4> dims;
  for (int64_t d = 0; d < rank; ++d)
    dims.push_back(d);
  return dims;
}

/// `x` under `result`'s shape, rechunked to `srcChunks` first where its
/// chunks differ (Sema chose both chunkings so that they align).
static Value reshape(mlir::OpBuilder &builder, mlir::Location loc, Value x,
                     llvm::ArrayRef<int64_t> srcChunks, arr::ArrayType result) {
  auto input = llvm::cast<arr::ArrayType>(x.getType());
  if (input.getChunks() != srcChunks)
    x = arr::RechunkOp::create(
        builder, loc,
        arr::ArrayType::get(builder.getContext(), input.getShape(),
                            input.getElementType(), srcChunks),
        x);
  if (x.getType() == result)
    return x;
  return arr::ReshapeOp::create(builder, loc, result, x);
}

/// Each element of `x` `count` times along `axis`: a new axis of `count`
/// after `axis` reads the element through a unit axis with step 0, on the
/// chunks of `x` (so each chunk's copies stay on its rank), and array.reshape
/// merges the two axes.
static Value repeat(mlir::OpBuilder &builder, mlir::Location loc, Value x,
                    int64_t axis, int64_t count, arr::ArrayType result) {
  auto input = llvm::cast<arr::ArrayType>(x.getType());
  if (count == 1)
    return x;
  int64_t rank = input.getRank();
  llvm::SmallVector<int64_t, 4> shape(input.getShape()),
      chunks(input.getChunks());
  shape.insert(shape.begin() + axis + 1, count);
  chunks.insert(chunks.begin() + axis + 1, count);
  auto spread = arr::ArrayType::get(builder.getContext(), shape,
                                    input.getElementType(), chunks);
  llvm::SmallVector<int64_t, 4> srcDims;
  llvm::SmallVector<AxisRun, 4> box;
  for (int64_t d = 0; d <= rank; ++d) {
    srcDims.push_back(d <= axis ? d : d == axis + 1 ? rank : d - 1);
    box.push_back(d == axis + 1 ? AxisRun{0, count, 0, 0}
                                : AxisRun{0, shape[d], 0, 1});
  }
  Arrangement arrangement(builder, loc, spread);
  arrangement.add(x, srcDims, box);
  return arr::ReshapeOp::create(builder, loc, result, arrangement.build());
}

Value bridge::genOnMergedAxes(
    mlir::OpBuilder &builder, mlir::Location loc, Value x,
    const BuiltinInfo &info, arr::ArrayType result,
    llvm::function_ref<Value(Value three, int64_t inner)> op) {
  auto input = llvm::cast<arr::ArrayType>(x.getType());
  int64_t first = info.axes.front(), axis = *info.axis;
  llvm::SmallVector<int64_t, 4> merged(input.getShape());
  merged[first] *= merged[first + 1];
  merged.erase(merged.begin() + first + 1);
  auto three = arr::ArrayType::get(builder.getContext(), merged,
                                   input.getElementType(), info.after);
  Value done = op(reshape(builder, loc, x, info.before, three),
                  axis >= 2 ? axis - 1 : axis);
  return arr::ReshapeOp::create(builder, loc, result, done);
}

Value bridge::genShapeCall(mlir::OpBuilder &builder, mlir::Location loc,
                           Builtin b, const BuiltinInfo &info,
                           llvm::ArrayRef<Value> inputs,
                           arr::ArrayType result) {
  Value x = inputs.front();
  auto input = llvm::cast<arr::ArrayType>(x.getType());
  int64_t rank = result.getRank();
  Arrangement arrangement(builder, loc, result);
  switch (b) {
  case Builtin::Transpose:
  case Builtin::MoveAxis: {
    llvm::ArrayRef<int64_t> perm = info.axes;
    if (perm == llvm::ArrayRef<int64_t>(identityDims(rank)))
      return x;
    llvm::SmallVector<int64_t, 4> reversed(llvm::reverse(identityDims(rank)));
    // numpy.transpose's default stays the op's default.
    auto permAttr = perm == llvm::ArrayRef<int64_t>(reversed)
                        ? mlir::DenseI64ArrayAttr()
                        : builder.getDenseI64ArrayAttr(perm);
    return arr::TransposeOp::create(builder, loc, result, x, permAttr);
  }
  case Builtin::ExpandDims:
    return arr::ExpandDimsOp::create(builder, loc, result, x,
                                     llvm::ArrayRef<int64_t>{*info.axis});
  case Builtin::Squeeze:
    return arr::SqueezeOp::create(builder, loc, result, x, info.axes);
  case Builtin::Stack: {
    // Source k fills index k of the new axis, read through a unit axis.
    int64_t axis = *info.axis;
    llvm::SmallVector<int64_t, 4> srcDims;
    for (int64_t d = 0; d < rank; ++d)
      srcDims.push_back(d < axis ? d : d == axis ? rank - 1 : d - 1);
    for (auto [k, source] : llvm::enumerate(inputs)) {
      llvm::SmallVector<AxisRun, 4> box;
      for (int64_t d = 0; d < rank; ++d) {
        int64_t at = static_cast<int64_t>(k);
        box.push_back(d == axis ? AxisRun{at, at + 1, 0, 1}
                                : AxisRun{0, result.getShape()[d], 0, 1});
      }
      arrangement.add(source, srcDims, box);
    }
    return arrangement.build();
  }
  case Builtin::Flip: {
    llvm::SmallVector<AxisRun, 4> box;
    for (int64_t d = 0; d < rank; ++d)
      box.push_back(llvm::is_contained(info.axes, d)
                        ? AxisRun{0, result.getShape()[d], info.before[d], -1}
                        : AxisRun{0, result.getShape()[d], 0, 1});
    arrangement.add(x, identityDims(rank), box);
    return arrangement.build();
  }
  case Builtin::Roll:
    if (info.count == 0)
      return x;
    arrangement.addProduct(x, identityDims(rank), info.runs);
    return arrangement.build();
  case Builtin::Tile: {
    // Axes the input lacks read its unit axes with step 0.
    if (info.viewShape.empty()) {
      arrangement.addProduct(x, info.axes, info.runs);
      return arrangement.build();
    }
    // A count known only at run time: a new axis of the count before the
    // axis it repeats, which a reshape merges with it.
    auto view = arr::ArrayType::get(builder.getContext(), info.viewShape,
                                    input.getElementType(), info.viewChunks);
    if (input.getChunks() != llvm::ArrayRef<int64_t>(info.before))
      x = arr::RechunkOp::create(
          builder, loc,
          arr::ArrayType::get(builder.getContext(), input.getShape(),
                              input.getElementType(), info.before),
          x);
    Arrangement spread(builder, loc, view);
    spread.addProduct(x, info.axes, info.runs);
    // One reshape per merged pair, from the last: each keeps the axes
    // around the pair, so its chunks stay in place.
    Value merged = spread.build();
    llvm::SmallVector<int64_t, 4> shape(info.viewShape),
        chunks(info.viewChunks);
    int64_t v = shape.size() - 1;
    for (int64_t d = rank - 1; d >= 0; --d, --v) {
      if (shape[v] == result.getShape()[d] &&
          chunks[v] == result.getChunks()[d])
        continue;
      shape.erase(shape.begin() + v);
      chunks.erase(chunks.begin() + v);
      --v;
      shape[v] = result.getShape()[d];
      chunks[v] = result.getChunks()[d];
      merged = arr::ReshapeOp::create(
          builder, loc,
          arr::ArrayType::get(builder.getContext(), shape,
                              input.getElementType(), chunks),
          merged);
    }
    return merged;
  }
  case Builtin::Pad:
    arrangement.addProduct(x, identityDims(rank), info.runs);
    return arrangement.build();
  case Builtin::Diff: {
    // x[1:] - x[:-1] along the axis, n times; bools differ where they are
    // unequal, as in NumPy.
    int64_t axis = *info.axis;
    bool isBool = result.getElementType().isInteger(1);
    Value current = x;
    for (int64_t k = 0; k < info.count; ++k) {
      auto from = llvm::cast<arr::ArrayType>(current.getType());
      llvm::SmallVector<int64_t, 4> shape(from.getShape()),
          chunks(from.getChunks());
      shape[axis] = info.before[k];
      chunks[axis] = info.after[k];
      auto type = arr::ArrayType::get(builder.getContext(), shape,
                                      from.getElementType(), chunks);
      llvm::SmallVector<int64_t, 4> starts(rank, 0), steps(rank, 1);
      Value lower = arr::SliceOp::create(builder, loc, type, current, starts,
                                         steps);
      starts[axis] = 1;
      Value upper = arr::SliceOp::create(builder, loc, type, current, starts,
                                         steps);
      current = arr::BinaryOp::create(
          builder, loc, type,
          isBool ? arr::BinaryKind::ne : arr::BinaryKind::sub, upper, lower);
    }
    return current;
  }
  case Builtin::Reshape:
    return reshape(builder, loc, x, info.before, result);
  case Builtin::Repeat: {
    if (!info.axes.empty())
      return genOnMergedAxes(
          builder, loc, x, info, result, [&](Value three, int64_t inner) {
            auto type = llvm::cast<arr::ArrayType>(three.getType());
            return repeat(builder, loc, three, inner, info.count,
                          arr::ArrayType::get(builder.getContext(),
                                              info.viewShape,
                                              type.getElementType(),
                                              info.viewChunks));
          });
    if (!info.before.empty()) {
      // Without axis=, the flattened array.
      int64_t size = 1;
      for (int64_t n : input.getShape())
        size *= n;
      x = reshape(builder, loc, x, info.before,
                  arr::ArrayType::get(builder.getContext(), {size},
                                      input.getElementType(), info.after));
    }
    return repeat(builder, loc, x, *info.axis, info.count, result);
  }

  default:
    llvm_unreachable("not a shape built-in");
  }
}
