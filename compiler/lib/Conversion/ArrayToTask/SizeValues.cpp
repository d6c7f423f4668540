//===- SizeValues.cpp - Sizes as values inside stages ---------------------===//
#include "bridge/Conversion/ArrayToTask/SizeValues.h"

#include "bridge/Dialect/Task/TaskOps.h"
#include "bridge/layout/ChunkCount.h"
#include "bridge/sizes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

Value bridge::emitIndexSize(OpBuilder &b, Location loc, int64_t size) {
  if (!plan::isSymbol(size))
    return arith::ConstantIndexOp::create(b, loc, size);
  // A size is the same for the whole run: read it before the stage, never
  // per chunk or element.
  OpBuilder::InsertionGuard guard(b);
  if (Operation *parent = b.getInsertionBlock()->getParentOp())
    if (auto stage = isa<task::StageOp>(parent)
                         ? cast<task::StageOp>(parent)
                         : parent->getParentOfType<task::StageOp>())
      b.setInsertionPoint(stage);
  Value value = task::SizeOp::create(b, loc, b.getI64Type(),
                                     b.getI64IntegerAttr(size));
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), value);
}

Value bridge::emitChunkCount(OpBuilder &b, Location loc, int64_t extent,
                             int64_t chunk) {
  if (!plan::isSymbol(extent) && !plan::isSymbol(chunk))
    return arith::ConstantIndexOp::create(b, loc,
                                          layout::chunkCount(extent, chunk));
  Value size = emitIndexSize(b, loc, chunk);
  Value rounded = arith::AddIOp::create(
      b, loc, emitIndexSize(b, loc, extent),
      arith::SubIOp::create(b, loc, size,
                            arith::ConstantIndexOp::create(b, loc, 1)));
  return arith::DivUIOp::create(b, loc, rounded, size);
}

Value bridge::emitCountF64(OpBuilder &b, Location loc,
                           ArrayRef<int64_t> sizes) {
  Type f64 = b.getF64Type();
  if (llvm::none_of(sizes, plan::isSymbol)) {
    int64_t count = 1;
    for (int64_t n : sizes)
      count *= n;
    return arith::ConstantOp::create(
        b, loc, f64, b.getF64FloatAttr(static_cast<double>(count)));
  }
  Value count;
  for (int64_t n : sizes) {
    Value size = arith::IndexCastOp::create(b, loc, b.getI64Type(),
                                            emitIndexSize(b, loc, n));
    count = count ? arith::MulIOp::create(b, loc, count, size) : size;
  }
  return arith::SIToFPOp::create(b, loc, f64, count);
}
