//===- Movements.cpp - Data movements read element by element -------------===//
#include "bridge/Conversion/ArrayToTask/Movements.h"

#include "bridge/Dialect/Array/ArrayOps.h"
#include "bridge/sizes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/SmallSet.h"

using namespace mlir;
using namespace bridge;

bool bridge::isPointwiseMovement(Operation *op) {
  auto movement = dyn_cast<array::DataMovementOpInterface>(op);
  if (!movement)
    return false;
  SmallVector<array::SourceMap, 1> maps = movement.getSourceMaps();
  if (maps.size() != 1)
    return false;
  const array::SourceMap &map = maps.front();
  auto result = cast<array::ArrayType>(op->getResult(0).getType());
  int64_t sourceRank = cast<array::ArrayType>(map.source.getType()).getRank();
  SmallVector<bool> read(sourceRank, false);
  for (auto [dim, from] : llvm::enumerate(map.srcDims)) {
    if (map.lo[dim] != 0 || map.hi[dim] != result.getShape()[dim] ||
        from >= sourceRank || read[from])
      return false;
    read[from] = true;
  }
  return llvm::all_of(read, [](bool r) { return r; });
}

/// A full array of the constant zero: the fill of a constant pad.
static bool isZeros(Value value) {
  auto full = value.getDefiningOp<array::FullOp>();
  return full && (matchPattern(full.getValue(), m_Zero()) ||
                  matchPattern(full.getValue(), m_PosZeroFloat()));
}

std::optional<PiecewiseMovement> bridge::getPiecewiseMovement(Operation *op) {
  auto movement = dyn_cast<array::DataMovementOpInterface>(op);
  if (!movement)
    return std::nullopt;
  SmallVector<array::SourceMap, 1> maps = movement.getSourceMaps();
  size_t rank = cast<array::ArrayType>(op->getResult(0).getType()).getRank();
  PiecewiseMovement m;
  m.pieces.resize(rank);
  auto pieceOf = [&](size_t dim, int64_t lo, int64_t hi) -> unsigned {
    SmallVector<AxisPiece, 3> &pieces = m.pieces[dim];
    for (auto [i, piece] : llvm::enumerate(pieces))
      if (piece.lo == lo && piece.hi == hi)
        return i;
    pieces.push_back(AxisPiece{lo, hi});
    return pieces.size() - 1;
  };
  for (const array::SourceMap &map : maps) {
    PiecewiseMovement::Box box{{}, -1};
    for (size_t d = 0; d < rank; ++d)
      box.pieces.push_back(pieceOf(d, map.lo[d], map.hi[d]));
    if (!isZeros(map.source)) {
      auto it = llvm::find_if(m.sources, [&](const PieceSource &s) {
        return s.value == map.source && s.srcDims == map.srcDims;
      });
      if (it == m.sources.end()) {
        m.sources.push_back(PieceSource{map.source, map.srcDims, {}});
        m.sources.back().maps.resize(rank);
        it = std::prev(m.sources.end());
      }
      box.source = it - m.sources.begin();
      for (size_t d = 0; d < rank; ++d) {
        auto &along = it->maps[d];
        along.resize(std::max<size_t>(along.size(), box.pieces[d] + 1));
        PieceMap here{map.offsets[d], map.steps[d]};
        std::optional<PieceMap> &seen = along[box.pieces[d]];
        if (seen && (seen->offset != here.offset || seen->step != here.step))
          return std::nullopt;
        seen = here;
      }
    }
    m.boxes.push_back(std::move(box));
  }
  if (m.sources.empty() || m.sources.size() > kMaxPiecewiseSources ||
      llvm::any_of(m.pieces, [](const SmallVector<AxisPiece, 3> &pieces) {
        return pieces.size() > kMaxPiecesPerDim;
      }))
    return std::nullopt;
  // The boxes are every product of the pieces, each once.
  size_t products = 1;
  for (const auto &pieces : m.pieces)
    products *= pieces.size();
  llvm::SmallSet<SmallVector<unsigned, 4>, 8> seen;
  for (const PiecewiseMovement::Box &box : m.boxes)
    if (!seen.insert(box.pieces).second)
      return std::nullopt;
  if (seen.size() != products)
    return std::nullopt;
  for (PieceSource &source : m.sources)
    for (size_t d = 0; d < rank; ++d)
      source.maps[d].resize(m.pieces[d].size());
  const PieceSource &first = m.sources.front();
  m.zerosByPiece =
      m.sources.size() == 1 &&
      llvm::all_of(m.boxes, [&](const PiecewiseMovement::Box &box) {
        bool leftToZeros = false;
        for (auto [d, piece] : llvm::enumerate(box.pieces))
          leftToZeros |= !first.maps[d][piece];
        return leftToZeros == (box.source < 0);
      });
  return m;
}

/// Computed by generators alone, whatever the scheduler stores later.
static bool isGeneratedAlone(Value array) {
  Operation *def = array.getDefiningOp();
  if (!def || !isa<array::ArrayType>(array.getType()))
    return false;
  bool recomputable =
      isa<array::ElementwiseOpInterface, array::BroadcastOp>(def) ||
      isPointwiseMovement(def) || getPiecewiseMovement(def);
  return recomputable &&
         llvm::all_of(def->getOperands(), [](Value operand) {
           return !isa<array::ArrayType>(operand.getType()) ||
                  isGeneratedAlone(operand);
         });
}

void bridge::indexThroughSlices(Block &block) {
  for (Operation &op : llvm::make_early_inc_range(block)) {
    auto index = dyn_cast<array::IndexOp>(&op);
    if (!index || !isGeneratedAlone(index.getInput()))
      continue;
    array::ArrayType input = index.getInput().getType();
    int64_t rank = input.getRank();
    OpBuilder b(index);
    auto one = array::ArrayType::get(b.getContext(),
                                     SmallVector<int64_t>(rank, 1),
                                     input.getElementType(),
                                     SmallVector<int64_t>(rank, 1));
    Value element = array::SliceOp::create(
        b, index.getLoc(), one, index.getInput(), index.getIndices(),
        SmallVector<int64_t>(rank, 1));
    index.getInputMutable().assign(element);
    index.setIndices(SmallVector<int64_t>(rank, 0));
  }
}

/// `outer` read through `inner`: result coordinate t of dimension d reads
/// inner coordinate u = outer.offsets[d] + outer.steps[d] * t of dimension
/// e = outer.srcDims[d], which reads inner.offsets[e] + inner.steps[e] * u
/// of source dimension inner.srcDims[e].
static array::SourceMap compose(const array::SourceMap &outer,
                                const array::SourceMap &inner,
                                SizeArithmetic arithmetic) {
  array::SourceMap map = outer;
  map.source = inner.source;
  for (auto [dim, e] : llvm::enumerate(outer.srcDims)) {
    map.srcDims[dim] = inner.srcDims[e];
    map.offsets[dim] = arithmetic(
        plan::SizeOp::Add, inner.offsets[e],
        arithmetic(plan::SizeOp::Mul, inner.steps[e], outer.offsets[dim]));
    map.steps[dim] = inner.steps[e] * outer.steps[dim];
  }
  return map;
}

/// `outer` (one box over the whole result of `extents`, positive steps) read
/// through one of several `inner` maps, each filling its box of the
/// intermediate array: the result coordinates t whose intermediate
/// coordinate u = outer.offsets[d] + outer.steps[d] * t lies in the inner
/// box, [ceil((lo - offset) / step), ceil((hi - offset) / step)) within
/// [0, extent), read the inner map's source there. False where a box is
/// known to be empty.
static bool composePiece(const array::SourceMap &outer,
                         const array::SourceMap &inner,
                         ArrayRef<int64_t> extents, SizeArithmetic arithmetic,
                         array::SourceMap &map) {
  map = outer;
  map.source = inner.source;
  auto ceilDiv = [&](int64_t a, int64_t step) {
    return arithmetic(plan::SizeOp::FloorDiv,
                      arithmetic(plan::SizeOp::Add, a, step - 1), step);
  };
  for (auto [dim, e] : llvm::enumerate(outer.srcDims)) {
    int64_t offset = outer.offsets[dim], step = outer.steps[dim];
    int64_t lo = arithmetic(
        plan::SizeOp::Min, extents[dim],
        arithmetic(
            plan::SizeOp::Max, 0,
            ceilDiv(arithmetic(plan::SizeOp::Sub, inner.lo[e], offset), step)));
    int64_t hi = arithmetic(
        plan::SizeOp::Min, extents[dim],
        ceilDiv(arithmetic(plan::SizeOp::Sub, inner.hi[e], offset), step));
    hi = arithmetic(plan::SizeOp::Max, lo, hi);
    if (!plan::isSymbol(lo) && !plan::isSymbol(hi) && hi <= lo)
      return false;
    // The intermediate coordinate at t = lo, then the inner map's source.
    int64_t first = arithmetic(plan::SizeOp::Add, offset,
                               arithmetic(plan::SizeOp::Mul, step, lo));
    map.srcDims[dim] = inner.srcDims[e];
    map.offsets[dim] = arithmetic(
        plan::SizeOp::Add, inner.offsets[e],
        arithmetic(plan::SizeOp::Mul, inner.steps[e],
                   arithmetic(plan::SizeOp::Sub, first, inner.lo[e])));
    map.steps[dim] = inner.steps[e] * step;
    map.lo[dim] = lo;
    map.hi[dim] = hi;
  }
  return true;
}

/// The maps of pointwise movement `op` read straight from the sources of
/// the movement `def` that computes its source, if it can: one when `def` is
/// pointwise too; one per box of `def` that the result reads when several
/// stored arrays fill `def` (a slice of a concatenation moves only the
/// slice). Stages recompute movements of generated data anyway.
static std::optional<SmallVector<array::SourceMap, 2>>
composedMaps(Operation *op, Operation *def, SizeArithmetic arithmetic) {
  auto movement = dyn_cast_or_null<array::DataMovementOpInterface>(def);
  if (!movement)
    return std::nullopt;
  array::SourceMap outer =
      cast<array::DataMovementOpInterface>(op).getSourceMaps()[0];
  SmallVector<array::SourceMap, 2> inner(movement.getSourceMaps());
  if (isPointwiseMovement(def))
    return SmallVector<array::SourceMap, 2>{
        compose(outer, inner[0], arithmetic)};
  if (llvm::any_of(outer.steps, [](int64_t step) { return step <= 0; }) ||
      llvm::any_of(inner, [](const array::SourceMap &map) {
        return isGeneratedAlone(map.source);
      }))
    return std::nullopt;
  ArrayRef<int64_t> extents =
      cast<array::ArrayType>(op->getResult(0).getType()).getShape();
  SmallVector<array::SourceMap, 2> maps;
  for (const array::SourceMap &piece : inner) {
    array::SourceMap map;
    if (!composePiece(outer, piece, extents, arithmetic, map))
      continue;
    // A source that is itself a pointwise movement (of a stored array, in
    // program order already read from its own source) is read through.
    if (Operation *source = map.source.getDefiningOp();
        source && isPointwiseMovement(source))
      map = compose(
          map, cast<array::DataMovementOpInterface>(source).getSourceMaps()[0],
          arithmetic);
    maps.push_back(std::move(map));
  }
  return maps;
}

void bridge::composeMovements(Block &block, SizeArithmetic arithmetic) {
  for (Operation &op : llvm::make_early_inc_range(block)) {
    if (!isPointwiseMovement(&op))
      continue;
    std::optional<SmallVector<array::SourceMap, 2>> maps =
        composedMaps(&op, op.getOperand(0).getDefiningOp(), arithmetic);
    if (!maps)
      continue;
    SmallVector<Value> sources;
    SmallVector<int64_t> dims, offsets, steps, lo, hi;
    for (const array::SourceMap &map : *maps) {
      sources.push_back(map.source);
      llvm::append_range(dims, map.srcDims);
      llvm::append_range(offsets, map.offsets);
      llvm::append_range(steps, map.steps);
      llvm::append_range(lo, map.lo);
      llvm::append_range(hi, map.hi);
    }
    OpBuilder b(&op);
    auto arrange = array::ArrangeOp::create(
        b, op.getLoc(), op.getResult(0).getType(), sources,
        b.getDenseI64ArrayAttr(dims), b.getDenseI64ArrayAttr(offsets),
        b.getDenseI64ArrayAttr(steps), b.getDenseI64ArrayAttr(lo),
        b.getDenseI64ArrayAttr(hi));
    op.getResult(0).replaceAllUsesWith(arrange.getResult());
    op.erase();
  }
}
