//===- Diagnostics.h - Located errors for the frontend ----------*- C++ -*-===//
//
// Source locations of tokens and AST nodes, and the one place that turns them
// into MLIR diagnostics. Counting errors here lets every stage stop early and
// lets parseProgram return null after any error.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_FRONTEND_DIAGNOSTICS_H
#define BRIDGE_FRONTEND_DIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>

namespace bridge {

/// A 1-based line and byte column in the main buffer.
struct SourceLoc {
  uint32_t line = 0;
  uint32_t col = 0;
};

/// Emits located errors through the context's diagnostic engine.
class DiagnosticReporter {
public:
  /// After this many errors the frontend stops, so binary garbage cannot
  /// flood the output.
  static constexpr unsigned kMaxErrors = 20;

  DiagnosticReporter(mlir::MLIRContext &context, llvm::StringRef filename);

  mlir::Location getLoc(SourceLoc loc) const;
  mlir::InFlightDiagnostic error(SourceLoc loc);

  unsigned getNumErrors() const { return numErrors; }
  bool hadError() const { return numErrors != 0; }
  /// True once the error limit is reached; callers stop reporting then.
  bool atErrorLimit() const { return numErrors >= kMaxErrors; }

  mlir::MLIRContext &getContext() const { return context; }
  llvm::StringRef getFilename() const { return filename; }

private:
  mlir::MLIRContext &context;
  llvm::StringRef filename;
  unsigned numErrors = 0;
};

} // namespace bridge

#endif // BRIDGE_FRONTEND_DIAGNOSTICS_H
