//===- PlaceStages.cpp - Compute arrays where they are needed -------------===//
#include "bridge/Dialect/Task/Passes.h"

#include "bridge/Dialect/Array/SizeSyntax.h"
#include "bridge/Dialect/Task/TaskOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/SetVector.h"

namespace bridge::task {
#define GEN_PASS_DEF_TASKPLACESTAGES
#include "bridge/Dialect/Task/Passes.h.inc"
} // namespace bridge::task

using namespace mlir;
using namespace bridge::task;

namespace {

bool isIdentityMove(RedistributeOp move) {
  DistType dest = move.getDest().getType();
  for (int64_t d = 0, e = dest.getRank(); d < e; ++d)
    if (move.getSrcDims()[d] != d || move.getOffsets()[d] != 0 ||
        move.getSteps()[d] != 1 || move.getLo()[d] != 0 ||
        move.getHi()[d] != dest.getShape()[d])
      return false;
  return true;
}

/// Whether `stage`'s chunks hold every dimension but the first whole, as
/// block slabs do.
bool holdsRowsWhole(StageOp stage) {
  ArrayRef<int64_t> shape = stage.getShape(), chunks = stage.getChunks();
  for (size_t d = 1; d < shape.size(); ++d)
    if (chunks[d] != shape[d])
      return false;
  return true;
}

/// Whether `scratch`, which `stage` reads, can serve block slabs too: only a
/// stencil's window, sized for a tile of rows whatever a chunk's extent along
/// dimension 0. Over chunks that hold every other dimension whole, as slabs
/// do, it fits as it is; over chunks that cut them, a window whose rows the
/// body steps by (`rows`) over a grid of sizes known to the compiler is
/// resized for whole rows (resizeForSlabs).
bool scratchServesSlabs(StageOp stage, ScratchOp scratch) {
  if (!scratch.getTile())
    return false;
  return holdsRowsWhole(stage) ||
         (scratch.getRows() && bridge::array::allConstant(stage.getShape()));
}

/// Sizes the windows of `stage`, whose chunks cut its rows, for tiles of
/// the whole rows of slabs: as many rows as `tile` elements hold, at least
/// one, by which the body now steps.
void resizeForSlabs(StageOp stage, ArrayRef<ScratchOp> windows) {
  ArrayRef<int64_t> shape = stage.getShape();
  int64_t row = 1;
  for (int64_t extent : shape.drop_front())
    row *= extent;
  for (ScratchOp window : windows) {
    OpBuilder b(window);
    Location loc = window.getLoc();
    int64_t rows = std::max<int64_t>(1, *window.getTile() / row);
    int64_t elements = 1;
    for (auto [dim, extent] : llvm::enumerate(shape)) {
      int64_t size = dim == 0 ? rows : extent;
      if (std::optional<ArrayRef<int64_t>> margins = window.getMargins())
        size += (*margins)[dim];
      elements *= size;
    }
    Value oldRows = window.getRows();
    Value newRows = arith::ConstantIndexOp::create(b, loc, rows);
    oldRows.replaceUsesWithIf(newRows, [&](OpOperand &use) {
      return stage->isProperAncestor(use.getOwner());
    });
    window.getRowsMutable().assign(newRows);
    window.getElementsMutable().assign(
        arith::ConstantIndexOp::create(b, loc, elements));
  }
}

/// The windows of `stage` that must be resized to serve block slabs.
SmallVector<ScratchOp> windowsToResize(StageOp stage) {
  llvm::SetVector<ScratchOp> windows;
  if (holdsRowsWhole(stage))
    return {};
  stage.getBody().walk([&](Operation *op) {
    for (Value operand : op->getOperands())
      if (auto scratch = operand.getDefiningOp<ScratchOp>())
        windows.insert(scratch);
  });
  return windows.takeVector();
}

/// The stage that produces `array` when it can run over `block` slabs
/// instead: it writes only `array` (no partial products by row chunk, no
/// selection in chunk order), reads nothing, uses no storage but windows
/// that fit slabs, and yields no partials.
StageOp retargetableProducer(Value array) {
  StageOp producer;
  for (Operation *user : array.getUsers()) {
    if (isa<FreeOp, RedistributeOp>(user))
      continue;
    auto stage = dyn_cast<StageOp>(user);
    if (!stage || producer)
      return nullptr;
    producer = stage;
  }
  if (!producer || producer.getOuts().size() != 1 ||
      !producer.getIns().empty() || !producer.getPartials().empty())
    return nullptr;
  if (producer.getBody()
          .walk([&](Operation *op) {
            bool readsScratch = llvm::any_of(op->getOperands(), [&](Value v) {
              auto scratch = v.getDefiningOp<ScratchOp>();
              return scratch && !scratchServesSlabs(producer, scratch);
            });
            if (readsScratch ||
                isa<MatmulChunkOp, MatmulRowsChunkOp, SelectChunkOp>(op))
              return WalkResult::interrupt();
            return WalkResult::advance();
          })
          .wasInterrupted())
    return nullptr;
  return producer;
}

struct TaskPlaceStages
    : public bridge::task::impl::TaskPlaceStagesBase<TaskPlaceStages> {
  void runOnOperation() override {
    SmallVector<RedistributeOp> moves;
    getOperation().walk([&](RedistributeOp move) {
      if (move.getDest().getType().getPlacement() == Placement::block &&
          move.getSource().getType().getPlacement() != Placement::block &&
          isIdentityMove(move))
        moves.push_back(move);
    });
    for (RedistributeOp move : moves)
      place(move);
  }

  /// Makes the source's stage write the slabs directly: the stage and the
  /// source's allocation take the block layout, the move and the
  /// destination's own allocation go.
  void place(RedistributeOp move) {
    Value source = move.getSource(), dest = move.getDest();
    StageOp stage = retargetableProducer(source);
    auto destAlloc = dest.getDefiningOp<AllocOp>();
    auto sourceAlloc = source.getDefiningOp<AllocOp>();
    if (!stage || !destAlloc || !sourceAlloc)
      return;
    // Every use of the source must be a slab-wise one after the move.
    for (Operation *user : source.getUsers())
      if (auto other = dyn_cast<RedistributeOp>(user); other && other != move)
        return;
    auto blockType = cast<DistType>(dest.getType());
    resizeForSlabs(stage, windowsToResize(stage));
    stage.setPlacement(Placement::block);
    stage.setChunks(blockType.getChunks());
    source.setType(blockType);
    Block &body = stage.getBodyBlock();
    body.getArgument(body.getNumArguments() - 1)
        .setType(ChunkType::get(&getContext(), blockType.getElementType()));
    move.erase();
    // The destination's uses (the call, its free) now see the source.
    for (Operation *user : llvm::make_early_inc_range(dest.getUsers()))
      if (isa<FreeOp>(user))
        user->erase();
    dest.replaceAllUsesWith(source);
    destAlloc.erase();
    // The source's free after the move now frees the slabs after the call
    // (or after the task.checkpoint that holds it).
    Operation *lastUse = sourceAlloc;
    Block *block = sourceAlloc->getBlock();
    for (Operation *user : source.getUsers()) {
      Operation *use = block->findAncestorOpInBlock(*user);
      if (!isa<FreeOp>(user) && lastUse->isBeforeInBlock(use))
        lastUse = use;
    }
    for (Operation *user : llvm::make_early_inc_range(source.getUsers()))
      if (auto free = dyn_cast<FreeOp>(user); free && free->isBeforeInBlock(lastUse))
        free->moveAfter(lastUse);
  }
};

} // namespace
