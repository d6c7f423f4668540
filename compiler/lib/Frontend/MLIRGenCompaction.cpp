//===- MLIRGenCompaction.cpp - Lowering results the data sizes ------------===//
//
// Every selection is one array.compress of rows or elements: compress along
// another axis moves that axis first and back after, nonzero selects from
// arange. The source and the mask are read in the chunks Sema chose, whole
// but for the first axis, and a condition that is not bool is one by
// NumPy's truth (astype).
//
//===----------------------------------------------------------------------===//
#include "MLIRGenCompaction.h"

#include "bridge/Dialect/Array/ArrayOps.h"

using namespace bridge;
using namespace bridge::ast;
using mlir::Value;
namespace arr = bridge::array;

/// `x` in the chunks `chunks` (of its leading axes), with element type
/// `element`.
static Value readAs(mlir::OpBuilder &builder, mlir::Location loc, Value x,
                    llvm::ArrayRef<int64_t> chunks, mlir::Type element) {
  auto type = llvm::cast<arr::ArrayType>(x.getType());
  if (type.getElementType() != element) {
    type = type.withElementType(element);
    x = arr::CastOp::create(builder, loc, type, x);
  }
  auto wanted = arr::ArrayType::get(builder.getContext(), type.getShape(),
                                    element, chunks.take_front(type.getRank()));
  if (wanted == type)
    return x;
  return arr::RechunkOp::create(builder, loc, wanted, x);
}

/// `type` with dimension d taken from dimension `order[d]`.
static arr::ArrayType permuted(arr::ArrayType type,
                               llvm::ArrayRef<int64_t> order) {
  llvm::SmallVector<int64_t, 4> shape, chunks;
  for (int64_t from : order) {
    shape.push_back(type.getShape()[from]);
    chunks.push_back(type.getChunks()[from]);
  }
  return arr::ArrayType::get(type.getContext(), shape, type.getElementType(),
                             chunks);
}

static Value transpose(mlir::OpBuilder &builder, mlir::Location loc, Value x,
                       llvm::ArrayRef<int64_t> order) {
  auto type = llvm::cast<arr::ArrayType>(x.getType());
  return arr::TransposeOp::create(builder, loc, permuted(type, order), x,
                                  builder.getDenseI64ArrayAttr(order));
}

/// `source[mask]` along the axes `info.axes` puts first.
static Value genCompress(mlir::OpBuilder &builder, mlir::Location loc,
                         const BuiltinInfo &info, Value source, Value mask,
                         arr::ArrayType result) {
  llvm::ArrayRef<int64_t> order = info.axes;
  if (!order.empty())
    source = transpose(builder, loc, source, order);
  auto sourceType = llvm::cast<arr::ArrayType>(source.getType());
  source = readAs(builder, loc, source, info.sourceChunks,
                  sourceType.getElementType());
  mask = readAs(builder, loc, mask, info.sourceChunks, builder.getI1Type());
  if (order.empty())
    return arr::CompressOp::create(builder, loc, result, source, mask);
  Value rows = arr::CompressOp::create(builder, loc, permuted(result, order),
                                       source, mask);
  llvm::SmallVector<int64_t, 4> back(order.size());
  for (size_t d = 0; d < order.size(); ++d)
    back[order[d]] = static_cast<int64_t>(d);
  return transpose(builder, loc, rows, back);
}

Value bridge::genCompactionCall(mlir::OpBuilder &builder, mlir::Location loc,
                                Builtin b, const BuiltinInfo &info,
                                llvm::ArrayRef<Value> operands,
                                mlir::Type result) {
  auto type = llvm::cast<arr::ArrayType>(result);
  switch (b) {
  case Builtin::Compress:
    return genCompress(builder, loc, info, operands[0], operands[1], type);
  case Builtin::Nonzero: {
    auto input = llvm::cast<arr::ArrayType>(operands[0].getType());
    auto indices = arr::ArrayType::get(builder.getContext(), input.getShape(),
                                       builder.getI64Type(),
                                       input.getChunks());
    Value arange = arr::ArangeOp::create(builder, loc, indices);
    return genCompress(builder, loc, info, arange, operands[0], type);
  }
  case Builtin::Unique:
    return arr::UniqueOp::create(builder, loc, type, operands[0]);
  default:
    llvm_unreachable("not a compaction built-in");
  }
}
