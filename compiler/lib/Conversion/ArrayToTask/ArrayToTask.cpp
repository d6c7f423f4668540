//===- ArrayToTask.cpp - Stage formation and placement --------------------===//
//
// Schedules the array program into placed stages. Effects (print, call,
// save) run in program order; each demands scalars (reduction results,
// elements) and materialised arrays (legacy-call and save operands, data
// that moves between chunks: loads, rechunks, slices, transposes, concats,
// scans, matrix products, selections of rows and their operands (but for
// products whose operands nothing else stores, selections of elements and
// unique values, which the stage computing the operands takes a chunk at a
// time), and the inputs of scans and reductions along a whole axis; a
// slice, transpose, rechunk or flip of generated data is instead recomputed
// where it is read). A broadcast operand and a stencil's input are
// materialised (the operand copied, small, to the chunks that read it; the
// input read in place, or written with the stencil's halo and its margins
// filled in place, or read through a halo copy), unless generators alone
// compute them: then stages recompute them. Meeting a demand emits one stage
// over the demanded value's grid which, when fusing, also computes every
// other pending reduction and materialisation on that grid whose inputs are
// ready. Arrays that are not materialised are recomputed inside each
// consumer's loop, so generators and elementwise chains never touch memory.
//
//===----------------------------------------------------------------------===//
#include "bridge/Conversion/Passes.h"

#include "bridge/Conversion/ArrayToTask/MatmulLowering.h"
#include "bridge/Conversion/ArrayToTask/Movements.h"
#include "bridge/Conversion/ArrayToTask/Reductions.h"
#include "bridge/Conversion/ArrayToTask/ScanLowering.h"
#include "bridge/Conversion/ArrayToTask/StageBuilder.h"
#include "bridge/Dialect/Array/ArrayOps.h"
#include "bridge/Dialect/Task/PlanExport.h"
#include "bridge/Dialect/Task/TaskOps.h"
#include "bridge/layout/ChunkCount.h"
#include "bridge/sizes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseSet.h"
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
  /// Counts of values (array.bincount, keyed by its result), taken in a
  /// stage over its input's grid and summed after it.
  Counts,
  /// Partial products of the Gram form, or products of the rows form
  /// (keyed by their array), whose left operand is not stored: the stage
  /// over its grid multiplies each chunk's rows once it has computed them.
  Products,
  /// The elements of x[mask] or unique(x) (keyed by the result), selected
  /// by the stage over x's grid chunk by chunk; x and the mask need not be
  /// stored.
  Selects,
  /// Materialise by reading a file.
  Load,
  /// Materialise by moving data (DataMovementOpInterface).
  Movement,
  /// The array result of a legacy call, written when the call runs.
  Call,
  /// A broadcast: its input copied to one replica per chunk of the result
  /// along the stretched axes, which stages read in place of the result.
  Replica,
  /// One element of a materialised array (keyed by the scalar).
  Element,
  /// A cumulative sum or product of a materialised array (ScanLowering.h).
  Scan,
  /// Quantiles of a materialised array, by distributed selection (keyed by
  /// the first).
  Selection,
  /// A matrix product of materialised arrays, or its per-chunk partials
  /// (MatmulLowering.h).
  Matmul,
  /// The rows of a materialised array that a mask selects: a length learnt
  /// while running.
  Compaction,
};

/// A computation the schedule performs once, when first demanded.
struct Root {
  RootKind kind;
  array::ArrayType grid;
  Operation *op = nullptr; // the reduction, load, movement, call or index op
  SetVector<Value> scalarDeps;
  SetVector<Value> arrayInputs; // materialised arrays it needs
  /// Of those, the ones its stage reads chunk by chunk.
  SetVector<Value> chunkInputs;
  SetVector<Operation *> stencils; // convolutions it evaluates
  /// Inputs read at other elements than the one computed (through a halo
  /// or in place): computed before the stage, never in it.
  SetVector<Value> haloInputs;
  /// Reductions along an axis whose combined partials it reads.
  SetVector<Operation *> axisReductions;
  bool computed = false;

  /// Computed from generators alone and read only as `block` slabs: it gets
  /// a stage of its own, which task-place-stages runs over the slabs, since
  /// recomputing its elements costs less than moving them.
  bool slabOnly = false;

  bool inStage() const {
    return kind == RootKind::Elementwise || kind == RootKind::Reduction ||
           kind == RootKind::Counts || kind == RootKind::Products ||
           kind == RootKind::Selects;
  }
};

/// A reduction whose result keeps the other axes (a 1-D array reduced along
/// its only axis gives a scalar, like the whole-array form). Each input
/// chunk reduces to partials, combined in one order over the chunk index
/// along the axis (ReductionLowering::emitCombineAlongAxis): one value, a
/// pair of moments, an extreme and its index, and the count of the values
/// that are not NaN where that is not known. (With one chunk there the
/// partials are the result's, and the input is still never stored.)
bool isAlongAxis(array::ReduceOp op) {
  return isa<array::ArrayType>(op.getResult().getType());
}

/// The partials of a reduction along an axis and what evaluating its input
/// needs (as a root's).
struct AxisPartialsRoot {
  Root deps;
  bool computed = false;
};

/// The root that computes `scalar`: a quantile's results share their op's.
static Value getRootKey(Value scalar) {
  if (auto quantile = scalar.getDefiningOp<array::QuantileOp>())
    return quantile.getResult(0);
  return scalar;
}

class Scheduler {
public:
  Scheduler(func::FuncOp func, bool fuse) : func(func), fuse(fuse),
                                            builder(func.getContext()) {}

  LogicalResult run();

private:
  // Before scheduling: what is materialised, and what each root needs.
  void prepareLineQuantiles(ArrayRef<Operation *> ops);
  void collectMaterialised(ArrayRef<Operation *> ops);
  bool isGenerated(Value array);
  bool materialisesOutsideStages(Operation *op);
  void collectGeneratedScalars(Value array, Root &root);
  LogicalResult collectRoots(ArrayRef<Operation *> ops);
  void chooseHaloLayouts();
  std::optional<RootKind> takenInStage(Operation *def);
  LogicalResult addArrayRoot(Value array);
  LogicalResult addScalarRoot(Operation *op);
  LogicalResult collectDeps(Value array, bool isRoot, Root &root);
  LogicalResult collectOperandDeps(Operation *op, Root &root);
  LogicalResult addAxisPartialsRoot(array::ReduceOp op);
  bool isReady(const Root &candidate);
  void ensureAxisPartials(Operation *op);
  void emitAxisPartials(ArrayRef<Operation *> group);

  // Meeting demands, in program order.
  LogicalResult emitEffect(Operation *op);
  void emitPrint(array::PrintOp print);
  void emitRequireZero(array::RequireZeroOp require);
  void emitSave(array::SaveOp save);
  void emitCall(array::CallOp call);
  Value ensureScalar(Value scalar);
  void ensureRoot(Value key);
  SmallVector<Value> fusedGroup(Value key);
  bool canJoin(Root &candidate, const SetVector<Value> &members);
  bool canProduce(Value scalar);
  void emitStage(ArrayRef<Value> group);
  StagePlan planStage(ArrayRef<Value> group, SmallVectorImpl<Location> &locs);
  void emitOutsideStage(Value key, Root &root);
  void emitRedistribution(Value key, Root &root);
  void emitReplica(Value key, Root &root);
  task::DistType getReplicaDistType(array::BroadcastOp op);
  int64_t chunkCount(int64_t extent, int64_t chunk);
  int64_t sizeArithmetic(plan::SizeOp op, int64_t a, int64_t b);
  void redistribute(Location loc, Value source, const array::SourceMap &map,
                    Value dest);
  Value blockCopy(Value array, Location loc);
  void freeAfterLastUse();

  func::FuncOp func;
  bool fuse;
  OpBuilder builder;
  /// Program-order roots: deterministic grouping and output.
  llvm::MapVector<Value, Root> roots;
  /// Reductions along an axis by partials, in program order.
  llvm::MapVector<Operation *, AxisPartialsRoot> axisRoots;
  /// Their combined partials, once computed.
  DenseMap<Operation *, SmallVector<Value>> axisPartials;
  SetVector<Value> materialised;
  /// Data movements of generated arrays: stages recompute the elements
  /// where the result reads them, so nothing moves.
  DenseSet<Operation *> recomputedMovements;
  /// The Gram form's partial products and the rows form's products, and
  /// those a stage takes from operands it computes (RootKind::Products).
  SmallVector<array::MatmulPartialsOp> products;
  SmallVector<array::MatmulOp> rowProducts;
  DenseSet<Operation *> fusedProducts;
  /// Selections of elements, which the stage computing their operands takes.
  DenseSet<Operation *> fusedSelections;
  /// Materialised arrays laid out with the halo of the stencils that read
  /// them (chooseHaloLayouts), keyed to one such stencil.
  DenseMap<Value, array::ConvolveOp> haloLayouts;
  /// The module's size program, once a replica's shape needs a new size.
  std::optional<plan::SizeProgram> sizes;
  DenseMap<Value, Value> scalars;
  DenseMap<Value, Value> dists;
};

} // namespace

static bool isArray(Value value) { return isa<array::ArrayType>(value.getType()); }

static LogicalResult notSupported(Operation *op, StringRef what) {
  return op->emitError() << what << " is not supported yet";
}

//===----------------------------------------------------------------------===//
// Roots and their dependencies
//===----------------------------------------------------------------------===//

LogicalResult Scheduler::collectDeps(Value array, bool isRoot, Root &root) {
  if (!isRoot && materialised.contains(array)) {
    root.arrayInputs.insert(array);
    root.chunkInputs.insert(array);
    return success();
  }
  Operation *def = array.getDefiningOp();
  if (!def)
    return func.emitError("array arguments are not supported");
  return llvm::TypeSwitch<Operation *, LogicalResult>(def)
      .Case([&](array::ElementwiseOpInterface) {
        return collectOperandDeps(def, root);
      })
      .Case([&](array::BroadcastOp op) {
        // Not materialised: a generated input, recomputed where it is read.
        return collectDeps(op.getInput(), /*isRoot=*/false, root);
      })
      .Case([&](array::ConvolveOp op) {
        Value input = op.getInput();
        if (!materialised.contains(input))
          return collectDeps(input, /*isRoot=*/false, root);
        root.arrayInputs.insert(input);
        root.haloInputs.insert(input);
        // A chunk that holds the whole axis holds every neighbour, and a
        // stencil of one weight has none: the stage reads it in place
        // instead of a halo copy.
        array::ArrayType grid = op.getType();
        if (op.getHalo() == 0 ||
            grid.getChunks()[op.getAxis()] == grid.getShape()[op.getAxis()])
          root.chunkInputs.insert(input);
        else
          root.stencils.insert(op);
        return success();
      })
      .Case([&](array::ReduceOp op) {
        // An array result: a reduction along an axis, by partials.
        root.axisReductions.insert(op);
        return success();
      })
      .Case<array::SqueezeOp, array::ExpandDimsOp, array::ReshapeOp,
            array::LineQuantileOp>([&](Operation *op) {
        root.arrayInputs.insert(op->getOperand(0));
        root.chunkInputs.insert(op->getOperand(0));
        return success();
      })
      .Case([&](array::DataMovementOpInterface) {
        if (!recomputedMovements.contains(def))
          return notSupported(def, "'" + def->getName().getStringRef().str() +
                                       "' in a stage");
        collectGeneratedScalars(array, root);
        return success();
      })
      .Default([&](Operation *op) {
        return notSupported(op, "'" + op->getName().getStringRef().str() + "'");
      });
}

/// An elementwise op's element needs its operands' elements there.
LogicalResult Scheduler::collectOperandDeps(Operation *op, Root &root) {
  for (Value operand : op->getOperands()) {
    if (!isArray(operand)) {
      root.scalarDeps.insert(operand);
      continue;
    }
    if (failed(collectDeps(operand, /*isRoot=*/false, root)))
      return failure();
  }
  return success();
}

/// A median or quantile along an axis reads its input with that axis whole
/// in one chunk, so each output element is one line on one rank.
void Scheduler::prepareLineQuantiles(ArrayRef<Operation *> ops) {
  for (Operation *op : ops) {
    auto quantile = dyn_cast<array::LineQuantileOp>(op);
    if (!quantile)
      continue;
    OpOperand *input = &quantile.getInputMutable();
    int64_t axis = quantile.getAxis();
    auto type = cast<array::ArrayType>(input->get().getType());
    if (type.getChunks()[axis] == type.getShape()[axis])
      continue;
    SmallVector<int64_t> chunks(type.getChunks());
    chunks[axis] = type.getShape()[axis];
    OpBuilder b(op);
    auto whole = array::ArrayType::get(type.getContext(), type.getShape(),
                                       type.getElementType(), chunks);
    input->assign(
        array::RechunkOp::create(b, op->getLoc(), whole, input->get()));
  }
}

/// Arrays that live in memory: legacy-call operands and results, save
/// operands, data that moves between chunks, and what indexing, squeezes,
/// reshapes, reductions along a whole axis and stencils of stored data read.
void Scheduler::collectMaterialised(ArrayRef<Operation *> ops) {
  for (Operation *op : ops) {
    if (auto call = dyn_cast<array::CallOp>(op)) {
      for (Value arg : call.getArgs())
        if (isArray(arg))
          materialised.insert(arg);
      if (call.getResult() && isArray(call.getResult()))
        materialised.insert(call.getResult());
    }
    if (auto save = dyn_cast<array::SaveOp>(op))
      materialised.insert(save.getInput());
    if (isa<array::BincountOp>(op))
      materialised.insert(op->getResult(0));
    if (isa<array::LoadOp>(op))
      materialised.insert(op->getResult(0));
    if (isa<array::IndexOp, array::SqueezeOp, array::ExpandDimsOp,
            array::ReshapeOp, array::QuantileOp, array::LineQuantileOp>(op))
      materialised.insert(op->getOperand(0));
    if (auto scan = dyn_cast<array::ScanOp>(op)) {
      materialised.insert(scan.getInput());
      materialised.insert(scan.getResult());
    }
    // A selection of elements (a mask of the array's shape) and unique are
    // taken in the stage that computes their operands; a selection of rows
    // reads them stored.
    if (auto compress = dyn_cast<array::CompressOp>(op);
        isa<array::UniqueOp>(op) ||
        (compress && compress.getMask().getType().getRank() ==
                         compress.getInput().getType().getRank())) {
      materialised.insert(op->getResult(0));
      fusedSelections.insert(op);
    } else if (isa<array::CompressOp>(op)) {
      materialised.insert(op->getOperands().begin(), op->getOperands().end());
      materialised.insert(op->getResult(0));
    }
    // The rows form copies its right operand; its left one is read stored
    // or, when nothing else stores it, in the stage that computes it.
    if (auto product = dyn_cast<array::MatmulOp>(op)) {
      materialised.insert(product.getRhs());
      materialised.insert(product.getResult());
      rowProducts.push_back(product);
    }
    if (auto product = dyn_cast<array::MatmulPartialsOp>(op)) {
      materialised.insert(product.getResult());
      products.push_back(product);
    }
  }
  // Data that moves is materialised on both sides, unless generators alone
  // compute the source and each result element is one source element (or a
  // pad's zero): then stages recompute it where the result is read. Program
  // order decides an inner movement before the one that reads it.
  for (Operation *op : ops) {
    if (!isa<array::DataMovementOpInterface>(op))
      continue;
    bool pointwise = isPointwiseMovement(op);
    if ((pointwise && isGenerated(op->getOperand(0))) ||
        (!pointwise && getPiecewiseMovement(op) &&
         llvm::all_of(op->getOperands(),
                      [&](Value input) { return isGenerated(input); }))) {
      recomputedMovements.insert(op);
      continue;
    }
    materialised.insert(op->getResult(0));
    for (Value input : op->getOperands())
      materialised.insert(input);
  }
  // A broadcast reads its input at other coordinates than its result's, so
  // the input is materialised (and replicated), or recomputed when
  // generators alone make it.
  for (Operation *op : ops) {
    auto broadcast = dyn_cast<array::BroadcastOp>(op);
    if (!broadcast || isGenerated(broadcast.getInput()))
      continue;
    materialised.insert(broadcast.getInput());
    materialised.insert(broadcast.getResult());
  }
  // A stencil reads its stored input in place or through a halo, unless
  // generators alone compute it: then its stage recomputes the neighbours,
  // which costs less than storing the input and fetching its halos.
  for (Operation *op : ops) {
    auto convolve = dyn_cast<array::ConvolveOp>(op);
    if (convolve && !isGenerated(convolve.getInput()))
      materialised.insert(convolve.getInput());
  }
  for (array::MatmulOp product : rowProducts) {
    array::ArrayType result = product.getType();
    bool wholeRows = result.getChunks()[1] == result.getShape()[1] &&
                     result.getChunks()[0] ==
                         product.getLhs().getType().getChunks()[0];
    if (wholeRows && !materialised.contains(product.getLhs()))
      fusedProducts.insert(product);
    else
      materialised.insert(product.getLhs());
  }
  // Partial products whose operands, of one type, nothing else stores are
  // taken in the stage that computes the operands, a chunk at a time.
  for (array::MatmulPartialsOp product : products) {
    Value lhs = product.getLhs(), rhs = product.getRhs();
    if (lhs.getType() == rhs.getType() && !materialised.contains(lhs) &&
        !materialised.contains(rhs)) {
      fusedProducts.insert(product);
      continue;
    }
    materialised.insert(lhs);
    materialised.insert(rhs);
  }
}

/// Computed from generators and scalars alone, with nothing in memory: a
/// stage can compute any of its elements.
bool Scheduler::isGenerated(Value array) {
  Operation *def = array.getDefiningOp();
  if (materialised.contains(array) || !def ||
      !(isa<array::ElementwiseOpInterface, array::BroadcastOp>(def) ||
        recomputedMovements.contains(def)))
    return false;
  return llvm::all_of(def->getOperands(), [&](Value operand) {
    return !isArray(operand) || isGenerated(operand);
  });
}

/// Its result exists only in memory, written outside any stage.
bool Scheduler::materialisesOutsideStages(Operation *op) {
  return isa<array::LoadOp>(op) ||
         (isa<array::DataMovementOpInterface>(op) &&
          !recomputedMovements.contains(op));
}

/// The scalars that the generators computing `array` read. Stages recompute
/// a generated array from its definitions alone, whatever else is stored.
void Scheduler::collectGeneratedScalars(Value array, Root &root) {
  for (Value operand : array.getDefiningOp()->getOperands()) {
    if (isArray(operand))
      collectGeneratedScalars(operand, root);
    else
      root.scalarDeps.insert(operand);
  }
}

LogicalResult Scheduler::collectRoots(ArrayRef<Operation *> ops) {
  collectMaterialised(ops);
  for (Value array : materialised)
    if (failed(addArrayRoot(array)))
      return failure();
  for (Operation *op : ops)
    if (failed(addScalarRoot(op)))
      return failure();
  for (Operation *op : ops)
    if (auto reduce = dyn_cast<array::ReduceOp>(op);
        reduce && isAlongAxis(reduce) && failed(addAxisPartialsRoot(reduce)))
      return failure();
  chooseHaloLayouts();
  return success();
}

/// An array that a stage materialises only for stencils that read it
/// through a halo copy, all with one axis, width and pad mode, is laid out
/// with that halo: the stage writes the interior and fills the margins in
/// place, as a hand-written program fills its ghost cells, so no copy is
/// made.
void Scheduler::chooseHaloLayouts() {
  for (auto &[array, root] : roots) {
    if (root.kind != RootKind::Elementwise || root.slabOnly ||
        array.use_empty())
      continue;
    array::ConvolveOp first;
    bool stencilsOnly = llvm::all_of(array.getUses(), [&](OpOperand &use) {
      auto stencil = dyn_cast<array::ConvolveOp>(use.getOwner());
      if (!stencil || stencil.getHalo() == 0)
        return false;
      // A chunk that holds the axis whole is read in place already.
      int64_t axis = stencil.getAxis();
      array::ArrayType grid = stencil.getType();
      if (grid.getChunks()[axis] == grid.getShape()[axis])
        return false;
      if (!first)
        first = stencil;
      return stencil.getAxis() == first.getAxis() &&
             stencil.getHalo() == first.getHalo() &&
             stencil.getMode() == first.getMode();
    });
    if (stencilsOnly)
      haloLayouts[array] = first;
  }
}

/// The partials stage evaluates the input at every element, as a stage over
/// the input's grid would.
LogicalResult Scheduler::addAxisPartialsRoot(array::ReduceOp op) {
  AxisPartialsRoot &partials = axisRoots[op];
  partials.deps.kind = RootKind::Elementwise;
  partials.deps.grid = op.getInput().getType();
  return collectDeps(op.getInput(), /*isRoot=*/false, partials.deps);
}

/// The kind of a result that the stage computing its operands takes a chunk
/// at a time (counts, partial products and selections of elements whose
/// operands nothing else stores), if `def` gives one.
std::optional<RootKind> Scheduler::takenInStage(Operation *def) {
  if (isa_and_nonnull<array::BincountOp>(def))
    return RootKind::Counts;
  if (def && fusedProducts.contains(def))
    return RootKind::Products;
  if (def && fusedSelections.contains(def))
    return RootKind::Selects;
  return std::nullopt;
}

LogicalResult Scheduler::addArrayRoot(Value array) {
  Root &root = roots[array];
  root.grid = cast<array::ArrayType>(array.getType());
  Operation *def = array.getDefiningOp();
  if (def && isa<array::CallOp>(def)) {
    root.kind = RootKind::Call;
    root.op = def;
    return success();
  }
  // Computed outside stages from its operands, all materialised.
  auto fromOperands = [&](RootKind kind) {
    root.kind = kind;
    root.op = def;
    root.arrayInputs.insert(def->getOperands().begin(),
                            def->getOperands().end());
    return success();
  };
  // Taken by the stage over its first operand's grid as it computes the
  // operands.
  if (std::optional<RootKind> kind = takenInStage(def)) {
    root.kind = *kind;
    root.op = def;
    root.grid = cast<array::ArrayType>(def->getOperand(0).getType());
    for (Value operand : def->getOperands()) {
      auto rows = dyn_cast<array::MatmulOp>(def);
      if (!isArray(operand))
        root.scalarDeps.insert(operand);
      else if (rows && operand == rows.getRhs())
        // Replicated before the stage, not read on its grid.
        root.arrayInputs.insert(operand);
      else if (failed(collectDeps(operand, /*isRoot=*/false, root)))
        return failure();
    }
    return success();
  }
  if (isa_and_nonnull<array::BroadcastOp>(def))
    return fromOperands(RootKind::Replica);
  if (isa_and_nonnull<array::ScanOp>(def))
    return fromOperands(RootKind::Scan);
  if (isa_and_nonnull<array::CompressOp>(def))
    return fromOperands(RootKind::Compaction);
  if (isa_and_nonnull<array::MatmulOp, array::MatmulPartialsOp>(def))
    return fromOperands(RootKind::Matmul);
  if (def && materialisesOutsideStages(def))
    return fromOperands(isa<array::LoadOp>(def) ? RootKind::Load
                                                : RootKind::Movement);
  root.kind = RootKind::Elementwise;
  if (failed(collectDeps(array, /*isRoot=*/true, root)))
    return failure();
  root.slabOnly = root.arrayInputs.empty() && root.axisReductions.empty() &&
                  llvm::all_of(array.getUses(), [](OpOperand &use) {
                    auto call = dyn_cast<array::CallOp>(use.getOwner());
                    return call && llvm::is_contained(call.getBlockArgs(),
                                                      use.getOperandNumber());
                  });
  return success();
}

/// Indexed elements and whole-array reductions, keyed by their scalar.
LogicalResult Scheduler::addScalarRoot(Operation *op) {
  if (auto index = dyn_cast<array::IndexOp>(op)) {
    Root &root = roots[index.getResult()];
    root.kind = RootKind::Element;
    root.op = index;
    root.grid = index.getInput().getType();
    root.arrayInputs.insert(index.getInput());
    return success();
  }
  if (auto quantile = dyn_cast<array::QuantileOp>(op)) {
    Root &root = roots[quantile.getResult(0)];
    root.kind = RootKind::Selection;
    root.op = quantile;
    root.grid = quantile.getInput().getType();
    root.arrayInputs.insert(quantile.getInput());
    return success();
  }
  auto reduce = dyn_cast<array::ReduceOp>(op);
  if (!reduce || isAlongAxis(reduce))
    return success();
  Root &root = roots[reduce.getResult()];
  root.kind = RootKind::Reduction;
  root.op = reduce;
  root.grid = reduce.getInput().getType();
  return collectDeps(reduce.getInput(), /*isRoot=*/false, root);
}

//===----------------------------------------------------------------------===//
// Scalars
//===----------------------------------------------------------------------===//

bool Scheduler::canProduce(Value scalar) {
  if (scalars.count(scalar))
    return true;
  Operation *def = scalar.getDefiningOp();
  if (!def || isa<array::CallOp>(def))
    return false;
  if (isa<array::ReduceOp, array::IndexOp, array::QuantileOp>(def))
    return roots.find(getRootKey(scalar))->second.computed;
  return llvm::all_of(def->getOperands(),
                      [&](Value operand) { return canProduce(operand); });
}

/// Scalar arithmetic outside stages: the same element emission as inside
/// them, on the operands' lowered values.
Value Scheduler::ensureScalar(Value scalar) {
  if (Value known = scalars.lookup(scalar))
    return known;
  Operation *def = scalar.getDefiningOp();
  assert(def && "scalars are defined by operations");
  if (isa<array::ReduceOp, array::IndexOp, array::QuantileOp>(def)) {
    ensureRoot(getRootKey(scalar));
    return scalars.lookup(scalar);
  }
  Value result;
  if (isa<arith::ConstantOp>(def)) {
    result = builder.clone(*def)->getResult(0);
  } else if (auto size = dyn_cast<array::SizeOp>(def)) {
    result = task::SizeOp::create(builder, def->getLoc(), size.getType(),
                                  size.getSizeAttr());
  } else if (auto param = dyn_cast<array::ParamOp>(def)) {
    result = task::ParamOp::create(builder, def->getLoc(), param.getType(),
                                   param.getIndexAttr());
  } else {
    auto elementwise = cast<array::ElementwiseOpInterface>(def);
    SmallVector<Value> operands;
    for (Value operand : def->getOperands())
      operands.push_back(ensureScalar(operand));
    array::ElementContext scalarContext;
    result = elementwise.emitElement(builder, def->getLoc(), operands,
                                     scalarContext);
  }
  scalars[scalar] = result;
  return result;
}

//===----------------------------------------------------------------------===//
// Stages
//===----------------------------------------------------------------------===//

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
  for (Operation *op : root.axisReductions)
    ensureAxisPartials(op);
  if (roots[key].computed)
    return;
  if (!root.inStage()) {
    emitOutsideStage(key, root);
    return;
  }
  if (fuse && !root.slabOnly) {
    emitStage(fusedGroup(key));
    return;
  }
  emitStage(key);
}

/// `key` and every pending root that can join its stage, grown to a fixed
/// point: joining may make others ready.
SmallVector<Value> Scheduler::fusedGroup(Value key) {
  array::ArrayType grid = roots[key].grid;
  SetVector<Value> members;
  members.insert(key);
  bool grew = true;
  while (grew) {
    grew = false;
    for (auto &[other, candidate] : roots) {
      if (candidate.computed || !candidate.inStage() || candidate.slabOnly ||
          members.contains(other) || !candidate.grid.hasSameGrid(grid))
        continue;
      if (canJoin(candidate, members)) {
        members.insert(other);
        grew = true;
      }
    }
  }
  return members.takeVector();
}

/// Its scalars can be produced now and every array it reads is computed, or
/// computed by this stage and not read through a halo.
bool Scheduler::canJoin(Root &candidate, const SetVector<Value> &members) {
  return llvm::all_of(candidate.axisReductions,
                      [&](Operation *op) {
                        return axisRoots.find(op)->second.computed;
                      }) &&
         llvm::all_of(candidate.scalarDeps,
                      [&](Value s) { return canProduce(s); }) &&
         llvm::all_of(candidate.arrayInputs, [&](Value a) {
           return roots[a].computed ||
                  (members.contains(a) && !candidate.haloInputs.contains(a));
         });
}

void Scheduler::emitStage(ArrayRef<Value> group) {
  SmallVector<Location> locs;
  StagePlan plan = planStage(group, locs);
  // The rows form's right operand, copied to each row chunk's rank first.
  DenseMap<Operation *, Value> replicas;
  for (array::MatmulOp product : plan.rowProducts)
    replicas[product] = emitRowsReplica(
        builder, product, dists.lookup(product.getRhs()),
        [&](int64_t extent, int64_t chunk) { return chunkCount(extent, chunk); });
  StageResult result =
      buildStage(builder, FusedLoc::get(func.getContext(), locs), plan,
                 StageEnv{scalars, dists, axisPartials, replicas});
  for (array::MatmulOp product : plan.rowProducts)
    task::FreeOp::create(builder, product.getLoc(), replicas.lookup(product));
  for (auto [array, dist] : llvm::zip(plan.outputs, result.dists))
    dists[array] = dist;
  for (auto [reduce, value] : llvm::zip(plan.reductions, result.scalars))
    scalars[reduce.getResult()] = value;
  for (auto [counts, dist] : llvm::zip(plan.counts, result.counts))
    dists[counts.getResult()] = dist;
  for (auto [product, dist] : llvm::zip(plan.products, result.products))
    dists[product.getResult()] = dist;
  for (auto [product, dist] : llvm::zip(plan.rowProducts, result.rowProducts))
    dists[product.getResult()] = dist;
  for (auto [selection, dist] : llvm::zip(plan.selections, result.selections))
    dists[selection->getResult(0)] = dist;
  for (Value key : group)
    roots[key].computed = true;
}

/// What the group's stage computes and reads; lowers the scalars it uses.
StagePlan Scheduler::planStage(ArrayRef<Value> group,
                               SmallVectorImpl<Location> &locs) {
  StagePlan plan;
  plan.grid = roots[group.front()].grid;
  SetVector<Value> inputs;
  SetVector<Operation *> stencils, axisReductions;
  for (Value key : group) {
    Root &root = roots[key];
    for (Value scalar : root.scalarDeps)
      ensureScalar(scalar);
    if (root.kind != RootKind::Elementwise) {
      llvm::TypeSwitch<Operation *>(root.op)
          .Case([&](array::ReduceOp op) { plan.reductions.push_back(op); })
          .Case([&](array::BincountOp op) { plan.counts.push_back(op); })
          .Case([&](array::MatmulPartialsOp op) { plan.products.push_back(op); })
          .Case([&](array::MatmulOp op) { plan.rowProducts.push_back(op); })
          .Case<array::CompressOp, array::UniqueOp>(
              [&](Operation *op) { plan.selections.push_back(op); });
      locs.push_back(root.op->getLoc());
    } else {
      plan.outputs.push_back(key);
      plan.outputHalos.push_back(haloLayouts.lookup(key));
      locs.push_back(key.getLoc());
    }
    for (Value input : root.chunkInputs)
      if (roots[input].computed)
        inputs.insert(input);
    stencils.insert(root.stencils.begin(), root.stencils.end());
    axisReductions.insert(root.axisReductions.begin(),
                          root.axisReductions.end());
  }
  plan.inputs.assign(inputs.begin(), inputs.end());
  for (Operation *op : stencils)
    plan.stencils.push_back(cast<array::ConvolveOp>(op));
  for (Operation *op : axisReductions)
    plan.axisReductions.push_back(cast<array::ReduceOp>(op));
  return plan;
}

//===----------------------------------------------------------------------===//
// Reductions along an axis by partials
//===----------------------------------------------------------------------===//

/// Its scalars can be produced now and every array it reads is computed.
bool Scheduler::isReady(const Root &candidate) {
  return llvm::all_of(candidate.scalarDeps,
                      [&](Value s) { return canProduce(s); }) &&
         llvm::all_of(candidate.arrayInputs,
                      [&](Value a) { return roots[a].computed; }) &&
         llvm::all_of(candidate.axisReductions, [&](Operation *op) {
           return axisRoots.find(op)->second.computed;
         });
}

/// Computes the partials of `op` in one stage with every other pending
/// reduction along the same axis of an input on the same grid that is
/// ready, so reductions of one array (mean and std) share one pass.
void Scheduler::ensureAxisPartials(Operation *op) {
  AxisPartialsRoot &partials = axisRoots.find(op)->second;
  if (partials.computed)
    return;
  for (Value scalar : partials.deps.scalarDeps)
    ensureScalar(scalar);
  for (Value input : partials.deps.arrayInputs)
    ensureRoot(input);
  for (Operation *inner : partials.deps.axisReductions)
    ensureAxisPartials(inner);
  auto reduce = cast<array::ReduceOp>(op);
  SmallVector<Operation *> group{op};
  if (fuse)
    for (auto &[other, candidate] : axisRoots) {
      auto otherReduce = cast<array::ReduceOp>(other);
      if (other != op && !candidate.computed &&
          otherReduce.getAxis() == reduce.getAxis() &&
          otherReduce.getInput().getType() == reduce.getInput().getType() &&
          isReady(candidate.deps))
        group.push_back(other);
    }
  emitAxisPartials(group);
}

/// The partials stage, then each partial array moved so that an output
/// chunk's partials lie in one chunk, at that chunk's owner: the bytes moved
/// are of the order of the result times the chunk count along the axis.
void Scheduler::emitAxisPartials(ArrayRef<Operation *> group) {
  auto first = cast<array::ReduceOp>(group.front());
  AxisPartialsPlan plan;
  plan.grid = first.getInput().getType();
  plan.axis = *first.getAxis();
  plan.count = chunkCount(plan.grid.getShape()[plan.axis],
                          plan.grid.getChunks()[plan.axis]);
  SetVector<Value> inputs;
  SetVector<Operation *> stencils, axisReductions;
  SmallVector<Location> locs;
  for (Operation *op : group) {
    Root &deps = axisRoots.find(op)->second.deps;
    for (Value scalar : deps.scalarDeps)
      ensureScalar(scalar);
    plan.reductions.push_back(cast<array::ReduceOp>(op));
    inputs.insert(deps.chunkInputs.begin(), deps.chunkInputs.end());
    stencils.insert(deps.stencils.begin(), deps.stencils.end());
    axisReductions.insert(deps.axisReductions.begin(),
                          deps.axisReductions.end());
    locs.push_back(op->getLoc());
  }
  plan.inputs.assign(inputs.begin(), inputs.end());
  for (Operation *op : stencils)
    plan.stencils.push_back(cast<array::ConvolveOp>(op));
  for (Operation *op : axisReductions)
    plan.axisReductions.push_back(cast<array::ReduceOp>(op));
  Location loc = FusedLoc::get(func.getContext(), locs);
  DenseMap<Operation *, Value> noReplicas;
  SmallVector<SmallVector<Value>> partials = buildAxisPartials(
      builder, loc, plan, StageEnv{scalars, dists, axisPartials, noReplicas});
  for (auto [op, chunked] : llvm::zip(group, partials)) {
    SmallVector<Value> &whole = axisPartials[op];
    for (Value source : chunked) {
      auto type = cast<task::DistType>(source.getType());
      task::DistType wholeType =
          getAxisPartialsType(plan.grid, plan.axis, plan.count,
                              type.getElementType(), /*whole=*/true);
      if (wholeType == type) {
        whole.push_back(source);
        continue;
      }
      Value dest = task::AllocOp::create(builder, loc, wholeType);
      int64_t rank = type.getRank();
      SmallVector<int32_t> srcDims;
      for (int32_t dim = 0; dim < rank; ++dim)
        srcDims.push_back(dim);
      task::RedistributeOp::create(
          builder, loc, source, dest, builder.getDenseI32ArrayAttr(srcDims),
          builder.getDenseI64ArrayAttr(SmallVector<int64_t>(rank, 0)),
          builder.getDenseI64ArrayAttr(SmallVector<int64_t>(rank, 1)),
          builder.getDenseI64ArrayAttr(SmallVector<int64_t>(rank, 0)),
          builder.getDenseI64ArrayAttr(type.getShape()));
      task::FreeOp::create(builder, loc, source);
      whole.push_back(dest);
    }
    axisRoots.find(op)->second.computed = true;
  }
}

//===----------------------------------------------------------------------===//
// Outside stages: loads, data movement, elements
//===----------------------------------------------------------------------===//

void Scheduler::emitOutsideStage(Value key, Root &root) {
  root.computed = true;
  Location loc = root.op->getLoc();
  switch (root.kind) {
  case RootKind::Element: {
    auto index = cast<array::IndexOp>(root.op);
    scalars[key] = task::FetchOp::create(builder, loc, index.getType(),
                                         dists.lookup(index.getInput()),
                                         index.getIndicesAttr());
    return;
  }
  case RootKind::Selection: {
    auto quantile = cast<array::QuantileOp>(root.op);
    SmallVector<Type> f64s(quantile.getNumResults(), builder.getF64Type());
    auto select = task::QuantileOp::create(
        builder, loc, f64s, dists.lookup(quantile.getInput()),
        quantile.getMedianAttr(), quantile.getQAttr());
    for (auto [result, value] :
         llvm::zip(quantile.getResults(), select.getResults()))
      scalars[result] =
          result.getType().isF64()
              ? value
              : arith::TruncFOp::create(builder, loc, result.getType(), value)
                    .getResult();
    return;
  }
  case RootKind::Load: {
    auto load = cast<array::LoadOp>(root.op);
    dists[key] = task::LoadOp::create(builder, loc, getDistType(root.grid),
                                      load.getPathAttr(),
                                      load.getPathParamAttr(),
                                      load.getDatasetAttr(),
                                      load.getRawAttr());
    return;
  }
  case RootKind::Movement:
    emitRedistribution(key, root);
    return;
  case RootKind::Replica:
    emitReplica(key, root);
    return;
  case RootKind::Scan: {
    auto scan = cast<array::ScanOp>(root.op);
    dists[key] = emitScan(builder, scan, dists.lookup(scan.getInput()),
                          [&](int64_t extent, int64_t chunk) {
                            return chunkCount(extent, chunk);
                          });
    return;
  }
  case RootKind::Matmul:
    dists[key] = emitMatmul(builder, root.op,
                            dists.lookup(root.op->getOperand(0)),
                            dists.lookup(root.op->getOperand(1)),
                            [&](int64_t extent, int64_t chunk) {
                              return chunkCount(extent, chunk);
                            });
    return;
  case RootKind::Compaction: {
    auto compress = cast<array::CompressOp>(root.op);
    dists[key] = task::CompressOp::create(
        builder, loc, getDistType(root.grid), dists.lookup(compress.getInput()),
        dists.lookup(compress.getMask()));
    return;
  }
  case RootKind::Call:
    llvm_unreachable("a call writes its result when it runs, in program order");
  case RootKind::Elementwise:
  case RootKind::Reduction:
  case RootKind::Counts:
  case RootKind::Products:
  case RootKind::Selects:
    break;
  }
  llvm_unreachable("stage roots are emitted by stages");
}

/// One redistribution per source into a fresh array.
void Scheduler::emitRedistribution(Value key, Root &root) {
  Location loc = root.op->getLoc();
  Value dest = task::AllocOp::create(builder, loc, getDistType(root.grid));
  dists[key] = dest;
  for (const array::SourceMap &map :
       cast<array::DataMovementOpInterface>(root.op).getSourceMaps())
    redistribute(loc, dists.lookup(map.source), map, dest);
}

/// ceil(extent / chunk), a size.
int64_t Scheduler::chunkCount(int64_t extent, int64_t chunk) {
  if (!plan::isSymbol(extent) && !plan::isSymbol(chunk))
    return layout::chunkCount(extent, chunk);
  if (extent == chunk)
    return 1; // a whole axis, as the stage verifier counts it
  int64_t rounded = sizeArithmetic(plan::SizeOp::Add, extent,
                                   sizeArithmetic(plan::SizeOp::Sub, chunk, 1));
  return sizeArithmetic(plan::SizeOp::FloorDiv, rounded, chunk);
}

/// `op` of two sizes; a new size of the program's size program where either
/// is known only at run time.
int64_t Scheduler::sizeArithmetic(plan::SizeOp op, int64_t a, int64_t b) {
  if (!sizes) {
    FailureOr<plan::SizeProgram> read =
        task::readSizeProgram(func->getParentOfType<ModuleOp>());
    sizes = succeeded(read) ? std::move(*read) : plan::SizeProgram();
  }
  // Sizes of a verified program are in range, so nothing overflows.
  return *sizes->apply(op, a, b);
}

/// The result's grid with each stretched axis cut to one element per chunk:
/// its chunks lie where the result's do, each holding the input's elements
/// that the result's chunk reads.
task::DistType Scheduler::getReplicaDistType(array::BroadcastOp op) {
  array::ArrayType result = op.getType();
  SmallVector<int64_t> shape(result.getShape()), chunks(result.getChunks());
  for (int64_t dim = 0; dim < result.getRank(); ++dim) {
    if (!op.isStretched(dim))
      continue;
    shape[dim] = chunkCount(shape[dim], chunks[dim]);
    chunks[dim] = 1;
  }
  return task::DistType::get(result.getContext(), shape,
                             result.getElementType(), chunks,
                             task::Placement::contiguous);
}

/// Copies the broadcast's (small) input into its replicas: along a stretched
/// axis every replica reads input coordinate 0 (step 0), a missing leading
/// axis reads one of the input's unused unit axes. The result itself is
/// never formed, and the array it meets never moves.
void Scheduler::emitReplica(Value key, Root &root) {
  auto op = cast<array::BroadcastOp>(root.op);
  Location loc = op.getLoc();
  task::DistType type = getReplicaDistType(op);
  Value input = dists.lookup(op.getInput());
  if (type == cast<task::DistType>(input.getType())) {
    dists[key] = input;
    return;
  }
  Value dest = task::AllocOp::create(builder, loc, type);
  dists[key] = dest;
  int64_t rank = type.getRank(), newDims = op.getNumNewDims();
  SmallVector<int32_t> srcDims;
  SmallVector<int64_t> offsets(rank, 0), steps, lo(rank, 0), hi(type.getShape());
  for (int64_t dim = 0; dim < rank; ++dim) {
    srcDims.push_back(dim < newDims ? rank - newDims + dim : dim - newDims);
    steps.push_back(op.isStretched(dim) ? 0 : 1);
  }
  task::RedistributeOp::create(builder, loc, input, dest,
                               builder.getDenseI32ArrayAttr(srcDims),
                               builder.getDenseI64ArrayAttr(offsets),
                               builder.getDenseI64ArrayAttr(steps),
                               builder.getDenseI64ArrayAttr(lo),
                               builder.getDenseI64ArrayAttr(hi));
}

/// The per-axis maps of bridge_rt_redistribute, as a task op, reading
/// `source`, the distributed array of `map.source`.
void Scheduler::redistribute(Location loc, Value source,
                             const array::SourceMap &map, Value dest) {
  task::RedistributeOp::create(builder, loc, source, dest,
                               builder.getDenseI32ArrayAttr(map.srcDims),
                               builder.getDenseI64ArrayAttr(map.offsets),
                               builder.getDenseI64ArrayAttr(map.steps),
                               builder.getDenseI64ArrayAttr(map.lo),
                               builder.getDenseI64ArrayAttr(map.hi));
}

/// One balanced slab of axis 0 per rank, the `block` layout of legacy code.
static task::DistType getBlockDistType(array::ArrayType type) {
  return task::DistType::get(type.getContext(), type.getShape(),
                             type.getElementType(), type.getShape(),
                             task::Placement::block);
}

/// A copy of materialised `array` in one balanced slab of axis 0 per rank,
/// for a legacy parameter with the `block` layout.
Value Scheduler::blockCopy(Value array, Location loc) {
  auto type = cast<array::ArrayType>(array.getType());
  Value dest = task::AllocOp::create(builder, loc, getBlockDistType(type));
  redistribute(loc, dists.lookup(array),
               array::SourceMap::identity(array, type.getShape()), dest);
  return dest;
}

//===----------------------------------------------------------------------===//
// Effects
//===----------------------------------------------------------------------===//

LogicalResult Scheduler::emitEffect(Operation *op) {
  if (auto print = dyn_cast<array::PrintOp>(op))
    emitPrint(print);
  else if (auto require = dyn_cast<array::RequireZeroOp>(op))
    emitRequireZero(require);
  else if (auto save = dyn_cast<array::SaveOp>(op))
    emitSave(save);
  else if (auto call = dyn_cast<array::CallOp>(op))
    emitCall(call);
  return success();
}

void Scheduler::emitPrint(array::PrintOp print) {
  task::PrintOp::create(builder, print.getLoc(),
                        ensureScalar(print.getValue()));
}

void Scheduler::emitRequireZero(array::RequireZeroOp require) {
  task::RequireZeroOp::create(builder, require.getLoc(),
                              ensureScalar(require.getCount()),
                              require.getMessageAttr());
}

void Scheduler::emitSave(array::SaveOp save) {
  ensureRoot(save.getInput());
  task::SaveOp::create(builder, save.getLoc(), dists.lookup(save.getInput()),
                       save.getPathAttr(), save.getPathParamAttr());
}

/// The block-cyclic layout that `call` gives operand `index` (-1: the
/// result), as a distributed array of `type`; null when it has another.
static task::DistType getCyclicDistType(array::CallOp call, int64_t index,
                                        array::ArrayType type) {
  ArrayRef<int64_t> layouts = call.getCyclicLayouts();
  for (size_t i = 0; i < layouts.size(); i += 5)
    if (layouts[i] == index)
      return task::DistType::get(
          type.getContext(), type.getShape(), type.getElementType(),
          layouts.slice(i + 1, 2), task::Placement::cyclic,
          ArrayRef<int64_t>(), layouts.slice(i + 3, 2));
  return task::DistType();
}

/// A column-major copy of `dist` (freed by the caller).
static Value columnMajorCopy(OpBuilder &builder, Location loc, Value dist) {
  Value copy = task::AllocOp::create(builder, loc, dist.getType());
  task::ReorderOp::create(builder, loc, dist, copy, /*column_major=*/true);
  return copy;
}

void Scheduler::emitCall(array::CallOp call) {
  Location loc = call.getLoc();
  // Copies made for this call only, freed after it.
  SmallVector<Value> args, temporaries;
  for (auto [i, arg] : llvm::enumerate(call.getArgs())) {
    if (!isArray(arg)) {
      args.push_back(ensureScalar(arg));
      continue;
    }
    ensureRoot(arg);
    auto index = static_cast<int64_t>(i);
    Value handed = dists.lookup(arg);
    if (llvm::is_contained(call.getBlockArgs(), index)) {
      handed = blockCopy(arg, loc);
      temporaries.push_back(handed);
    }
    auto argType = cast<array::ArrayType>(arg.getType());
    if (task::DistType cyclic = getCyclicDistType(call, index, argType)) {
      handed = task::AllocOp::create(builder, loc, cyclic);
      redistribute(loc, dists.lookup(arg),
                   array::SourceMap::identity(arg, argType.getShape()),
                   handed);
      temporaries.push_back(handed);
    }
    if (llvm::is_contained(call.getColumnMajorArgs(), index)) {
      handed = columnMajorCopy(builder, loc, handed);
      temporaries.push_back(handed);
    }
    args.push_back(handed);
  }
  Value result = call.getResult();
  auto grid = result ? dyn_cast<array::ArrayType>(result.getType())
                     : array::ArrayType();
  if (!grid) {
    auto lowered = task::CallOp::create(
        builder, loc, call->getResultTypes(), call.getCalleeAttr(), args,
        call.getCheckStatusAttr(), call.getFortranAttr());
    for (Value temporary : temporaries)
      task::FreeOp::create(builder, loc, temporary);
    if (result)
      scalars[result] = lowered.getResult();
    return;
  }
  // An array result is one more argument that the function fills: the
  // chunks of its grid, or block slabs moved into them after the call; a
  // column-major result is reordered first. A checkpoint may restore the
  // result instead.
  Value resultDist = task::AllocOp::create(builder, loc, getDistType(grid));
  {
    OpBuilder::InsertionGuard guard(builder);
    auto checkpoint = task::CheckpointOp::create(builder, loc, resultDist);
    builder.setInsertionPointToStart(&checkpoint.getBody().emplaceBlock());
    Value resultSlab, resultColumns;
    if (call.getBlockResult())
      resultSlab = task::AllocOp::create(builder, loc, getBlockDistType(grid));
    // A block-cyclic result lands in local matrices, moved like a slab.
    if (task::DistType cyclic = getCyclicDistType(call, -1, grid))
      resultSlab = task::AllocOp::create(builder, loc, cyclic);
    // The row-major array the call's result lands in.
    Value rowMajor = resultSlab ? resultSlab : resultDist;
    if (call.getColumnMajorResult())
      resultColumns = task::AllocOp::create(builder, loc, rowMajor.getType());
    args.push_back(resultColumns ? resultColumns : rowMajor);
    task::CallOp::create(builder, loc, TypeRange(), call.getCalleeAttr(),
                         args, call.getCheckStatusAttr(),
                         call.getFortranAttr());
    if (resultColumns) {
      task::ReorderOp::create(builder, loc, resultColumns, rowMajor,
                              /*column_major=*/false);
      task::FreeOp::create(builder, loc, resultColumns);
    }
    if (resultSlab) {
      redistribute(loc, resultSlab,
                   array::SourceMap::identity(result, grid.getShape()),
                   resultDist);
      task::FreeOp::create(builder, loc, resultSlab);
    }
  }
  for (Value temporary : temporaries)
    task::FreeOp::create(builder, loc, temporary);
  dists[result] = resultDist;
  roots[result].computed = true;
}

//===----------------------------------------------------------------------===//
// The schedule
//===----------------------------------------------------------------------===//

void Scheduler::freeAfterLastUse() {
  // Program order of the roots keeps the output deterministic.
  SmallVector<Value> held;
  for (auto &[key, root] : roots)
    held.push_back(dists.lookup(key));
  for (auto &[op, root] : axisRoots)
    llvm::append_range(held, axisPartials.lookup(op));
  DenseSet<Value> freed;
  for (Value dist : held) {
    if (!dist || !freed.insert(dist).second)
      continue;
    Operation *last = dist.getDefiningOp();
    // A use inside a task.checkpoint counts as a use by the checkpoint.
    for (Operation *user : dist.getUsers())
      if (Operation *use = last->getBlock()->findAncestorOpInBlock(*user);
          last->isBeforeInBlock(use))
        last = use;
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointAfter(last);
    task::FreeOp::create(builder, last->getLoc(), dist);
  }
}

LogicalResult Scheduler::run() {
  if (!func.getBody().hasOneBlock())
    return func.emitError("expected a single-block main function");
  Block &block = func.getBody().front();
  indexThroughSlices(block);
  composeMovements(block, [&](plan::SizeOp op, int64_t a, int64_t b) {
    return sizeArithmetic(op, a, b);
  });
  // Pure values nobody uses are dead: drop them before scheduling so they
  // cost nothing.
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(block)))
    if (isOpTriviallyDead(&op))
      op.erase();

  prepareMatmuls(block, [&](int64_t extent, int64_t chunk) {
    return chunkCount(extent, chunk);
  });
  SmallVector<Operation *> ops;
  for (Operation &op : block.without_terminator())
    ops.push_back(&op);
  prepareLineQuantiles(ops);
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
  if (sizes)
    func->getParentOfType<ModuleOp>()->setAttr(
        task::kSizesAttrName, builder.getStringAttr(sizes->serialize()));
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
