//===- ReductionLanes.cpp - The fixed fold order of float reductions ------===//
#include "bridge/Conversion/ArrayToTask/ReductionLanes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace bridge;

SmallVector<Value> bridge::emitLaneLoop(OpBuilder &b, Location loc, Value count,
                                        ValueRange init, LaneStep step,
                                        Value block, LaneBlock prepare) {
  Value lanes = arith::ConstantIndexOp::create(b, loc, kReductionLanes);
  Value whole = arith::SubIOp::create(
      b, loc, count, arith::RemUIOp::create(b, loc, count, lanes));
  // The groups of [lo, hi), one step per lane each.
  auto emitGroups = [&](Value lo, Value hi, ValueRange state) {
    auto groups = scf::ForOp::create(b, loc, lo, hi, lanes, state);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(groups.getBody());
    SmallVector<Value> next(groups.getRegionIterArgs());
    for (unsigned lane = 0; lane < kReductionLanes; ++lane) {
      Value index = arith::AddIOp::create(
          b, loc, groups.getInductionVar(),
          arith::ConstantIndexOp::create(b, loc, lane));
      next = step(b, loc, index, lane, next);
    }
    scf::YieldOp::create(b, loc, next);
    return groups;
  };
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  scf::ForOp groups;
  if (!prepare) {
    groups = emitGroups(zero, whole, init);
  } else {
    groups = scf::ForOp::create(
        b, loc, zero, whole, block, init,
        [&](OpBuilder &bb, Location bloc, Value lo, ValueRange state) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(bb.getInsertionBlock(), bb.getInsertionPoint());
          Value hi = arith::MinUIOp::create(
              b, loc, arith::AddIOp::create(b, loc, lo, block), whole);
          prepare(b, loc, lo, hi);
          scf::YieldOp::create(b, loc, emitGroups(lo, hi, state).getResults());
        });
  }
  SmallVector<Value> state(groups.getResults());
  if (prepare)
    prepare(b, loc, whole, count);
  // The last group holds fewer than kReductionLanes elements.
  for (unsigned lane = 0; lane + 1 < kReductionLanes; ++lane) {
    Value index = arith::AddIOp::create(
        b, loc, whole, arith::ConstantIndexOp::create(b, loc, lane));
    Value inside = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                         index, count);
    auto tail = scf::IfOp::create(
        b, loc, inside,
        [&](OpBuilder &tb, Location tloc) {
          scf::YieldOp::create(tb, tloc, step(tb, tloc, index, lane, state));
        },
        [&](OpBuilder &eb, Location eloc) {
          scf::YieldOp::create(eb, eloc, state);
        });
    state.assign(tail.getResults().begin(), tail.getResults().end());
  }
  return state;
}

SmallVector<Value> bridge::emitOneLaneLoop(OpBuilder &b, Location loc,
                                           Value count, ValueRange init,
                                           LaneStep step) {
  auto loop = scf::ForOp::create(
      b, loc, arith::ConstantIndexOp::create(b, loc, 0), count,
      arith::ConstantIndexOp::create(b, loc, 1), init,
      [&](OpBuilder &lb, Location lloc, Value index, ValueRange state) {
        scf::YieldOp::create(lb, lloc, step(lb, lloc, index, 0, state));
      });
  return SmallVector<Value>(loop.getResults());
}

SmallVector<Value> bridge::emitLaneTree(OpBuilder &b, Location loc,
                                        ValueRange lanes, LaneCombine combine) {
  // Frozen first: otherwise LLVM folds the first level's shuffles into the
  // loop that built `lanes`, and splits that loop's lanes (a fold per row
  // then vectorizes 4 and 2 wide instead of 8). A no-op on defined values.
  SmallVector<Value> level;
  for (Value value : lanes)
    level.push_back(LLVM::FreezeOp::create(b, loc, value));
  // Each level combines neighbouring pairs at once: the even positions with
  // the odd ones after them.
  for (int64_t width = kReductionLanes; width > 1; width /= 2) {
    SmallVector<int64_t> even, odd;
    for (int64_t i = 0; i < width; i += 2) {
      even.push_back(i);
      odd.push_back(i + 1);
    }
    SmallVector<Value> left, right;
    for (Value value : level) {
      left.push_back(vector::ShuffleOp::create(b, loc, value, value, even));
      right.push_back(vector::ShuffleOp::create(b, loc, value, value, odd));
    }
    level = combine(b, loc, left, right);
  }
  for (Value &value : level)
    value = vector::ExtractOp::create(b, loc, value, int64_t(0));
  return level;
}
