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
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include <optional>
#include <string>

namespace bridge {

class Sema {
public:
  /// `versionValues` gives the i64 parameters that make versions (axes,
  /// `diff`'s order) the value this version of the program is checked with;
  /// one without is taken as 0.
  explicit Sema(DiagnosticReporter &diags,
                const llvm::StringMap<int64_t> *versionValues = nullptr)
      : diags(diags), versionValues(versionValues) {}

  /// Checks every statement in order and records the program's run-time
  /// sizes in `program.sizes`. Fails if any error was reported.
  mlir::LogicalResult check(ast::Program &program);

private:
  // Statements (Sema.cpp).
  void checkStmt(ast::Stmt &stmt);
  void checkLet(ast::LetStmt &let);
  void checkParam(ast::ParamStmt &param);
  /// Reports a name that is already bound, by `let` or `param`.
  bool declareName(llvm::StringRef name, SourceLoc loc);
  void checkExtern(ast::ExternStmt &ext);
  /// `shape=` and `chunks=` of an array result.
  void checkResultGrid(ast::ExternStmt &ext);
  void checkPrint(ast::PrintStmt &print);
  void checkSave(ast::SaveStmt &save);
  const ValueType &checkExternCall(ast::ExternCallExpr &call, bool needsResult);
  const ValueType &checkCyclicResult(ast::ExternCallExpr &call,
                                     const ast::ExternStmt &decl);

  // Expressions (Sema.cpp).
  const ValueType &checkExpr(ast::Expr &expr);
  ValueType checkName(ast::NameExpr &name);
  ValueType checkUnary(ast::UnaryExpr &unary);
  ValueType checkBinary(ast::BinaryExpr &binary);
  /// Records the size of integer arithmetic on sizes; returns `result`, or
  /// the error type after a reported overflow.
  ValueType foldSize(ast::BinaryExpr &binary, ValueType result);

  // Built-in calls and subscripts (SemaBuiltins.cpp).
  ValueType checkCall(ast::CallExpr &call);
  ValueType checkIndex(ast::IndexExpr &index);

public:
  // Helpers shared by the built-in checks (SemaBuiltins.cpp).
  /// Checks `expr` and reports a list, string or type name used as a value.
  /// Returns false for those and for already-failed expressions.
  bool checkValue(ast::Expr &expr);
  /// checkValue, and reports a scalar given to `builtin`, which takes an
  /// array there.
  bool checkArray(ast::Expr &expr, llvm::StringRef builtin);
  /// Checks that `mode`, given as `keyword`, names one of convolve's pad
  /// modes, and returns it.
  std::optional<std::string> checkPadMode(ast::Expr &mode,
                                          llvm::StringRef keyword);
  /// Reports a weak integer literal that does not fit the type it meets.
  mlir::LogicalResult checkLiteralFits(const ast::Expr &expr, DType to);
  mlir::FailureOr<int64_t> getIntConstant(ast::Expr &expr,
                                          llvm::StringRef what);
  /// A count that decides the program's steps (`diff`'s order): an integer
  /// constant, or an i64 parameter that makes versions of the program.
  mlir::FailureOr<int64_t> getCount(ast::Expr &expr, llvm::StringRef what);
  /// An integer known before any work: a constant, or an expression of i64
  /// parameters (a size of the program). `what` names it in errors.
  mlir::FailureOr<int64_t> getSize(ast::Expr &expr, llvm::StringRef what);
  /// A scalar argument the program knows before any work, e.g. a seed or a
  /// mean: a constant or an expression of parameters.
  bool checkStaticScalar(ast::Expr &expr, llvm::StringRef what);
  /// A file to read or write: a string literal or a `str` parameter.
  mlir::FailureOr<ast::FilePath> getFilePath(ast::Expr &expr,
                                             llvm::StringRef what);

  /// `op` over sizes (see bridge/sizes.h), folded when constant; a constant
  /// fold that overflows is reported at `loc`.
  mlir::FailureOr<int64_t> sizeOp(plan::SizeOp op, int64_t a, int64_t b,
                                  SourceLoc loc, int64_t c = 0);
  /// The product of `sizes`, a size; a constant product that overflows is
  /// reported at `loc`.
  mlir::FailureOr<int64_t> sizeProduct(llvm::ArrayRef<int64_t> sizes,
                                       SourceLoc loc);
  /// Requires `condition` (a size that is 0 or 1). A constant false one is
  /// reported now as `message` with the placeholders filled in; otherwise the
  /// program checks it before any work. In `message`, `{N}` stands for
  /// `values[N]` (a size).
  mlir::LogicalResult require(int64_t condition, SourceLoc loc,
                              llvm::StringRef message,
                              llvm::ArrayRef<int64_t> values);
  /// "an f64 array of shape [n, 3]", "a scalar i32": how messages name a
  /// value's type.
  std::string describe(const ValueType &t) const;
  /// `[100, n]`: a shape for messages, naming symbolic sizes by the
  /// expressions they come from.
  std::string formatShapeForUser(llvm::ArrayRef<int64_t> shape) const;
  std::string formatSizeForUser(int64_t size) const;
  /// Names a new symbolic size for messages, e.g. "n*2".
  void nameSize(int64_t size, std::string name);
  plan::SizeProgram &getSizes() { return *sizes; }
  /// "file:line:col", as run-time checks report it.
  std::string formatLoc(SourceLoc loc) const;
  mlir::FailureOr<double> getNumberConstant(ast::Expr &expr,
                                            llvm::StringRef what);
  mlir::FailureOr<DType> getDType(ast::Expr &expr);
  mlir::FailureOr<llvm::SmallVector<int64_t, 4>>
  getDims(ast::Expr &expr, llvm::StringRef what);
  mlir::FailureOr<llvm::SmallVector<int64_t, 4>>
  getChunks(ast::Expr &expr, llvm::ArrayRef<int64_t> shape);
  mlir::FailureOr<int64_t> getAxis(ast::Expr *expr, unsigned rank,
                                   SourceLoc loc);
  /// Element type and shape of elementwise operands: array shapes broadcast
  /// as NumPy's do; the result takes the chunks of the first operand with
  /// the broadcast shape (without one, per axis those of the first operand
  /// not stretched there).
  ValueType combineElementwise(llvm::ArrayRef<const ast::Expr *> operands,
                               DType resultDType, SourceLoc loc);
  /// NumPy's broadcast of two shapes. Only a constant extent of 1 stretches;
  /// extents known only at run time must be equal, which the program checks
  /// before any work.
  mlir::FailureOr<llvm::SmallVector<int64_t, 4>>
  broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b,
                  SourceLoc loc);
  mlir::InFlightDiagnostic emitError(SourceLoc loc) {
    return diags.error(loc);
  }

private:
  /// The i64 parameter `expr` names, directly or through `let`, if any.
  const ast::ParamStmt *getI64Param(const ast::Expr &expr) const;
  /// getIntConstant of an expression already checked.
  mlir::FailureOr<int64_t> getCheckedIntConstant(ast::Expr &expr,
                                                 llvm::StringRef what);
  /// The value of i64 parameter `param` (named by `expr`) in this version
  /// of the program. The program checks before any work that the value set
  /// lies in [lo, hi], else fails with `message` ({0}: the value); a version
  /// value outside it is reported now, with the same message.
  mlir::FailureOr<int64_t> getVersionValue(const ast::Expr &expr,
                                           const ast::ParamStmt &param,
                                           int64_t lo, int64_t hi,
                                           const std::string &message);
  /// An axis of a `rank`-D array given by the i64 parameter `param`.
  mlir::FailureOr<int64_t> getParamAxis(ast::Expr &expr,
                                        const ast::ParamStmt &param,
                                        unsigned rank);

  DiagnosticReporter &diags;
  const llvm::StringMap<int64_t> *versionValues;
  ast::Program *program = nullptr;
  plan::SizeProgram *sizes = nullptr;
  llvm::DenseMap<int64_t, std::string> sizeNames;
  llvm::StringMap<const ast::LetStmt *> bindings;
  llvm::StringMap<const ast::ParamStmt *> params;
  llvm::StringMap<const ast::ExternStmt *> externs;
};

/// "[{first}, {first+1}, ...]": a shape of `count` placeholders for
/// Sema::require's messages.
std::string placeholderShape(unsigned first, unsigned count);

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
