//===- MLIRGenLinalg.cpp - Lowering the linear algebra built-ins ----------===//
//
// A product with a 1-D operand is the 2-D product of a row (the 1-D left
// operand, as the transpose of a column, which the Gram form of
// ArrayToTask recognises) or a column (the 1-D right operand), with that
// unit axis dropped from the result. outer is the broadcast product of a
// column and a row.
//
//===----------------------------------------------------------------------===//

#include "MLIRGenLinalg.h"

#include "bridge/Dialect/Array/ArrayOps.h"

using namespace bridge;
using namespace bridge::ast;
using mlir::Value;
namespace arr = bridge::array;

/// `x` (1-D) with a unit axis inserted at `axis`.
static Value expand(mlir::OpBuilder &builder, mlir::Location loc, Value x,
                    int64_t axis) {
  auto type = llvm::cast<arr::ArrayType>(x.getType());
  llvm::SmallVector<int64_t, 2> shape(type.getShape()),
      chunks(type.getChunks());
  shape.insert(shape.begin() + axis, 1);
  chunks.insert(chunks.begin() + axis, 1);
  auto expanded = arr::ArrayType::get(builder.getContext(), shape,
                                      type.getElementType(), chunks);
  return arr::ExpandDimsOp::create(builder, loc, expanded, x,
                                   llvm::ArrayRef<int64_t>{axis});
}

/// The 1-D `x` as a row: the transpose of its column.
static Value row(mlir::OpBuilder &builder, mlir::Location loc, Value x) {
  Value column = expand(builder, loc, x, 1);
  auto type = llvm::cast<arr::ArrayType>(column.getType());
  auto transposed = arr::ArrayType::get(
      builder.getContext(), {type.getShape()[1], type.getShape()[0]},
      type.getElementType(), {type.getChunks()[1], type.getChunks()[0]});
  return arr::TransposeOp::create(builder, loc, transposed, column,
                                  mlir::DenseI64ArrayAttr());
}

static Value genMatmul(mlir::OpBuilder &builder, mlir::Location loc, Value lhs,
                       Value rhs, mlir::Type result) {
  bool rowLhs = llvm::cast<arr::ArrayType>(lhs.getType()).getRank() == 1;
  bool columnRhs = llvm::cast<arr::ArrayType>(rhs.getType()).getRank() == 1;
  if (rowLhs)
    lhs = row(builder, loc, lhs);
  if (columnRhs)
    rhs = expand(builder, loc, rhs, 1);
  auto a = llvm::cast<arr::ArrayType>(lhs.getType());
  auto b = llvm::cast<arr::ArrayType>(rhs.getType());
  auto productType = arr::ArrayType::get(
      builder.getContext(), {a.getShape()[0], b.getShape()[1]},
      a.getElementType(), {a.getChunks()[0], b.getShape()[1]});
  Value product =
      arr::MatmulOp::create(builder, loc, productType, lhs, rhs);
  if (rowLhs && columnRhs)
    return arr::IndexOp::create(builder, loc, result, product,
                                llvm::ArrayRef<int64_t>{0, 0});
  if (rowLhs)
    return arr::SqueezeOp::create(builder, loc, result, product,
                                  llvm::ArrayRef<int64_t>{0});
  if (columnRhs)
    return arr::SqueezeOp::create(builder, loc, result, product,
                                  llvm::ArrayRef<int64_t>{1});
  return product;
}

/// u[i] * v[j]: a column of `u` times a row of `v`, both broadcast.
static Value genOuter(mlir::OpBuilder &builder, mlir::Location loc, Value u,
                      Value v, mlir::Type result) {
  auto type = llvm::cast<arr::ArrayType>(result);
  Value operands[] = {expand(builder, loc, u, 1), expand(builder, loc, v, 0)};
  for (Value &operand : operands)
    if (llvm::cast<arr::ArrayType>(operand.getType()).getShape() !=
        type.getShape())
      operand = arr::BroadcastOp::create(builder, loc, type, operand);
  return arr::BinaryOp::create(builder, loc, type, arr::BinaryKind::mul,
                               operands[0], operands[1]);
}

Value bridge::genLinearAlgebraCall(mlir::OpBuilder &builder,
                                   mlir::Location loc, Builtin b, Value lhs,
                                   Value rhs, mlir::Type result) {
  if (b == Builtin::Matmul)
    return genMatmul(builder, loc, lhs, rhs, result);
  return genOuter(builder, loc, lhs, rhs, result);
}
