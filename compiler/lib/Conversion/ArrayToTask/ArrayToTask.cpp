//===- ArrayToTask.cpp - Stage formation and placement --------------------===//
//
// Schedules the array program into placed stages. Effects (print, call) run
// in program order; each demands scalars (reduction results) and materialised
// arrays (legacy-call operands). Meeting a demand emits one stage over the
// demanded value's grid which, when fusing, also computes every other pending
// reduction and materialisation on that grid whose inputs are ready. Arrays
// that are not materialised are recomputed inside each consumer's loop, so
// generators and elementwise chains never touch memory.
//
//===----------------------------------------------------------------------===//
#include "bridge/Conversion/Passes.h"

#include "bridge/Conversion/ArrayToTask/ElementCodegen.h"
#include "bridge/Conversion/ArrayToTask/StageBuilder.h"
#include "bridge/Dialect/Array/ArrayOps.h"
#include "bridge/Dialect/Task/TaskOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/TypeSwitch.h"

namespace bridge {
#define GEN_PASS_DEF_CONVERTARRAYTOTASK
#include "bridge/Conversion/Passes.h.inc"
} // namespace bridge

using namespace mlir;
using namespace bridge;

namespace {

/// A computation that a stage performs: materialising an array, or a
/// whole-array reduction (keyed by the reduction's result).
struct Root {
  array::ArrayType grid;
  array::ReduceOp reduction; // null for a materialisation
  SetVector<Value> scalarDeps;
  SetVector<Value> arrayInputs; // materialised arrays it reads
  bool computed = false;
};

class Scheduler {
public:
  Scheduler(func::FuncOp func, bool fuse) : func(func), fuse(fuse),
                                            builder(func.getContext()) {}

  LogicalResult run();

private:
  LogicalResult collectRoots(ArrayRef<Operation *> ops);
  LogicalResult collectDeps(Value array, bool isRoot, Root &root);
  LogicalResult emitEffect(Operation *op);
  Value ensureScalar(Value scalar);
  void ensureRoot(Value key);
  bool canProduce(Value scalar);
  void emitStage(SmallVectorImpl<Value> &group);
  void freeAfterLastUse();

  func::FuncOp func;
  bool fuse;
  OpBuilder builder;
  /// Program-order roots: deterministic grouping and output.
  llvm::MapVector<Value, Root> roots;
  SetVector<Value> materialised;
  DenseMap<Value, Value> scalars;
  DenseMap<Value, Value> dists;
};

} // namespace

static bool isArray(Value value) { return isa<array::ArrayType>(value.getType()); }

static LogicalResult notSupported(Operation *op, StringRef what) {
  return op->emitError() << what << " is not supported yet";
}

LogicalResult Scheduler::collectDeps(Value array, bool isRoot, Root &root) {
  if (!isRoot && materialised.contains(array)) {
    root.arrayInputs.insert(array);
    return success();
  }
  Operation *def = array.getDefiningOp();
  if (!def)
    return func.emitError("array arguments are not supported");
  auto operand = [&](Value value) -> LogicalResult {
    if (isArray(value))
      return collectDeps(value, /*isRoot=*/false, root);
    root.scalarDeps.insert(value);
    return success();
  };
  return llvm::TypeSwitch<Operation *, LogicalResult>(def)
      .Case<array::RandomOp, array::NormalOp, array::ArangeOp>(
          [](Operation *) { return success(); })
      .Case([&](array::FullOp op) { return operand(op.getValue()); })
      .Case([&](array::CastOp op) { return operand(op.getInput()); })
      .Case([&](array::UnaryOp op) { return operand(op.getInput()); })
      .Case([&](array::BinaryOp op) {
        return success(succeeded(operand(op.getLhs())) &&
                       succeeded(operand(op.getRhs())));
      })
      .Case([&](array::SelectOp op) {
        return success(succeeded(operand(op.getCondition())) &&
                       succeeded(operand(op.getTrueValue())) &&
                       succeeded(operand(op.getFalseValue())));
      })
      .Case([&](array::ReduceOp op) {
        return notSupported(op, "reduction along an axis");
      })
      .Default([&](Operation *op) {
        return notSupported(op, "'" + op->getName().getStringRef().str() + "'");
      });
}

LogicalResult Scheduler::collectRoots(ArrayRef<Operation *> ops) {
  for (Operation *op : ops) {
    if (auto call = dyn_cast<array::CallOp>(op)) {
      if (!call.getBlockArgs().empty())
        return notSupported(call, "the 'block' layout");
      for (Value arg : call.getArgs())
        if (isArray(arg))
          materialised.insert(arg);
    }
    if (auto save = dyn_cast<array::SaveOp>(op))
      return notSupported(save, "'save'");
  }
  for (Value array : materialised) {
    Root &root = roots[array];
    root.grid = cast<array::ArrayType>(array.getType());
    if (failed(collectDeps(array, /*isRoot=*/true, root)))
      return failure();
  }
  for (Operation *op : ops) {
    auto reduce = dyn_cast<array::ReduceOp>(op);
    if (!reduce)
      continue;
    if (reduce.getAxis())
      return notSupported(reduce, "reduction along an axis");
    Root &root = roots[reduce.getResult()];
    root.grid = reduce.getInput().getType();
    root.reduction = reduce;
    if (failed(collectDeps(reduce.getInput(), /*isRoot=*/false, root)))
      return failure();
  }
  // Fusion needs one grid per stage: arrays of one shape with other chunks
  // would need a rechunk first.
  for (auto &[key, root] : roots)
    for (Value input : root.arrayInputs)
      if (!roots.lookup(input).grid.hasSameGrid(root.grid))
        return notSupported(key.getDefiningOp(),
                            "combining arrays with different chunks");
  return success();
}

bool Scheduler::canProduce(Value scalar) {
  if (scalars.count(scalar))
    return true;
  Operation *def = scalar.getDefiningOp();
  if (!def || isa<array::CallOp>(def))
    return false;
  if (isa<array::ReduceOp>(def))
    return roots.lookup(scalar).computed;
  return llvm::all_of(def->getOperands(),
                      [&](Value operand) { return canProduce(operand); });
}

Value Scheduler::ensureScalar(Value scalar) {
  if (Value known = scalars.lookup(scalar))
    return known;
  Operation *def = scalar.getDefiningOp();
  assert(def && "scalars are defined by operations");
  if (isa<array::ReduceOp>(def)) {
    ensureRoot(scalar);
    return scalars.lookup(scalar);
  }
  Location loc = def->getLoc();
  Value result =
      llvm::TypeSwitch<Operation *, Value>(def)
          .Case([&](arith::ConstantOp op) -> Value {
            return builder.clone(*op)->getResult(0);
          })
          .Case([&](array::CastOp op) {
            return emitCast(builder, loc, ensureScalar(op.getInput()),
                            op.getType());
          })
          .Case([&](array::UnaryOp op) {
            return emitUnary(builder, loc, op.getKind(),
                             ensureScalar(op.getInput()));
          })
          .Case([&](array::BinaryOp op) {
            Value lhs = ensureScalar(op.getLhs());
            return emitBinary(builder, loc, op.getKind(), lhs,
                              ensureScalar(op.getRhs()));
          })
          .Case([&](array::SelectOp op) -> Value {
            Value condition = ensureScalar(op.getCondition());
            Value whenTrue = ensureScalar(op.getTrueValue());
            return arith::SelectOp::create(builder, loc, condition, whenTrue,
                                           ensureScalar(op.getFalseValue()));
          });
  assert(result && "scalar computation has a lowering");
  scalars[scalar] = result;
  return result;
}

void Scheduler::ensureRoot(Value key) {
  Root &root = roots[key];
  if (root.computed)
    return;
  // Dependencies first: reductions the root's scalars need, and the arrays
  // it reads (whose stage may absorb this root).
  for (Value scalar : root.scalarDeps)
    ensureScalar(scalar);
  for (Value input : root.arrayInputs)
    ensureRoot(input);
  if (roots[key].computed)
    return;

  SmallVector<Value> group{key};
  if (fuse) {
    // Grow to a fixed point: a root joins when its scalars can be produced
    // now and every array it reads is computed or computed by this stage.
    SetVector<Value> members(group.begin(), group.end());
    bool grew = true;
    while (grew) {
      grew = false;
      for (auto &[other, candidate] : roots) {
        if (candidate.computed || members.contains(other) ||
            !candidate.grid.hasSameGrid(root.grid))
          continue;
        bool ready =
            llvm::all_of(candidate.scalarDeps,
                         [&](Value s) { return canProduce(s); }) &&
            llvm::all_of(candidate.arrayInputs, [&](Value a) {
              return roots[a].computed || members.contains(a);
            });
        if (ready) {
          members.insert(other);
          grew = true;
        }
      }
    }
    group.assign(members.begin(), members.end());
  }
  emitStage(group);
}

void Scheduler::emitStage(SmallVectorImpl<Value> &group) {
  StagePlan plan;
  plan.grid = roots[group.front()].grid;
  SmallVector<Location> locs;
  SetVector<Value> inputs;
  for (Value key : group) {
    Root &root = roots[key];
    for (Value scalar : root.scalarDeps)
      ensureScalar(scalar);
    if (root.reduction) {
      plan.reductions.push_back(root.reduction);
      locs.push_back(root.reduction.getLoc());
    } else {
      plan.outputs.push_back(key);
      locs.push_back(key.getLoc());
    }
    for (Value input : root.arrayInputs)
      if (roots[input].computed)
        inputs.insert(input);
  }
  plan.inputs.assign(inputs.begin(), inputs.end());
  StageResult result = buildStage(builder, FusedLoc::get(func.getContext(), locs),
                                  plan, StageEnv{scalars, dists});
  for (auto [array, dist] : llvm::zip(plan.outputs, result.dists))
    dists[array] = dist;
  for (auto [reduce, value] : llvm::zip(plan.reductions, result.scalars))
    scalars[reduce.getResult()] = value;
  for (Value key : group)
    roots[key].computed = true;
}

LogicalResult Scheduler::emitEffect(Operation *op) {
  Location loc = op->getLoc();
  if (auto print = dyn_cast<array::PrintOp>(op)) {
    task::PrintOp::create(builder, loc, ensureScalar(print.getValue()));
    return success();
  }
  if (auto call = dyn_cast<array::CallOp>(op)) {
    SmallVector<Value> args;
    for (Value arg : call.getArgs()) {
      if (isArray(arg)) {
        ensureRoot(arg);
        args.push_back(dists.lookup(arg));
      } else {
        args.push_back(ensureScalar(arg));
      }
    }
    auto lowered = task::CallOp::create(builder, loc, call->getResultTypes(),
                                        call.getCalleeAttr(), args);
    if (call.getResult())
      scalars[call.getResult()] = lowered.getResult();
    return success();
  }
  return success();
}

void Scheduler::freeAfterLastUse() {
  // Program order of the roots keeps the output deterministic.
  for (auto &[key, root] : roots) {
    Value dist = dists.lookup(key);
    if (!dist)
      continue;
    Operation *last = dist.getDefiningOp();
    for (Operation *user : dist.getUsers())
      if (last->isBeforeInBlock(user))
        last = user;
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointAfter(last);
    task::FreeOp::create(builder, last->getLoc(), dist);
  }
}

LogicalResult Scheduler::run() {
  if (!func.getBody().hasOneBlock())
    return func.emitError("expected a single-block main function");
  Block &block = func.getBody().front();
  // Pure values nobody uses are dead: drop them before scheduling so they
  // cost nothing.
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(block)))
    if (isOpTriviallyDead(&op))
      op.erase();

  SmallVector<Operation *> ops;
  for (Operation &op : block.without_terminator())
    ops.push_back(&op);
  if (failed(collectRoots(ops)))
    return failure();

  builder.setInsertionPoint(block.getTerminator());
  for (Operation *op : ops)
    if (failed(emitEffect(op)))
      return failure();
  freeAfterLastUse();
  for (Operation *op : llvm::reverse(ops)) {
    op->dropAllUses();
    op->erase();
  }
  return success();
}

namespace {
struct ConvertArrayToTask
    : public bridge::impl::ConvertArrayToTaskBase<ConvertArrayToTask> {
  using Base::Base;

  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      Scheduler scheduler(func, fuse);
      if (failed(scheduler.run()))
        return signalPassFailure();
    }
  }
};
} // namespace
