//===- SizeSyntax.h - Sizes in the textual IR -------------------*- C++ -*-===//
//
// A size is a constant or a symbol of the program's sizes (bridge/sizes.h),
// both held in an int64_t. Types and attributes print a symbol as `s3` and
// a constant as itself; these are the custom directives that do it.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_DIALECT_ARRAY_SIZESYNTAX_H
#define BRIDGE_DIALECT_ARRAY_SIZESYNTAX_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpImplementation.h"

namespace bridge::array {

/// `s3, 1000` (no brackets): the parameters of types.
void printSizeList(mlir::AsmPrinter &printer, llvm::ArrayRef<int64_t> sizes);
mlir::ParseResult parseSizeList(mlir::AsmParser &parser,
                                llvm::SmallVector<int64_t> &sizes);

/// `[s3, -2]`: DenseI64ArrayAttr operands of operations.
void printSizeArray(mlir::OpAsmPrinter &printer, mlir::Operation *op,
                    mlir::DenseI64ArrayAttr sizes);
mlir::ParseResult parseSizeArray(mlir::OpAsmParser &parser,
                                 mlir::DenseI64ArrayAttr &sizes);

/// `s3` or `42`: one I64Attr.
void printSize(mlir::OpAsmPrinter &printer, mlir::Operation *op,
               mlir::IntegerAttr size);
mlir::ParseResult parseSize(mlir::OpAsmParser &parser, mlir::IntegerAttr &size);

/// True when every size is a constant.
bool allConstant(llvm::ArrayRef<int64_t> sizes);

} // namespace bridge::array

#endif // BRIDGE_DIALECT_ARRAY_SIZESYNTAX_H
