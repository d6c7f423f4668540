//===- Compilation.h - One program from source to object code --*- C++ -*-===//
//
// The flow every tool runs on a program: a .bdsl source is parsed, checked
// and lowered to the array dialect (a .mlir module enters at the level its
// dialects show), then lowered to the task dialect, the LLVM dialect, LLVM IR
// and an object file, stopping after the output asked for. Linking the object
// into an executable is the link step's (bridge/Target/Link.h).
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_PIPELINE_COMPILATION_H
#define BRIDGE_PIPELINE_COMPILATION_H

#include "bridge/Pipeline/Pipeline.h"
#include "bridge/Target/Inputs.h"
#include "bridge/sizes.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include <string>

namespace llvm {
class SourceMgr;
class raw_ostream;
} // namespace llvm

namespace mlir {
class DialectRegistry;
class MLIRContext;
} // namespace mlir

namespace bridge {

/// Where a compilation stops, each with the output it writes. In flow order.
enum class EmitStage {
  AST,             // the checked syntax tree (.bdsl inputs only)
  ArrayIR,         // the array dialect
  TaskIR,          // the task dialect
  PlacementGraph,  // the dataflow with the bytes moved, as Graphviz
  PlacementRankGraph, // the steps of each rank and its transfers, as Graphviz
  PlacementReport, // who owns what, the bytes moved and each rank's memory
  LLVMIR,          // optimised LLVM IR
  Object,          // a relocatable object file
};

/// What the placement outputs model.
struct PlacementModelOptions {
  unsigned numRanks = 4;
  /// The program's parameters for the run modelled (`--set NAME=VALUE`);
  /// the extents of its .npy inputs come from the files themselves.
  plan::ParamSettings paramSettings;
};

struct CompilationOptions {
  /// 0-3, as -O0..-O3: stages fuse from 1, loops vectorise from 2.
  unsigned optLevel = 2;
  /// The CPU code is generated for; see CodeGenOptions::cpu.
  std::string cpu;
  PlacementModelOptions placement;
};

/// A failure already reported through the MLIR context's diagnostic engine:
/// nothing is left to say.
class DiagnosedError : public llvm::ErrorInfo<DiagnosedError> {
public:
  static char ID;
  void log(llvm::raw_ostream &os) const override;
  std::error_code convertToErrorCode() const override;
};

/// The input is already lowered past the IR that `requested` prints.
class LoweredPastError : public llvm::ErrorInfo<LoweredPastError> {
public:
  static char ID;
  LoweredPastError(std::string inputName, EmitStage requested)
      : inputName(std::move(inputName)), requested(requested) {}
  EmitStage getRequested() const { return requested; }
  void log(llvm::raw_ostream &os) const override;
  std::error_code convertToErrorCode() const override;

private:
  std::string inputName;
  EmitStage requested;
};

/// Registers everything `compile` may meet in a context: every dialect of
/// every level and their translations to LLVM IR.
void registerCompilationDialects(mlir::DialectRegistry &registry);

/// Compiles the main buffer of `sourceMgr`, a program of `kind` (Bdsl or
/// Mlir), up to `upTo`: text outputs go to `textOut`, the object to
/// `objectOut`. `upTo` is AST only for .bdsl inputs. Failures: a
/// DiagnosedError after errors reported through `context`; a LoweredPastError
/// for a .mlir input past the IR asked for; other errors for the rest (no
/// @main to place, target, code generation). None is silent: a step failing
/// without a diagnostic comes back as an error that names it.
llvm::Error compile(llvm::SourceMgr &sourceMgr, mlir::MLIRContext &context,
                    InputKind kind, EmitStage upTo,
                    const CompilationOptions &options,
                    llvm::raw_ostream &textOut,
                    llvm::SmallVectorImpl<char> &objectOut);

} // namespace bridge

#endif // BRIDGE_PIPELINE_COMPILATION_H
