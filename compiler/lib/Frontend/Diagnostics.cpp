//===- Diagnostics.cpp - Located errors for the frontend ------------------===//

#include "bridge/Frontend/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

using namespace bridge;

DiagnosticReporter::DiagnosticReporter(mlir::MLIRContext &context,
                                       llvm::StringRef filename)
    : context(context), filename(filename) {}

mlir::Location DiagnosticReporter::getLoc(SourceLoc loc) const {
  return mlir::FileLineColLoc::get(&context, filename, loc.line, loc.col);
}

mlir::InFlightDiagnostic DiagnosticReporter::error(SourceLoc loc) {
  ++numErrors;
  return mlir::emitError(getLoc(loc));
}
