//===- Passes.h - Passes over the task dialect ------------------*- C++ -*-===//
#ifndef BRIDGE_DIALECT_TASK_PASSES_H
#define BRIDGE_DIALECT_TASK_PASSES_H

#include "bridge/Dialect/Task/TaskDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace bridge::task {

#define GEN_PASS_DECL
#include "bridge/Dialect/Task/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "bridge/Dialect/Task/Passes.h.inc"

} // namespace bridge::task

#endif // BRIDGE_DIALECT_TASK_PASSES_H
