//===- ASTPrinter.cpp - Indented dump of the checked AST ------------------===//
//
// One node per line: its kind and details, its type once checked, the value
// of a folded constant, and `@line:col`.
//
//===----------------------------------------------------------------------===//

#include "bridge/Frontend/AST.h"
#include "bridge/Frontend/Frontend.h"
#include "llvm/Support/raw_ostream.h"

using namespace bridge;
using namespace bridge::ast;

static std::string layoutText(Layout layout, const CyclicLayout &cyclic) {
  if (layout == Layout::Block)
    return "block";
  if (layout != Layout::Cyclic)
    return "chunks";
  std::string text = "cyclic(" + std::to_string(cyclic.blockRows) + ", " +
                     std::to_string(cyclic.blockCols) + ")";
  if (cyclic.gridRows)
    text += " grid=[" + std::to_string(cyclic.gridRows) + ", " +
            std::to_string(cyclic.gridCols) + "]";
  return text;
}

namespace {
class ASTPrinter {
public:
  explicit ASTPrinter(llvm::raw_ostream &os) : os(os) {}

  void print(const Program &program) {
    os << "Program '" << program.getFilename() << "'\n";
    for (const StmtPtr &stmt : program.getStmts())
      printStmt(*stmt, 1);
  }

private:
  llvm::raw_ostream &indent(unsigned depth) {
    return os.indent(2 * depth);
  }
  void printLoc(SourceLoc loc) { os << " @" << loc.line << ":" << loc.col << "\n"; }

  void printType(const Expr &e) {
    if (e.type.isValue() || e.type.kind == ValueType::Kind::None) {
      os << " : ";
      e.type.print(os);
    }
    if (e.constant) {
      os << " = ";
      e.constant->print(os);
    }
  }

  void printStmt(const Stmt &stmt, unsigned depth) {
    indent(depth);
    if (auto *let = llvm::dyn_cast<LetStmt>(&stmt)) {
      os << "Let '" << let->getName() << "'";
      printLoc(let->getLoc());
      printExpr(let->getValue(), depth + 1);
      return;
    }
    if (auto *param = llvm::dyn_cast<ParamStmt>(&stmt)) {
      os << "Param '" << param->getName() << "' : "
         << plan::paramTypeName(param->getType());
      printLoc(param->getLoc());
      if (const Expr *value = param->getDefault())
        printExpr(*value, depth + 1);
      return;
    }
    if (auto *ext = llvm::dyn_cast<ExternStmt>(&stmt)) {
      os << (ext->isFortran() ? "Extern fortran '" : "Extern '")
         << ext->getName() << "'";
      if (ext->getResult())
        os << " -> " << getDTypeName(*ext->getResult());
      if (ext->returnsArray())
        os << "[] " << layoutText(ext->getResultLayout(), ext->getResultCyclic())
           << (ext->resultIsColumnMajor() ? " order=F" : "");
      printLoc(ext->getLoc());
      for (const Param &p : ext->getParams()) {
        indent(depth + 1) << "Param '" << p.name << "' : "
                          << getDTypeName(p.dtype);
        if (p.isArray)
          os << "[] " << layoutText(p.layout, p.cyclic)
             << (p.columnMajor ? " order=F" : "");
        printLoc(p.loc);
      }
      return;
    }
    if (auto *call = llvm::dyn_cast<CallStmt>(&stmt)) {
      os << "CallStmt";
      printLoc(call->getLoc());
      printExpr(call->getCall(), depth + 1);
      return;
    }
    if (auto *print = llvm::dyn_cast<PrintStmt>(&stmt)) {
      os << "Print";
      printLoc(print->getLoc());
      printExpr(print->getValue(), depth + 1);
      return;
    }
    auto &save = llvm::cast<SaveStmt>(stmt);
    os << "Save to ";
    if (auto *literal = llvm::dyn_cast<StringExpr>(&save.getPath())) {
      os << "\"";
      os.write_escaped(literal->getValue());
      os << "\"";
    } else if (auto *name = llvm::dyn_cast<NameExpr>(&save.getPath())) {
      os << "'" << name->getName() << "'";
    }
    printLoc(save.getLoc());
    printExpr(save.getValue(), depth + 1);
  }

  void printArgs(llvm::ArrayRef<ExprPtr> args,
                 llvm::ArrayRef<KeywordArg> kwargs, unsigned depth) {
    for (const ExprPtr &arg : args)
      printExpr(*arg, depth);
    for (const KeywordArg &kw : kwargs) {
      indent(depth) << "Keyword '" << kw.name << "'";
      printLoc(kw.loc);
      printExpr(*kw.value, depth + 1);
    }
  }

  void printExpr(const Expr &expr, unsigned depth) {
    indent(depth);
    switch (expr.getKind()) {
    case Expr::Kind::Integer:
      os << "Integer " << llvm::cast<IntegerExpr>(expr).getSpelling();
      break;
    case Expr::Kind::Float:
      os << "Float " << llvm::cast<FloatExpr>(expr).getSpelling();
      break;
    case Expr::Kind::Bool:
      os << "Bool " << (llvm::cast<BoolExpr>(expr).getValue() ? "true" : "false");
      break;
    case Expr::Kind::String:
      os << "String \"";
      os.write_escaped(llvm::cast<StringExpr>(expr).getValue());
      os << "\"";
      break;
    case Expr::Kind::Name:
      os << "Name '" << llvm::cast<NameExpr>(expr).getName() << "'";
      if (expr.type.kind == ValueType::Kind::TypeName)
        os << " (element type)";
      break;
    case Expr::Kind::List:
      os << "List";
      break;
    case Expr::Kind::Unary:
      os << "Unary '"
         << getUnaryOpSpelling(llvm::cast<UnaryExpr>(expr).getOp()) << "'";
      break;
    case Expr::Kind::Binary: {
      auto &bin = llvm::cast<BinaryExpr>(expr);
      os << "Binary '" << getBinaryOpSpelling(bin.getOp()) << "'";
      if (!expr.constant && expr.type.isValue())
        os << " in " << getDTypeName(bin.operandDType);
      break;
    }
    case Expr::Kind::Call: {
      auto &call = llvm::cast<CallExpr>(expr);
      os << (call.getReceiver() ? "Method '" : "Call '") << call.getCallee()
         << "'";
      printCallInfo(call);
      break;
    }
    case Expr::Kind::Index:
      os << "Index";
      break;
    case Expr::Kind::ExternCall:
      os << "ExternCall '" << llvm::cast<ExternCallExpr>(expr).getCallee()
         << "'";
      break;
    }
    printType(expr);
    printLoc(expr.getLoc());
    printChildren(expr, depth + 1);
  }

  void printCallInfo(const CallExpr &call) {
    if (!call.builtin || !call.type.isValue())
      return;
    const BuiltinInfo &info = call.info;
    switch (*call.builtin) {
    case Builtin::Random:
      printArgument("seed", info.seed, "0");
      break;
    case Builtin::Normal:
      printArgument("seed", info.seed, "0");
      printArgument("mean", info.mean, "0");
      printArgument("std", info.stddev, "1");
      break;
    default:
      break;
    }
    if (info.axis)
      os << " axis=" << *info.axis;
    if (!info.boundary.empty())
      os << " boundary=\"" << info.boundary << "\"";
  }

  /// ` name=VALUE`: a constant's value, a parameter's name, or the default.
  void printArgument(llvm::StringRef name, const Expr *value,
                     llvm::StringRef dflt) {
    os << " " << name << "=";
    if (!value)
      os << dflt;
    else if (value->constant)
      value->constant->print(os);
    else if (auto *n = llvm::dyn_cast<NameExpr>(value))
      os << n->getName();
    else
      os << "(expression)";
  }

  void printChildren(const Expr &expr, unsigned depth) {
    switch (expr.getKind()) {
    case Expr::Kind::List:
      for (const ExprPtr &e : llvm::cast<ListExpr>(expr).getElements())
        printExpr(*e, depth);
      return;
    case Expr::Kind::Unary:
      printExpr(llvm::cast<UnaryExpr>(expr).getOperand(), depth);
      return;
    case Expr::Kind::Binary:
      printExpr(llvm::cast<BinaryExpr>(expr).getLHS(), depth);
      printExpr(llvm::cast<BinaryExpr>(expr).getRHS(), depth);
      return;
    case Expr::Kind::Call: {
      auto &call = llvm::cast<CallExpr>(expr);
      if (const Expr *receiver = call.getReceiver())
        printExpr(*receiver, depth);
      printArgs(call.getArgs(), call.getKeywordArgs(), depth);
      return;
    }
    case Expr::Kind::ExternCall: {
      auto &call = llvm::cast<ExternCallExpr>(expr);
      printArgs(call.getArgs(), call.getKeywordArgs(), depth);
      return;
    }
    case Expr::Kind::Index: {
      auto &index = llvm::cast<IndexExpr>(expr);
      printExpr(index.getBase(), depth);
      for (const Subscript &sub : index.getSubscripts()) {
        indent(depth) << (sub.isSlice ? "Slice" : "Subscript");
        if (sub.isSlice && index.type.isValue())
          os << " " << plan::formatSize(sub.start) << ":"
             << plan::formatSize(sub.stop) << ":" << sub.stride;
        printLoc(sub.loc);
        for (const ExprPtr *part : {&sub.index, &sub.lo, &sub.hi, &sub.step})
          if (*part)
            printExpr(**part, depth + 1);
      }
      return;
    }
    default:
      return;
    }
  }

  llvm::raw_ostream &os;
};
} // namespace

void bridge::printAST(const Program &program, llvm::raw_ostream &os) {
  ASTPrinter(os).print(program);
}
