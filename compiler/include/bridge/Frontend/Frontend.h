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
#include <memory>

namespace llvm {
class SourceMgr;
class raw_ostream;
} // namespace llvm

namespace bridge {
namespace ast {
class Program;
} // namespace ast

/// Lexes, parses and checks the main buffer of `sourceMgr`. Returns null after
/// reporting at least one error.
std::unique_ptr<ast::Program> parseProgram(llvm::SourceMgr &sourceMgr,
                                           mlir::MLIRContext &context);

/// Prints the checked AST with types and locations (`bridgec --emit=ast`).
void printAST(const ast::Program &program, llvm::raw_ostream &os);

/// Lowers a checked program to a module holding `func.func @main` in the
/// array dialect. Returns null after reporting an error.
mlir::OwningOpRef<mlir::ModuleOp>
lowerToArrayDialect(const ast::Program &program, mlir::MLIRContext &context);

} // namespace bridge

#endif // BRIDGE_FRONTEND_FRONTEND_H
