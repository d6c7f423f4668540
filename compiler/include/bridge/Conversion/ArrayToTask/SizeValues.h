//===- SizeValues.h - Sizes as values inside stages -------------*- C++ -*-===//
//
// Types and attributes hold sizes as int64_t: constants, or symbols of the
// program's sizes known when it starts (bridge/sizes.h). Code that computes
// with a size turns it into a value: a constant stays a constant, a symbol
// becomes task.size.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_CONVERSION_ARRAYTOTASK_SIZEVALUES_H
#define BRIDGE_CONVERSION_ARRAYTOTASK_SIZEVALUES_H

#include "mlir/IR/Builders.h"

namespace bridge {

/// `size` as an index.
mlir::Value emitIndexSize(mlir::OpBuilder &b, mlir::Location loc,
                          int64_t size);

/// ceil(extent / chunk) of two sizes, as an index.
mlir::Value emitChunkCount(mlir::OpBuilder &b, mlir::Location loc,
                           int64_t extent, int64_t chunk);

/// The product of `sizes` as an f64 (an element count for means and
/// variances): a constant when every size is one.
mlir::Value emitCountF64(mlir::OpBuilder &b, mlir::Location loc,
                         llvm::ArrayRef<int64_t> sizes);

} // namespace bridge

#endif // BRIDGE_CONVERSION_ARRAYTOTASK_SIZEVALUES_H
