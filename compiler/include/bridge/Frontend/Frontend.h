//===- Frontend.h - From .bdsl source to the array dialect ------*- C++ -*-===//
//
// The entry points the driver uses. Every diagnostic goes through the MLIR
// context's diagnostic engine, located with FileLineColLoc, so callers choose
// how errors are shown (caret output in bridgec, -verify-diagnostics in tests).
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_FRONTEND_FRONTEND_H
#define BRIDGE_FRONTEND_FRONTEND_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LogicalResult.h"
#include "bridge/versions.h"
#include "llvm/ADT/StringMap.h"
#include <memory>
#include <vector>

namespace llvm {
class SourceMgr;
class raw_ostream;
} // namespace llvm

namespace bridge {
namespace ast {
class Program;
} // namespace ast

/// Lexes, parses and checks the main buffer of `sourceMgr`, taking the i64
/// parameters that make versions with `versionValues` (0 for any not there).
/// Returns null after reporting at least one error.
std::unique_ptr<ast::Program>
parseProgram(llvm::SourceMgr &sourceMgr, mlir::MLIRContext &context,
             const llvm::StringMap<int64_t> *versionValues = nullptr);

/// parseProgram, but the program comes back after errors of the checks too
/// (null only after a syntax error); `checked` tells whether it is clean.
std::unique_ptr<ast::Program>
checkProgram(llvm::SourceMgr &sourceMgr, mlir::MLIRContext &context,
             const llvm::StringMap<int64_t> *versionValues, bool &checked);

/// A program in the versions that its parameters choose between
/// (bridge/versions.h): one version, and an empty table, when no parameter
/// gives an axis or a `diff` order.
struct ProgramVersions {
  std::vector<std::unique_ptr<ast::Program>> versions;
  plan::VersionTable table;
};

/// At most this many versions of one program.
constexpr unsigned kMaxVersions = 16;

/// parseProgram for each value from -4 to 3 of each parameter that gives an
/// axis or a `diff` order (at most 3 of them): one version per distinct set
/// of axes and orders, and the first error of each combination that fails.
/// Fails, reporting errors, when the program fails with the parameters'
/// defaults, when every combination fails, or when there are more than
/// kMaxVersions versions.
mlir::FailureOr<ProgramVersions> parseProgramVersions(llvm::SourceMgr &sourceMgr,
                                                      mlir::MLIRContext &context);

/// Prints the checked AST with types and locations (`bridgec --emit=ast`).
void printAST(const ast::Program &program, llvm::raw_ostream &os);

/// Lowers a checked program to a module holding `func.func @main` in the
/// array dialect. Returns null after reporting an error.
mlir::OwningOpRef<mlir::ModuleOp>
lowerToArrayDialect(const ast::Program &program, mlir::MLIRContext &context);

} // namespace bridge

#endif // BRIDGE_FRONTEND_FRONTEND_H
