//===- StageBuilder.h - One fused pass over a chunk grid --------*- C++ -*-===//
//
// Builds a task.stage that, for each chunk it owns, evaluates the elementwise
// definitions of the arrays to materialise and the inputs of the reductions
// and counts in one loop nest, then the collectives that combine the
// reductions' per-chunk partials into scalars and sum the counts.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_CONVERSION_ARRAYTOTASK_STAGEBUILDER_H
#define BRIDGE_CONVERSION_ARRAYTOTASK_STAGEBUILDER_H

#include "bridge/Dialect/Array/ArrayOps.h"
#include "bridge/Dialect/Task/TaskOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"

namespace bridge {

/// What one stage computes. Every array named here lies on `grid`.
struct StagePlan {
  array::ArrayType grid;
  /// Arrays this stage materialises (their defining ops are evaluated).
  llvm::SmallVector<mlir::Value> outputs;
  /// Per output, null or a stencil that reads it: the output is then laid
  /// out with that stencil's halo, its interior written here and its
  /// margins filled in place after the stage, so the stencil reads it as
  /// its halo copy without one being made.
  llvm::SmallVector<array::ConvolveOp> outputHalos;
  /// Whole-array reductions this stage computes.
  llvm::SmallVector<array::ReduceOp> reductions;
  /// Counts of values this stage takes (each rank its own counters, summed
  /// after the stage).
  llvm::SmallVector<array::BincountOp> counts;
  /// Partial products of the Gram form whose operands (one type, on this
  /// grid) this stage computes: each chunk's operands go to storage for one
  /// chunk, multiplied once the chunk is done, and are never stored whole.
  llvm::SmallVector<array::MatmulPartialsOp> products;
  /// Products of the rows form whose left operand (on this grid) this stage
  /// computes: each chunk's rows go to storage for one chunk and are
  /// multiplied by that chunk's replica of the right operand
  /// (StageEnv::replicas).
  llvm::SmallVector<array::MatmulOp> rowProducts;
  /// Element selections x[mask] (array.compress) and unique(x)
  /// (array.unique) whose operands this stage computes: each chunk's go to
  /// storage for one chunk, and its selected elements (its values, for
  /// unique) join the rank's selection, which becomes the result after the
  /// stage.
  llvm::SmallVector<mlir::Operation *> selections;
  /// Arrays materialised by earlier steps that this one reads, directly,
  /// through a reduction along an axis (whose input keeps that axis whole)
  /// or through a stencil along an axis that its chunks hold whole.
  llvm::SmallVector<mlir::Value> inputs;
  /// Stencils evaluated here that read a halo copy of their input, made
  /// just before the stage and released after it. Stencils of generated
  /// inputs recompute their neighbours, and stencils along an axis that the
  /// input's chunks hold whole read them in place: neither is listed.
  llvm::SmallVector<array::ConvolveOp> stencils;
  /// Reductions along an axis whose values this stage combines from their
  /// chunks' partials (StageEnv::axisPartials).
  llvm::SmallVector<array::ReduceOp> axisReductions;
};

/// A stage that writes the partials of reductions along one axis: it runs
/// over the grid of the partials (the inputs' grid, cut to one element per
/// chunk along the axis), and at each of its elements folds the input
/// chunk's elements along the axis. Every reduction's input lies on `grid`.
struct AxisPartialsPlan {
  array::ArrayType grid;
  int64_t axis;
  /// The chunks along the axis (a size).
  int64_t count;
  llvm::SmallVector<array::ReduceOp> reductions;
  /// As in StagePlan: what evaluating the inputs reads.
  llvm::SmallVector<mlir::Value> inputs;
  llvm::SmallVector<array::ConvolveOp> stencils;
  llvm::SmallVector<array::ReduceOp> axisReductions;
};

/// The lowered values of the original program that a stage may use.
struct StageEnv {
  /// Original scalar -> its value at the stage's insertion point.
  const llvm::DenseMap<mlir::Value, mlir::Value> &scalars;
  /// Original materialised array -> its task.dist value.
  const llvm::DenseMap<mlir::Value, mlir::Value> &dists;
  /// Reduction along an axis -> the task.dist values of its partials
  /// (ReductionLowering::getAxisPartialTypes), each chunk's partials of an
  /// output chunk together in one chunk (getAxisPartialsType, whole).
  const llvm::DenseMap<mlir::Operation *, llvm::SmallVector<mlir::Value>>
      &axisPartials;
  /// Product of the rows form -> the replicas of its right operand.
  const llvm::DenseMap<mlir::Operation *, mlir::Value> &replicas;
};

struct StageResult {
  /// task.dist values of the plan's outputs, in order.
  llvm::SmallVector<mlir::Value> dists;
  /// Lowered results of the plan's reductions, in order.
  llvm::SmallVector<mlir::Value> scalars;
  /// task.dist values of the plan's counts, in order.
  llvm::SmallVector<mlir::Value> counts;
  /// task.dist values of the plan's partial products, in order.
  llvm::SmallVector<mlir::Value> products;
  /// task.dist values of the plan's products of the rows form, in order.
  llvm::SmallVector<mlir::Value> rowProducts;
  /// task.dist values of the plan's selections, in order.
  llvm::SmallVector<mlir::Value> selections;
};

/// The distributed-array type that holds a materialised array.
task::DistType getDistType(array::ArrayType type);
/// The distributed type of `stencil`'s input with the stencil's halo.
task::DistType getHaloDistType(array::ConvolveOp stencil);

/// Emits allocations, the stage and its combines at `builder`'s insertion
/// point.
StageResult buildStage(mlir::OpBuilder &builder, mlir::Location loc,
                       const StagePlan &plan, const StageEnv &env);

/// The array of a reduction's partials of `elementType` along `axis` of
/// `input`: one element per chunk along the axis (`count` of them, a size),
/// in one chunk per input chunk, or with `whole`, all of an output chunk's
/// in one chunk.
task::DistType getAxisPartialsType(array::ArrayType input, int64_t axis,
                                   int64_t count, mlir::Type elementType,
                                   bool whole);

/// Emits the partials' allocations and the stage that writes them; returns
/// each reduction's partials (ReductionLowering::getAxisPartialTypes), in
/// one chunk per input chunk.
llvm::SmallVector<llvm::SmallVector<mlir::Value>>
buildAxisPartials(mlir::OpBuilder &builder, mlir::Location loc,
                  const AxisPartialsPlan &plan, const StageEnv &env);

} // namespace bridge

#endif // BRIDGE_CONVERSION_ARRAYTOTASK_STAGEBUILDER_H
