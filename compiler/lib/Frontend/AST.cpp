//===- AST.cpp - Abstract syntax tree of a .bdsl program ------------------===//

#include "bridge/Frontend/AST.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace bridge;
using namespace bridge::ast;

// Anchors for the vtables.
Expr::~Expr() = default;
Stmt::~Stmt() = default;

void Constant::print(llvm::raw_ostream &os) const {
  switch (kind) {
  case Kind::Int:
    os << intValue;
    return;
  case Kind::Float:
    os << llvm::format("%.17g", floatValue);
    return;
  case Kind::Bool:
    os << (boolValue ? "true" : "false");
    return;
  }
}

llvm::StringRef ast::getUnaryOpSpelling(UnaryOpKind op) {
  return op == UnaryOpKind::Neg ? "-" : "not";
}

llvm::StringRef ast::getBinaryOpSpelling(BinaryOpKind op) {
  switch (op) {
  case BinaryOpKind::Add:
    return "+";
  case BinaryOpKind::Sub:
    return "-";
  case BinaryOpKind::Mul:
    return "*";
  case BinaryOpKind::Div:
    return "/";
  case BinaryOpKind::FloorDiv:
    return "//";
  case BinaryOpKind::Mod:
    return "%";
  case BinaryOpKind::Pow:
    return "**";
  case BinaryOpKind::Eq:
    return "==";
  case BinaryOpKind::Ne:
    return "!=";
  case BinaryOpKind::Lt:
    return "<";
  case BinaryOpKind::Le:
    return "<=";
  case BinaryOpKind::Gt:
    return ">";
  case BinaryOpKind::Ge:
    return ">=";
  case BinaryOpKind::And:
    return "and";
  case BinaryOpKind::Or:
    return "or";
  }
  return "?";
}

bool ast::isComparison(BinaryOpKind op) {
  switch (op) {
  case BinaryOpKind::Eq:
  case BinaryOpKind::Ne:
  case BinaryOpKind::Lt:
  case BinaryOpKind::Le:
  case BinaryOpKind::Gt:
  case BinaryOpKind::Ge:
    return true;
  default:
    return false;
  }
}

static constexpr BuiltinTraits kBuiltinTraits[] = {
#define BRIDGE_BUILTIN(ID, NAME, CATEGORY, TYPING, MIN_POS, MAX_POS, FORM)     \
  {NAME, BuiltinCategory::CATEGORY, BuiltinTyping::TYPING, MIN_POS, MAX_POS,   \
   BuiltinForm::FORM},
#include "bridge/Frontend/Builtins.def"
};

const BuiltinTraits &ast::getBuiltinTraits(Builtin b) {
  return kBuiltinTraits[static_cast<size_t>(b)];
}

llvm::StringRef ast::getBuiltinName(Builtin b) {
  return getBuiltinTraits(b).name;
}

std::optional<Builtin> ast::lookupBuiltin(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<Builtin>>(name)
#define BRIDGE_BUILTIN(ID, NAME, CATEGORY, TYPING, MIN_POS, MAX_POS, FORM)     \
  .Case(NAME, Builtin::ID)
#include "bridge/Frontend/Builtins.def"
      .Default(std::nullopt);
}
