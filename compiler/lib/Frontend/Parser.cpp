//===- Parser.cpp - Recursive-descent parser for .bdsl --------------------===//

#include "bridge/Frontend/Parser.h"
#include "llvm/ADT/ScopeExit.h"

using namespace bridge;
using namespace bridge::ast;
using mlir::failure;
using mlir::FailureOr;
using mlir::LogicalResult;
using mlir::success;

Parser::Parser(Lexer &lexer, DiagnosticReporter &diags)
    : lexer(lexer), diags(diags) {
  tok = lexer.lex();
}

//===----------------------------------------------------------------------===//
// Tokens
//===----------------------------------------------------------------------===//

void Parser::consume() {
  if (tok.is(TokenKind::eof))
    return;
  if (next) {
    tok = std::move(*next);
    next.reset();
    return;
  }
  tok = lexer.lex();
}

const Token &Parser::peekNext() {
  if (!next)
    next = lexer.lex();
  return *next;
}

bool Parser::consumeIf(TokenKind kind) {
  if (!tok.is(kind))
    return false;
  consume();
  return true;
}

LogicalResult Parser::emitExpected(llvm::StringRef what) {
  // The lexer already reported a bad token; one error per mistake.
  if (tok.is(TokenKind::error) || diags.atErrorLimit())
    return failure();
  diags.error(tok.loc) << "expected " << what << ", found " << tok.describe();
  return failure();
}

LogicalResult Parser::expect(TokenKind kind, llvm::StringRef what) {
  if (consumeIf(kind))
    return success();
  return emitExpected(what);
}

LogicalResult Parser::expectClose(TokenKind kind, SourceLoc open,
                                  llvm::StringRef what) {
  if (consumeIf(kind))
    return success();
  // Newlines inside brackets are not tokens, so an unclosed bracket runs to
  // the end of the file; the opening bracket is the useful place to point.
  // A token at the start of a later line is most likely the next statement.
  bool nextStatement = tok.loc.col == 1 && tok.loc.line > open.line;
  if ((tok.is(TokenKind::eof) || nextStatement) && !diags.atErrorLimit()) {
    diags.error(open) << "'" << (kind == TokenKind::r_paren ? "(" : "[")
                      << "' is never closed";
    return failure();
  }
  return emitExpected(what);
}

void Parser::skipToEndOfStatement() {
  lexer.setQuiet(true);
  while (!tok.is(TokenKind::newline) && !tok.is(TokenKind::eof))
    consume();
  lexer.setQuiet(false);
}

LogicalResult Parser::enterNesting() {
  if (nesting < kMaxNesting) {
    ++nesting;
    return success();
  }
  if (!diags.atErrorLimit())
    diags.error(tok.loc) << "expression is nested too deeply (the limit is "
                         << kMaxNesting << " levels)";
  return failure();
}

Parser::ExprResult Parser::checkHeight(ExprPtr expr) {
  if (expr->getHeight() <= kMaxNesting)
    return std::move(expr);
  if (!diags.atErrorLimit())
    diags.error(expr->getLoc())
        << "expression is nested too deeply (the limit is " << kMaxNesting
        << " levels)";
  return failure();
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

std::vector<StmtPtr> Parser::parseProgram() {
  std::vector<StmtPtr> stmts;
  while (!diags.atErrorLimit()) {
    while (consumeIf(TokenKind::newline)) {
    }
    if (tok.is(TokenKind::eof))
      break;
    FailureOr<StmtPtr> stmt = parseStatement();
    if (succeeded(stmt)) {
      if (tok.is(TokenKind::newline) || tok.is(TokenKind::eof)) {
        stmts.push_back(std::move(*stmt));
        continue;
      }
      (void)emitExpected("end of line after the statement");
    }
    skipToEndOfStatement();
  }
  return stmts;
}

FailureOr<StmtPtr> Parser::parseStatement() {
  switch (tok.kind) {
  case TokenKind::kw_let:
    return parseLet();
  case TokenKind::kw_param:
    return parseParamDecl();
  case TokenKind::kw_extern:
    return parseExtern();
  case TokenKind::kw_call:
    return parseCallStmt();
  case TokenKind::kw_print:
    return parsePrint();
  case TokenKind::kw_save:
    return parseSave();
  default:
    return emitExpected(
        "a statement (let, param, extern, call, print or save)");
  }
}

FailureOr<StmtPtr> Parser::parseLet() {
  SourceLoc loc = tok.loc;
  consume(); // let
  if (!tok.is(TokenKind::identifier))
    return emitExpected("a name after 'let'");
  std::string name = tok.spelling.str();
  SourceLoc nameLoc = tok.loc;
  consume();
  if (failed(expect(TokenKind::equal, "'=' after the name")))
    return failure();
  ExprPtr value;
  if (tok.is(TokenKind::kw_call)) {
    FailureOr<std::unique_ptr<ExternCallExpr>> call = parseExternCall();
    if (failed(call))
      return failure();
    value = std::move(*call);
  } else {
    ExprResult expr = parseExpr();
    if (failed(expr))
      return failure();
    value = std::move(*expr);
  }
  return StmtPtr(std::make_unique<LetStmt>(loc, std::move(name), nameLoc,
                                           std::move(value)));
}

/// `param NAME: TYPE [= DEFAULT]` with TYPE one of i64, f64, bool, str.
FailureOr<StmtPtr> Parser::parseParamDecl() {
  SourceLoc loc = tok.loc;
  consume(); // param
  if (!tok.is(TokenKind::identifier))
    return emitExpected("a name after 'param'");
  std::string name = tok.spelling.str();
  SourceLoc nameLoc = tok.loc;
  consume();
  if (failed(expect(TokenKind::colon, "':' after the parameter name")))
    return failure();
  if (!tok.is(TokenKind::identifier))
    return emitExpected("a parameter type (i64, f64, bool or str)");
  std::optional<plan::ParamType> type = plan::parseParamType(tok.spelling);
  if (!type) {
    if (!diags.atErrorLimit())
      diags.error(tok.loc) << "a parameter is i64, f64, bool or str, not '"
                           << tok.spelling << "'";
    return failure();
  }
  consume();
  ExprPtr defaultValue;
  if (consumeIf(TokenKind::equal)) {
    ExprResult value = parseExpr();
    if (failed(value))
      return failure();
    defaultValue = std::move(*value);
  }
  return StmtPtr(std::make_unique<ParamStmt>(loc, std::move(name), nameLoc,
                                             *type, std::move(defaultValue)));
}

FailureOr<DType> Parser::parseTypeName(llvm::StringRef what) {
  if (tok.is(TokenKind::identifier)) {
    if (std::optional<DType> dtype = parseDTypeName(tok.spelling)) {
      consume();
      return *dtype;
    }
    if (!diags.atErrorLimit())
      diags.error(tok.loc) << "unknown element type '" << tok.spelling
                           << "'; expected f64, f32, i64, i32 or bool";
    return failure();
  }
  return emitExpected(what);
}

FailureOr<Param> Parser::parseParam() {
  Param param;
  if (!tok.is(TokenKind::identifier))
    return emitExpected("a parameter name");
  param.name = tok.spelling.str();
  param.loc = tok.loc;
  consume();
  if (failed(expect(TokenKind::colon, "':' after the parameter name")))
    return failure();
  FailureOr<DType> dtype = parseTypeName("a parameter type");
  if (failed(dtype))
    return failure();
  param.dtype = *dtype;
  if (!consumeIf(TokenKind::l_square))
    return param;
  if (failed(expect(TokenKind::r_square, "']' after '['")))
    return failure();
  param.isArray = true;
  FailureOr<Layout> layout = parseLayout(param.cyclic);
  if (failed(layout))
    return failure();
  param.layout = *layout;
  FailureOr<bool> columnMajor = parseOrder();
  if (failed(columnMajor))
    return failure();
  param.columnMajor = *columnMajor;
  return param;
}

/// The optional `chunks`, `block` or `cyclic(MB, NB) [grid=[P, Q]]` after
/// `[]`; `cyclic` fills `cyclic`.
FailureOr<Layout> Parser::parseLayout(CyclicLayout &cyclic) {
  // `order=` or a result's `chunks=` follows the default layout.
  if (!tok.is(TokenKind::identifier) || peekNext().is(TokenKind::equal))
    return Layout::Chunks;
  Layout layout;
  if (tok.spelling == "block") {
    layout = Layout::Block;
  } else if (tok.spelling == "chunks") {
    layout = Layout::Chunks;
  } else if (tok.spelling == "cyclic") {
    consume();
    if (failed(parseCyclic(cyclic)))
      return failure();
    return Layout::Cyclic;
  } else {
    if (!diags.atErrorLimit())
      diags.error(tok.loc) << "unknown layout '" << tok.spelling
                           << "'; expected 'chunks', 'block' or 'cyclic'";
    return failure();
  }
  consume();
  return layout;
}

/// An integer literal >= 1, for `what`.
FailureOr<int64_t> Parser::parsePositiveLiteral(llvm::StringRef what) {
  if (!tok.is(TokenKind::integer) || tok.intValue < 1) {
    if (!diags.atErrorLimit())
      diags.error(tok.loc) << what << " must be an integer literal >= 1, not "
                           << tok.describe();
    return failure();
  }
  int64_t value = tok.intValue;
  consume();
  return value;
}

/// `(MB, NB)` after `cyclic`, then the optional `grid=[P, Q]`.
LogicalResult Parser::parseCyclic(CyclicLayout &cyclic) {
  SourceLoc openLoc = tok.loc;
  if (failed(expect(TokenKind::l_paren, "'(' and the block sizes after "
                                        "'cyclic'")))
    return failure();
  FailureOr<int64_t> rows = parsePositiveLiteral("a block's row count");
  if (failed(rows) ||
      failed(expect(TokenKind::comma, "',' between the block sizes")))
    return failure();
  FailureOr<int64_t> cols = parsePositiveLiteral("a block's column count");
  if (failed(cols) || failed(expectClose(TokenKind::r_paren, openLoc,
                                         "')' after the block sizes")))
    return failure();
  cyclic.blockRows = *rows;
  cyclic.blockCols = *cols;
  if (!tok.is(TokenKind::identifier) || tok.spelling != "grid" ||
      !peekNext().is(TokenKind::equal))
    return success();
  consume(); // grid
  consume(); // =
  SourceLoc squareLoc = tok.loc;
  if (failed(expect(TokenKind::l_square, "'[' after 'grid='")))
    return failure();
  FailureOr<int64_t> p = parsePositiveLiteral("the process grid's row count");
  if (failed(p) ||
      failed(expect(TokenKind::comma, "',' between the grid's extents")))
    return failure();
  FailureOr<int64_t> q =
      parsePositiveLiteral("the process grid's column count");
  if (failed(q) || failed(expectClose(TokenKind::r_square, squareLoc,
                                      "']' after the grid's extents")))
    return failure();
  cyclic.gridRows = *p;
  cyclic.gridCols = *q;
  return success();
}

/// The optional `order=C` (row-major, the default) or `order=F`
/// (column-major) after the layout; true for `F`.
FailureOr<bool> Parser::parseOrder() {
  if (!tok.is(TokenKind::identifier) || tok.spelling != "order")
    return false;
  consume();
  if (failed(expect(TokenKind::equal, "'=' after 'order'")))
    return failure();
  if (!tok.is(TokenKind::identifier) ||
      (tok.spelling != "C" && tok.spelling != "F"))
    return emitExpected("C (row-major) or F (column-major) after 'order='");
  bool columnMajor = tok.spelling == "F";
  consume();
  return columnMajor;
}

/// `shape=SHAPE`, `chunks=CHUNKS` and `order=C|F` after an array result's
/// layout, each at most once, in any order.
LogicalResult Parser::parseResultOptions(ExternResult &result) {
  bool seenOrder = false;
  while (tok.is(TokenKind::identifier) && peekNext().is(TokenKind::equal)) {
    llvm::StringRef option = tok.spelling;
    SourceLoc loc = tok.loc;
    ExprPtr *value = option == "shape"    ? &result.shape
                     : option == "chunks" ? &result.chunks
                                          : nullptr;
    bool repeated = value ? *value != nullptr : option == "order" && seenOrder;
    if (repeated || (!value && option != "order")) {
      if (!diags.atErrorLimit())
        diags.error(loc) << (repeated ? "'" + option.str() + "=' is given twice"
                                      : "unknown option '" + option.str() +
                                            "' of an array result; expected "
                                            "shape=, chunks= or order=");
      return failure();
    }
    if (!value) {
      FailureOr<bool> columnMajor = parseOrder();
      if (failed(columnMajor))
        return failure();
      result.columnMajor = *columnMajor;
      seenOrder = true;
      continue;
    }
    consume(); // the option's name
    consume(); // =
    ExprResult expr = parseExpr();
    if (failed(expr))
      return failure();
    *value = std::move(*expr);
  }
  return success();
}

FailureOr<StmtPtr> Parser::parseExtern() {
  SourceLoc loc = tok.loc;
  consume(); // extern
  // `fortran` is a word of this statement only, not a keyword.
  bool fortran = tok.is(TokenKind::identifier) && tok.spelling == "fortran";
  if (fortran)
    consume();
  if (failed(expect(TokenKind::kw_fn, fortran ? "'fn' after 'extern fortran'"
                                              : "'fn' after 'extern'")))
    return failure();
  if (!tok.is(TokenKind::identifier))
    return emitExpected("a function name");
  std::string name = tok.spelling.str();
  SourceLoc nameLoc = tok.loc;
  consume();
  SourceLoc openLoc = tok.loc;
  if (failed(expect(TokenKind::l_paren, "'(' after the function name")))
    return failure();
  std::vector<Param> params;
  if (!tok.is(TokenKind::r_paren)) {
    do {
      if (tok.is(TokenKind::r_paren))
        break; // trailing comma
      FailureOr<Param> param = parseParam();
      if (failed(param))
        return failure();
      params.push_back(std::move(*param));
    } while (consumeIf(TokenKind::comma));
  }
  if (failed(expectClose(TokenKind::r_paren, openLoc,
                         "',' or ')' in the parameter list")))
    return failure();
  std::optional<ExternResult> result;
  if (consumeIf(TokenKind::arrow)) {
    result.emplace();
    result->loc = tok.loc;
    FailureOr<DType> dtype = parseTypeName("a return type after '->'");
    if (failed(dtype))
      return failure();
    result->dtype = *dtype;
    if (consumeIf(TokenKind::l_square)) {
      if (failed(expect(TokenKind::r_square, "']' after '['")))
        return failure();
      result->isArray = true;
      FailureOr<Layout> layout = parseLayout(result->cyclic);
      if (failed(layout))
        return failure();
      result->layout = *layout;
      if (failed(parseResultOptions(*result)))
        return failure();
    }
  }
  auto ext = std::make_unique<ExternStmt>(loc, std::move(name), nameLoc,
                                         std::move(params), std::move(result));
  ext->setFortran(fortran);
  return StmtPtr(std::move(ext));
}

FailureOr<std::unique_ptr<ExternCallExpr>> Parser::parseExternCall() {
  SourceLoc loc = tok.loc;
  consume(); // call
  if (!tok.is(TokenKind::identifier))
    return emitExpected("a function name after 'call'");
  std::string callee = tok.spelling.str();
  SourceLoc calleeLoc = tok.loc;
  consume();
  if (!tok.is(TokenKind::l_paren))
    return emitExpected("'(' after the function name");
  std::vector<ExprPtr> args;
  std::vector<KeywordArg> kwargs;
  unsigned height = 1;
  if (failed(parseArgs(args, kwargs, height)))
    return failure();
  return std::make_unique<ExternCallExpr>(loc, std::move(callee), calleeLoc,
                                          std::move(args), std::move(kwargs),
                                          height);
}

FailureOr<StmtPtr> Parser::parseCallStmt() {
  SourceLoc loc = tok.loc;
  FailureOr<std::unique_ptr<ExternCallExpr>> call = parseExternCall();
  if (failed(call))
    return failure();
  return StmtPtr(std::make_unique<CallStmt>(loc, std::move(*call)));
}

FailureOr<StmtPtr> Parser::parsePrint() {
  SourceLoc loc = tok.loc;
  consume(); // print
  ExprResult value = parseExpr();
  if (failed(value))
    return failure();
  return StmtPtr(std::make_unique<PrintStmt>(loc, std::move(*value)));
}

FailureOr<StmtPtr> Parser::parseSave() {
  SourceLoc loc = tok.loc;
  consume(); // save
  ExprResult value = parseExpr();
  if (failed(value))
    return failure();
  if (failed(expect(TokenKind::kw_to, "'to' after the saved expression")))
    return failure();
  if (!tok.is(TokenKind::string) && !tok.is(TokenKind::identifier))
    return emitExpected("a file name string or a str parameter after 'to'");
  ExprResult path = parsePrimary();
  if (failed(path))
    return failure();
  return StmtPtr(std::make_unique<SaveStmt>(loc, std::move(*value),
                                            std::move(*path)));
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

Parser::ExprResult Parser::parseExpr() {
  if (failed(enterNesting()))
    return failure();
  llvm::scope_exit leave([&] { --nesting; });
  return parseOr();
}

/// Parses `operand (OP operand)*`, left-associative, for the operators that
/// `match` accepts.
template <typename Match, typename Next>
static Parser::ExprResult parseLeftAssoc(Token &tok, Match match, Next next,
                                         llvm::function_ref<void()> consume,
                                         llvm::function_ref<Parser::ExprResult(ExprPtr)> check) {
  Parser::ExprResult lhs = next();
  if (failed(lhs))
    return failure();
  ExprPtr result = std::move(*lhs);
  while (std::optional<BinaryOpKind> op = match(tok.kind)) {
    SourceLoc loc = tok.loc;
    consume();
    Parser::ExprResult rhs = next();
    if (failed(rhs))
      return failure();
    Parser::ExprResult checked = check(std::make_unique<BinaryExpr>(
        loc, *op, std::move(result), std::move(*rhs)));
    if (failed(checked))
      return failure();
    result = std::move(*checked);
  }
  return std::move(result);
}

Parser::ExprResult Parser::parseOr() {
  return parseLeftAssoc(
      tok,
      [](TokenKind k) -> std::optional<BinaryOpKind> {
        if (k == TokenKind::kw_or)
          return BinaryOpKind::Or;
        return std::nullopt;
      },
      [&] { return parseAnd(); }, [&] { consume(); },
      [&](ExprPtr e) { return checkHeight(std::move(e)); });
}

Parser::ExprResult Parser::parseAnd() {
  return parseLeftAssoc(
      tok,
      [](TokenKind k) -> std::optional<BinaryOpKind> {
        if (k == TokenKind::kw_and)
          return BinaryOpKind::And;
        return std::nullopt;
      },
      [&] { return parseNot(); }, [&] { consume(); },
      [&](ExprPtr e) { return checkHeight(std::move(e)); });
}

Parser::ExprResult Parser::parseNot() {
  if (!tok.is(TokenKind::kw_not))
    return parseComparison();
  SourceLoc loc = tok.loc;
  consume();
  if (failed(enterNesting()))
    return failure();
  llvm::scope_exit leave([&] { --nesting; });
  ExprResult operand = parseNot();
  if (failed(operand))
    return failure();
  return checkHeight(
      std::make_unique<UnaryExpr>(loc, UnaryOpKind::Not, std::move(*operand)));
}

static std::optional<BinaryOpKind> matchComparison(TokenKind k) {
  switch (k) {
  case TokenKind::equal_equal:
    return BinaryOpKind::Eq;
  case TokenKind::not_equal:
    return BinaryOpKind::Ne;
  case TokenKind::less:
    return BinaryOpKind::Lt;
  case TokenKind::less_equal:
    return BinaryOpKind::Le;
  case TokenKind::greater:
    return BinaryOpKind::Gt;
  case TokenKind::greater_equal:
    return BinaryOpKind::Ge;
  default:
    return std::nullopt;
  }
}

Parser::ExprResult Parser::parseComparison() {
  ExprResult lhs = parseAdditive();
  if (failed(lhs))
    return failure();
  std::optional<BinaryOpKind> op = matchComparison(tok.kind);
  if (!op)
    return lhs;
  SourceLoc loc = tok.loc;
  consume();
  ExprResult rhs = parseAdditive();
  if (failed(rhs))
    return failure();
  // Python would chain `a < b < c`; asking for `and` is clearer.
  if (matchComparison(tok.kind)) {
    if (!diags.atErrorLimit())
      diags.error(tok.loc)
          << "comparisons cannot be chained; combine them with 'and'";
    return failure();
  }
  return checkHeight(std::make_unique<BinaryExpr>(loc, *op, std::move(*lhs),
                                                  std::move(*rhs)));
}

Parser::ExprResult Parser::parseAdditive() {
  return parseLeftAssoc(
      tok,
      [](TokenKind k) -> std::optional<BinaryOpKind> {
        if (k == TokenKind::plus)
          return BinaryOpKind::Add;
        if (k == TokenKind::minus)
          return BinaryOpKind::Sub;
        return std::nullopt;
      },
      [&] { return parseMultiplicative(); }, [&] { consume(); },
      [&](ExprPtr e) { return checkHeight(std::move(e)); });
}

Parser::ExprResult Parser::parseMultiplicative() {
  ExprResult lhs = parseUnary();
  if (failed(lhs))
    return failure();
  ExprPtr result = std::move(*lhs);
  while (true) {
    std::optional<BinaryOpKind> op;
    switch (tok.kind) {
    case TokenKind::star:
      op = BinaryOpKind::Mul;
      break;
    case TokenKind::slash:
      op = BinaryOpKind::Div;
      break;
    case TokenKind::slash_slash:
      op = BinaryOpKind::FloorDiv;
      break;
    case TokenKind::percent:
      op = BinaryOpKind::Mod;
      break;
    case TokenKind::at:
      break;
    default:
      return std::move(result);
    }
    SourceLoc loc = tok.loc;
    consume();
    ExprResult rhs = parseUnary();
    if (failed(rhs))
      return failure();
    ExprPtr combined;
    if (op) {
      combined = std::make_unique<BinaryExpr>(loc, *op, std::move(result),
                                              std::move(*rhs));
    } else {
      // `a @ b` is matmul(a, b), as in NumPy.
      unsigned height =
          std::max(result->getHeight(), (*rhs)->getHeight()) + 1;
      std::vector<ExprPtr> args;
      args.push_back(std::move(result));
      args.push_back(std::move(*rhs));
      combined = std::make_unique<CallExpr>(loc, "matmul", nullptr,
                                            std::move(args),
                                            std::vector<KeywordArg>(), height);
    }
    ExprResult checked = checkHeight(std::move(combined));
    if (failed(checked))
      return failure();
    result = std::move(*checked);
  }
}

Parser::ExprResult Parser::parseUnary() {
  if (!tok.is(TokenKind::minus))
    return parsePower();
  SourceLoc loc = tok.loc;
  consume();
  if (failed(enterNesting()))
    return failure();
  llvm::scope_exit leave([&] { --nesting; });
  ExprResult operand = parseUnary();
  if (failed(operand))
    return failure();
  return checkHeight(
      std::make_unique<UnaryExpr>(loc, UnaryOpKind::Neg, std::move(*operand)));
}

Parser::ExprResult Parser::parsePower() {
  ExprResult base = parsePostfix();
  if (failed(base))
    return failure();
  if (!tok.is(TokenKind::star_star))
    return base;
  SourceLoc loc = tok.loc;
  consume();
  // Right-associative, and the exponent may carry a unary minus: 2 ** -x.
  if (failed(enterNesting()))
    return failure();
  llvm::scope_exit leave([&] { --nesting; });
  ExprResult exponent = parseUnary();
  if (failed(exponent))
    return failure();
  return checkHeight(std::make_unique<BinaryExpr>(
      loc, BinaryOpKind::Pow, std::move(*base), std::move(*exponent)));
}

LogicalResult Parser::parseArgs(std::vector<ExprPtr> &args,
                                std::vector<KeywordArg> &kwargs,
                                unsigned &height) {
  SourceLoc openLoc = tok.loc;
  consume(); // (
  while (!tok.is(TokenKind::r_paren)) {
    if (tok.is(TokenKind::identifier) && peekNext().is(TokenKind::equal)) {
      KeywordArg kw;
      kw.name = tok.spelling.str();
      kw.loc = tok.loc;
      consume();
      consume(); // =
      ExprResult value = parseExpr();
      if (failed(value))
        return failure();
      height = std::max(height, (*value)->getHeight() + 1);
      kw.value = std::move(*value);
      kwargs.push_back(std::move(kw));
    } else {
      SourceLoc loc = tok.loc;
      ExprResult value = parseExpr();
      if (failed(value))
        return failure();
      if (!kwargs.empty()) {
        if (!diags.atErrorLimit())
          diags.error(loc) << "positional argument follows keyword argument";
        return failure();
      }
      height = std::max(height, (*value)->getHeight() + 1);
      args.push_back(std::move(*value));
    }
    if (!consumeIf(TokenKind::comma))
      break;
  }
  return expectClose(TokenKind::r_paren, openLoc,
                     "',' or ')' in the argument list");
}

FailureOr<Subscript> Parser::parseSubscript(unsigned &height) {
  Subscript sub;
  sub.loc = tok.loc;
  auto parsePart = [&](ExprPtr &into) -> LogicalResult {
    ExprResult e = parseExpr();
    if (failed(e))
      return failure();
    height = std::max(height, (*e)->getHeight() + 1);
    into = std::move(*e);
    return success();
  };
  auto atPartEnd = [&] {
    return tok.is(TokenKind::colon) || tok.is(TokenKind::comma) ||
           tok.is(TokenKind::r_square);
  };
  if (!tok.is(TokenKind::colon)) {
    if (failed(parsePart(sub.index)))
      return failure();
    if (!tok.is(TokenKind::colon))
      return std::move(sub);
    sub.lo = std::move(sub.index);
  }
  sub.isSlice = true;
  consume(); // :
  if (!atPartEnd() && failed(parsePart(sub.hi)))
    return failure();
  if (consumeIf(TokenKind::colon) && !atPartEnd() &&
      failed(parsePart(sub.step)))
    return failure();
  return std::move(sub);
}

Parser::ExprResult Parser::parsePostfix() {
  ExprResult primary = parsePrimary();
  if (failed(primary))
    return failure();
  ExprPtr result = std::move(*primary);
  while (true) {
    if (tok.is(TokenKind::l_paren)) {
      auto *name = llvm::dyn_cast<NameExpr>(result.get());
      if (!name) {
        if (!diags.atErrorLimit())
          diags.error(tok.loc) << "only built-in functions can be called";
        return failure();
      }
      std::vector<ExprPtr> args;
      std::vector<KeywordArg> kwargs;
      unsigned height = 1;
      if (failed(parseArgs(args, kwargs, height)))
        return failure();
      ExprResult checked = checkHeight(std::make_unique<CallExpr>(
          name->getLoc(), name->getName().str(), nullptr, std::move(args),
          std::move(kwargs), height));
      if (failed(checked))
        return failure();
      result = std::move(*checked);
      continue;
    }
    if (tok.is(TokenKind::period)) {
      consume();
      if (!tok.is(TokenKind::identifier))
        return emitExpected("a method name after '.'");
      std::string method = tok.spelling.str();
      SourceLoc methodLoc = tok.loc;
      consume();
      if (!tok.is(TokenKind::l_paren))
        return emitExpected("'(' after the method name");
      std::vector<ExprPtr> args;
      std::vector<KeywordArg> kwargs;
      unsigned height = result->getHeight() + 1;
      if (failed(parseArgs(args, kwargs, height)))
        return failure();
      ExprResult checked = checkHeight(std::make_unique<CallExpr>(
          methodLoc, std::move(method), std::move(result), std::move(args),
          std::move(kwargs), height));
      if (failed(checked))
        return failure();
      result = std::move(*checked);
      continue;
    }
    if (tok.is(TokenKind::l_square)) {
      SourceLoc loc = tok.loc;
      consume();
      std::vector<Subscript> subs;
      unsigned height = result->getHeight() + 1;
      do {
        if (tok.is(TokenKind::r_square) && !subs.empty())
          break; // trailing comma
        FailureOr<Subscript> sub = parseSubscript(height);
        if (failed(sub))
          return failure();
        subs.push_back(std::move(*sub));
      } while (consumeIf(TokenKind::comma));
      if (failed(expectClose(TokenKind::r_square, loc,
                             "',' or ']' in the subscript")))
        return failure();
      ExprResult checked = checkHeight(std::make_unique<IndexExpr>(
          loc, std::move(result), std::move(subs), height));
      if (failed(checked))
        return failure();
      result = std::move(*checked);
      continue;
    }
    return std::move(result);
  }
}

Parser::ExprResult Parser::parseList() {
  SourceLoc loc = tok.loc;
  consume(); // [
  std::vector<ExprPtr> elements;
  unsigned height = 1;
  while (!tok.is(TokenKind::r_square)) {
    ExprResult e = parseExpr();
    if (failed(e))
      return failure();
    height = std::max(height, (*e)->getHeight() + 1);
    elements.push_back(std::move(*e));
    if (!consumeIf(TokenKind::comma))
      break;
  }
  if (failed(expectClose(TokenKind::r_square, loc, "',' or ']' in the list")))
    return failure();
  return checkHeight(
      std::make_unique<ListExpr>(loc, std::move(elements), height));
}

Parser::ExprResult Parser::parsePrimary() {
  SourceLoc loc = tok.loc;
  switch (tok.kind) {
  case TokenKind::integer: {
    auto e = std::make_unique<IntegerExpr>(loc, tok.intValue, tok.spelling);
    consume();
    return ExprPtr(std::move(e));
  }
  case TokenKind::floating: {
    auto e = std::make_unique<FloatExpr>(loc, tok.floatValue, tok.spelling);
    consume();
    return ExprPtr(std::move(e));
  }
  case TokenKind::string: {
    auto e = std::make_unique<StringExpr>(loc, tok.stringValue);
    consume();
    return ExprPtr(std::move(e));
  }
  case TokenKind::kw_true:
  case TokenKind::kw_false: {
    auto e = std::make_unique<BoolExpr>(loc, tok.is(TokenKind::kw_true));
    consume();
    return ExprPtr(std::move(e));
  }
  case TokenKind::identifier: {
    auto e = std::make_unique<NameExpr>(loc, tok.spelling);
    consume();
    return ExprPtr(std::move(e));
  }
  case TokenKind::l_paren: {
    consume();
    ExprResult inner = parseExpr();
    if (failed(inner))
      return failure();
    if (failed(expectClose(TokenKind::r_paren, loc, "')'")))
      return failure();
    return inner;
  }
  case TokenKind::l_square:
    return parseList();
  case TokenKind::kw_call:
    if (!diags.atErrorLimit())
      diags.error(loc) << "'call' must start a statement or follow 'let NAME ='";
    return failure();
  default:
    return emitExpected("an expression");
  }
}
