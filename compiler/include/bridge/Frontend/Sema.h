//===- Sema.h - Name resolution and type checking ---------------*- C++ -*-===//
//
// Checks a parsed program against the spec and annotates the AST: every
// expression gets its type (scalar or array, element type, shape, chunks),
// literal-only expressions their constant value, names their binding, calls
// their built-in or extern declaration.
//
// An expression whose operand already failed gets the error type without a
// new diagnostic, so one mistake gives one error.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_FRONTEND_SEMA_H
#define BRIDGE_FRONTEND_SEMA_H

#include "bridge/Frontend/AST.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/StringMap.h"

namespace bridge {

class Sema {
public:
  explicit Sema(DiagnosticReporter &diags) : diags(diags) {}

  /// Checks every statement in order. Fails if any error was reported.
  mlir::LogicalResult check(const ast::Program &program);

private:
  // Statements (Sema.cpp).
  void checkStmt(ast::Stmt &stmt);
  void checkLet(ast::LetStmt &let);
  void checkExtern(ast::ExternStmt &ext);
  void checkPrint(ast::PrintStmt &print);
  void checkSave(ast::SaveStmt &save);
  const ValueType &checkExternCall(ast::ExternCallExpr &call, bool needsResult);

  // Expressions (Sema.cpp).
  const ValueType &checkExpr(ast::Expr &expr);
  ValueType checkName(ast::NameExpr &name);
  ValueType checkUnary(ast::UnaryExpr &unary);
  ValueType checkBinary(ast::BinaryExpr &binary);

  // Built-in calls and subscripts (SemaBuiltins.cpp).
  ValueType checkCall(ast::CallExpr &call);
  ValueType checkIndex(ast::IndexExpr &index);

public:
  // Helpers shared by the built-in checks (SemaBuiltins.cpp).
  /// Checks `expr` and reports a list, string or type name used as a value.
  /// Returns false for those and for already-failed expressions.
  bool checkValue(ast::Expr &expr);
  /// Reports a weak integer literal that does not fit the type it meets.
  mlir::LogicalResult checkLiteralFits(const ast::Expr &expr, DType to);
  mlir::FailureOr<int64_t> getIntConstant(ast::Expr &expr,
                                          llvm::StringRef what);
  mlir::FailureOr<double> getNumberConstant(ast::Expr &expr,
                                            llvm::StringRef what);
  mlir::FailureOr<DType> getDType(ast::Expr &expr);
  mlir::FailureOr<llvm::SmallVector<int64_t, 4>>
  getDims(ast::Expr &expr, llvm::StringRef what);
  mlir::FailureOr<llvm::SmallVector<int64_t, 4>>
  getChunks(ast::Expr &expr, llvm::ArrayRef<int64_t> shape);
  mlir::FailureOr<int64_t> getAxis(ast::Expr *expr, unsigned rank,
                                   SourceLoc loc);
  /// Element type and shape of elementwise operands: arrays must agree in
  /// shape; the first array gives the result's shape and chunks.
  ValueType combineElementwise(llvm::ArrayRef<const ast::Expr *> operands,
                               DType resultDType, SourceLoc loc);
  mlir::InFlightDiagnostic emitError(SourceLoc loc) {
    return diags.error(loc);
  }

private:
  DiagnosticReporter &diags;
  llvm::StringMap<const ast::LetStmt *> bindings;
  llvm::StringMap<const ast::ExternStmt *> externs;
};

/// Folds an operator on two constants with Python's semantics. Fails with a
/// reported error on overflow or division by zero.
mlir::FailureOr<ast::Constant> foldBinary(ast::BinaryOpKind op,
                                          const ast::Constant &lhs,
                                          const ast::Constant &rhs,
                                          SourceLoc loc,
                                          DiagnosticReporter &diags);
mlir::FailureOr<ast::Constant> foldUnary(ast::UnaryOpKind op,
                                         const ast::Constant &operand,
                                         SourceLoc loc,
                                         DiagnosticReporter &diags);

} // namespace bridge

#endif // BRIDGE_FRONTEND_SEMA_H
