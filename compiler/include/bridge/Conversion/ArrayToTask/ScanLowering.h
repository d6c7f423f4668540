//===- ScanLowering.h - array.scan as task steps -----------------*- C++ -*-===//
#ifndef BRIDGE_CONVERSION_ARRAYTOTASK_SCANLOWERING_H
#define BRIDGE_CONVERSION_ARRAYTOTASK_SCANLOWERING_H

#include "bridge/Dialect/Array/ArrayOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace bridge {

/// ceil(extent / chunk) as a size (a constant, or a symbol of the module's
/// size program).
using ChunkCountFn = llvm::function_ref<int64_t(int64_t extent, int64_t chunk)>;

/// Emits at the builder the steps of `scan` over `input`, the distributed
/// array of its (materialised) operand, and returns the distributed array of
/// the result, on the operand's chunks: a local scan of every chunk that
/// keeps its totals, a copy of each line of totals to every chunk of the
/// line (a broadcast replica, the only data that moves), and the carry of
/// the totals before each chunk, folded in chunk order.
mlir::Value emitScan(mlir::OpBuilder &builder, array::ScanOp scan,
                     mlir::Value input, ChunkCountFn chunkCount);

} // namespace bridge

#endif // BRIDGE_CONVERSION_ARRAYTOTASK_SCANLOWERING_H
