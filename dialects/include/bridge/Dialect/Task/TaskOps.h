//===- TaskOps.h - Types and operations of the task dialect -----*- C++ -*-===//
#ifndef BRIDGE_DIALECT_TASK_TASKOPS_H
#define BRIDGE_DIALECT_TASK_TASKOPS_H

#include "bridge/Dialect/Array/ArrayEnums.h"
#include "bridge/Dialect/Array/SizeSyntax.h"
#include "bridge/Dialect/Task/TaskDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "bridge/Dialect/Task/TaskEnums.h.inc"

namespace bridge::task {
/// Halos pad with the array dialect's modes.
using ::bridge::array::PadMode;
} // namespace bridge::task

#define GET_TYPEDEF_CLASSES
#include "bridge/Dialect/Task/TaskTypes.h.inc"

#define GET_OP_CLASSES
#include "bridge/Dialect/Task/TaskOps.h.inc"

#endif // BRIDGE_DIALECT_TASK_TASKOPS_H
