//===- TaskDialect.h - The task-graph dialect -------------------*- C++ -*-===//
#ifndef BRIDGE_DIALECT_TASK_TASKDIALECT_H
#define BRIDGE_DIALECT_TASK_TASKDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Dialect.h"

#include "bridge/Dialect/Task/TaskDialect.h.inc"

#endif // BRIDGE_DIALECT_TASK_TASKDIALECT_H
