//===- ScanLowering.cpp - array.scan as task steps -------------------------===//
//
// A scan along axis K of an array with G chunks along K: every chunk is
// scanned on its own (task.scan_local), keeping its last slice along K in
// `totals` (extent G along K, chunks of 1). Each chunk then needs the totals
// of the chunks before it on its line: a replica copies the whole line of
// totals to every chunk (task.redistribute with step 0 along a new axis
// inserted at K, whose chunk grid is the result's, so replica c lies on the
// rank of chunk c), and task.scan_carry folds them left to right in chunk
// order. The fold's order depends on the chunking only, so the bits do not
// depend on the rank count; what moves is G values per line and chunk.
//
//===----------------------------------------------------------------------===//
#include "bridge/Conversion/ArrayToTask/ScanLowering.h"

#include "bridge/Conversion/ArrayToTask/StageBuilder.h"
#include "bridge/Dialect/Task/TaskOps.h"
#include "bridge/sizes.h"

using namespace mlir;
using namespace bridge;

static task::CombineKind getCombineKind(array::ScanKind kind) {
  switch (kind) {
  case array::ScanKind::sum:
    return task::CombineKind::sum;
  case array::ScanKind::prod:
    return task::CombineKind::prod;
  }
  llvm_unreachable("unknown scan kind");
}

Value bridge::emitScan(OpBuilder &builder, array::ScanOp scan, Value input,
                       ChunkCountFn chunkCount) {
  Location loc = scan.getLoc();
  array::ArrayType type = scan.getType();
  int64_t axis = scan.getAxis(), rank = type.getRank();
  task::CombineKind kind = getCombineKind(scan.getKind());
  MLIRContext *context = builder.getContext();
  Type element = type.getElementType();
  auto contiguous = [&](ArrayRef<int64_t> shape, ArrayRef<int64_t> chunks) {
    return task::DistType::get(context, shape, element, chunks,
                               task::Placement::contiguous);
  };

  Value result = task::AllocOp::create(builder, loc, getDistType(type));
  int64_t count = chunkCount(type.getShape()[axis], type.getChunks()[axis]);
  SmallVector<int64_t> shape(type.getShape()), chunks(type.getChunks());
  shape[axis] = count;
  chunks[axis] = 1;
  Value totals = task::AllocOp::create(builder, loc, contiguous(shape, chunks));
  task::ScanLocalOp::create(builder, loc, kind, input, result, totals, axis);
  if (count == 1) {
    task::FreeOp::create(builder, loc, totals);
    return result;
  }

  // The replica: a new axis at K with one chunk per chunk along K, and the
  // whole line of totals on the axis after it.
  shape.insert(shape.begin() + axis, count);
  chunks.insert(chunks.begin() + axis, 1);
  chunks[axis + 1] = count;
  Value replica =
      task::AllocOp::create(builder, loc, contiguous(shape, chunks));
  SmallVector<int32_t> srcDims;
  SmallVector<int64_t> offsets(rank + 1, 0), steps(rank + 1, 1),
      lo(rank + 1, 0);
  for (int64_t dim = 0; dim <= rank; ++dim) {
    if (dim < axis)
      srcDims.push_back(dim);
    else if (dim == axis)
      srcDims.push_back(rank); // a unit axis of the totals
    else
      srcDims.push_back(dim - 1);
  }
  steps[axis] = 0;
  task::RedistributeOp::create(builder, loc, totals, replica,
                               builder.getDenseI32ArrayAttr(srcDims),
                               builder.getDenseI64ArrayAttr(offsets),
                               builder.getDenseI64ArrayAttr(steps),
                               builder.getDenseI64ArrayAttr(lo),
                               builder.getDenseI64ArrayAttr(shape));
  task::FreeOp::create(builder, loc, totals);
  task::ScanCarryOp::create(builder, loc, kind, result, replica, axis);
  task::FreeOp::create(builder, loc, replica);
  return result;
}
