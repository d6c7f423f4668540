//===- Movements.cpp - Data movements read element by element -------------===//
#include "bridge/Conversion/ArrayToTask/Movements.h"

#include "bridge/Dialect/Array/ArrayOps.h"
#include "bridge/sizes.h"

#include "mlir/IR/Builders.h"

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
