//===- MLIRGenShape.cpp - Lowering the shape and order built-ins ----------===//
//
// Every built-in that only moves elements is one array.arrange (or, for a
// pure permutation or a unit axis, transpose, squeeze or expand_dims): each
// element moves once, from its chunk to the result's, in one redistribution
// per source box. A box is the product of one run per axis, a stretch of
// result coordinates that reads the source with a constant step (negative
// for a flip or a reflection, 0 for an edge). `diff` is differences of two
// slices. `reshape` is array.reshape, which moves nothing, after a rechunk
// where the input's chunks do not align with the result's; `repeat` reads
// each element into a new axis after it (step 0), then merges the two.
//
//===----------------------------------------------------------------------===//

#include "MLIRGenShape.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace bridge;
using namespace bridge::ast;
using mlir::Value;
namespace arr = bridge::array;

namespace {
/// Result coordinates [lo, hi) along one axis read source coordinate
/// offset + step * (t - lo); a fill run reads nothing (a constant pad).
struct AxisRun {
  int64_t lo, hi, offset, step;
  bool fill = false;
};
using AxisRuns = llvm::SmallVector<AxisRun, 4>;

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
      int64_t extent = whole ? result.getShape()[d] : run.hi - run.lo;
      shape.push_back(extent);
      chunks.push_back(whole ? result.getChunks()[d] : extent);
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

/// The whole axis of extent n, in place.
static AxisRuns whole(int64_t n) { return {AxisRun{0, n, 0, 1}}; }

static llvm::SmallVector<int64_t, 4> identityDims(int64_t rank) {
  llvm::SmallVector<int64_t, 4> dims;
  for (int64_t d = 0; d < rank; ++d)
    dims.push_back(d);
  return dims;
}

/// The source coordinate of every coordinate of an axis of n elements padded
/// by `before` and `after`, -1 where a constant pad fills: numpy.pad's own
/// algorithm, which pads wider than the axis by repeating its first step on
/// the array padded so far (for "wrap" that is not a periodic extension).
static std::vector<int64_t> padSources(llvm::StringRef mode, int64_t before,
                                       int64_t after, int64_t n) {
  int64_t total = before + n + after;
  std::vector<int64_t> src(total, -1);
  for (int64_t i = 0; i < n; ++i)
    src[before + i] = i;
  if (mode == "constant")
    return src;
  if (mode == "edge" || (n == 1 && mode != "wrap")) {
    std::fill(src.begin(), src.begin() + before, 0);
    std::fill(src.end() - after, src.end(), n - 1);
    return src;
  }
  int64_t left = before, right = after;
  while (left > 0 || right > 0) {
    if (mode == "wrap") {
      int64_t period = total - right - left, newLeft = 0, newRight = 0;
      if (left > 0) {
        int64_t m = std::min(period, left);
        int64_t to = left > period ? left - period : 0;
        std::copy(src.begin() + (total - right - m), src.begin() + (total - right),
                  src.begin() + to);
        newLeft = left > period ? left - period : 0;
      }
      if (right > 0) {
        int64_t m = std::min(period, right);
        std::copy(src.begin() + left, src.begin() + left + m,
                  src.begin() + (total - right));
        newRight = right > period ? right - period : 0;
      }
      left = newLeft;
      right = newRight;
      continue;
    }
    // "symmetric" repeats the edge element, "reflect" does not.
    int64_t edge = mode == "symmetric" ? 1 : 0;
    int64_t length = total - right - left - (1 - edge);
    if (left > 0) {
      int64_t m = std::min(length, left), from = left - edge + m;
      for (int64_t k = 0; k < m; ++k)
        src[left - m + k] = src[from - k];
      left -= m;
    }
    if (right > 0) {
      int64_t m = std::min(length, right), from = total - right + edge - 2;
      for (int64_t k = 0; k < m; ++k)
        src[total - right + k] = src[from - k];
      right -= m;
    }
  }
  return src;
}

/// Padded coordinate p's source when no width exceeds what numpy.pad's
/// first step fills (the axis for "wrap" and "symmetric", one less for
/// "reflect"): the periodic extension; -1 where a constant pad fills.
static int64_t padSourceNarrow(llvm::StringRef mode, int64_t p, int64_t before,
                               int64_t n) {
  int64_t i = p - before;
  auto floorMod = [](int64_t a, int64_t m) { return ((a % m) + m) % m; };
  if (mode == "constant")
    return -1;
  if (mode == "edge" || n == 1)
    return i < 0 ? 0 : n - 1;
  if (mode == "wrap")
    return floorMod(i, n);
  if (mode == "symmetric") {
    int64_t j = floorMod(i, 2 * n);
    return j < n ? j : 2 * n - 1 - j;
  }
  int64_t j = floorMod(i, 2 * n - 2);
  return j < n ? j : 2 * n - 2 - j;
}

/// The runs of a padded axis: consecutive coordinates whose sources step
/// evenly (by -1, 0 or 1) share a run; the input itself is one run.
static AxisRuns padRuns(llvm::StringRef mode, int64_t before, int64_t after,
                        int64_t n) {
  AxisRuns runs;
  auto append = [&](int64_t at, int64_t s) {
    bool fill = s < 0;
    if (!runs.empty() && runs.back().hi == at) {
      AxisRun &last = runs.back();
      int64_t length = last.hi - last.lo;
      bool fits;
      if (last.fill || fill)
        fits = last.fill && fill;
      else if (length == 1)
        fits = s - last.offset >= -1 && s - last.offset <= 1;
      else
        fits = s == last.offset + last.step * length;
      if (fits) {
        if (!fill && length == 1)
          last.step = s - last.offset;
        ++last.hi;
        return;
      }
    }
    runs.push_back(AxisRun{at, at + 1, fill ? 0 : s, 1, fill});
  };
  int64_t reach = mode == "reflect" ? n - 1 : n;
  bool wide = (mode == "wrap" || mode == "reflect" || mode == "symmetric") &&
              n > 1 && (before > reach || after > reach);
  if (mode == "wrap" && n == 1)
    wide = false;
  if (wide) {
    // The padded axis is at least twice the input: as large as the result.
    for (auto [p, s] : llvm::enumerate(padSources(mode, before, after, n)))
      append(static_cast<int64_t>(p), s);
    return runs;
  }
  for (int64_t p = 0; p < before; ++p)
    append(p, padSourceNarrow(mode, p, before, n));
  runs.push_back(AxisRun{before, before + n, 0, 1});
  for (int64_t p = before + n; p < before + n + after; ++p)
    append(p, padSourceNarrow(mode, p, before, n));
  return runs;
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
  case Builtin::Roll: {
    int64_t shift = info.count, axis = *info.axis;
    if (shift == 0)
      return x;
    llvm::SmallVector<AxisRuns, 4> runs;
    for (int64_t d = 0; d < rank; ++d)
      runs.push_back(whole(result.getShape()[d]));
    int64_t n = result.getShape()[axis];
    runs[axis] = {AxisRun{0, shift, n - shift, 1}, AxisRun{shift, n, 0, 1}};
    arrangement.addProduct(x, identityDims(rank), runs);
    return arrangement.build();
  }
  case Builtin::Tile: {
    // Leading axes the input lacks read its unit axes with step 0.
    int64_t added = rank - input.getRank();
    llvm::SmallVector<int64_t, 4> srcDims;
    llvm::SmallVector<AxisRuns, 4> runs;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t reps = info.before[d];
      if (d < added) {
        srcDims.push_back(input.getRank() + d);
        runs.push_back({AxisRun{0, reps, 0, 0}});
        continue;
      }
      srcDims.push_back(d - added);
      int64_t n = input.getShape()[d - added];
      AxisRuns copies;
      for (int64_t k = 0; k < reps; ++k)
        copies.push_back(AxisRun{k * n, (k + 1) * n, 0, 1});
      runs.push_back(copies);
    }
    arrangement.addProduct(x, srcDims, runs);
    return arrangement.build();
  }
  case Builtin::Pad: {
    llvm::SmallVector<AxisRuns, 4> runs;
    for (int64_t d = 0; d < rank; ++d)
      runs.push_back(padRuns(info.boundary, info.before[d], info.after[d],
                             input.getShape()[d]));
    arrangement.addProduct(x, identityDims(rank), runs);
    return arrangement.build();
  }
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
            llvm::SmallVector<int64_t, 4> shape(type.getShape()),
                chunks(type.getChunks());
            shape[inner] *= info.count;
            chunks[inner] *= info.count;
            return repeat(builder, loc, three, inner, info.count,
                          arr::ArrayType::get(builder.getContext(), shape,
                                              type.getElementType(), chunks));
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
