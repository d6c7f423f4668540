//===- Pipeline.h - The bridgec pass pipeline as a library ------*- C++ -*-===//
#ifndef BRIDGE_PIPELINE_PIPELINE_H
#define BRIDGE_PIPELINE_PIPELINE_H

namespace mlir {
class DialectRegistry;
class OpPassManager;
} // namespace mlir

namespace bridge {

struct PipelineOptions {
  /// 0 keeps every stage unfused (for debugging); 1-3 fuse.
  unsigned optLevel = 2;
};

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

} // namespace bridge

#endif // BRIDGE_PIPELINE_PIPELINE_H
