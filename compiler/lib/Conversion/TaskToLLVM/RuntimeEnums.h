//===- RuntimeEnums.h - Enum values the runtime ABI takes -------*- C++ -*-===//
//
// The dialects' enums carry the runtime's values (checked at compile time in
// RuntimeEnums.cpp), so each converts to its C enum by value.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_CONVERSION_TASKTOLLVM_RUNTIMEENUMS_H
#define BRIDGE_CONVERSION_TASKTOLLVM_RUNTIMEENUMS_H

#include "bridge/Dialect/Task/TaskOps.h"

namespace bridge::runtime {

/// The bridge_rt_placement value of a placement.
int32_t code(task::Placement placement);

/// The bridge_rt_reduce_op value of a combine kind.
int32_t code(task::CombineKind kind);

/// The bridge_rt_pad_mode value of a pad mode.
int32_t code(task::PadMode mode);

/// The bridge_dtype value of an element type.
int32_t dtypeCode(mlir::Type elementType);

} // namespace bridge::runtime

#endif // BRIDGE_CONVERSION_TASKTOLLVM_RUNTIMEENUMS_H
