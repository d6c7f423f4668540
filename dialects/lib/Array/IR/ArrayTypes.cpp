//===- ArrayTypes.cpp - Types of the array dialect ------------------------===//
#include "bridge/Dialect/Array/ArrayOps.h"

#include "bridge/layout/ChunkCount.h"
#include "bridge/sizes.h"

using namespace mlir;
using namespace bridge::array;

static bool isElementType(Type type) {
  return type.isF64() || type.isF32() || type.isInteger(64) ||
         type.isInteger(32) || type.isInteger(1);
}

LogicalResult ArrayType::verify(function_ref<InFlightDiagnostic()> emitError,
                                ArrayRef<int64_t> shape, Type elementType,
                                ArrayRef<int64_t> chunks) {
  if (shape.empty() || shape.size() > 4)
    return emitError() << "arrays have 1 to 4 dimensions, not "
                       << shape.size();
  if (chunks.size() != shape.size())
    return emitError() << "chunks have " << chunks.size()
                       << " dimensions but the shape has " << shape.size();
  // Sizes known only at run time are checked then (bridge.sizes).
  for (auto [extent, chunk] : llvm::zip(shape, chunks)) {
    if (extent <= 0 && !bridge::plan::isSymbol(extent))
      return emitError() << "array extents must be positive";
    if (chunk <= 0 && !bridge::plan::isSymbol(chunk))
      return emitError() << "chunk extents must be positive";
  }
  if (!isElementType(elementType))
    return emitError() << "element type must be f64, f32, i64, i32 or i1, not "
                       << elementType;
  if (!allConstant(shape) || !allConstant(chunks))
    return success();
  int64_t nchunks;
  if (!bridge::layout::regularGridSize(shape.size(), shape.data(),
                                       chunks.data(), &nchunks))
    return emitError() << "the chunk grid has more than 2^63 - 1 chunks";
  return success();
}

bool ArrayType::hasStaticShape() const {
  return allConstant(getShape()) && allConstant(getChunks());
}

int64_t ArrayType::getNumElements() const {
  assert(hasStaticShape() && "the element count of a run-time shape");
  int64_t n = 1;
  for (int64_t extent : getShape())
    n *= extent;
  return n;
}

SmallVector<int64_t> ArrayType::getChunkGrid() const {
  assert(hasStaticShape() && "the chunk grid of a run-time shape");
  SmallVector<int64_t> grid;
  for (auto [extent, chunk] : llvm::zip(getShape(), getChunks()))
    grid.push_back(bridge::layout::chunkCount(extent, chunk));
  return grid;
}

int64_t ArrayType::getNumChunks() const {
  int64_t n = 0;
  [[maybe_unused]] bool fits = bridge::layout::regularGridSize(
      getShape().size(), getShape().data(), getChunks().data(), &n);
  assert(fits && "the verifier refuses grids of more than 2^63 - 1 chunks");
  return n;
}

Type bridge::array::getElementTypeOrSelf(Type type) {
  if (auto array = dyn_cast<ArrayType>(type))
    return array.getElementType();
  return type;
}
