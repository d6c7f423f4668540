//===- Movements.h - Data movements read element by element ------*- C++ -*-===//
//
// Data movements whose every result element is one element of their source
// (or a zero), found from its coordinate alone. Stages recompute such a
// movement of generated data where it is read, and a chain of pointwise ones
// over stored data moves each element once, straight from the first source.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_CONVERSION_ARRAYTOTASK_MOVEMENTS_H
#define BRIDGE_CONVERSION_ARRAYTOTASK_MOVEMENTS_H

#include "bridge/sizes.h"
#include "mlir/IR/Block.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace bridge {

/// One box over the whole result whose every source dimension one result
/// dimension reads (slices, transposes, rechunks, flips).
bool isPointwiseMovement(mlir::Operation *op);

/// Along one result dimension, the coordinates [lo, hi) (sizes) of a piece.
struct AxisPiece {
  int64_t lo, hi;
};

/// Source coordinate offset + step * (t - lo) for coordinate t of a piece.
struct PieceMap {
  int64_t offset, step;
};

/// One source of a piecewise movement, read through `srcDims`: along each
/// result dimension, the map of each piece it fills (none where it fills
/// no box).
struct PieceSource {
  mlir::Value value;
  llvm::SmallVector<int32_t> srcDims;
  llvm::SmallVector<llvm::SmallVector<std::optional<PieceMap>, 3>, 4> maps;
};

/// A data movement whose boxes are every product of one piece per result
/// dimension, each filled by one of a few sources or by zeros (a constant
/// pad's fill): rolls, tiles and pads of one source, concatenations and
/// stacks of several. Each element is one source element or zero, found
/// from its coordinates one dimension at a time.
struct PiecewiseMovement {
  llvm::SmallVector<llvm::SmallVector<AxisPiece, 3>, 4> pieces;
  llvm::SmallVector<PieceSource, 2> sources;
  /// Each box, by its piece along each dimension, and the index of its
  /// source (-1 for zeros).
  struct Box {
    llvm::SmallVector<unsigned, 4> pieces;
    int source;
  };
  llvm::SmallVector<Box, 8> boxes;
  /// One source, whose boxes are those without a piece it leaves to zeros
  /// (a constant pad): an element is zero where any of its pieces is one.
  bool zerosByPiece = false;
};

/// What a stage computes for each element of a movement it recomputes: at
/// most this many sources, and pieces along a dimension (a select each).
constexpr size_t kMaxPiecewiseSources = 4;
constexpr size_t kMaxPiecesPerDim = 8;

/// The pieces of data movement `op`, if its boxes form them within the
/// bounds above.
std::optional<PiecewiseMovement> getPiecewiseMovement(mlir::Operation *op);

/// Rewrites each element taken from an array that generators alone compute
/// (through elementwise steps, broadcasts and pointwise or piecewise
/// movements) into the element of a one-element slice of it: stages then
/// compute that element alone instead of the whole array.
void indexThroughSlices(mlir::Block &block);

/// `op` applied to two sizes, as the program's size program computes it (a
/// new size where either is known only at run time).
using SizeArithmetic =
    llvm::function_ref<int64_t(plan::SizeOp op, int64_t a, int64_t b)>;

/// Rewrites each pointwise movement of a pointwise movement's result, in
/// program order, into one `array.arrange` of the first source: a slice of a
/// rechunk moves only the slice, and an index of a flip of a loaded array
/// only its row. A pointwise movement of a movement of several stored
/// sources (a concatenation, a roll) reads each source box it reaches
/// straight. Offsets known only at run time compose through `arithmetic`.
void composeMovements(mlir::Block &block, SizeArithmetic arithmetic);

} // namespace bridge

#endif // BRIDGE_CONVERSION_ARRAYTOTASK_MOVEMENTS_H
