//===- Reductions.h - How each kind of reduction computes -------*- C++ -*-===//
//
// Every kind of array.reduce is described in one place: what a chunk
// accumulates, from which identity and by which step, how the chunks'
// partials combine, and what finishes the result (mean's division, std's
// square root). The stage builder lowers whole-array reductions and
// reductions along an axis from these descriptions alone.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_CONVERSION_ARRAYTOTASK_REDUCTIONS_H
#define BRIDGE_CONVERSION_ARRAYTOTASK_REDUCTIONS_H

#include "bridge/Dialect/Array/ArrayOps.h"
#include "bridge/Dialect/Task/TaskOps.h"
#include "mlir/IR/Builders.h"

namespace bridge {

/// How one kind of reduction computes.
struct Reduction {
  enum class Accumulator {
    /// f64 for floating-point elements, i64 for the others.
    Widened,
    F64,
    I64,
    /// Sums of deviations from a shift and of their squares (f64), with the
    /// element count and the shift: combined by task.combine_moments.
    Moments,
    /// The first extreme (Widened) and its flat row-major index (i64):
    /// combined by task.combine_arg, which gives the index.
    Indexed,
  };
  /// What each element contributes.
  enum class Term { Value, NonZero };
  enum class Finish {
    None,
    /// Divide by the element count: the mean of a sum, the variance of the
    /// sum of squared deviations.
    DivideByCount,
    /// The square root of that quotient.
    SqrtOfDivideByCount,
  };

  Accumulator accumulator;
  /// The step that folds a term into an accumulator, and the collective that
  /// combines partials: sum adds, prod multiplies, min and max keep the
  /// extreme (nanmin and nanmax the extreme of the values that are not NaN),
  /// any and all or and and. Moments are sums.
  task::CombineKind combine;
  Term term;
  Finish finish;
  /// NaN elements contribute nothing (nansum, nanmean, nanvar, nanstd); the
  /// finish divides by the count of the others, which the chunks count.
  bool skipsNaN = false;

  /// The description of `kind` over elements of type `element`; without
  /// NaNs (integers, bools) the nan-kinds are their plain kinds, as in NumPy.
  static Reduction get(array::ReduceKind kind, mlir::Type element);
};

/// The code of one array.reduce, from its kind's description.
class ReductionLowering {
public:
  explicit ReductionLowering(array::ReduceOp op);

  array::ReduceOp getOp() const { return op; }
  /// Moments are taken about a shift: the first element of each chunk (0 if
  /// it is a skipped NaN).
  bool needsShift();
  /// The elements that are not NaN are counted, in an i64 accumulator after
  /// the others and an i64 partial after the others, summed by its own
  /// task.combine.
  bool countsElements();
  /// A step needs the element's flat row-major index (argmin, argmax).
  bool needsIndex();
  /// How many lanes a chunk's fold keeps (ReductionLanes.h): kReductionLanes
  /// for floating-point sums, products and moments, whose result depends on
  /// the order, float extremes, and every argmin and argmax, which
  /// vectorize so; 1 for the others.
  unsigned getLanes();

  // Whole-array reductions: one pass over each chunk in a stage, then a
  // combine of the chunks' partials along the fixed combining tree.

  /// Types of the accumulators carried through a chunk's loop nest: with
  /// lanes, one vector of getLanes() elements per accumulator.
  llvm::SmallVector<mlir::Type> getCarriedTypes();
  /// Types of the partials a chunk yields.
  llvm::SmallVector<mlir::Type> getPartialTypes();
  mlir::Value emitShift(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::Value firstElement);
  llvm::SmallVector<mlir::Value> emitInitial(mlir::OpBuilder &b,
                                             mlir::Location loc);
  /// Folds `element` into lane `lane` of the `carried` accumulators (the
  /// lane loop of ReductionLanes.h picks it; 0 without lanes); returns their
  /// next values. `index` is the element's flat index (an i64) where
  /// needsIndex(), else null.
  llvm::SmallVector<mlir::Value>
  emitStep(mlir::OpBuilder &b, mlir::Location loc, mlir::ValueRange carried,
           mlir::Value element, mlir::Value shift, unsigned lane,
           mlir::Value index);
  /// One lane's accumulators before any element: the identity (as scalars
  /// where getCarriedTypes() has vectors).
  llvm::SmallVector<mlir::Value> emitLaneInitial(mlir::OpBuilder &b,
                                                 mlir::Location loc);
  /// emitStep on one lane's accumulators, scalars where getCarriedTypes()
  /// has vectors (the element count, which no lane splits, as it is).
  llvm::SmallVector<mlir::Value>
  emitLaneStep(mlir::OpBuilder &b, mlir::Location loc, mlir::ValueRange carried,
               mlir::Value element, mlir::Value shift, mlir::Value index);
  /// The partials of a chunk of `extents` from its final accumulators, the
  /// lanes combined in the fixed tree.
  llvm::SmallVector<mlir::Value> emitChunkPartials(mlir::OpBuilder &b,
                                                   mlir::Location loc,
                                                   mlir::ValueRange carried,
                                                   mlir::ValueRange extents,
                                                   mlir::Value shift);
  /// The result, from every chunk's partials over an array of `shape`.
  mlir::Value emitCombine(mlir::OpBuilder &b, mlir::ValueRange partials,
                          llvm::ArrayRef<int64_t> shape);

  /// The result along an axis of `length` (a size), at one output element,
  /// in the lanes of getLanes() along the axis (var and std take two
  /// passes, as NumPy does).
  /// `readElement` reads the input at an index along the axis.
  mlir::Value
  emitAlongAxis(mlir::OpBuilder &b, mlir::Location loc, int64_t length,
                llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Value)>
                    readElement);

  // Along an axis by partials: each chunk of the input folds its elements
  // along the axis as a whole-array reduction folds a 1-D chunk (the lanes
  // of ReductionLanes.h over the index along the axis), and the chunks'
  // partials combine along the fixed combining tree (bridge/layout/
  // CombineTree.h) over their index along the axis. Each output element
  // thus has the bits of the whole-array reduction of its column, chunked
  // alike, at any rank count.

  /// Element types of the arrays that hold a chunk's partials: the
  /// accumulator, or for moments the chunk's mean and sum of squared
  /// deviations; then, for a NaN-skipping mean or variance, how many of the
  /// chunk's elements are not NaN.
  llvm::SmallVector<mlir::Type> getAxisPartialTypes();
  /// Those partials from emitChunkPartials' values.
  llvm::SmallVector<mlir::Value> emitAxisPartials(mlir::OpBuilder &b,
                                                  mlir::Location loc,
                                                  mlir::ValueRange partials);
  /// The result at one output element from the partials of the chunks of
  /// `chunk` elements along an axis of `length` (sizes);
  /// `readPartial(k, i)` reads partial i of chunk k (an index). Up to
  /// kMaxTreeCombine chunks combine along the fixed tree in straight-line
  /// code; more, a count known only at run time, or the counts of a
  /// NaN-skipping reduction (a partial of each chunk), in a loop in chunk
  /// order: either way one order that depends on the chunks alone.
  mlir::Value emitCombineAlongAxis(
      mlir::OpBuilder &b, mlir::Location loc, int64_t length, int64_t chunk,
      llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Value, unsigned)>
          readPartial);
  static constexpr int64_t kMaxTreeCombine = 256;

private:
  /// The partials of chunks 0 .. nchunks-1 folded left to right in a loop,
  /// then, for moments or a NaN-skipping reduction, their element count.
  llvm::SmallVector<mlir::Value> emitFoldAlongAxis(
      mlir::OpBuilder &b, mlir::Location loc, int64_t length, int64_t chunk,
      llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Value, unsigned)>
          readPartial);
  /// The element's term with a skipped NaN as `identity`.
  mlir::Value emitSkipNaN(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Value element, mlir::Value term,
                          mlir::Value identity);
  /// emitStep on scalar accumulators.
  llvm::SmallVector<mlir::Value>
  emitScalarStep(mlir::OpBuilder &b, mlir::Location loc,
                 mlir::ValueRange carried, mlir::Value element,
                 mlir::Value shift, mlir::Value index);
  /// The (extreme, index) accumulators after `element` at `index`.
  llvm::SmallVector<mlir::Value> emitIndexedStep(mlir::OpBuilder &b,
                                                 mlir::Location loc,
                                                 mlir::ValueRange carried,
                                                 mlir::Value element,
                                                 mlir::Value index);
  /// The accumulators' values from their vectors of lanes, by the fixed
  /// tree.
  llvm::SmallVector<mlir::Value> emitLaneCombine(mlir::OpBuilder &b,
                                                 mlir::Location loc,
                                                 mlir::ValueRange lanes);
  /// An extreme and its index from two (scalars or lanes' vectors): the
  /// better, the lower index of equals, any rather than none (index -1).
  llvm::SmallVector<mlir::Value> emitIndexedCombine(mlir::OpBuilder &b,
                                                    mlir::Location loc,
                                                    mlir::ValueRange left,
                                                    mlir::ValueRange right);

  array::ReduceOp op;
  Reduction reduction;
  /// The accumulator of a fold, or f64 for moments.
  mlir::Type accumulator;
};

} // namespace bridge

#endif // BRIDGE_CONVERSION_ARRAYTOTASK_REDUCTIONS_H
