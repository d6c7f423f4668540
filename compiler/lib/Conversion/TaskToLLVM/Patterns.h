//===- Patterns.h - The patterns of the task-to-LLVM conversion -*- C++ -*-===//
//
// One populate function per kind of task operation, each in its own file.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_CONVERSION_TASKTOLLVM_PATTERNS_H
#define BRIDGE_CONVERSION_TASKTOLLVM_PATTERNS_H

#include "bridge/Dialect/Task/TaskOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/DialectConversion.h"

namespace bridge::tasktollvm {

/// A conversion pattern for one task operation.
template <typename OpTy>
struct TaskPattern : mlir::OpConversionPattern<OpTy> {
  using mlir::OpConversionPattern<OpTy>::OpConversionPattern;
};

/// Stages become loops over the chunks this rank owns. `program` identifies
/// the program's checkpoints; `stageIds` numbers its stages in program order.
void populateStagePatterns(
    mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns,
    uint64_t program,
    const llvm::DenseMap<mlir::Operation *, int64_t> &stageIds);

/// Arrays filled by a task.checkpoint body are restored from a checkpoint
/// instead when every rank has them; `stepIds` numbers them with the stages.
void populateCheckpointPatterns(
    mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns,
    uint64_t program,
    const llvm::DenseMap<mlir::Operation *, int64_t> &stepIds);

/// Element reads and writes of a chunk become loads and stores.
void populateChunkAccessPatterns(mlir::TypeConverter &converter,
                                 mlir::RewritePatternSet &patterns);

/// Distributed arrays: creation, release, files, redistribution, halos and
/// element fetches.
void populateDataMovementPatterns(mlir::TypeConverter &converter,
                                  mlir::RewritePatternSet &patterns);

/// Quantiles and medians of whole arrays.
void populateSelectionPatterns(mlir::TypeConverter &converter,
                               mlir::RewritePatternSet &patterns);

/// Combines of partial results, printing of scalars, and the sizes and
/// parameters of the run.
void populateScalarPatterns(mlir::TypeConverter &converter,
                            mlir::RewritePatternSet &patterns);

/// The local steps of scans: each chunk's own scan, and the carry of the
/// chunks before it.
void populateScanPatterns(mlir::TypeConverter &converter,
                          mlir::RewritePatternSet &patterns);

/// task.compress and the selections stages fill: arrays whose length the
/// data decides.
void populateCompactionPatterns(mlir::TypeConverter &converter,
                                mlir::RewritePatternSet &patterns);

/// task.counts, task.count and task.sum_counts: histograms and bincounts.
void populateCountsPatterns(mlir::TypeConverter &converter,
                            mlir::RewritePatternSet &patterns);

/// task.matmul_local: one runtime call.
void populateMatmulPatterns(mlir::TypeConverter &converter,
                            mlir::RewritePatternSet &patterns);

/// Collective calls of legacy functions.
void populateLegacyCallPatterns(mlir::TypeConverter &converter,
                                mlir::RewritePatternSet &patterns);

/// Gives the array program's `main` the C signature, with runtime set-up
/// before the body and tear-down at every return.
mlir::LogicalResult rewriteMain(mlir::func::FuncOp main);

} // namespace bridge::tasktollvm

#endif // BRIDGE_CONVERSION_TASKTOLLVM_PATTERNS_H
