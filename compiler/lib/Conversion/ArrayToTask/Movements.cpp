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
  auto arrange = dyn_cast<array::ArrangeOp>(op);
  if (!arrange)
    return std::nullopt;
  SmallVector<array::SourceMap, 1> maps = arrange.getSourceMaps();
  PiecewiseMovement m;
  for (const array::SourceMap &map : maps) {
    if (isZeros(map.source))
      continue;
    if (m.source && (map.source != m.source || map.srcDims != m.srcDims))
      return std::nullopt;
    m.source = map.source;
    m.srcDims = map.srcDims;
  }
  if (!m.source)
    return std::nullopt;
  size_t rank = arrange.getType().getRank();
  m.pieces.resize(rank);
  auto find = [&](size_t dim, int64_t lo, int64_t hi) -> AxisPiece * {
    for (AxisPiece &piece : m.pieces[dim])
      if (piece.lo == lo && piece.hi == hi)
        return &piece;
    return nullptr;
  };
  // The source's pieces, each with one map, then the zeros' own.
  for (const array::SourceMap &map : maps) {
    if (map.source != m.source)
      continue;
    for (size_t d = 0; d < rank; ++d) {
      AxisPiece piece{map.lo[d], map.hi[d], map.offsets[d], map.steps[d],
                      false};
      if (AxisPiece *seen = find(d, piece.lo, piece.hi)) {
        if (seen->offset != piece.offset || seen->step != piece.step)
          return std::nullopt;
        continue;
      }
      m.pieces[d].push_back(piece);
    }
  }
  for (const array::SourceMap &map : maps)
    if (map.source != m.source)
      for (size_t d = 0; d < rank; ++d)
        if (!find(d, map.lo[d], map.hi[d]))
          m.pieces[d].push_back(AxisPiece{map.lo[d], map.hi[d], 0, 0, true});
  // Every product of pieces is one box, a fill exactly where a piece is.
  size_t products = 1;
  for (const auto &pieces : m.pieces)
    products *= pieces.size();
  if (products != maps.size())
    return std::nullopt;
  llvm::SmallSet<SmallVector<int64_t, 4>, 8> boxes;
  for (const array::SourceMap &map : maps) {
    SmallVector<int64_t, 4> box;
    bool fill = false;
    for (size_t d = 0; d < rank; ++d) {
      AxisPiece *piece = find(d, map.lo[d], map.hi[d]);
      fill |= piece->fill;
      box.push_back(piece - m.pieces[d].data());
    }
    if (fill != (map.source != m.source) || !boxes.insert(box).second)
      return std::nullopt;
    m.hasFills |= fill;
  }
  return m;
}

/// `outer` read through `inner`: result coordinate t of dimension d reads
/// inner coordinate u = outer.offsets[d] + outer.steps[d] * t of dimension
/// e = outer.srcDims[d], which reads inner.offsets[e] + inner.steps[e] * u
/// of source dimension inner.srcDims[e].
static std::optional<array::SourceMap>
compose(const array::SourceMap &outer, const array::SourceMap &inner) {
  array::SourceMap map = outer;
  map.source = inner.source;
  for (auto [dim, e] : llvm::enumerate(outer.srcDims)) {
    if (plan::isSymbol(outer.offsets[dim]) || plan::isSymbol(inner.offsets[e]))
      return std::nullopt;
    map.srcDims[dim] = inner.srcDims[e];
    map.offsets[dim] = inner.offsets[e] + inner.steps[e] * outer.offsets[dim];
    map.steps[dim] = inner.steps[e] * outer.steps[dim];
  }
  return map;
}

void bridge::composeMovements(Block &block) {
  for (Operation &op : llvm::make_early_inc_range(block)) {
    if (!isPointwiseMovement(&op))
      continue;
    Operation *def = op.getOperand(0).getDefiningOp();
    if (!def || !isPointwiseMovement(def))
      continue;
    std::optional<array::SourceMap> map =
        compose(cast<array::DataMovementOpInterface>(op).getSourceMaps()[0],
                cast<array::DataMovementOpInterface>(def).getSourceMaps()[0]);
    if (!map)
      continue;
    OpBuilder b(&op);
    SmallVector<int64_t> dims(map->srcDims.begin(), map->srcDims.end());
    auto arrange = array::ArrangeOp::create(
        b, op.getLoc(), op.getResult(0).getType(), ValueRange{map->source},
        b.getDenseI64ArrayAttr(dims), b.getDenseI64ArrayAttr(map->offsets),
        b.getDenseI64ArrayAttr(map->steps), b.getDenseI64ArrayAttr(map->lo),
        b.getDenseI64ArrayAttr(map->hi));
    op.getResult(0).replaceAllUsesWith(arrange.getResult());
    op.erase();
  }
}
