//===- ArrayToTask.cpp - Stage formation and placement --------------------===//
//
// Schedules the array program into placed stages. Effects (print, call,
// save) run in program order; each demands scalars (reduction results,
// elements) and materialised arrays (legacy-call and save operands, data
// that moves between chunks: loads, rechunks, slices, transposes, concats,
// and the inputs of stencils and reductions along an axis). Meeting a demand emits one stage over the
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

/// How a root is computed.
enum class RootKind {
  /// Materialise an elementwise definition, in a stage.
  Elementwise,
  /// A whole-array reduction (keyed by its scalar result), in a stage.
  Reduction,
  /// Materialise by moving data: load, rechunk, slice, transpose, concat.
  Movement,
  /// One element of a materialised array (keyed by the scalar).
  Element,
};

/// A computation the schedule performs once, when first demanded.
struct Root {
  RootKind kind;
  array::ArrayType grid;
  Operation *op = nullptr; // the reduction, movement or index op
  SetVector<Value> scalarDeps;
  SetVector<Value> arrayInputs; // materialised arrays it needs
  /// Of those, the ones its stage reads chunk by chunk.
  SetVector<Value> chunkInputs;
  SetVector<Operation *> stencils; // convolutions it evaluates
  /// Inputs read through a halo: computed before the stage, never in it.
  SetVector<Value> haloInputs;
  bool computed = false;

  /// Computed from generators alone and read only as `block` slabs: it gets
  /// a stage of its own, which task-place-stages runs over the slabs, since
  /// recomputing its elements costs less than moving them.
  bool slabOnly = false;

  bool inStage() const {
    return kind == RootKind::Elementwise || kind == RootKind::Reduction;
  }
};

/// A reduction whose result keeps the other axes (a 1-D array reduced along
/// its only axis gives a scalar, like the whole-array form).
bool isAlongAxis(array::ReduceOp op) {
  return isa<array::ArrayType>(op.getResult().getType());
}

bool isMovement(Operation *op) {
  return isa<array::LoadOp, array::RechunkOp, array::SliceOp,
             array::TransposeOp, array::ConcatOp>(op);
}

class Scheduler {
public:
  Scheduler(func::FuncOp func, bool fuse) : func(func), fuse(fuse),
                                            builder(func.getContext()) {}

  LogicalResult run();

private:
  void prepareAxisReductions(ArrayRef<Operation *> ops);
  LogicalResult collectRoots(ArrayRef<Operation *> ops);
  void emitMovement(Value key, Root &root);
  LogicalResult collectDeps(Value array, bool isRoot, Root &root);
  LogicalResult emitEffect(Operation *op);
  Value ensureScalar(Value scalar);
  void ensureRoot(Value key);
  bool canProduce(Value scalar);
  void emitStage(SmallVectorImpl<Value> &group);
  Value blockCopy(Value array, Location loc);
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
    root.chunkInputs.insert(array);
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
      .Case([&](array::ConvolveOp op) {
        root.stencils.insert(op);
        root.arrayInputs.insert(op.getInput());
        root.haloInputs.insert(op.getInput());
        return success();
      })
      .Case<array::ReduceOp, array::SqueezeOp>([&](Operation *op) {
        root.arrayInputs.insert(op->getOperand(0));
        root.chunkInputs.insert(op->getOperand(0));
        return success();
      })
      .Default([&](Operation *op) {
        return notSupported(op, "'" + op->getName().getStringRef().str() + "'");
      });
}

/// A reduction along an axis reads its input with that axis whole in one
/// chunk, so each output element is one loop on one rank.
void Scheduler::prepareAxisReductions(ArrayRef<Operation *> ops) {
  for (Operation *op : ops) {
    auto reduce = dyn_cast<array::ReduceOp>(op);
    if (!reduce || !isAlongAxis(reduce))
      continue;
    array::ArrayType input = reduce.getInput().getType();
    int64_t axis = *reduce.getAxis();
    if (input.getChunks()[axis] == input.getShape()[axis])
      continue;
    SmallVector<int64_t> chunks(input.getChunks());
    chunks[axis] = input.getShape()[axis];
    OpBuilder b(reduce);
    auto whole = array::ArrayType::get(input.getContext(), input.getShape(),
                                       input.getElementType(), chunks);
    auto rechunk = array::RechunkOp::create(b, reduce.getLoc(), whole,
                                            reduce.getInput());
    reduce.getInputMutable().assign(rechunk);
  }
}

LogicalResult Scheduler::collectRoots(ArrayRef<Operation *> ops) {
  for (Operation *op : ops) {
    if (auto call = dyn_cast<array::CallOp>(op))
      for (Value arg : call.getArgs())
        if (isArray(arg))
          materialised.insert(arg);
    if (auto save = dyn_cast<array::SaveOp>(op))
      materialised.insert(save.getInput());
    if (isMovement(op)) {
      materialised.insert(op->getResult(0));
      for (Value input : op->getOperands())
        materialised.insert(input);
    }
    if (isa<array::IndexOp, array::ConvolveOp, array::SqueezeOp>(op))
      materialised.insert(op->getOperand(0));
    if (auto reduce = dyn_cast<array::ReduceOp>(op); reduce && isAlongAxis(reduce))
      materialised.insert(reduce.getInput());
  }
  for (Value array : materialised) {
    Root &root = roots[array];
    root.grid = cast<array::ArrayType>(array.getType());
    Operation *def = array.getDefiningOp();
    if (def && isMovement(def)) {
      root.kind = RootKind::Movement;
      root.op = def;
      root.arrayInputs.insert(def->getOperands().begin(),
                              def->getOperands().end());
      continue;
    }
    root.kind = RootKind::Elementwise;
    if (failed(collectDeps(array, /*isRoot=*/true, root)))
      return failure();
    root.slabOnly = root.arrayInputs.empty() &&
                    llvm::all_of(array.getUses(), [](OpOperand &use) {
                      auto call = dyn_cast<array::CallOp>(use.getOwner());
                      return call && llvm::is_contained(
                                         call.getBlockArgs(),
                                         use.getOperandNumber());
                    });
  }
  for (Operation *op : ops) {
    if (auto index = dyn_cast<array::IndexOp>(op)) {
      Root &root = roots[index.getResult()];
      root.kind = RootKind::Element;
      root.op = index;
      root.grid = index.getInput().getType();
      root.arrayInputs.insert(index.getInput());
      continue;
    }
    auto reduce = dyn_cast<array::ReduceOp>(op);
    if (!reduce || isAlongAxis(reduce))
      continue;
    Root &root = roots[reduce.getResult()];
    root.kind = RootKind::Reduction;
    root.op = reduce;
    root.grid = reduce.getInput().getType();
    if (failed(collectDeps(reduce.getInput(), /*isRoot=*/false, root)))
      return failure();
  }
  return success();
}

bool Scheduler::canProduce(Value scalar) {
  if (scalars.count(scalar))
    return true;
  Operation *def = scalar.getDefiningOp();
  if (!def || isa<array::CallOp>(def))
    return false;
  if (isa<array::ReduceOp, array::IndexOp>(def))
    return roots.find(scalar)->second.computed;
  return llvm::all_of(def->getOperands(),
                      [&](Value operand) { return canProduce(operand); });
}

Value Scheduler::ensureScalar(Value scalar) {
  if (Value known = scalars.lookup(scalar))
    return known;
  Operation *def = scalar.getDefiningOp();
  assert(def && "scalars are defined by operations");
  if (isa<array::ReduceOp, array::IndexOp>(def)) {
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
  if (!root.inStage()) {
    emitMovement(key, root);
    return;
  }

  SmallVector<Value> group{key};
  if (fuse && !root.slabOnly) {
    // Grow to a fixed point: a root joins when its scalars can be produced
    // now and every array it reads is computed or computed by this stage.
    SetVector<Value> members(group.begin(), group.end());
    bool grew = true;
    while (grew) {
      grew = false;
      for (auto &[other, candidate] : roots) {
        if (candidate.computed || !candidate.inStage() || candidate.slabOnly ||
            members.contains(other) || !candidate.grid.hasSameGrid(root.grid))
          continue;
        bool ready =
            llvm::all_of(candidate.scalarDeps,
                         [&](Value s) { return canProduce(s); }) &&
            llvm::all_of(candidate.arrayInputs, [&](Value a) {
              return roots[a].computed ||
                     (members.contains(a) && !candidate.haloInputs.contains(a));
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
  SetVector<Operation *> stencils;
  for (Value key : group) {
    Root &root = roots[key];
    for (Value scalar : root.scalarDeps)
      ensureScalar(scalar);
    if (root.kind == RootKind::Reduction) {
      plan.reductions.push_back(cast<array::ReduceOp>(root.op));
      locs.push_back(root.op->getLoc());
    } else {
      plan.outputs.push_back(key);
      locs.push_back(key.getLoc());
    }
    for (Value input : root.chunkInputs)
      if (roots[input].computed)
        inputs.insert(input);
    stencils.insert(root.stencils.begin(), root.stencils.end());
  }
  plan.inputs.assign(inputs.begin(), inputs.end());
  for (Operation *op : stencils)
    plan.stencils.push_back(cast<array::ConvolveOp>(op));
  StageResult result = buildStage(builder, FusedLoc::get(func.getContext(), locs),
                                  plan, StageEnv{scalars, dists});
  for (auto [array, dist] : llvm::zip(plan.outputs, result.dists))
    dists[array] = dist;
  for (auto [reduce, value] : llvm::zip(plan.reductions, result.scalars))
    scalars[reduce.getResult()] = value;
  for (Value key : group)
    roots[key].computed = true;
}

/// The per-axis maps of bridge_rt_redistribute, as a task op.
static void redistribute(OpBuilder &b, Location loc, Value source, Value dest,
                         ArrayRef<int32_t> srcDims, ArrayRef<int64_t> offsets,
                         ArrayRef<int64_t> steps, ArrayRef<int64_t> lo,
                         ArrayRef<int64_t> hi) {
  task::RedistributeOp::create(b, loc, source, dest,
                               b.getDenseI32ArrayAttr(srcDims),
                               b.getDenseI64ArrayAttr(offsets),
                               b.getDenseI64ArrayAttr(steps),
                               b.getDenseI64ArrayAttr(lo),
                               b.getDenseI64ArrayAttr(hi));
}

void Scheduler::emitMovement(Value key, Root &root) {
  Operation *op = root.op;
  Location loc = op->getLoc();
  root.computed = true;
  if (root.kind == RootKind::Element) {
    auto index = cast<array::IndexOp>(op);
    scalars[key] = task::FetchOp::create(builder, loc, index.getType(),
                                         dists.lookup(index.getInput()),
                                         index.getIndicesAttr());
    return;
  }
  array::ArrayType type = root.grid;
  if (auto load = dyn_cast<array::LoadOp>(op)) {
    dists[key] = task::LoadOp::create(builder, loc, getDistType(type),
                                      load.getPathAttr(), load.getRawAttr());
    return;
  }
  int64_t rank = type.getRank();
  Value dest = task::AllocOp::create(builder, loc, getDistType(type));
  dists[key] = dest;
  SmallVector<int32_t> dims;
  SmallVector<int64_t> zeros(rank, 0), ones(rank, 1);
  ArrayRef<int64_t> shape = type.getShape();
  for (int32_t dim = 0; dim < rank; ++dim)
    dims.push_back(dim);
  if (auto slice = dyn_cast<array::SliceOp>(op)) {
    redistribute(builder, loc, dists.lookup(slice.getInput()), dest, dims,
                 slice.getStarts(), slice.getSteps(), zeros, shape);
    return;
  }
  if (auto transpose = dyn_cast<array::TransposeOp>(op)) {
    SmallVector<int32_t> reversed(llvm::reverse(dims));
    redistribute(builder, loc, dists.lookup(transpose.getInput()), dest,
                 reversed, zeros, ones, zeros, shape);
    return;
  }
  if (auto concat = dyn_cast<array::ConcatOp>(op)) {
    int64_t axis = concat.getAxis(), start = 0;
    for (Value input : concat.getInputs()) {
      int64_t extent = cast<array::ArrayType>(input.getType()).getShape()[axis];
      SmallVector<int64_t> offsets(zeros), lo(zeros), hi(shape);
      offsets[axis] = -start;
      lo[axis] = start;
      hi[axis] = start + extent;
      redistribute(builder, loc, dists.lookup(input), dest, dims, offsets, ones,
                   lo, hi);
      start += extent;
    }
    return;
  }
  auto rechunk = cast<array::RechunkOp>(op);
  redistribute(builder, loc, dists.lookup(rechunk.getInput()), dest, dims,
               zeros, ones, zeros, shape);
}

/// A copy of materialised `array` in one balanced slab of axis 0 per rank,
/// for a legacy parameter with the `block` layout.
Value Scheduler::blockCopy(Value array, Location loc) {
  auto type = cast<array::ArrayType>(array.getType());
  auto blockType = task::DistType::get(
      type.getContext(), type.getShape(), type.getElementType(),
      type.getShape(), task::Placement::block);
  Value dest = task::AllocOp::create(builder, loc, blockType);
  int64_t rank = type.getRank();
  SmallVector<int32_t> dims;
  for (int32_t dim = 0; dim < rank; ++dim)
    dims.push_back(dim);
  SmallVector<int64_t> zeros(rank, 0), ones(rank, 1);
  redistribute(builder, loc, dists.lookup(array), dest, dims, zeros, ones,
               zeros, type.getShape());
  return dest;
}

LogicalResult Scheduler::emitEffect(Operation *op) {
  Location loc = op->getLoc();
  if (auto print = dyn_cast<array::PrintOp>(op)) {
    task::PrintOp::create(builder, loc, ensureScalar(print.getValue()));
    return success();
  }
  if (auto save = dyn_cast<array::SaveOp>(op)) {
    ensureRoot(save.getInput());
    task::SaveOp::create(builder, loc, dists.lookup(save.getInput()),
                         save.getPathAttr());
    return success();
  }
  if (auto call = dyn_cast<array::CallOp>(op)) {
    SmallVector<Value> args, slabs;
    for (auto [i, arg] : llvm::enumerate(call.getArgs())) {
      if (!isArray(arg)) {
        args.push_back(ensureScalar(arg));
        continue;
      }
      ensureRoot(arg);
      if (!llvm::is_contained(call.getBlockArgs(), static_cast<int64_t>(i))) {
        args.push_back(dists.lookup(arg));
        continue;
      }
      slabs.push_back(blockCopy(arg, loc));
      args.push_back(slabs.back());
    }
    auto lowered = task::CallOp::create(builder, loc, call->getResultTypes(),
                                        call.getCalleeAttr(), args,
                                        call.getCheckStatusAttr());
    if (call.getResult())
      scalars[call.getResult()] = lowered.getResult();
    for (Value slab : slabs)
      task::FreeOp::create(builder, loc, slab);
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
  prepareAxisReductions(ops);
  ops.clear();
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
