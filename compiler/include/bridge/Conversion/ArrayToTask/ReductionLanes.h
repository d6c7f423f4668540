//===- ReductionLanes.h - The fixed fold order of float sums --*- C++ -*-=====//
//
// A floating-point sum or product over a chunk folds its elements in a fixed
// number of independent lanes, kReductionLanes (as do extremes, whose result
// does not depend on the order, so that they vectorize): the element at index j
// of the innermost loop goes to lane j mod kReductionLanes, each lane folds its
// elements in index order (carried through the outer loops of the chunk),
// and the lanes combine at the end in a fixed tree. The order is part of the
// generated code, so the result does not depend on the optimisation level,
// the target CPU or its vector width: no reduction op carries `reassoc`.
// The independent lanes are what lets LLVM keep the fold in vector registers.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_CONVERSION_ARRAYTOTASK_REDUCTIONLANES_H
#define BRIDGE_CONVERSION_ARRAYTOTASK_REDUCTIONLANES_H

#include "mlir/IR/Builders.h"

namespace bridge {

constexpr unsigned kReductionLanes = 8;

/// Folds the element at `index` into lane `lane` of `state`; returns the
/// next state (of the same types).
using LaneStep = llvm::function_ref<llvm::SmallVector<mlir::Value>(
    mlir::OpBuilder &, mlir::Location, mlir::Value index, unsigned lane,
    mlir::ValueRange state)>;

/// Called before the steps of the indices [lo, hi).
using LaneBlock = llvm::function_ref<void(mlir::OpBuilder &, mlir::Location,
                                          mlir::Value lo, mlir::Value hi)>;

/// Steps through the indices [0, count) in order, the element at j in lane
/// j mod kReductionLanes: a loop over whole groups of kReductionLanes
/// elements, one step per lane in its body, then one guarded step for each
/// lane the last, partial group may reach. Returns the final state.
///
/// With `prepare`, the whole groups go in blocks of `block` indices (a
/// multiple of kReductionLanes), `prepare` called before each block and
/// before the partial group; the steps and their order stay the same.
llvm::SmallVector<mlir::Value>
emitLaneLoop(mlir::OpBuilder &b, mlir::Location loc, mlir::Value count,
             mlir::ValueRange init, LaneStep step, mlir::Value block = {},
             LaneBlock prepare = {});

/// Steps through the indices [0, count) in order, each in lane 0: the loop
/// of folds that keep no lanes, which LLVM vectorizes on its own (in the
/// groups of emitLaneLoop it gathered their elements instead).
llvm::SmallVector<mlir::Value>
emitOneLaneLoop(mlir::OpBuilder &b, mlir::Location loc, mlir::Value count,
                mlir::ValueRange init, LaneStep step);

/// Combines the kReductionLanes values of the vectors `lanes` (one per
/// accumulator, combined together) in the fixed tree
/// ((l0 . l1) . (l2 . l3)) . ((l4 . l5) . (l6 . l7)), a level at a time on
/// vectors (`combine` takes the left and right vectors of each accumulator),
/// so the lanes stay one vector after the loop that folds them. Returns the
/// combined scalars.
using LaneCombine = llvm::function_ref<llvm::SmallVector<mlir::Value>(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange left,
    mlir::ValueRange right)>;
llvm::SmallVector<mlir::Value> emitLaneTree(mlir::OpBuilder &b,
                                            mlir::Location loc,
                                            mlir::ValueRange lanes,
                                            LaneCombine combine);

} // namespace bridge

#endif // BRIDGE_CONVERSION_ARRAYTOTASK_REDUCTIONLANES_H
