//===- Parser.h - Recursive-descent parser for .bdsl ------------*- C++ -*-===//
//
// Builds the AST of spec sections 2 and 3. After a syntax error the parser
// skips to the end of the statement and goes on, so independent errors on
// later lines are still reported; it never builds a tree for a bad statement.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_FRONTEND_PARSER_H
#define BRIDGE_FRONTEND_PARSER_H

#include "bridge/Frontend/AST.h"
#include "bridge/Frontend/Lexer.h"
#include "mlir/Support/LogicalResult.h"

namespace bridge {

class Parser {
public:
  using ExprResult = mlir::FailureOr<ast::ExprPtr>;

  /// Nesting deeper than this is an error, so recursion stays bounded.
  static constexpr unsigned kMaxNesting = 256;

  Parser(Lexer &lexer, DiagnosticReporter &diags);

  /// Parses the whole buffer. Returns the statements that parsed; the caller
  /// checks `diags.hadError()`.
  std::vector<ast::StmtPtr> parseProgram();

private:
  // Tokens.
  void consume();
  const Token &peekNext();
  bool consumeIf(TokenKind kind);
  mlir::LogicalResult expect(TokenKind kind, llvm::StringRef what);
  mlir::LogicalResult emitExpected(llvm::StringRef what);
  /// Like expect, for the bracket that closes the one at `open`.
  mlir::LogicalResult expectClose(TokenKind kind, SourceLoc open,
                                  llvm::StringRef what);
  void skipToEndOfStatement();

  // Statements.
  mlir::FailureOr<ast::StmtPtr> parseStatement();
  mlir::FailureOr<ast::StmtPtr> parseLet();
  mlir::FailureOr<ast::StmtPtr> parseParamDecl();
  mlir::FailureOr<ast::StmtPtr> parseExtern();
  mlir::FailureOr<ast::StmtPtr> parseCallStmt();
  mlir::FailureOr<ast::StmtPtr> parsePrint();
  mlir::FailureOr<ast::StmtPtr> parseSave();
  mlir::FailureOr<std::unique_ptr<ast::ExternCallExpr>> parseExternCall();
  mlir::FailureOr<ast::Param> parseParam();
  mlir::FailureOr<ast::Layout> parseLayout(ast::CyclicLayout &cyclic);
  mlir::LogicalResult parseCyclic(ast::CyclicLayout &cyclic);
  mlir::FailureOr<int64_t> parsePositiveLiteral(llvm::StringRef what);
  mlir::FailureOr<bool> parseOrder();
  mlir::LogicalResult parseResultOptions(ast::ExternResult &result);
  mlir::FailureOr<DType> parseTypeName(llvm::StringRef what);

  // Expressions, lowest precedence first.
  ExprResult parseExpr();
  ExprResult parseOr();
  ExprResult parseAnd();
  ExprResult parseNot();
  ExprResult parseComparison();
  ExprResult parseAdditive();
  ExprResult parseMultiplicative();
  ExprResult parseUnary();
  ExprResult parsePower();
  ExprResult parsePostfix();
  ExprResult parsePrimary();
  ExprResult parseList();
  /// Parses `( args )`, starting at the '('.
  mlir::LogicalResult parseArgs(std::vector<ast::ExprPtr> &args,
                                std::vector<ast::KeywordArg> &kwargs,
                                unsigned &height);
  mlir::FailureOr<ast::Subscript> parseSubscript(unsigned &height);

  /// Errors for trees higher than kMaxNesting.
  ExprResult checkHeight(ast::ExprPtr expr);
  mlir::LogicalResult enterNesting();

  Lexer &lexer;
  DiagnosticReporter &diags;
  Token tok;
  std::optional<Token> next;
  unsigned nesting = 0;
};

} // namespace bridge

#endif // BRIDGE_FRONTEND_PARSER_H
