//===- Lexer.cpp - Tokens of the .bdsl language ---------------------------===//

#include "bridge/Frontend/Lexer.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

using namespace bridge;

llvm::StringRef bridge::getTokenKindSpelling(TokenKind kind) {
  switch (kind) {
#define TOK(ID, SPELLING)                                                      \
  case TokenKind::ID:                                                          \
    return SPELLING;
#include "bridge/Frontend/TokenKinds.def"
  }
  return "token";
}

bool Token::isKeyword() const {
  switch (kind) {
#define KEYWORD(ID)                                                            \
  case TokenKind::kw_##ID:                                                     \
    return true;
#include "bridge/Frontend/TokenKinds.def"
  default:
    return false;
  }
}

std::string Token::describe() const {
  switch (kind) {
  case TokenKind::eof:
  case TokenKind::newline:
  case TokenKind::error:
    return getTokenKindSpelling(kind).str();
  case TokenKind::string:
    return "string literal";
  default:
    // Long literals are cut so a message stays one readable line.
    if (spelling.size() > 32)
      return ("'" + spelling.take_front(32) + "...'").str();
    return ("'" + spelling + "'").str();
  }
}

static bool isIdentStart(char c) { return llvm::isAlpha(c) || c == '_'; }
static bool isIdentChar(char c) { return llvm::isAlnum(c) || c == '_'; }

Lexer::Lexer(llvm::StringRef buffer, DiagnosticReporter &diags)
    : buffer(buffer), cur(buffer.begin()), end(buffer.end()), diags(diags),
      lineStart(buffer.begin()) {}

SourceLoc Lexer::locOf(const char *p) const {
  return SourceLoc{line, static_cast<uint32_t>(p - lineStart + 1)};
}

void Lexer::reportError(SourceLoc loc, const llvm::Twine &msg) {
  if (quiet || diags.atErrorLimit())
    return;
  diags.error(loc) << msg.str();
}

Token Lexer::makeToken(TokenKind kind, const char *start, SourceLoc loc) {
  Token tok;
  tok.kind = kind;
  tok.loc = loc;
  tok.spelling = llvm::StringRef(start, cur - start);
  return tok;
}

Token Lexer::errorToken(const char *start, SourceLoc loc) {
  return makeToken(TokenKind::error, start, loc);
}

void Lexer::skipComment() {
  while (cur != end && *cur != '\n')
    ++cur;
}

Token Lexer::lex() {
  while (true) {
    if (cur == end) {
      // A file that does not end in a newline still ends its last statement.
      return makeToken(TokenKind::eof, cur, locOf(cur));
    }
    const char *start = cur;
    SourceLoc loc = locOf(cur);
    char c = *cur++;
    switch (c) {
    case ' ':
    case '\t':
    case '\r':
    case '\f':
    case '\v':
      continue;
    case '#':
      skipComment();
      continue;
    case '\n': {
      ++line;
      lineStart = cur;
      if (bracketDepth != 0)
        continue;
      Token tok = makeToken(TokenKind::newline, start, loc);
      return tok;
    }
    case '(':
      ++bracketDepth;
      return makeToken(TokenKind::l_paren, start, loc);
    case '[':
      ++bracketDepth;
      return makeToken(TokenKind::l_square, start, loc);
    case ')':
      if (bracketDepth)
        --bracketDepth;
      return makeToken(TokenKind::r_paren, start, loc);
    case ']':
      if (bracketDepth)
        --bracketDepth;
      return makeToken(TokenKind::r_square, start, loc);
    case ',':
      return makeToken(TokenKind::comma, start, loc);
    case ':':
      return makeToken(TokenKind::colon, start, loc);
    case '+':
      return makeToken(TokenKind::plus, start, loc);
    case '%':
      return makeToken(TokenKind::percent, start, loc);
    case '@':
      return makeToken(TokenKind::at, start, loc);
    case '-':
      if (cur != end && *cur == '>') {
        ++cur;
        return makeToken(TokenKind::arrow, start, loc);
      }
      return makeToken(TokenKind::minus, start, loc);
    case '*':
      if (cur != end && *cur == '*') {
        ++cur;
        return makeToken(TokenKind::star_star, start, loc);
      }
      return makeToken(TokenKind::star, start, loc);
    case '/':
      if (cur != end && *cur == '/') {
        ++cur;
        return makeToken(TokenKind::slash_slash, start, loc);
      }
      return makeToken(TokenKind::slash, start, loc);
    case '=':
      if (cur != end && *cur == '=') {
        ++cur;
        return makeToken(TokenKind::equal_equal, start, loc);
      }
      return makeToken(TokenKind::equal, start, loc);
    case '!':
      if (cur != end && *cur == '=') {
        ++cur;
        return makeToken(TokenKind::not_equal, start, loc);
      }
      reportError(loc, "unexpected character '!'; use 'not' for negation");
      return errorToken(start, loc);
    case '<':
      if (cur != end && *cur == '=') {
        ++cur;
        return makeToken(TokenKind::less_equal, start, loc);
      }
      return makeToken(TokenKind::less, start, loc);
    case '>':
      if (cur != end && *cur == '=') {
        ++cur;
        return makeToken(TokenKind::greater_equal, start, loc);
      }
      return makeToken(TokenKind::greater, start, loc);
    case '"':
      return lexString(start, loc);
    case '.':
      if (cur != end && llvm::isDigit(*cur))
        return lexNumber(start, loc);
      return makeToken(TokenKind::period, start, loc);
    default:
      if (isIdentStart(c))
        return lexIdentifier(start, loc);
      if (llvm::isDigit(c))
        return lexNumber(start, loc);
      return lexInvalidCharacter(start, loc);
    }
  }
}

Token Lexer::lexIdentifier(const char *start, SourceLoc loc) {
  while (cur != end && isIdentChar(*cur))
    ++cur;
  llvm::StringRef text(start, cur - start);
  TokenKind kind = llvm::StringSwitch<TokenKind>(text)
#define KEYWORD(ID) .Case(#ID, TokenKind::kw_##ID)
#include "bridge/Frontend/TokenKinds.def"
                       .Default(TokenKind::identifier);
  return makeToken(kind, start, loc);
}

/// Python's rule: every `_` sits between two digits.
static bool hasValidUnderscores(llvm::StringRef text) {
  for (size_t i = 0, e = text.size(); i != e; ++i) {
    if (text[i] != '_')
      continue;
    if (i == 0 || i + 1 == e || !llvm::isDigit(text[i - 1]) ||
        !llvm::isDigit(text[i + 1]))
      return false;
  }
  return true;
}

Token Lexer::lexNumber(const char *start, SourceLoc loc) {
  // `start` is a digit, or a '.' followed by a digit.
  cur = start;
  auto skipDigits = [&] {
    while (cur != end && (llvm::isDigit(*cur) || *cur == '_'))
      ++cur;
  };
  bool isFloat = false;
  skipDigits();
  // `1.5`, `1.` and `.5` are floats; in `1.astype` the period is postfix.
  if (cur != end && *cur == '.' &&
      (cur + 1 == end || !isIdentStart(cur[1]) ||
       (cur[1] == 'e' || cur[1] == 'E'))) {
    ++cur;
    isFloat = true;
    skipDigits();
  }
  if (cur != end && (*cur == 'e' || *cur == 'E')) {
    const char *p = cur + 1;
    if (p != end && (*p == '+' || *p == '-'))
      ++p;
    if (p != end && llvm::isDigit(*p)) {
      cur = p;
      skipDigits();
      isFloat = true;
    }
  }
  // `123abc`, `1e`, `0x10`: one bad literal, not a number and a name.
  if (cur != end && (isIdentChar(*cur) || *cur == '.')) {
    while (cur != end && (isIdentChar(*cur) || *cur == '.'))
      ++cur;
    reportError(loc, "invalid numeric literal '" +
                         llvm::StringRef(start, cur - start).take_front(40) +
                         "'");
    return errorToken(start, loc);
  }
  Token tok = makeToken(isFloat ? TokenKind::floating : TokenKind::integer,
                        start, loc);
  if (!hasValidUnderscores(tok.spelling.take_until(
          [](char c) { return c == '.' || c == 'e' || c == 'E'; })) ||
      !hasValidUnderscores(tok.spelling)) {
    reportError(loc, "invalid '_' in numeric literal; '_' must separate "
                     "digits");
    tok.kind = TokenKind::error;
    return tok;
  }
  std::string digits;
  digits.reserve(tok.spelling.size());
  for (char c : tok.spelling)
    if (c != '_')
      digits.push_back(c);

  if (!isFloat) {
    uint64_t value = 0;
    constexpr uint64_t kMax = std::numeric_limits<int64_t>::max();
    for (char c : digits) {
      unsigned d = c - '0';
      if (value > (kMax - d) / 10) {
        reportError(loc, "integer literal is too large for 64 bits");
        tok.kind = TokenKind::error;
        return tok;
      }
      value = value * 10 + d;
    }
    tok.intValue = static_cast<int64_t>(value);
    return tok;
  }

  errno = 0;
  char *parsedEnd = nullptr;
  double value = std::strtod(digits.c_str(), &parsedEnd);
  if (parsedEnd != digits.c_str() + digits.size() || std::isinf(value)) {
    reportError(loc, "float literal is out of range");
    tok.kind = TokenKind::error;
    return tok;
  }
  tok.floatValue = value;
  return tok;
}

Token Lexer::lexString(const char *start, SourceLoc loc) {
  std::string value;
  bool bad = false;
  while (true) {
    if (cur == end || *cur == '\n') {
      // The newline stays: it still ends the statement.
      reportError(loc, "unterminated string literal");
      return errorToken(start, loc);
    }
    char c = *cur;
    if (c == '"') {
      ++cur;
      break;
    }
    if (c == '\\') {
      SourceLoc escLoc = locOf(cur);
      ++cur;
      if (cur == end || *cur == '\n')
        continue; // reported as unterminated above
      char e = *cur++;
      switch (e) {
      case '"':
        value.push_back('"');
        break;
      case '\\':
        value.push_back('\\');
        break;
      case 'n':
        value.push_back('\n');
        break;
      default:
        if (!bad) {
          if (llvm::isPrint(e))
            reportError(escLoc, llvm::Twine("unknown escape sequence '\\") +
                                    llvm::Twine(e) +
                                    "'; only \\\", \\\\ and \\n are allowed");
          else
            reportError(escLoc, "unknown escape sequence in string literal");
        }
        bad = true;
        break;
      }
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
      if (!bad)
        reportError(locOf(cur), "control character in string literal");
      bad = true;
    }
    value.push_back(c);
    ++cur;
  }
  if (bad)
    return errorToken(start, loc);
  const auto *utf8 = reinterpret_cast<const llvm::UTF8 *>(value.data());
  if (!llvm::isLegalUTF8String(&utf8, utf8 + value.size())) {
    reportError(loc, "string literal is not valid UTF-8");
    return errorToken(start, loc);
  }
  Token tok = makeToken(TokenKind::string, start, loc);
  tok.stringValue = std::move(value);
  return tok;
}

Token Lexer::lexInvalidCharacter(const char *start, SourceLoc loc) {
  unsigned char c = static_cast<unsigned char>(*start);
  if (c >= 0x80) {
    // Show a valid UTF-8 character as itself, anything else as a byte.
    unsigned len = llvm::getNumBytesForUTF8(c);
    const auto *utf8 = reinterpret_cast<const llvm::UTF8 *>(start);
    if (len > 1 && static_cast<size_t>(end - start) >= len &&
        llvm::isLegalUTF8String(&utf8, utf8 + len)) {
      cur = start + len;
      reportError(loc, "unexpected character '" +
                           llvm::StringRef(start, len) + "'");
      return errorToken(start, loc);
    }
    reportError(loc, "invalid UTF-8 byte 0x" + llvm::utohexstr(c, false, 2));
    return errorToken(start, loc);
  }
  if (llvm::isPrint(c))
    reportError(loc, llvm::Twine("unexpected character '") + llvm::Twine(*start) +
                         "'");
  else
    reportError(loc, "unexpected control character 0x" +
                         llvm::utohexstr(c, false, 2));
  return errorToken(start, loc);
}
