//===- PlanExport.h - The placement plan of a task-dialect program -*- C++ -*-===//
//
// Reads the plan (bridge/plan.h) off a task-dialect function: its distributed
// arrays and, in program order, the steps that create, move, read and free
// them, with the size program of its module (the `bridge.sizes` attribute,
// the text of plan::SizeProgram::serialize) for the sizes known only when the
// program runs. The compiler models it for `--explain-placement` and
// `--emit=dot`, and embeds its text in the program for the program's own
// `--explain-placement` and for its start-up, which evaluates the sizes.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_DIALECT_TASK_PLANEXPORT_H
#define BRIDGE_DIALECT_TASK_PLANEXPORT_H

#include "bridge/plan.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace bridge::task {

/// The module attribute that holds the program's size program.
inline constexpr llvm::StringLiteral kSizesAttrName = "bridge.sizes";

/// The size program of `module`: empty without the attribute; an error
/// reported at the module when its text does not parse.
mlir::FailureOr<plan::SizeProgram> readSizeProgram(mlir::ModuleOp module);

/// The plan of `func`, which must be in the task dialect, with the size
/// program of its module (none after readSizeProgram reported an error).
plan::Plan exportPlan(mlir::func::FuncOp func);

} // namespace bridge::task

#endif // BRIDGE_DIALECT_TASK_PLANEXPORT_H
