//===- Lexer.h - Tokens of the .bdsl language -------------------*- C++ -*-===//
//
// Turns a buffer into tokens (spec section 1). Newlines are tokens except
// inside ( ) and [ ]. The lexer reports its own errors and returns an `error`
// token for them, so the parser only has to recover. It never reads past the
// buffer end and always advances, whatever the bytes are.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_FRONTEND_LEXER_H
#define BRIDGE_FRONTEND_LEXER_H

#include "bridge/Frontend/Diagnostics.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>

namespace bridge {

enum class TokenKind : uint8_t {
#define TOK(ID, SPELLING) ID,
#include "bridge/Frontend/TokenKinds.def"
};

/// How diagnostics show a token kind (`(`, `identifier`, `end of line`).
llvm::StringRef getTokenKindSpelling(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::eof;
  SourceLoc loc;
  /// The source text of the token.
  llvm::StringRef spelling;
  /// Literal values: integer, float, and the unescaped string.
  int64_t intValue = 0;
  double floatValue = 0.0;
  std::string stringValue;

  bool is(TokenKind k) const { return kind == k; }
  bool isKeyword() const;
  /// A quoted description for diagnostics: 'foo', '(', end of line.
  std::string describe() const;
};

class Lexer {
public:
  Lexer(llvm::StringRef buffer, DiagnosticReporter &diags);

  Token lex();

  /// While quiet, errors are not reported (used during parser recovery so one
  /// bad line gives one error).
  void setQuiet(bool q) { quiet = q; }

private:
  Token makeToken(TokenKind kind, const char *start, SourceLoc loc);
  Token lexIdentifier(const char *start, SourceLoc loc);
  Token lexNumber(const char *start, SourceLoc loc);
  Token lexString(const char *start, SourceLoc loc);
  Token lexInvalidCharacter(const char *start, SourceLoc loc);
  Token errorToken(const char *start, SourceLoc loc);
  void skipComment();

  SourceLoc locOf(const char *p) const;
  void reportError(SourceLoc loc, const llvm::Twine &msg);

  llvm::StringRef buffer;
  const char *cur;
  const char *end;
  DiagnosticReporter &diags;
  /// Start of the current line, for columns.
  const char *lineStart;
  uint32_t line = 1;
  /// Open ( and [ not yet closed; newlines inside them are not tokens.
  unsigned bracketDepth = 0;
  bool quiet = false;
};

} // namespace bridge

#endif // BRIDGE_FRONTEND_LEXER_H
