//===- ObjectEmission.h - LLVM dialect to optimised native code -*- C++ -*-===//
//
// Translates a module in the LLVM dialect to LLVM IR, optimises it in process
// with the new pass manager and emits a host object file through the target
// machine. No external tool (llc, opt) takes part.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_TARGET_OBJECTEMISSION_H
#define BRIDGE_TARGET_OBJECTEMISSION_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
class TargetMachine;
class raw_ostream;
} // namespace llvm

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace bridge {

struct CodeGenOptions {
  /// 0-3, as -O0..-O3. Loop and SLP vectorisation run at 2 and 3.
  unsigned optLevel = 2;
  /// The CPU to tune and select instructions for: empty or "native" means the
  /// host CPU with all of its features; any other name (e.g. "generic",
  /// "x86-64-v3") means that CPU with its default features.
  std::string cpu;
};

/// Registers the translations from the builtin and LLVM dialects to LLVM IR.
void registerLLVMIRTranslations(mlir::DialectRegistry &registry);

/// Initialises the native target, its MC layer and asm printer. Idempotent.
void initializeNativeTarget();

/// Creates a target machine for the host triple, set up as `options` asks
/// (PIC, since Debian links position-independent executables by default).
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createHostTargetMachine(const CodeGenOptions &options);

/// Translates an LLVM-dialect module to LLVM IR in `llvmContext`, named
/// `name` (its source_filename, which linker messages show). Reports
/// translation errors through the MLIR context's diagnostic engine.
llvm::Expected<std::unique_ptr<llvm::Module>>
translateToLLVMIR(mlir::ModuleOp module, llvm::StringRef name,
                  llvm::LLVMContext &llvmContext);

/// Sets the triple, data layout and per-function CPU attributes of `tm` on
/// `module`, and the description of the target that a generated main hands
/// to the runtime's CPU check (TargetDescription.h), then runs the default
/// per-module pipeline of `optLevel`.
llvm::Error optimizeModule(llvm::Module &module, llvm::TargetMachine &tm,
                           unsigned optLevel);

/// Links `version`, one version of a program, into `program`, the module
/// whose main chooses between them: the version's main becomes `mainName`,
/// and whatever else it defines stays its own.
llvm::Error linkVersion(llvm::Module &program,
                        std::unique_ptr<llvm::Module> version,
                        llvm::StringRef mainName);

/// Prints `module` as textual LLVM IR.
void printLLVMIR(const llvm::Module &module, llvm::raw_ostream &os);

/// Generates a relocatable object for `module` into `out`.
llvm::Error emitObject(llvm::Module &module, llvm::TargetMachine &tm,
                       llvm::SmallVectorImpl<char> &out);

/// Writes `bytes` to `path` ("-" is standard output) through a temporary file
/// in the same directory that is renamed over `path` only once complete.
llvm::Error writeFileAtomically(llvm::StringRef path, llvm::StringRef bytes);

/// Translate, optimise and return the module ready for printing or emission.
/// The target machine used is returned through `tm`.
llvm::Expected<std::unique_ptr<llvm::Module>>
lowerToOptimizedLLVMIR(mlir::ModuleOp module, llvm::StringRef name,
                       llvm::LLVMContext &llvmContext,
                       const CodeGenOptions &options,
                       std::unique_ptr<llvm::TargetMachine> &tm);

} // namespace bridge

#endif // BRIDGE_TARGET_OBJECTEMISSION_H
