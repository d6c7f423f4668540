//===- Sema.cpp - Names, statements and operators -------------------------===//

#include "bridge/Frontend/Sema.h"
#include "llvm/Support/raw_ostream.h"
#include <cmath>
#include <cstdio>

using namespace bridge;
using namespace bridge::ast;
using mlir::failure;
using mlir::FailureOr;
using mlir::LogicalResult;
using mlir::success;

std::string Sema::describe(const ValueType &t) const {
  switch (t.kind) {
  case ValueType::Kind::Array:
    return (llvm::Twine(isBool(t.dtype) ? "a " : "an ") +
            getDTypeName(t.dtype) + " array of shape " +
            formatShapeForUser(t.shape))
        .str();
  case ValueType::Kind::Scalar:
    if (t.weak)
      return isFloat(t.dtype)     ? "a float literal"
             : isInteger(t.dtype) ? "an integer literal"
                                  : "a bool literal";
    return ("a scalar " + getDTypeName(t.dtype)).str();
  case ValueType::Kind::String:
    return "a string";
  case ValueType::Kind::List:
    return "a list";
  case ValueType::Kind::TypeName:
    return "a type name";
  default:
    return "nothing";
  }
}

LogicalResult Sema::check(Program &checked) {
  program = &checked;
  sizes = &checked.sizes;
  for (const StmtPtr &stmt : checked.getStmts()) {
    if (diags.atErrorLimit())
      break;
    checkStmt(*stmt);
  }
  return mlir::failure(diags.hadError());
}

void Sema::checkStmt(Stmt &stmt) {
  if (auto *let = llvm::dyn_cast<LetStmt>(&stmt))
    return checkLet(*let);
  if (auto *param = llvm::dyn_cast<ParamStmt>(&stmt))
    return checkParam(*param);
  if (auto *ext = llvm::dyn_cast<ExternStmt>(&stmt))
    return checkExtern(*ext);
  if (auto *call = llvm::dyn_cast<CallStmt>(&stmt)) {
    (void)checkExternCall(call->getCall(), /*needsResult=*/false);
    return;
  }
  if (auto *print = llvm::dyn_cast<PrintStmt>(&stmt))
    return checkPrint(*print);
  if (auto *save = llvm::dyn_cast<SaveStmt>(&stmt))
    return checkSave(*save);
}

void Sema::checkLet(LetStmt &let) {
  Expr &value = let.getValue();
  if (auto *call = llvm::dyn_cast<ExternCallExpr>(&value))
    (void)checkExternCall(*call, /*needsResult=*/true);
  else
    (void)checkValue(value);

  if (declareName(let.getName(), let.getNameLoc()))
    bindings[let.getName()] = &let;
}

bool Sema::declareName(llvm::StringRef name, SourceLoc loc) {
  if (parseDTypeName(name)) {
    emitError(loc) << "'" << name
                   << "' names an element type and cannot be bound";
    return false;
  }
  SourceLoc previous;
  if (auto it = bindings.find(name); it != bindings.end())
    previous = it->second->getNameLoc();
  else if (auto it = params.find(name); it != params.end())
    previous = it->second->getNameLoc();
  else
    return true;
  auto diag = emitError(loc);
  diag << "'" << name << "' is already bound; names are immutable";
  diag.attachNote(diags.getLoc(previous)) << "previous binding is here";
  return false;
}

/// The text `--set` would give for a default value, if `value` is a constant
/// of the parameter's type.
static std::optional<std::string> formatDefault(const Expr &value,
                                                plan::ParamType type) {
  if (type == plan::ParamType::Str) {
    if (auto *s = llvm::dyn_cast<StringExpr>(&value))
      return s->getValue().str();
    return std::nullopt;
  }
  if (!value.constant)
    return std::nullopt;
  const Constant &c = *value.constant;
  switch (type) {
  case plan::ParamType::I64:
    if (c.isInt())
      return std::to_string(c.intValue);
    if (c.isFloat() && std::trunc(c.floatValue) == c.floatValue &&
        std::fabs(c.floatValue) < 9.2e18)
      return std::to_string(static_cast<int64_t>(c.floatValue));
    return std::nullopt;
  case plan::ParamType::F64: {
    if (c.isBool())
      return std::nullopt;
    // Seventeen significant digits read back as the same double.
    char text[32];
    snprintf(text, sizeof(text), "%.17g", c.asDouble());
    return std::string(text);
  }
  case plan::ParamType::Bool:
    if (c.isBool())
      return std::string(c.boolValue ? "true" : "false");
    return std::nullopt;
  case plan::ParamType::Str:
    break;
  }
  return std::nullopt;
}

void Sema::checkParam(ParamStmt &param) {
  plan::ParamType type = param.getType();
  std::optional<std::string> defaultText;
  if (Expr *value = param.getDefault()) {
    if (type != plan::ParamType::Str)
      (void)checkValue(*value);
    else
      (void)checkExpr(*value);
    if (value->type.isError())
      return;
    defaultText = formatDefault(*value, type);
    if (!defaultText) {
      emitError(value->getLoc())
          << "the default of parameter '" << param.getName() << "' ("
          << plan::paramTypeName(type) << ") must be "
          << (type == plan::ParamType::Str    ? "a string literal"
              : type == plan::ParamType::Bool ? "true or false"
              : type == plan::ParamType::I64  ? "an integer constant"
                                              : "a number constant");
      return;
    }
  }
  if (!declareName(param.getName(), param.getNameLoc()))
    return;
  params[param.getName()] = &param;
  param.index = sizes->addParam({param.getName().str(), type, defaultText,
                                 formatLoc(param.getNameLoc())});
}

void Sema::checkExtern(ExternStmt &ext) {
  llvm::StringRef name = ext.getName();
  // The generated program defines main and links the runtime's symbols.
  if (name == "main" || name.starts_with("bridge_") || name.starts_with("MPI_") ||
      name.starts_with("mpi_")) {
    emitError(ext.getNameLoc())
        << "'" << name << "' is reserved and cannot name an extern function";
  }
  auto [it, inserted] = externs.try_emplace(name, &ext);
  if (!inserted) {
    auto diag = emitError(ext.getNameLoc());
    diag << "extern function '" << name << "' is already declared";
    diag.attachNote(diags.getLoc(it->second->getNameLoc()))
        << "previous declaration is here";
  }
  llvm::StringMap<SourceLoc> seen;
  for (const Param &param : ext.getParams()) {
    if (!seen.try_emplace(param.name, param.loc).second)
      emitError(param.loc) << "duplicate parameter '" << param.name << "'";
    if (param.layout == Layout::Cyclic && param.columnMajor)
      emitError(param.loc) << "parameter '" << param.name
                           << "' is block-cyclic, which is column-major "
                              "already; drop 'order=F'";
  }
  if (ext.returnsArray()) {
    checkResultGrid(ext);
  } else if (std::optional<DType> result = ext.getResult()) {
    if (*result != DType::F64 && *result != DType::I64 && *result != DType::I32)
      emitError(ext.getResultLoc())
          << "return type must be f64, i64 or i32, got "
          << getDTypeName(*result);
  }
}

void Sema::checkResultGrid(ExternStmt &ext) {
  Expr *shape = ext.getResultShapeExpr(), *chunks = ext.getResultChunksExpr();
  if (!shape && !chunks) {
    if (!ext.getFirstArrayParam())
      emitError(ext.getResultLoc())
          << "'" << ext.getName()
          << "' returns an array but has no array parameter to take its "
             "shape and chunks from; declare them with shape= and chunks=";
    return;
  }
  // Both or neither: a result of its own shape has no chunks to inherit.
  if (!shape || !chunks) {
    emitError((shape ? shape : chunks)->getLoc())
        << (shape ? "shape= of an array result needs chunks= too"
                  : "chunks= of an array result needs shape= too");
    return;
  }
  FailureOr<llvm::SmallVector<int64_t, 4>> dims = getDims(*shape, "shape");
  if (failed(dims))
    return;
  FailureOr<llvm::SmallVector<int64_t, 4>> grid = getChunks(*chunks, *dims);
  if (failed(grid))
    return;
  ext.resultShape = *dims;
  ext.resultChunks = *grid;
}

void Sema::checkPrint(PrintStmt &print) {
  Expr &value = print.getValue();
  if (!checkValue(value))
    return;
  if (!value.type.isScalar())
    emitError(value.getLoc())
        << "'print' expects a scalar, got " << describe(value.type)
        << "; reduce it first, e.g. with sum";
}

void Sema::checkSave(SaveStmt &save) {
  Expr &value = save.getValue();
  if (checkValue(value) && !value.type.isArray())
    emitError(value.getLoc())
        << "'save' expects an array, got " << describe(value.type);
  FailureOr<FilePath> target = getFilePath(save.getPath(), "'save'");
  if (succeeded(target))
    save.target = *target;
}

const ValueType &Sema::checkExternCall(ExternCallExpr &call, bool needsResult) {
  call.type = ValueType::error();
  for (const ExprPtr &arg : call.getArgs())
    (void)checkValue(*arg);
  if (!call.getKeywordArgs().empty()) {
    emitError(call.getKeywordArgs().front().loc)
        << "'call' takes positional arguments only";
    return call.type;
  }
  auto it = externs.find(call.getCallee());
  if (it == externs.end()) {
    auto diag = emitError(call.getCalleeLoc())
                << "call of undeclared function '" << call.getCallee() << "'";
    if (lookupBuiltin(call.getCallee()))
      diag << "; '" << call.getCallee()
           << "' is a built-in, use it in an expression";
    else
      diag << "; declare it with 'extern fn'";
    return call.type;
  }
  const ExternStmt &decl = *it->second;
  call.decl = &decl;
  llvm::ArrayRef<Param> params = decl.getParams();
  if (params.size() != call.getArgs().size()) {
    emitError(call.getCalleeLoc())
        << "'" << decl.getName() << "' expects " << params.size()
        << " argument" << (params.size() == 1 ? "" : "s") << ", got "
        << call.getArgs().size();
    return call.type;
  }
  bool ok = true;
  for (auto [param, arg] : llvm::zip(params, call.getArgs())) {
    const ValueType &t = arg->type;
    if (!t.isValue()) {
      ok = false;
      continue;
    }
    if (param.isArray) {
      if (t.isArray() && t.dtype == param.dtype &&
          (param.layout != Layout::Cyclic || t.shape.size() == 2))
        continue;
      if (t.isArray() && t.dtype == param.dtype) {
        emitError(arg->getLoc())
            << "argument '" << param.name << "' of '" << decl.getName()
            << "' is block-cyclic, which needs a 2-D array, got "
            << describe(t);
        ok = false;
        continue;
      }
      emitError(arg->getLoc())
          << "argument '" << param.name << "' of '" << decl.getName()
          << "' must be " << (isBool(param.dtype) ? "a " : "an ")
          << getDTypeName(param.dtype) << " array, got " << describe(t);
      ok = false;
      continue;
    }
    if (!t.isScalar()) {
      emitError(arg->getLoc())
          << "argument '" << param.name << "' of '" << decl.getName()
          << "' must be a scalar " << getDTypeName(param.dtype) << ", got "
          << describe(t);
      ok = false;
      continue;
    }
    if (!canCastSameKind(t.dtype, t.weak, param.dtype)) {
      emitError(arg->getLoc())
          << "argument '" << param.name << "' of '" << decl.getName()
          << "' must be a scalar " << getDTypeName(param.dtype) << "; "
          << describe(t) << " does not convert to it";
      ok = false;
      continue;
    }
    if (failed(checkLiteralFits(*arg, param.dtype)))
      ok = false;
  }
  if (!ok)
    return call.type;
  if (!decl.getResult()) {
    if (needsResult) {
      emitError(call.getCalleeLoc())
          << "'" << decl.getName()
          << "' does not return a value; declare it with '-> f64', '-> i64' "
             "or '-> i32'";
      return call.type;
    }
    call.type = ValueType::other(ValueType::Kind::None);
    return call.type;
  }
  if (!decl.returnsArray()) {
    call.type = ValueType::scalar(*decl.getResult());
    return call.type;
  }
  if (!decl.resultShape.empty()) {
    call.type = ValueType::array(*decl.getResult(), decl.resultShape,
                                 decl.resultChunks);
    return checkCyclicResult(call, decl);
  }
  // The result has the shape and chunks of the first array argument; a
  // declaration without one (or with a bad shape=) has been reported.
  const Param *firstArray = decl.getFirstArrayParam();
  if (!firstArray) {
    call.type = ValueType::error();
    return call.type;
  }
  size_t first = firstArray - params.data();
  const ValueType &like = call.getArgs()[first]->type;
  call.type = ValueType::array(*decl.getResult(), like.shape, like.chunks);
  return checkCyclicResult(call, decl);
}

/// A block-cyclic result must be a matrix.
const ValueType &Sema::checkCyclicResult(ExternCallExpr &call,
                                         const ExternStmt &decl) {
  if (decl.getResultLayout() == Layout::Cyclic && call.type.shape.size() != 2) {
    emitError(call.getCalleeLoc())
        << "the block-cyclic result of '" << decl.getName()
        << "' needs a 2-D array, got " << describe(call.type);
    call.type = ValueType::error();
  }
  return call.type;
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

const ValueType &Sema::checkExpr(Expr &expr) {
  switch (expr.getKind()) {
  case Expr::Kind::Integer: {
    int64_t value = llvm::cast<IntegerExpr>(expr).getValue();
    expr.type = ValueType::scalar(DType::I64, /*weak=*/true);
    expr.constant = Constant::ofInt(value);
    if (value > -plan::kMaxConstant && value < plan::kMaxConstant)
      expr.size = value;
    break;
  }
  case Expr::Kind::Float:
    expr.type = ValueType::scalar(DType::F64, /*weak=*/true);
    expr.constant = Constant::ofFloat(llvm::cast<FloatExpr>(expr).getValue());
    break;
  case Expr::Kind::Bool:
    expr.type = ValueType::scalar(DType::Bool, /*weak=*/true);
    expr.constant = Constant::ofBool(llvm::cast<BoolExpr>(expr).getValue());
    break;
  case Expr::Kind::String:
    expr.type = ValueType::other(ValueType::Kind::String);
    break;
  case Expr::Kind::List:
    // Lists are read by the built-ins that take them; elements are checked
    // there, with the right expectation.
    expr.type = ValueType::other(ValueType::Kind::List);
    break;
  case Expr::Kind::Name:
    expr.type = checkName(llvm::cast<NameExpr>(expr));
    break;
  case Expr::Kind::Unary:
    expr.type = checkUnary(llvm::cast<UnaryExpr>(expr));
    break;
  case Expr::Kind::Binary:
    expr.type = checkBinary(llvm::cast<BinaryExpr>(expr));
    break;
  case Expr::Kind::Call:
    expr.type = checkCall(llvm::cast<CallExpr>(expr));
    break;
  case Expr::Kind::Index:
    expr.type = checkIndex(llvm::cast<IndexExpr>(expr));
    break;
  case Expr::Kind::ExternCall:
    emitError(expr.getLoc())
        << "'call' must start a statement or follow 'let NAME ='";
    expr.type = ValueType::error();
    break;
  }
  if (!expr.type.isScalar() || !expr.type.weak)
    expr.constant.reset();
  if (!expr.type.isScalar() || !isInteger(expr.type.dtype))
    expr.size.reset();
  return expr.type;
}

bool Sema::checkValue(Expr &expr) {
  const ValueType &t = checkExpr(expr);
  if (t.isValue())
    return true;
  if (t.isError())
    return false;
  auto diag = emitError(expr.getLoc());
  if (t.kind == ValueType::Kind::TypeName)
    diag << "'" << llvm::cast<NameExpr>(expr).getName()
         << "' is an element type, not a value";
  else if (t.kind == ValueType::Kind::List)
    diag << "a list is not a value here; lists are arguments of built-ins "
            "such as shapes and chunks";
  else if (t.kind == ValueType::Kind::String)
    diag << "a string is not a value here";
  else
    diag << "expected a value";
  expr.type = ValueType::error();
  return false;
}

std::optional<std::string> Sema::checkPadMode(Expr &mode,
                                              llvm::StringRef keyword) {
  static constexpr llvm::StringLiteral kModes[] = {"edge", "symmetric",
                                                   "reflect", "wrap",
                                                   "constant"};
  auto *name = llvm::dyn_cast<StringExpr>(&mode);
  if (!name || !llvm::is_contained(kModes, name->getValue())) {
    emitError(mode.getLoc())
        << keyword
        << " must be one of \"edge\", \"symmetric\", \"reflect\", "
           "\"wrap\" or \"constant\"";
    return std::nullopt;
  }
  name->type = ValueType::other(ValueType::Kind::String);
  return name->getValue().str();
}

bool Sema::checkArray(Expr &expr, llvm::StringRef builtin) {
  if (!checkValue(expr))
    return false;
  if (expr.type.isArray())
    return true;
  emitError(expr.getLoc()) << "'" << builtin
                           << "' expects an array, got a scalar";
  return false;
}

/// A parameter is a scalar that the command line sets: weak, like a Python
/// scalar, and an i64 one is a size of the program.
ValueType Sema::checkName(NameExpr &name) {
  auto it = bindings.find(name.getName());
  if (it != bindings.end()) {
    name.binding = it->second;
    const Expr &value = it->second->getValue();
    name.constant = value.constant;
    name.size = value.size;
    return value.type;
  }
  if (auto p = params.find(name.getName()); p != params.end()) {
    const ParamStmt &param = *p->second;
    name.param = &param;
    switch (param.getType()) {
    case plan::ParamType::I64:
      name.size = sizes->param(param.index);
      nameSize(*name.size, param.getName().str());
      return ValueType::scalar(DType::I64, /*weak=*/true);
    case plan::ParamType::F64:
      return ValueType::scalar(DType::F64, /*weak=*/true);
    case plan::ParamType::Bool:
      return ValueType::scalar(DType::Bool, /*weak=*/true);
    case plan::ParamType::Str:
      return ValueType::other(ValueType::Kind::String);
    }
  }
  if (parseDTypeName(name.getName()))
    return ValueType::other(ValueType::Kind::TypeName);
  auto diag = emitError(name.getLoc());
  if (externs.count(name.getName()))
    diag << "'" << name.getName() << "' is an extern function; call it with '"
         << "call " << name.getName() << "(...)'";
  else if (lookupBuiltin(name.getName()))
    diag << "'" << name.getName() << "' is a built-in function; call it as '"
         << name.getName() << "(...)'";
  else
    diag << "undefined name '" << name.getName() << "'";
  return ValueType::error();
}

ValueType Sema::checkUnary(UnaryExpr &unary) {
  Expr &operand = unary.getOperand();
  if (!checkValue(operand))
    return ValueType::error();
  ValueType result = operand.type;
  if (unary.getOp() == UnaryOpKind::Neg && isBool(result.dtype)) {
    emitError(unary.getLoc())
        << "unary '-' is not defined for bool; use 'not'";
    return ValueType::error();
  }
  if (unary.getOp() == UnaryOpKind::Not && !isBool(result.dtype)) {
    emitError(unary.getLoc())
        << "'not' expects a bool operand, got " << describe(result);
    return ValueType::error();
  }
  if (operand.constant) {
    mlir::FailureOr<Constant> folded =
        foldUnary(unary.getOp(), *operand.constant, unary.getLoc(), diags);
    if (failed(folded))
      return ValueType::error();
    unary.constant = *folded;
  }
  if (operand.size && unary.getOp() == UnaryOpKind::Neg) {
    FailureOr<int64_t> negated =
        sizeOp(plan::SizeOp::Sub, 0, *operand.size, unary.getLoc());
    if (failed(negated))
      return ValueType::error();
    unary.size = *negated;
    nameSize(*negated, "-" + formatSizeForUser(*operand.size));
  }
  return result;
}

/// A weak integer literal, possibly negated, and its value.
static std::optional<int64_t> getLiteralInt(const Expr &expr) {
  if (!expr.type.isScalar() || !expr.type.weak || !expr.constant ||
      !expr.constant->isInt())
    return std::nullopt;
  return expr.constant->intValue;
}

LogicalResult Sema::checkLiteralFits(const Expr &expr, DType to) {
  std::optional<int64_t> v = getLiteralInt(expr);
  if (!v || to != DType::I32)
    return success();
  if (*v >= std::numeric_limits<int32_t>::min() &&
      *v <= std::numeric_limits<int32_t>::max())
    return success();
  // NumPy 2 raises OverflowError for a Python int that does not fit.
  emitError(expr.getLoc()) << "integer literal " << *v << " does not fit in i32";
  return failure();
}

/// The extent of `shape` at axis `fromLast` counted from its last axis, or
/// nullopt past its first axis.
static std::optional<int64_t> alignedExtent(llvm::ArrayRef<int64_t> shape,
                                            unsigned fromLast) {
  if (fromLast >= shape.size())
    return std::nullopt;
  return shape[shape.size() - 1 - fromLast];
}

FailureOr<llvm::SmallVector<int64_t, 4>>
Sema::broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b,
                      SourceLoc loc) {
  unsigned rank = std::max(a.size(), b.size());
  llvm::SmallVector<int64_t, 4> result(rank);
  // Extents of which one is known only at run time must then be equal.
  int64_t equal = 1;
  bool fits = true;
  for (unsigned k = 0; k < rank; ++k) {
    std::optional<int64_t> x = alignedExtent(a, k), y = alignedExtent(b, k);
    int64_t &out = result[rank - 1 - k];
    if (!x || !y || *x == *y || *y == 1) {
      out = x ? *x : *y;
      continue;
    }
    if (*x == 1) {
      out = *y;
      continue;
    }
    // Other extents must be equal (sizes known only at run time: then); the
    // result keeps the first operand's.
    out = *x;
    if (!plan::isSymbol(*x) && !plan::isSymbol(*y)) {
      fits = false;
      continue;
    }
    FailureOr<int64_t> same = sizeOp(plan::SizeOp::Eq, *x, *y, loc);
    if (failed(same))
      return failure();
    FailureOr<int64_t> both = sizeOp(plan::SizeOp::And, equal, *same, loc);
    if (failed(both))
      return failure();
    equal = *both;
  }
  if (!fits || !equal) {
    emitError(loc) << "shapes " << formatShapeForUser(a) << " and "
                   << formatShapeForUser(b) << " cannot broadcast";
    return failure();
  }
  if (plan::isSymbol(equal)) {
    llvm::SmallVector<int64_t, 8> values(a.begin(), a.end());
    values.append(b.begin(), b.end());
    if (failed(require(equal, loc,
                       "shapes " + placeholderShape(0, a.size()) + " and " +
                           placeholderShape(a.size(), b.size()) +
                           " cannot broadcast",
                       values)))
      return failure();
  }
  return result;
}

ValueType Sema::combineElementwise(llvm::ArrayRef<const Expr *> operands,
                                   DType resultDType, SourceLoc loc) {
  llvm::SmallVector<const ValueType *, 3> arrays;
  for (const Expr *e : operands)
    if (e->type.isArray())
      arrays.push_back(&e->type);
  if (arrays.empty())
    return ValueType::scalar(resultDType);
  llvm::SmallVector<int64_t, 4> shape(arrays.front()->shape);
  for (const ValueType *t : llvm::drop_begin(arrays)) {
    FailureOr<llvm::SmallVector<int64_t, 4>> joined =
        broadcastShapes(shape, t->shape, loc);
    if (failed(joined))
      return ValueType::error();
    shape = *joined;
  }
  // The chunks of the first operand with the broadcast shape; without one,
  // per axis those of the first operand that is not stretched there.
  for (const ValueType *t : arrays)
    if (llvm::ArrayRef<int64_t>(t->shape) == llvm::ArrayRef<int64_t>(shape))
      return ValueType::array(resultDType, shape, t->chunks);
  llvm::SmallVector<int64_t, 4> chunks(shape.size(), 1);
  for (unsigned k = 0; k < shape.size(); ++k) {
    for (const ValueType *t : arrays) {
      std::optional<int64_t> extent = alignedExtent(t->shape, k);
      if (extent && *extent == shape[shape.size() - 1 - k]) {
        chunks[shape.size() - 1 - k] = *alignedExtent(t->chunks, k);
        break;
      }
    }
  }
  return ValueType::array(resultDType, shape, chunks);
}

ValueType Sema::checkBinary(BinaryExpr &binary) {
  Expr &lhs = binary.getLHS();
  Expr &rhs = binary.getRHS();
  bool lhsOk = checkValue(lhs);
  bool rhsOk = checkValue(rhs);
  if (!lhsOk || !rhsOk)
    return ValueType::error();
  const ValueType &lt = lhs.type;
  const ValueType &rt = rhs.type;
  BinaryOpKind op = binary.getOp();
  llvm::StringRef spelling = getBinaryOpSpelling(op);

  DType resultDType;
  bool weak = lt.weak && rt.weak && lt.isScalar() && rt.isScalar();
  if (op == BinaryOpKind::And || op == BinaryOpKind::Or) {
    if (!isBool(lt.dtype) || !isBool(rt.dtype)) {
      emitError(binary.getLoc())
          << "'" << spelling << "' expects bool operands, got "
          << describe(lt) << " and " << describe(rt);
      return ValueType::error();
    }
    binary.operandDType = DType::Bool;
    resultDType = DType::Bool;
  } else {
    if (!isComparison(op) && isBool(lt.dtype) && isBool(rt.dtype)) {
      emitError(binary.getLoc())
          << "operator '" << spelling
          << "' is not defined for two bool operands; convert one with "
             "astype";
      return ValueType::error();
    }
    auto [common, commonWeak] =
        promoteTypes(lt.dtype, lt.weak && lt.isScalar(), rt.dtype,
                     rt.weak && rt.isScalar());
    if (failed(checkLiteralFits(lhs, common)) ||
        failed(checkLiteralFits(rhs, common)))
      return ValueType::error();
    binary.operandDType = common;
    resultDType = common;
    if (isComparison(op)) {
      resultDType = DType::Bool;
    } else if (op == BinaryOpKind::Div && !isFloat(common)) {
      // True division: ints are divided as f64.
      binary.operandDType = DType::F64;
      resultDType = DType::F64;
    } else if (op == BinaryOpKind::Pow && isInteger(common) && !commonWeak) {
      std::optional<int64_t> exponent = getLiteralInt(rhs);
      if (exponent && *exponent < 0) {
        emitError(rhs.getLoc())
            << "integers to negative integer powers are not allowed";
        return ValueType::error();
      }
    }
  }

  ValueType result = combineElementwise({&lhs, &rhs}, resultDType,
                                        binary.getLoc());
  if (result.isError())
    return result;
  // Arithmetic on weak scalars stays weak, as on Python scalars; on
  // constants it folds.
  if (!weak)
    return result;
  result.weak = true;
  if (!lhs.constant || !rhs.constant)
    return foldSize(binary, result);
  mlir::FailureOr<Constant> folded = foldBinary(
      op, *lhs.constant, *rhs.constant, binary.getLoc(), diags);
  if (failed(folded))
    return ValueType::error();
  // Python: 2 ** -1 is a float.
  if (folded->isFloat())
    result.dtype = DType::F64;
  binary.constant = *folded;
  return foldSize(binary, result);
}
