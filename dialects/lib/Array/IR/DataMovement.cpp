//===- DataMovement.cpp - Where moved elements land -----------------------===//
//
// The source maps of the operations that move data between chunks: each is a
// box of the result filled through per-dimension affine maps.
//
//===----------------------------------------------------------------------===//
#include "bridge/Dialect/Array/ArrayOps.h"

using namespace mlir;
using namespace bridge::array;

SourceMap SourceMap::identity(Value source, ArrayRef<int64_t> shape) {
  int64_t rank = shape.size();
  SourceMap map{source,
                {},
                SmallVector<int64_t>(rank, 0),
                SmallVector<int64_t>(rank, 1),
                SmallVector<int64_t>(rank, 0),
                SmallVector<int64_t>(shape)};
  for (int32_t dim = 0; dim < rank; ++dim)
    map.srcDims.push_back(dim);
  return map;
}

SmallVector<SourceMap, 1> RechunkOp::getSourceMaps() {
  return {SourceMap::identity(getInput(), getType().getShape())};
}

SmallVector<SourceMap, 1> SliceOp::getSourceMaps() {
  SourceMap map = SourceMap::identity(getInput(), getType().getShape());
  map.offsets.assign(getStarts().begin(), getStarts().end());
  map.steps.assign(getSteps().begin(), getSteps().end());
  return {map};
}

SmallVector<SourceMap, 1> TransposeOp::getSourceMaps() {
  SourceMap map = SourceMap::identity(getInput(), getType().getShape());
  for (auto [dim, from] : llvm::enumerate(getPermutation()))
    map.srcDims[dim] = from;
  return {map};
}

/// Each input fills its stretch of the axis, [offsets[k], offsets[k + 1])
/// (the last one up to the result's extent), from its own origin.
SmallVector<SourceMap, 1> ConcatOp::getSourceMaps() {
  SmallVector<SourceMap, 1> maps;
  int64_t axis = getAxis();
  ArrayRef<int64_t> offsets = getOffsets();
  for (auto [k, input] : llvm::enumerate(getInputs())) {
    SourceMap map = SourceMap::identity(input, getType().getShape());
    map.lo[axis] = offsets[k];
    map.hi[axis] = k + 1 < offsets.size() ? offsets[k + 1]
                                          : getType().getShape()[axis];
    maps.push_back(std::move(map));
  }
  return maps;
}

/// Source k's maps are entries [k * rank, (k + 1) * rank) of each attribute.
SmallVector<SourceMap, 1> ArrangeOp::getSourceMaps() {
  SmallVector<SourceMap, 1> maps;
  size_t rank = getType().getRank();
  for (auto [k, input] : llvm::enumerate(getInputs())) {
    auto part = [&](ArrayRef<int64_t> all) {
      return SmallVector<int64_t>(all.slice(k * rank, rank));
    };
    SourceMap map{input, {}, part(getOffsets()), part(getSteps()),
                  part(getLo()), part(getHi())};
    for (int64_t dim : getDims().slice(k * rank, rank))
      map.srcDims.push_back(static_cast<int32_t>(dim));
    maps.push_back(std::move(map));
  }
  return maps;
}
