//===- Frontend.cpp - From .bdsl source to a checked AST ------------------===//

#include "bridge/Frontend/Frontend.h"
#include "bridge/Frontend/Parser.h"
#include "bridge/Frontend/Sema.h"
#include "llvm/Support/SourceMgr.h"

using namespace bridge;

std::unique_ptr<ast::Program>
bridge::checkProgram(llvm::SourceMgr &sourceMgr, mlir::MLIRContext &context,
                     const llvm::StringMap<int64_t> *versionValues,
                     bool &checked) {
  checked = false;
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  // Locations name the buffer, so the diagnostic handler finds the line.
  llvm::StringRef filename = buffer->getBufferIdentifier();
  DiagnosticReporter diags(context, filename);
  Lexer lexer(buffer->getBuffer(), diags);
  Parser parser(lexer, diags);
  auto program = std::make_unique<ast::Program>(filename.str(),
                                                parser.parseProgram());
  // A dropped statement would make later uses look undefined; checking only
  // a syntactically clean program keeps errors free of cascades.
  if (diags.hadError())
    return nullptr;
  Sema sema(diags, versionValues);
  checked = succeeded(sema.check(*program));
  return program;
}

std::unique_ptr<ast::Program>
bridge::parseProgram(llvm::SourceMgr &sourceMgr, mlir::MLIRContext &context,
                     const llvm::StringMap<int64_t> *versionValues) {
  bool checked;
  std::unique_ptr<ast::Program> program =
      checkProgram(sourceMgr, context, versionValues, checked);
  return checked ? std::move(program) : nullptr;
}
