//===- PlanExport.h - The placement plan of a task-dialect program -*- C++ -*-===//
//
// Reads the plan (bridge/plan.h) off a task-dialect function: its distributed
// arrays and, in program order, the steps that create, move, read and free
// them. The compiler models it for `--explain-placement` and `--emit=dot`,
// and embeds its text in the program for the program's own
// `--explain-placement`.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_DIALECT_TASK_PLANEXPORT_H
#define BRIDGE_DIALECT_TASK_PLANEXPORT_H

#include "bridge/plan.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace bridge::task {

/// The plan of `func`, which must be in the task dialect.
plan::Plan exportPlan(mlir::func::FuncOp func);

} // namespace bridge::task

#endif // BRIDGE_DIALECT_TASK_PLANEXPORT_H
