//===- Movements.h - Data movements read element by element ------*- C++ -*-===//
//
// Data movements whose every result element is one element of their source,
// found from its coordinate alone. Stages recompute such a movement of
// generated data where it is read, and a chain of them over stored data
// moves each element once, straight from the first source.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_CONVERSION_ARRAYTOTASK_MOVEMENTS_H
#define BRIDGE_CONVERSION_ARRAYTOTASK_MOVEMENTS_H

#include "mlir/IR/Block.h"

namespace bridge {

/// One box over the whole result whose every source dimension one result
/// dimension reads (slices, transposes, rechunks, flips).
bool isPointwiseMovement(mlir::Operation *op);

/// Rewrites each pointwise movement of a pointwise movement's result, in
/// program order, into one `array.arrange` of the first source: a slice of a
/// rechunk moves only the slice. Maps with offsets known only at run time
/// are left as they are.
void composeMovements(mlir::Block &block);

} // namespace bridge

#endif // BRIDGE_CONVERSION_ARRAYTOTASK_MOVEMENTS_H
