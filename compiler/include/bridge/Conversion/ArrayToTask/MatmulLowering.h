//===- MatmulLowering.h - Matrix products as task steps ----------*- C++ -*-===//
#ifndef BRIDGE_CONVERSION_ARRAYTOTASK_MATMULLOWERING_H
#define BRIDGE_CONVERSION_ARRAYTOTASK_MATMULLOWERING_H

#include "bridge/Conversion/ArrayToTask/ScanLowering.h"
#include "bridge/Dialect/Array/ArrayOps.h"
#include "mlir/IR/Block.h"

namespace bridge {

/// Gives each array.matmul of `block` one of the two distributed forms,
/// before scheduling:
/// - Gram form, `transpose(z) @ y`: z and y chunked alike along axis 0 (the
///   operand with fewer columns is rechunked when they differ) with axis 1
///   whole, then the per-chunk partial products (array.matmul_partials)
///   summed along the chunk axis, so that the partials combine as in every
///   reduction along an axis; the transpose is never formed.
/// - Rows form, any other: the left operand with its contracted axis whole
///   in each chunk (rechunked if not), multiplied chunk by chunk with a
///   copy of the right operand.
void prepareMatmuls(mlir::Block &block, ChunkCountFn chunkCount);

/// Emits at the builder the steps of `op` (array.matmul in the rows form,
/// or array.matmul_partials) over `lhs` and `rhs`, the distributed arrays
/// of its materialised operands, and returns the distributed array of its
/// result. The rows form copies the right operand to one replica per row
/// chunk of the left (the only data that moves); each chunk then
/// multiplies locally.
mlir::Value emitMatmul(mlir::OpBuilder &builder, mlir::Operation *op,
                       mlir::Value lhs, mlir::Value rhs,
                       ChunkCountFn chunkCount);

/// The rows form's copy of `rhs` (the distributed array of `op`'s right
/// operand) per row chunk of `op`'s left operand: [C, m, k] in chunks
/// [1, m, k], chunk c on the rank of row chunk c.
mlir::Value emitRowsReplica(mlir::OpBuilder &builder, array::MatmulOp op,
                            mlir::Value rhs, ChunkCountFn chunkCount);

} // namespace bridge

#endif // BRIDGE_CONVERSION_ARRAYTOTASK_MATMULLOWERING_H
