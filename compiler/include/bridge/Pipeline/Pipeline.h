//===- Pipeline.h - The bridgec pass pipeline as a library ------*- C++ -*-===//
#ifndef BRIDGE_PIPELINE_PIPELINE_H
#define BRIDGE_PIPELINE_PIPELINE_H

#include "mlir/Support/LogicalResult.h"

namespace mlir {
class DialectRegistry;
class ModuleOp;
class OpPassManager;
} // namespace mlir

namespace bridge {

struct PipelineOptions {
  /// 0 keeps every stage unfused (for debugging); 1-3 fuse.
  unsigned optLevel = 2;
};

/// How far a module has been lowered, in pipeline order.
enum class IRLevel { Array, Task, LLVM };

/// Registers every dialect a bridgec module may contain at any stage.
void registerBridgeDialects(mlir::DialectRegistry &registry);
/// Registers the project's passes and pipelines with the global registry
/// (for bridge-opt).
void registerBridgePasses();

/// Array dialect -> task dialect: stage formation (fusion) and placement.
void buildArrayToTaskPipeline(mlir::OpPassManager &pm,
                              const PipelineOptions &options);
/// Task dialect -> LLVM dialect, ready for translation to LLVM IR.
void buildTaskToLLVMPipeline(mlir::OpPassManager &pm,
                             const PipelineOptions &options);

/// The level of a module, judged by its dialects: array if any op, result or
/// block argument is in the array dialect, LLVM if only builtin and LLVM ops
/// remain, task otherwise.
IRLevel detectIRLevel(mlir::ModuleOp module);

/// Lowers `module` from `from` to `to` (nothing if `to` is not past `from`),
/// one pass manager per level crossed. Pass-manager command-line options
/// (timing, IR printing), when registered, apply to each.
mlir::LogicalResult runPipeline(mlir::ModuleOp module, IRLevel from, IRLevel to,
                                const PipelineOptions &options);

} // namespace bridge

#endif // BRIDGE_PIPELINE_PIPELINE_H
