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

#include "mlir/IR/Block.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace bridge {

/// One box over the whole result whose every source dimension one result
/// dimension reads (slices, transposes, rechunks, flips).
bool isPointwiseMovement(mlir::Operation *op);

/// Along one result dimension, coordinates [lo, hi) (sizes) read source
/// coordinate offset + step * (t - lo), or zeros where `fill`.
struct AxisPiece {
  int64_t lo, hi, offset, step;
  bool fill;
};

/// An array.arrange whose boxes are every product of one piece per result
/// dimension, all reading one source through the same dimensions except
/// those with a fill piece, which read zeros: a roll, tile or pad. Each
/// element is one source element or zero, found one dimension at a time.
struct PiecewiseMovement {
  mlir::Value source;
  llvm::SmallVector<int32_t> srcDims;
  llvm::SmallVector<llvm::SmallVector<AxisPiece, 3>, 4> pieces;
  bool hasFills = false;
};
std::optional<PiecewiseMovement> getPiecewiseMovement(mlir::Operation *op);

/// Rewrites each pointwise movement of a pointwise movement's result, in
/// program order, into one `array.arrange` of the first source: a slice of a
/// rechunk moves only the slice. Maps with offsets known only at run time
/// are left as they are.
void composeMovements(mlir::Block &block);

} // namespace bridge

#endif // BRIDGE_CONVERSION_ARRAYTOTASK_MOVEMENTS_H
