//===- PadSource.h - numpy.pad's source coordinate inside stages -*- C++ -*-===//
//
// The code form of bridge::layout::padSource: where numpy.pad takes the
// element at a padded coordinate from. Stencils that need no halo copy use
// it for their neighbours past the array's ends: stencils of generated data,
// which recompute them, and stencils along an axis that a chunk holds whole,
// which read them in place.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_CONVERSION_ARRAYTOTASK_PADSOURCE_H
#define BRIDGE_CONVERSION_ARRAYTOTASK_PADSOURCE_H

#include "bridge/Dialect/Array/ArrayOps.h"
#include "mlir/IR/Builders.h"

namespace bridge {

/// The source coordinate, in [0, n), of coordinate `t` (an index) along an
/// axis of `n` (an index, > 0) elements padded with `mode`. Coordinates
/// inside the array are their own source and take a branch that does no
/// division. A `constant` mode has no source outside the array: the result
/// is 0 there, and the caller selects zero with `emitInside`.
mlir::Value emitPadSource(mlir::OpBuilder &b, mlir::Location loc, mlir::Value t,
                          mlir::Value n, array::PadMode mode);

/// Whether index `t` lies in [0, n).
mlir::Value emitInside(mlir::OpBuilder &b, mlir::Location loc, mlir::Value t,
                       mlir::Value n);

} // namespace bridge

#endif // BRIDGE_CONVERSION_ARRAYTOTASK_PADSOURCE_H
