//===- CompactionOps.cpp - Verifiers of the ops of learnt lengths ---------===//
#include "bridge/Dialect/Task/TaskOps.h"

#include "bridge/sizes.h"

using namespace mlir;
using namespace bridge::task;

/// The result is a contiguous array whose length along axis 0 is learnt
/// while the program runs, with the source's element type.
static LogicalResult verifyResult(Operation *op, DistType source,
                                  DistType result) {
  if (result.getElementType() != source.getElementType())
    return op->emitOpError("result must have the source's element type");
  if (result.getPlacement() != Placement::contiguous)
    return op->emitOpError("result must be contiguous");
  if (!bridge::plan::isSymbol(result.getShape()[0]))
    return op->emitOpError("result length must be a size the program learns "
                           "while it runs");
  for (int64_t dim = 1; dim < result.getRank(); ++dim)
    if (result.getChunks()[dim] != result.getShape()[dim])
      return op->emitOpError("result rows must be whole in each chunk");
  return success();
}

LogicalResult CompressOp::verify() {
  DistType source = getSource().getType(), mask = getMask().getType();
  if (!mask.getElementType().isInteger(1))
    return emitOpError("mask must be bool");
  if (source.getPlacement() != Placement::contiguous ||
      mask.getPlacement() != Placement::contiguous)
    return emitOpError("source and mask must be contiguous");
  for (int64_t dim = 0; dim < mask.getRank(); ++dim)
    if (dim >= source.getRank() ||
        mask.getShape()[dim] != source.getShape()[dim] ||
        mask.getChunks()[dim] != source.getChunks()[dim])
      return emitOpError("mask must be chunked as the source along its axes");
  for (int64_t dim = 1; dim < source.getRank(); ++dim)
    if (source.getChunks()[dim] != source.getShape()[dim])
      return emitOpError("source chunks must hold every axis but the first "
                         "whole");
  return verifyResult(*this, source, getType());
}

LogicalResult SelectChunkOp::verify() {
  Type element = getSelection().getType().getElementType();
  if (cast<ChunkType>(getValues().getType()).getElementType() != element)
    return emitOpError("values must have the selection's element type");
  auto open = getSelection().getDefiningOp<SelectionOpenOp>();
  bool distinct = open && open.getDistinct();
  if (distinct == bool(getMask()))
    return emitOpError(distinct ? "takes no mask into a distinct selection"
                                : "needs a mask");
  if (getMask() &&
      !cast<ChunkType>(getMask().getType()).getElementType().isInteger(1))
    return emitOpError("mask must be bool");
  if (!getOperation()->getParentOfType<StageOp>())
    return emitOpError("runs in a stage");
  return success();
}

LogicalResult PlaceSelectionOp::verify() {
  DistType result = getType();
  if (result.getRank() != 1)
    return emitOpError("result must be 1-D");
  if (result.getElementType() != getSelection().getType().getElementType())
    return emitOpError("result must have the selection's element type");
  if (result.getPlacement() != Placement::contiguous)
    return emitOpError("result must be contiguous");
  if (!bridge::plan::isSymbol(result.getShape()[0]))
    return emitOpError("result length must be a size the program learns "
                       "while it runs");
  return success();
}
