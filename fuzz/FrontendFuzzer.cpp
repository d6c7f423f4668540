//===- FrontendFuzzer.cpp - libFuzzer target over lexer, parser and sema --===//
//
// Feeds arbitrary bytes to bridge::parseProgram (lexing, parsing and every
// semantic check) and, for programs it accepts, to printAST. Diagnostics are
// dropped: the target looks for crashes, sanitizer reports, leaks and hangs,
// not for the messages themselves (the lit tests check those).
//
//===----------------------------------------------------------------------===//

#include "bridge/Frontend/AST.h"
#include "bridge/Frontend/Frontend.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // A fresh context per input: no state leaks from one input to the next.
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  mlir::ScopedDiagnosticHandler drop(
      &context, [](mlir::Diagnostic &) { return mlir::success(); });

  llvm::SourceMgr sourceMgr;
  // libFuzzer's own buffer, exactly `size` bytes and without a terminating
  // NUL, so ASan catches any read past the end of the input.
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBuffer(
          llvm::StringRef(reinterpret_cast<const char *>(data), size),
          "fuzz.bdsl", /*RequiresNullTerminator=*/false),
      llvm::SMLoc());

  std::unique_ptr<bridge::ast::Program> program =
      bridge::parseProgram(sourceMgr, context);
  if (program)
    bridge::printAST(*program, llvm::nulls());
  return 0;
}
