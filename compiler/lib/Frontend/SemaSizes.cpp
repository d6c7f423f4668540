//===- SemaSizes.cpp - Sizes known before any work ------------------------===//
//
// Shapes, chunks, slice bounds, indices and seeds may be expressions of the
// program's parameters. Sema records them in the program's SizeProgram
// (bridge/sizes.h) as they are checked: constants fold, and a check that
// needs a size not known until the program runs becomes a run-time check
// that reports the same message at the same place, before any work.
//
//===----------------------------------------------------------------------===//

#include "bridge/Frontend/Sema.h"
#include "llvm/Support/raw_ostream.h"
#include <cmath>

using namespace bridge;
using namespace bridge::ast;
using mlir::failure;
using mlir::FailureOr;
using mlir::LogicalResult;
using mlir::success;
using plan::SizeOp;

std::string Sema::formatLoc(SourceLoc loc) const {
  return (diags.getFilename() + ":" + llvm::Twine(loc.line) + ":" +
          llvm::Twine(loc.col))
      .str();
}

void Sema::nameSize(int64_t size, std::string name) {
  if (plan::isSymbol(size))
    sizeNames.try_emplace(size, std::move(name));
}

std::string Sema::formatSizeForUser(int64_t size) const {
  if (!plan::isSymbol(size))
    return std::to_string(size);
  auto it = sizeNames.find(size);
  return it != sizeNames.end() ? it->second : plan::formatSize(size);
}

std::string Sema::formatShapeForUser(llvm::ArrayRef<int64_t> shape) const {
  std::string text = "[";
  for (auto [i, n] : llvm::enumerate(shape))
    text += (i ? ", " : "") + formatSizeForUser(n);
  return text + "]";
}

FailureOr<int64_t> Sema::sizeOp(SizeOp op, int64_t a, int64_t b,
                                SourceLoc loc, int64_t c) {
  std::optional<int64_t> result = sizes->apply(op, a, b, c, formatLoc(loc));
  if (!result) {
    emitError(loc) << (op == SizeOp::FloorDiv || op == SizeOp::Mod
                           ? "a size divides by zero"
                           : "a size overflows");
    return failure();
  }
  return *result;
}

/// `message` with `{N}` replaced by `show(values[N])`.
static std::string fillIn(llvm::StringRef message,
                          llvm::ArrayRef<int64_t> values,
                          llvm::function_ref<std::string(int64_t)> show) {
  std::string out;
  for (size_t i = 0; i < message.size(); ++i) {
    size_t close = message.find('}', i);
    unsigned index;
    if (message[i] == '{' && close != llvm::StringRef::npos &&
        !message.substr(i + 1, close - i - 1).getAsInteger(10, index) &&
        index < values.size()) {
      out += show(values[index]);
      i = close;
      continue;
    }
    out += message[i];
  }
  return out;
}

std::string bridge::placeholderShape(unsigned first, unsigned count) {
  std::string text = "[";
  for (unsigned i = 0; i < count; ++i)
    text += (i ? ", {" : "{") + std::to_string(first + i) + "}";
  return text + "]";
}

LogicalResult Sema::require(int64_t condition, SourceLoc loc,
                            llvm::StringRef message,
                            llvm::ArrayRef<int64_t> values) {
  if (!plan::isSymbol(condition)) {
    if (condition)
      return success();
    emitError(loc) << fillIn(message, values, [&](int64_t v) {
      return formatSizeForUser(v);
    });
    return failure();
  }
  // At run time every size has a value: `{sK}` makes the evaluator print it.
  sizes->check(condition, formatLoc(loc),
               fillIn(message, values, [](int64_t v) {
                 return plan::isSymbol(v) ? "{" + plan::formatSize(v) + "}"
                                          : std::to_string(v);
               }));
  return success();
}

FailureOr<int64_t> Sema::sizeProduct(llvm::ArrayRef<int64_t> sizes,
                                     SourceLoc loc) {
  int64_t total = 1;
  for (int64_t size : sizes) {
    FailureOr<int64_t> next = sizeOp(SizeOp::Mul, total, size, loc);
    if (failed(next))
      return failure();
    total = *next;
  }
  return total;
}

FailureOr<int64_t> Sema::getSize(Expr &expr, llvm::StringRef what) {
  if (!checkValue(expr))
    return failure();
  if (expr.size)
    return *expr.size;
  if (expr.constant && expr.type.isScalar()) {
    // `1e8` where an integer is required is fine when it is integral; a
    // constant too large for a size gets the constant's own messages.
    FailureOr<int64_t> value = getIntConstant(expr, what);
    if (failed(value))
      return failure();
    if (*value <= -plan::kMaxConstant || *value >= plan::kMaxConstant) {
      emitError(expr.getLoc()) << what << " " << *value << " is too large";
      return failure();
    }
    return *value;
  }
  emitError(expr.getLoc())
      << what << " must be an integer constant or an i64 parameter";
  return failure();
}

bool Sema::checkStaticScalar(Expr &expr, llvm::StringRef what) {
  if (!checkValue(expr))
    return false;
  // Constants and parameters are the weak scalars; anything else is known
  // only once the pipeline computes it.
  if (expr.type.isScalar() && expr.type.weak)
    return true;
  emitError(expr.getLoc())
      << what << " must be a constant or an expression of parameters";
  return false;
}

/// "FILE:/DATASET" names an HDF5 dataset, split at the last ":/" as
/// bridge_rt_save_target does.
static bool splitHdf5(llvm::StringRef path, FilePath &file) {
  size_t colon = path.rfind(":/");
  if (colon == llvm::StringRef::npos)
    return false;
  file.literal = path.take_front(colon).str();
  file.dataset = path.drop_front(colon + 1).str();
  file.isHdf5 = true;
  return true;
}

FailureOr<FilePath> Sema::getFilePath(Expr &expr, llvm::StringRef what) {
  FilePath file;
  if (auto *literal = llvm::dyn_cast<StringExpr>(&expr)) {
    expr.type = ValueType::other(ValueType::Kind::String);
    if (literal->getValue().empty()) {
      emitError(expr.getLoc()) << "the file name is empty";
      return failure();
    }
    if (!splitHdf5(literal->getValue(), file))
      file.literal = literal->getValue().str();
    return file;
  }
  if (auto *name = llvm::dyn_cast<NameExpr>(&expr)) {
    const ValueType &t = checkExpr(expr);
    if (t.isError())
      return failure();
    if (name->param && t.kind == ValueType::Kind::String) {
      file.param = name->param;
      return file;
    }
  }
  emitError(expr.getLoc())
      << what << " expects a file name string or a str parameter";
  return failure();
}

ValueType Sema::foldSize(BinaryExpr &binary, ValueType result) {
  const Expr &lhs = binary.getLHS(), &rhs = binary.getRHS();
  if (!lhs.size || !rhs.size || !result.isScalar() ||
      !isInteger(result.dtype))
    return result;
  std::optional<SizeOp> op;
  switch (binary.getOp()) {
  case BinaryOpKind::Add:
    op = SizeOp::Add;
    break;
  case BinaryOpKind::Sub:
    op = SizeOp::Sub;
    break;
  case BinaryOpKind::Mul:
    op = SizeOp::Mul;
    break;
  case BinaryOpKind::FloorDiv:
    op = SizeOp::FloorDiv;
    break;
  case BinaryOpKind::Mod:
    op = SizeOp::Mod;
    break;
  default:
    return result;
  }
  // Constants too large for a size are simply not sizes.
  if (binary.constant) {
    if (binary.constant->isInt() &&
        binary.constant->intValue > -plan::kMaxConstant &&
        binary.constant->intValue < plan::kMaxConstant)
      binary.size = binary.constant->intValue;
    return result;
  }
  FailureOr<int64_t> size = sizeOp(*op, *lhs.size, *rhs.size, binary.getLoc());
  if (failed(size))
    return ValueType::error();
  binary.size = *size;
  nameSize(*size, formatSizeForUser(*lhs.size) +
                      getBinaryOpSpelling(binary.getOp()).str() +
                      formatSizeForUser(*rhs.size));
  return result;
}
