//===- SemaBuiltins.cpp - Built-in calls and subscripts -------------------===//
//
// Checks every built-in of spec section 4: arity and keywords first, then the
// argument kinds, the static arguments (shapes, chunks, axes, seeds) and the
// result type by NumPy's rules.
//
//===----------------------------------------------------------------------===//

#include "SemaCompaction.h"
#include "SemaLinalg.h"
#include "SemaShape.h"
#include "bridge/Frontend/FileHeader.h"
#include "bridge/Frontend/Sema.h"
#include "bridge/layout/Grid.h"
#include "bridge/versions.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"
#include <cmath>
#include <limits>

using namespace bridge;
using namespace bridge::ast;
using mlir::failure;
using mlir::FailureOr;
using mlir::LogicalResult;
using mlir::success;

namespace {
/// Positional arity (the receiver of a method counts) and keywords.
struct Signature {
  unsigned minPos, maxPos;
  llvm::ArrayRef<llvm::StringLiteral> keywords;
  llvm::ArrayRef<llvm::StringLiteral> required;
};

/// The arguments of one call, matched to the signature.
struct BoundArgs {
  llvm::SmallVector<Expr *, 4> pos;
  llvm::StringMap<Expr *> kw;
  Expr *get(llvm::StringRef name) const { return kw.lookup(name); }
};
} // namespace

using plan::SizeOp;

static constexpr llvm::StringLiteral kChunks[] = {"chunks"};
static constexpr llvm::StringLiteral kLoad[] = {"chunks", "dtype", "ndim"};
static constexpr llvm::StringLiteral kSeedChunks[] = {"seed", "chunks"};
static constexpr llvm::StringLiteral kNormal[] = {"seed", "mean", "std",
                                                  "chunks"};
static constexpr llvm::StringLiteral kDTypeChunks[] = {"dtype", "chunks"};
static constexpr llvm::StringLiteral kLoadRaw[] = {"dtype", "shape", "chunks"};
static constexpr llvm::StringLiteral kAxis[] = {"axis"};
static constexpr llvm::StringLiteral kReduction[] = {"axis", "keepdims"};
static constexpr llvm::StringLiteral kConvolve[] = {"boundary", "axis"};
static constexpr llvm::StringLiteral kBoundary[] = {"boundary"};
static constexpr llvm::StringLiteral kNanToNum[] = {"nan", "posinf", "neginf"};
static constexpr llvm::StringLiteral kHistogram[] = {"bins", "range"};
static constexpr llvm::StringLiteral kRange[] = {"range"};
static constexpr llvm::StringLiteral kMinLength[] = {"minlength"};

/// Arity from Builtins.def; keywords: a reduction's axis, and each creation
/// and structure built-in's own (elementwise functions take none).
static Signature getSignature(Builtin b) {
  const BuiltinTraits &traits = getBuiltinTraits(b);
  Signature sig{traits.minPositional, traits.maxPositional, {}, {}};
  auto keywords = [&](llvm::ArrayRef<llvm::StringLiteral> allowed,
                      llvm::ArrayRef<llvm::StringLiteral> required) {
    sig.keywords = allowed;
    sig.required = required;
    return sig;
  };
  if (traits.category == BuiltinCategory::Reduction ||
      traits.category == BuiltinCategory::Selection)
    return keywords(kReduction, {});
  if (traits.category == BuiltinCategory::Shape)
    return keywords(getShapeKeywords(b), getShapeRequiredKeywords(b));
  if (traits.category == BuiltinCategory::Scan)
    return keywords(kAxis, {});
  if (traits.category == BuiltinCategory::Compaction)
    return keywords(getCompactionKeywords(b), {});
  switch (b) {
  case Builtin::Random:
    return keywords(kSeedChunks, kChunks);
  case Builtin::Normal:
    return keywords(kNormal, kChunks);
  case Builtin::Zeros:
  case Builtin::Ones:
  case Builtin::Full:
  case Builtin::Arange:
    return keywords(kDTypeChunks, kChunks);
  case Builtin::Load:
  case Builtin::LoadH5:
    return keywords(kLoad, kChunks);
  case Builtin::Rechunk:
    return keywords(kChunks, kChunks);
  case Builtin::LoadRaw:
    return keywords(kLoadRaw, kLoadRaw);
  case Builtin::Concat:
    return keywords(kAxis, {});
  case Builtin::Convolve:
    return keywords(kConvolve, kBoundary);
  case Builtin::NanToNum:
    return keywords(kNanToNum, {});
  case Builtin::Histogram:
    return keywords(kHistogram, kRange);
  case Builtin::Bincount:
    return keywords(kMinLength, kMinLength);
  default:
    return sig;
  }
}

/// The element type `typing` gives for operands of element type `in`.
static DType getResultDType(BuiltinTyping typing, DType in) {
  switch (typing) {
  case BuiltinTyping::Same:
  case BuiltinTyping::NotBool:
    return in;
  case BuiltinTyping::Float:
    return isFloat(in) ? in : DType::F64;
  case BuiltinTyping::WideInt:
    return isFloat(in) ? in : DType::I64;
  case BuiltinTyping::I64:
    return DType::I64;
  case BuiltinTyping::Bool:
    return DType::Bool;
  case BuiltinTyping::Custom:
    break;
  }
  llvm_unreachable("a custom typing is decided by the built-in's own check");
}

/// The element type an elementwise built-in computes in: functions that give
/// floating point compute in it, the others in their operands' type.
static DType getComputeDType(BuiltinTyping typing, DType in) {
  return typing == BuiltinTyping::Float ? getResultDType(typing, in) : in;
}

static std::string formatNumber(const Constant &c) {
  std::string s;
  llvm::raw_string_ostream os(s);
  c.print(os);
  return s;
}

//===----------------------------------------------------------------------===//
// Static arguments
//===----------------------------------------------------------------------===//

FailureOr<int64_t> Sema::getIntConstant(Expr &expr, llvm::StringRef what) {
  if (!checkValue(expr))
    return failure();
  return getCheckedIntConstant(expr, what);
}

FailureOr<int64_t> Sema::getCheckedIntConstant(Expr &expr,
                                               llvm::StringRef what) {
  if (!expr.constant || !expr.type.isScalar()) {
    emitError(expr.getLoc()) << what << " must be an integer constant";
    return failure();
  }
  const Constant &c = *expr.constant;
  if (c.isInt())
    return c.intValue;
  // `1e8` where an integer is required is fine when it is integral.
  if (c.isFloat() && std::trunc(c.floatValue) == c.floatValue &&
      std::fabs(c.floatValue) < 9.2e18)
    return static_cast<int64_t>(c.floatValue);
  emitError(expr.getLoc()) << what << " must be an integer, got "
                           << formatNumber(c);
  return failure();
}

FailureOr<double> Sema::getNumberConstant(Expr &expr, llvm::StringRef what) {
  if (!checkValue(expr))
    return failure();
  if (!expr.constant || expr.constant->isBool()) {
    emitError(expr.getLoc()) << what << " must be a number constant";
    return failure();
  }
  return expr.constant->asDouble();
}

FailureOr<DType> Sema::getDType(Expr &expr) {
  llvm::StringRef name;
  if (auto *n = llvm::dyn_cast<NameExpr>(&expr))
    name = n->getName();
  else if (auto *s = llvm::dyn_cast<StringExpr>(&expr))
    name = s->getValue();
  if (std::optional<DType> dtype = parseDTypeName(name)) {
    expr.type = ValueType::other(ValueType::Kind::TypeName);
    return *dtype;
  }
  emitError(expr.getLoc())
      << "expected an element type: f64, f32, i64, i32 or bool";
  return failure();
}

/// The entries of a shape-like list (or one bare integer), as sizes.
static FailureOr<llvm::SmallVector<int64_t, 4>>
getSizeList(Sema &sema, Expr &expr, llvm::StringRef what,
            llvm::SmallVectorImpl<Expr *> &elements) {
  if (auto *list = llvm::dyn_cast<ListExpr>(&expr)) {
    expr.type = ValueType::other(ValueType::Kind::List);
    for (const ExprPtr &e : list->getElements())
      elements.push_back(e.get());
  } else {
    // NumPy and dask also take a bare integer for one dimension.
    elements.push_back(&expr);
  }
  if (elements.empty() || elements.size() > 4) {
    sema.emitError(expr.getLoc()) << what << " must have 1 to 4 dimensions, got "
                                  << elements.size();
    return failure();
  }
  std::string entryWhat = ("a " + what + " entry").str();
  llvm::SmallVector<int64_t, 4> sizes;
  for (Expr *e : elements) {
    FailureOr<int64_t> v = sema.getSize(*e, entryWhat);
    if (failed(v))
      return failure();
    sizes.push_back(*v);
  }
  return sizes;
}

FailureOr<llvm::SmallVector<int64_t, 4>> Sema::getDims(Expr &expr,
                                                       llvm::StringRef what) {
  llvm::SmallVector<Expr *, 4> elements;
  FailureOr<llvm::SmallVector<int64_t, 4>> dims =
      getSizeList(*this, expr, what, elements);
  if (failed(dims))
    return failure();
  std::string message = (what + " entries must be positive, got {0}").str();
  for (auto [n, e] : llvm::zip(*dims, elements)) {
    FailureOr<int64_t> positive = sizeOp(SizeOp::Lt, 0, n, e->getLoc());
    if (failed(positive) || failed(require(*positive, e->getLoc(), message, n)))
      return failure();
  }
  return dims;
}

FailureOr<llvm::SmallVector<int64_t, 4>>
Sema::getChunks(Expr &expr, llvm::ArrayRef<int64_t> shape) {
  llvm::SmallVector<Expr *, 4> elements;
  FailureOr<llvm::SmallVector<int64_t, 4>> chunks =
      getSizeList(*this, expr, "chunks", elements);
  if (failed(chunks))
    return failure();
  // A bare integer chunk size applies to every dimension, as in dask.
  if (!llvm::isa<ListExpr>(expr) && shape.size() > 1) {
    chunks->assign(shape.size(), chunks->front());
    elements.assign(shape.size(), elements.front());
  }
  if (chunks->size() != shape.size()) {
    emitError(expr.getLoc()) << "chunks " << formatShapeForUser(*chunks)
                             << " has " << chunks->size() << " dimension"
                             << (chunks->size() == 1 ? "" : "s")
                             << " but the shape " << formatShapeForUser(shape)
                             << " has " << shape.size();
    return failure();
  }
  for (auto [c, n, e] : llvm::zip(*chunks, shape, elements)) {
    // As in dask, -1 is the whole dimension, and so is a chunk larger than
    // it.
    SourceLoc loc = e->getLoc();
    FailureOr<int64_t> whole = sizeOp(SizeOp::Eq, c, -1, loc);
    FailureOr<int64_t> positive = sizeOp(SizeOp::Lt, 0, c, loc);
    if (failed(whole) || failed(positive))
      return failure();
    FailureOr<int64_t> valid = sizeOp(SizeOp::Select, *whole, 1, loc, *positive);
    if (failed(valid) ||
        failed(require(*valid, loc, "chunks entries must be positive, got {0}",
                       c)))
      return failure();
    FailureOr<int64_t> clipped = sizeOp(SizeOp::Min, c, n, loc);
    if (failed(clipped))
      return failure();
    FailureOr<int64_t> chunk = sizeOp(SizeOp::Select, *whole, n, loc, *clipped);
    if (failed(chunk))
      return failure();
    c = *chunk;
  }
  return chunks;
}

const ParamStmt *Sema::getI64Param(const Expr &expr) const {
  const auto *name = llvm::dyn_cast<NameExpr>(&expr);
  if (!name)
    return nullptr;
  if (name->binding)
    return getI64Param(name->binding->getValue());
  if (name->param && name->param->getType() == plan::ParamType::I64)
    return name->param;
  return nullptr;
}

FailureOr<int64_t> Sema::getVersionValue(const Expr &expr,
                                         const ParamStmt &param, int64_t lo,
                                         int64_t hi,
                                         const std::string &message) {
  // This version of the program takes the value it is checked with; the
  // program checks the parameter's range before any work, whichever version
  // runs.
  int64_t version = versionValues ? versionValues->lookup(param.getName()) : 0;
  SourceLoc loc = expr.getLoc();
  int64_t value = *expr.size;
  FailureOr<int64_t> low = sizeOp(SizeOp::Le, lo, value, loc);
  FailureOr<int64_t> high = sizeOp(SizeOp::Le, value, hi, loc);
  if (failed(low) || failed(high))
    return failure();
  FailureOr<int64_t> inside = sizeOp(SizeOp::And, *low, *high, loc);
  if (failed(inside) || failed(require(*inside, loc, message, {value})))
    return failure();
  if (version < lo || version > hi) {
    std::string text = message;
    text.replace(text.find("{0}"), 3, std::to_string(version));
    emitError(loc) << text;
    return failure();
  }
  return version;
}

FailureOr<int64_t> Sema::getParamAxis(Expr &expr, const ParamStmt &param,
                                      unsigned rank) {
  int64_t r = rank;
  FailureOr<int64_t> axis =
      getVersionValue(expr, param, -r, r - 1,
                      "axis {0} is out of bounds for array of dimension " +
                          std::to_string(rank));
  if (succeeded(axis))
    program->versionedParams.push_back(
        {param.getName().str(), *axis < 0 ? *axis + r : *axis, expr.getLoc()});
  return axis;
}

FailureOr<int64_t> Sema::getCount(Expr &expr, llvm::StringRef what) {
  if (!checkValue(expr))
    return failure();
  const ParamStmt *param = getI64Param(expr);
  if (!param && !expr.constant) {
    emitError(expr.getLoc())
        << what << " must be an integer constant or an i64 parameter";
    return failure();
  }
  if (!param)
    return getCheckedIntConstant(expr, what);
  // A count that decides the program's steps makes versions, as an axis
  // does: one for each value from 0 to the last a parameter is tried with.
  FailureOr<int64_t> count =
      getVersionValue(expr, *param, 0, plan::kLastAxisValue,
                      (what + " from a parameter must be 0 to " +
                       llvm::Twine(plan::kLastAxisValue) + ", got {0}")
                          .str());
  if (succeeded(count))
    program->versionedParams.push_back(
        {param->getName().str(), *count, expr.getLoc()});
  return count;
}

FailureOr<int64_t> Sema::getAxis(Expr *expr, unsigned rank, SourceLoc loc) {
  if (!expr)
    return 0;
  if (!checkValue(*expr))
    return failure();
  const ParamStmt *param = getI64Param(*expr);
  if (!param && !expr->constant) {
    emitError(expr->getLoc())
        << "axis must be an integer constant or an i64 parameter";
    return failure();
  }
  FailureOr<int64_t> axis = param ? getParamAxis(*expr, *param, rank)
                                  : getCheckedIntConstant(*expr, "axis");
  if (failed(axis))
    return failure();
  int64_t r = rank;
  if (*axis < -r || *axis >= r) {
    emitError(expr->getLoc()) << "axis " << *axis
                              << " is out of bounds for array of dimension "
                              << rank;
    return failure();
  }
  return *axis < 0 ? *axis + r : *axis;
}

/// The element count must fit in 64 bits; for sizes known only when the
/// program runs, the product is taken then, and overflow reported there.
static LogicalResult checkShapeSize(Sema &sema, llvm::ArrayRef<int64_t> shape,
                                    SourceLoc loc) {
  int64_t total = 1;
  bool symbolic = false;
  for (int64_t n : shape) {
    if (plan::isSymbol(n)) {
      symbolic = true;
      continue;
    }
    if (llvm::MulOverflow(total, n, total)) {
      sema.emitError(loc) << "array of shape " << sema.formatShapeForUser(shape)
                          << " is too large";
      return failure();
    }
  }
  if (!symbolic)
    return success();
  int64_t product = 1;
  for (int64_t n : shape) {
    FailureOr<int64_t> next = sema.sizeOp(SizeOp::Mul, product, n, loc);
    if (failed(next))
      return failure();
    product = *next;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Calls
//===----------------------------------------------------------------------===//

/// Matches positional and keyword arguments to the signature.
static FailureOr<BoundArgs> bindArgs(Sema &sema, CallExpr &call, Builtin b) {
  Signature sig = getSignature(b);
  BoundArgs bound;
  if (Expr *receiver = call.getReceiver())
    bound.pos.push_back(receiver);
  for (const ExprPtr &arg : call.getArgs())
    bound.pos.push_back(arg.get());
  llvm::StringRef name = getBuiltinName(b);
  unsigned given = bound.pos.size();
  if (given < sig.minPos || given > sig.maxPos) {
    // A method's receiver is not an argument the user wrote in the list.
    unsigned offset = call.getReceiver() ? 1 : 0;
    unsigned lo = sig.minPos - offset, hi = sig.maxPos - offset;
    auto diag = sema.emitError(call.getLoc()) << "'" << name << "' expects ";
    if (lo == hi)
      diag << lo;
    else
      diag << lo << " to " << hi;
    diag << " positional argument" << (hi == 1 ? "" : "s") << ", got "
         << given - offset;
    return failure();
  }
  bool ok = true;
  for (const KeywordArg &kw : call.getKeywordArgs()) {
    if (!llvm::is_contained(sig.keywords, kw.name)) {
      sema.emitError(kw.loc) << "'" << name
                             << "' got an unexpected keyword argument '"
                             << kw.name << "'";
      ok = false;
      continue;
    }
    if (!bound.kw.try_emplace(kw.name, kw.value.get()).second) {
      sema.emitError(kw.loc) << "keyword argument '" << kw.name
                             << "' is repeated";
      ok = false;
    }
  }
  if (!ok)
    return failure();
  for (llvm::StringRef req : sig.required) {
    if (!bound.kw.count(req)) {
      sema.emitError(call.getLoc()) << "'" << name
                                    << "' is missing the keyword argument '"
                                    << req << "='";
      return failure();
    }
  }
  return bound;
}

/// A seed: a non-negative integer constant or an expression of parameters.
static LogicalResult checkSeed(Sema &sema, Expr &seed) {
  if (!sema.checkStaticScalar(seed, "seed"))
    return failure();
  if (seed.constant) {
    FailureOr<int64_t> value = sema.getIntConstant(seed, "seed");
    if (failed(value))
      return failure();
    if (*value >= 0)
      return success();
    sema.emitError(seed.getLoc())
        << "seed must be a non-negative integer, got " << *value;
    return failure();
  }
  if (!seed.size) {
    sema.emitError(seed.getLoc()) << "seed must be an integer";
    return failure();
  }
  FailureOr<int64_t> nonNegative =
      sema.sizeOp(SizeOp::Le, 0, *seed.size, seed.getLoc());
  if (failed(nonNegative))
    return failure();
  return sema.require(*nonNegative, seed.getLoc(),
                      "seed must be a non-negative integer, got {0}",
                      *seed.size);
}

/// mean= and std=: a number constant or an expression of parameters.
static LogicalResult checkNumberArgument(Sema &sema, Expr &value,
                                         llvm::StringRef what) {
  if (!sema.checkStaticScalar(value, what))
    return failure();
  if (isBool(value.type.dtype)) {
    sema.emitError(value.getLoc()) << what << " must be a number constant";
    return failure();
  }
  return success();
}

/// `load(path, chunks=...)` of a .npy file and `load_h5(path, dataset, ...)`:
/// the element type and rank come from dtype= and ndim=, and what they leave
/// out from the header when the file exists at compile time; the extents are
/// read when the program runs.
static FailureOr<llvm::SmallVector<int64_t, 4>>
checkLoadType(Sema &sema, CallExpr &call, BoundArgs &args, DType &dtype) {
  const FilePath &file = call.info.file;
  Expr *dtypeArg = args.get("dtype"), *ndimArg = args.get("ndim");
  std::optional<int64_t> ndim;
  if (dtypeArg) {
    FailureOr<DType> t = sema.getDType(*dtypeArg);
    if (failed(t))
      return failure();
    dtype = *t;
  }
  if (ndimArg) {
    FailureOr<int64_t> n = sema.getIntConstant(*ndimArg, "ndim");
    if (failed(n))
      return failure();
    if (*n < 1 || *n > 4) {
      sema.emitError(ndimArg->getLoc())
          << "ndim must be 1 to 4, got " << *n;
      return failure();
    }
    ndim = *n;
  }
  if (!dtypeArg || !ndimArg) {
    Expr &path = *args.pos[0];
    if (file.param) {
      sema.emitError(path.getLoc())
          << "'" << (file.isHdf5 ? "load_h5" : "load")
          << "' of a path given by a parameter needs dtype= and ndim=";
      return failure();
    }
    FileHeaderResult header =
        file.isHdf5 ? readHdf5DatasetHeader(file.literal, file.dataset)
                    : readNpyHeader(file.literal);
    if (header.failed()) {
      auto diag = sema.emitError(path.getLoc()) << header.message;
      if (header.missing)
        diag << "; give dtype= and ndim= to compile before the file exists";
      return failure();
    }
    if (!dtypeArg)
      dtype = header.header->dtype;
    if (!ndimArg)
      ndim = static_cast<int64_t>(header.header->shape.size());
  }
  plan::FileInput input;
  input.format = file.isHdf5 ? plan::FileFormat::Hdf5 : plan::FileFormat::Npy;
  input.path = file.literal;
  input.dataset = file.dataset;
  input.pathParam = file.param ? file.param->index : -1;
  input.dtype = static_cast<int32_t>(getBridgeDType(dtype));
  input.ndim = static_cast<int32_t>(*ndim);
  input.loc = sema.formatLoc(call.getLoc());
  int32_t index = sema.getSizes().addFile(std::move(input));
  llvm::SmallVector<int64_t, 4> shape;
  std::string fileName =
      file.param ? file.param->getName().str() : file.literal;
  SourceLoc loc = args.pos[0]->getLoc();
  for (int32_t d = 0; d < *ndim; ++d) {
    int64_t extent = sema.getSizes().fileDim(index, d);
    sema.nameSize(extent, "shape[" + std::to_string(d) + "] of " + fileName);
    // Arrays of the language have no empty dimension.
    FailureOr<int64_t> positive = sema.sizeOp(SizeOp::Lt, 0, extent, loc);
    if (failed(positive) ||
        failed(sema.require(*positive, loc,
                            "'" + fileName + "' is empty along axis " +
                                std::to_string(d),
                            {})))
      return failure();
    shape.push_back(extent);
  }
  return shape;
}

static ValueType checkCreation(Sema &sema, CallExpr &call, Builtin b,
                               BoundArgs &args) {
  BuiltinInfo &info = call.info;
  llvm::SmallVector<int64_t, 4> shape;
  DType dtype = DType::F64;

  if (b == Builtin::Load || b == Builtin::LoadRaw || b == Builtin::LoadH5) {
    std::string what = ("'" + getBuiltinName(b) + "'").str();
    FailureOr<FilePath> file = sema.getFilePath(*args.pos[0], what);
    if (failed(file))
      return ValueType::error();
    if (file->isHdf5) {
      sema.emitError(args.pos[0]->getLoc())
          << what << " takes the file alone; "
          << (b == Builtin::LoadH5
                  ? "give the dataset as the second argument"
                  : "read an HDF5 dataset with 'load_h5'");
      return ValueType::error();
    }
    if (b == Builtin::LoadH5) {
      auto *dataset = llvm::dyn_cast<StringExpr>(args.pos[1]);
      if (!dataset || dataset->getValue().empty()) {
        sema.emitError(args.pos[1]->getLoc())
            << "'load_h5' expects the dataset as a string, e.g. \"/group/name\"";
        return ValueType::error();
      }
      args.pos[1]->type = ValueType::other(ValueType::Kind::String);
      file->dataset = dataset->getValue().str();
      file->isHdf5 = true;
    }
    info.file = *file;
    if (b != Builtin::LoadRaw) {
      FailureOr<llvm::SmallVector<int64_t, 4>> s =
          checkLoadType(sema, call, args, dtype);
      if (failed(s))
        return ValueType::error();
      shape = *s;
    } else {
      FailureOr<DType> t = sema.getDType(*args.get("dtype"));
      FailureOr<llvm::SmallVector<int64_t, 4>> s =
          sema.getDims(*args.get("shape"), "shape");
      if (failed(t) || failed(s))
        return ValueType::error();
      dtype = *t;
      shape = *s;
    }
  } else if (b == Builtin::Arange) {
    Expr &length = *args.pos[0];
    FailureOr<int64_t> n = sema.getSize(length, "'arange' length");
    if (failed(n))
      return ValueType::error();
    FailureOr<int64_t> positive =
        sema.sizeOp(SizeOp::Lt, 0, *n, length.getLoc());
    if (failed(positive) ||
        failed(sema.require(*positive, length.getLoc(),
                            "'arange' length must be positive, got {0}", *n)))
      return ValueType::error();
    shape.push_back(*n);
    dtype = DType::I64;
  } else {
    FailureOr<llvm::SmallVector<int64_t, 4>> s =
        sema.getDims(*args.pos[0], "shape");
    if (failed(s))
      return ValueType::error();
    shape = *s;
  }
  if (failed(checkShapeSize(sema, shape, call.getLoc())))
    return ValueType::error();

  if (Expr *d = args.get("dtype");
      d && b != Builtin::LoadRaw && b != Builtin::Load &&
      b != Builtin::LoadH5) {
    FailureOr<DType> t = sema.getDType(*d);
    if (failed(t))
      return ValueType::error();
    dtype = *t;
  }
  if (Expr *seed = args.get("seed")) {
    if (failed(checkSeed(sema, *seed)))
      return ValueType::error();
    info.seed = seed;
  }
  if (Expr *mean = args.get("mean")) {
    if (failed(checkNumberArgument(sema, *mean, "mean")))
      return ValueType::error();
    info.mean = mean;
  }
  if (Expr *stddev = args.get("std")) {
    if (failed(checkNumberArgument(sema, *stddev, "std")))
      return ValueType::error();
    if (stddev->constant && stddev->constant->asDouble() < 0) {
      sema.emitError(stddev->getLoc()) << "std must be non-negative";
      return ValueType::error();
    }
    info.stddev = stddev;
  }
  if (b == Builtin::Full) {
    Expr &value = *args.pos[1];
    if (!sema.checkValue(value))
      return ValueType::error();
    if (!value.type.isScalar()) {
      sema.emitError(value.getLoc())
          << "'full' expects a scalar fill value, got an array";
      return ValueType::error();
    }
    info.operands.push_back(&value);
  }
  FailureOr<llvm::SmallVector<int64_t, 4>> chunks =
      sema.getChunks(*args.get("chunks"), shape);
  if (failed(chunks))
    return ValueType::error();
  info.dtype = dtype;
  info.computeDType = dtype;
  return ValueType::array(dtype, shape, *chunks);
}

static ValueType checkUnaryMath(Sema &sema, CallExpr &call, Builtin b,
                                BoundArgs &args) {
  Expr &x = *args.pos[0];
  if (!sema.checkValue(x))
    return ValueType::error();
  BuiltinTyping typing = getBuiltinTraits(b).typing;
  DType in = x.type.dtype;
  if (typing == BuiltinTyping::NotBool && isBool(in)) {
    sema.emitError(call.getLoc())
        << "'" << getBuiltinName(b) << "' is not defined for bool";
    return ValueType::error();
  }
  call.info.operands.push_back(&x);
  call.info.computeDType = getComputeDType(typing, in);
  return sema.combineElementwise({&x}, getResultDType(typing, in),
                                 call.getLoc());
}

static ValueType checkElementwiseN(Sema &sema, CallExpr &call, Builtin b,
                                   BoundArgs &args) {
  bool ok = true;
  for (Expr *e : args.pos)
    ok &= sema.checkValue(*e);
  if (!ok)
    return ValueType::error();
  llvm::ArrayRef<Expr *> values = args.pos;
  if (b == Builtin::Where) {
    if (!isBool(values[0]->type.dtype)) {
      sema.emitError(values[0]->getLoc())
          << "'where' expects a bool condition, got "
          << values[0]->type.str();
      return ValueType::error();
    }
    values = values.drop_front();
  }
  DType common = values[0]->type.dtype;
  bool weak = values[0]->type.isScalar() && values[0]->type.weak;
  for (Expr *e : values.drop_front())
    std::tie(common, weak) = promoteTypes(
        common, weak, e->type.dtype, e->type.isScalar() && e->type.weak);
  BuiltinTyping typing = getBuiltinTraits(b).typing;
  if (typing == BuiltinTyping::NotBool && isBool(common)) {
    sema.emitError(call.getLoc())
        << "'" << getBuiltinName(b)
        << "' is not defined for two bool operands; convert one with astype";
    return ValueType::error();
  }
  for (Expr *e : values)
    if (failed(sema.checkLiteralFits(*e, common)))
      return ValueType::error();
  for (Expr *e : args.pos)
    call.info.operands.push_back(e);
  call.info.computeDType = getComputeDType(typing, common);
  llvm::SmallVector<const Expr *, 3> all(args.pos.begin(), args.pos.end());
  return sema.combineElementwise(all, getResultDType(typing, common),
                                 call.getLoc());
}

/// nan_to_num(x, nan=0.0, posinf=, neginf=): NumPy's defaults are the
/// largest and smallest finite value of a float type; integers and bools
/// come back unchanged.
static ValueType checkNanToNum(Sema &sema, CallExpr &call, BoundArgs &args) {
  Expr &x = *args.pos[0];
  if (!sema.checkValue(x))
    return ValueType::error();
  DType in = x.type.dtype;
  double largest = in == DType::F32 ? std::numeric_limits<float>::max()
                                    : std::numeric_limits<double>::max();
  BuiltinInfo &info = call.info;
  auto replacement = [&](llvm::StringRef keyword, double dflt,
                         double &out) -> LogicalResult {
    Expr *e = args.get(keyword);
    if (!e) {
      out = dflt;
      return success();
    }
    FailureOr<double> v =
        sema.getNumberConstant(*e, ("nan_to_num's " + keyword).str());
    if (failed(v))
      return failure();
    out = *v;
    return success();
  };
  if (failed(replacement("nan", 0.0, info.nanValue)) ||
      failed(replacement("posinf", largest, info.posInfValue)) ||
      failed(replacement("neginf", -largest, info.negInfValue)))
    return ValueType::error();
  info.operands.push_back(&x);
  info.computeDType = in;
  return sema.combineElementwise({&x}, in, call.getLoc());
}

/// keepdims=: a bool constant, spelt `true`/`false` or as in NumPy.
static FailureOr<bool> getKeepDims(Sema &sema, Expr *expr) {
  if (!expr)
    return false;
  if (auto *name = llvm::dyn_cast<NameExpr>(expr)) {
    if (name->getName() == "True" || name->getName() == "False")
      return name->getName() == "True";
  }
  if (!sema.checkValue(*expr))
    return failure();
  if (!expr->constant || !expr->constant->isBool()) {
    sema.emitError(expr->getLoc())
        << "keepdims must be the constant true or false";
    return failure();
  }
  return expr->constant->boolValue;
}

/// `x`'s shape and chunks with `axis` reduced: kept with extent 1 under
/// keepdims, dropped otherwise.
static ValueType reducedAlong(const ValueType &x, DType out, int64_t axis,
                              bool keepDims) {
  ValueType result = ValueType::array(out, x.shape, x.chunks);
  if (keepDims) {
    result.shape[axis] = 1;
    result.chunks[axis] = 1;
    return result;
  }
  result.shape.erase(result.shape.begin() + axis);
  result.chunks.erase(result.chunks.begin() + axis);
  return result;
}

static ValueType checkReduction(Sema &sema, CallExpr &call, Builtin b,
                                BoundArgs &args) {
  Expr &x = *args.pos[0];
  if (!sema.checkArray(x, getBuiltinName(b)))
    return ValueType::error();
  FailureOr<bool> keepDims = getKeepDims(sema, args.get("keepdims"));
  if (failed(keepDims))
    return ValueType::error();
  DType in = x.type.dtype;
  BuiltinTyping typing = getBuiltinTraits(b).typing;
  if (typing == BuiltinTyping::NotBool && isBool(in)) {
    sema.emitError(call.getLoc())
        << "'" << getBuiltinName(b) << "' is not defined for bool";
    return ValueType::error();
  }
  DType out = getResultDType(typing, in);
  call.info.operands.push_back(&x);
  call.info.computeDType = in;
  call.info.keepDims = *keepDims;
  Expr *axisExpr = args.get("axis");
  ValueType result = ValueType::array(out, x.type.shape, x.type.chunks);
  if (!axisExpr) {
    if (!*keepDims)
      return ValueType::scalar(out);
    // As NumPy: every axis stays, with extent 1.
    result.shape.assign(x.type.getRank(), 1);
    result.chunks.assign(x.type.getRank(), 1);
    return result;
  }
  FailureOr<int64_t> axis = sema.getAxis(axisExpr, x.type.getRank(),
                                         call.getLoc());
  if (failed(axis))
    return ValueType::error();
  call.info.axis = *axis;
  if (!*keepDims && x.type.getRank() == 1)
    return ValueType::scalar(out);
  return reducedAlong(x.type, out, *axis, *keepDims);
}

/// cumsum and cumprod: NumPy's result type (integers and bools widen to
/// i64), on the input's shape and chunks. Without `axis` NumPy scans the
/// flattened array, which is the array itself only in 1-D.
static ValueType checkScan(Sema &sema, CallExpr &call, Builtin b,
                           BoundArgs &args) {
  Expr &x = *args.pos[0];
  llvm::StringRef name = getBuiltinName(b);
  if (!sema.checkArray(x, name))
    return ValueType::error();
  unsigned rank = x.type.getRank();
  Expr *axisExpr = args.get("axis");
  if (!axisExpr && rank > 1) {
    sema.emitError(call.getLoc())
        << "'" << name << "' of a " << rank
        << "-D array needs 'axis=' (NumPy would scan the flattened array)";
    return ValueType::error();
  }
  FailureOr<int64_t> axis = sema.getAxis(axisExpr, rank, call.getLoc());
  if (failed(axis))
    return ValueType::error();
  DType out = getResultDType(getBuiltinTraits(b).typing, x.type.dtype);
  call.info.operands.push_back(&x);
  call.info.computeDType = out;
  call.info.axis = *axis;
  // The chunk totals a scan reads have one axis more than its input: a 4-D
  // array is scanned as 3-D.
  if (rank >= layout::kMaxDims) {
    ValueType three = mergeOtherAxes(sema, call, x.type, *axis, call.info);
    if (three.isError())
      return three;
    ValueType result = splitMergedAxes(three, x.type.shape);
    result.dtype = out;
    return result;
  }
  return ValueType::array(out, x.type.shape, x.type.chunks);
}

/// The quantiles of `quantile(x, q)`: a number constant or a list of them,
/// each in [0, 1].
static LogicalResult getQuantiles(Sema &sema, Expr &q, BuiltinInfo &info) {
  llvm::SmallVector<Expr *, 4> values;
  if (auto *list = llvm::dyn_cast<ListExpr>(&q)) {
    list->type = ValueType::other(ValueType::Kind::List);
    info.quantileList = true;
    for (const ExprPtr &element : list->getElements())
      values.push_back(element.get());
    if (values.empty()) {
      sema.emitError(q.getLoc()) << "'quantile' needs at least one quantile";
      return failure();
    }
  } else {
    values.push_back(&q);
  }
  for (Expr *value : values) {
    FailureOr<double> v = sema.getNumberConstant(*value, "a quantile");
    if (failed(v))
      return failure();
    if (!(*v >= 0.0 && *v <= 1.0)) {
      sema.emitError(value->getLoc())
          << "quantile " << formatNumber(*value->constant)
          << " is outside [0, 1]";
      return failure();
    }
    info.quantiles.push_back(*v);
  }
  return success();
}

/// median(x, axis=, keepdims=) and quantile(x, q, axis=, keepdims=) as
/// NumPy types them: f64, but the median of f32 stays f32; a list of
/// quantiles adds a leading axis, whole in each chunk. Along an axis of an
/// array of more than one dimension the result keeps the input's chunks on
/// the other axes (an axis of a 1-D array is the whole array).
static ValueType checkSelection(Sema &sema, CallExpr &call, Builtin b,
                                BoundArgs &args) {
  Expr &x = *args.pos[0];
  llvm::StringRef name = getBuiltinName(b);
  if (!sema.checkArray(x, name))
    return ValueType::error();
  BuiltinInfo &info = call.info;
  if (b == Builtin::Quantile) {
    if (x.type.dtype == DType::Bool) {
      sema.emitError(x.getLoc())
          << "'quantile' of a bool array is not defined (NumPy cannot "
             "subtract bools); convert it with astype first";
      return ValueType::error();
    }
    if (failed(getQuantiles(sema, *args.pos[1], info)))
      return ValueType::error();
  }
  FailureOr<bool> keepDims = getKeepDims(sema, args.get("keepdims"));
  if (failed(keepDims))
    return ValueType::error();
  if (Expr *axisExpr = args.get("axis")) {
    FailureOr<int64_t> axis =
        sema.getAxis(axisExpr, x.type.getRank(), call.getLoc());
    if (failed(axis))
      return ValueType::error();
    if (x.type.getRank() > 1)
      info.axis = *axis;
  }
  info.operands.push_back(&x);
  info.computeDType = x.type.dtype;
  info.keepDims = *keepDims;
  DType out = b == Builtin::Median && x.type.dtype == DType::F32
                  ? DType::F32
                  : DType::F64;
  ValueType result = ValueType::array(out, {}, {});
  if (info.axis) {
    ValueType lines = reducedAlong(x.type, out, *info.axis, *keepDims);
    if (info.quantileList) {
      int64_t count = static_cast<int64_t>(info.quantiles.size());
      lines.shape.insert(lines.shape.begin(), count);
      lines.chunks.insert(lines.chunks.begin(), count);
    }
    return lines;
  }
  if (info.quantileList) {
    result.shape.push_back(static_cast<int64_t>(info.quantiles.size()));
    result.chunks.push_back(1);
  }
  if (*keepDims) {
    result.shape.append(x.type.getRank(), 1);
    result.chunks.append(x.type.getRank(), 1);
  }
  if (result.shape.empty())
    return ValueType::scalar(out);
  return result;
}

/// Arrays joined along `axis` agree on every other axis: now, or when the
/// program runs.
static LogicalResult checkConcatShapes(Sema &sema,
                                       llvm::ArrayRef<int64_t> first,
                                       llvm::ArrayRef<int64_t> other,
                                       int64_t axis, SourceLoc loc) {
  std::string where = " differ outside axis " + std::to_string(axis);
  if (first.size() != other.size()) {
    sema.emitError(loc) << "'concat' shapes " << sema.formatShapeForUser(first)
                        << " and " << sema.formatShapeForUser(other) << where;
    return failure();
  }
  int64_t same = 1;
  for (unsigned d = 0; d < first.size(); ++d) {
    if (d == axis)
      continue;
    FailureOr<int64_t> equal = sema.sizeOp(SizeOp::Eq, first[d], other[d], loc);
    if (failed(equal))
      return failure();
    FailureOr<int64_t> both = sema.sizeOp(SizeOp::And, same, *equal, loc);
    if (failed(both))
      return failure();
    same = *both;
  }
  llvm::SmallVector<int64_t, 8> values(first.begin(), first.end());
  values.append(other.begin(), other.end());
  return sema.require(same, loc,
                      "'concat' shapes " + placeholderShape(0, first.size()) +
                          " and " +
                          placeholderShape(first.size(), other.size()) + where,
                      values);
}

static ValueType checkStructure(Sema &sema, CallExpr &call, Builtin b,
                                BoundArgs &args) {
  BuiltinInfo &info = call.info;
  llvm::StringRef name = getBuiltinName(b);
  if (b == Builtin::Concat) {
    auto *list = llvm::dyn_cast<ListExpr>(args.pos[0]);
    if (!list || list->getElements().empty()) {
      sema.emitError(args.pos[0]->getLoc())
          << "'concat' expects a non-empty list of arrays";
      return ValueType::error();
    }
    list->type = ValueType::other(ValueType::Kind::List);
    bool ok = true;
    for (const ExprPtr &e : list->getElements()) {
      if (!sema.checkValue(*e)) {
        ok = false;
        continue;
      }
      if (!e->type.isArray()) {
        sema.emitError(e->getLoc()) << "'concat' expects arrays, got a scalar";
        ok = false;
      }
    }
    if (!ok)
      return ValueType::error();
    const ValueType &first = list->getElements().front()->type;
    FailureOr<int64_t> axis =
        sema.getAxis(args.get("axis"), first.getRank(), call.getLoc());
    if (failed(axis))
      return ValueType::error();
    ValueType result = first;
    info.offsets.push_back(0);
    for (const ExprPtr &e : list->getElements().drop_front()) {
      const ValueType &t = e->type;
      if (failed(checkConcatShapes(sema, first.shape, t.shape, *axis,
                                   e->getLoc())))
        return ValueType::error();
      FailureOr<int64_t> extent = sema.sizeOp(
          SizeOp::Add, result.shape[*axis], t.shape[*axis], call.getLoc());
      if (failed(extent))
        return ValueType::error();
      info.offsets.push_back(result.shape[*axis]);
      result.shape[*axis] = *extent;
      result.dtype = promoteTypes(result.dtype, false, t.dtype, false).first;
    }
    for (const ExprPtr &e : list->getElements())
      info.operands.push_back(e.get());
    info.axis = *axis;
    info.computeDType = result.dtype;
    return result;
  }

  Expr &x = *args.pos[0];
  if (!sema.checkArray(x, name))
    return ValueType::error();
  info.operands.push_back(&x);
  info.computeDType = x.type.dtype;
  ValueType result = x.type;

  if (b == Builtin::Rechunk) {
    FailureOr<llvm::SmallVector<int64_t, 4>> chunks =
        sema.getChunks(*args.get("chunks"), x.type.shape);
    if (failed(chunks))
      return ValueType::error();
    result.chunks = *chunks;
    return result;
  }

  // convolve(x, WEIGHTS, boundary=MODE, axis=0)
  auto *weights = llvm::dyn_cast<ListExpr>(args.pos[1]);
  if (!weights) {
    sema.emitError(args.pos[1]->getLoc())
        << "'convolve' expects a list of weights";
    return ValueType::error();
  }
  weights->type = ValueType::other(ValueType::Kind::List);
  bool anyFloat = false;
  for (const ExprPtr &w : weights->getElements()) {
    FailureOr<double> v = sema.getNumberConstant(*w, "a convolve weight");
    if (failed(v))
      return ValueType::error();
    anyFloat |= w->constant->isFloat();
    info.weights.push_back(*v);
  }
  if (info.weights.size() % 2 == 0) {
    sema.emitError(weights->getLoc())
        << "'convolve' needs an odd number of weights, got "
        << info.weights.size();
    return ValueType::error();
  }
  std::optional<std::string> mode =
      sema.checkPadMode(*args.get("boundary"), "boundary");
  if (!mode)
    return ValueType::error();
  info.boundary = *mode;
  FailureOr<int64_t> axis =
      sema.getAxis(args.get("axis"), x.type.getRank(), call.getLoc());
  if (failed(axis))
    return ValueType::error();
  info.axis = *axis;
  // Reflecting needs the axis to be longer than the halo.
  if (info.boundary == "reflect" || info.boundary == "symmetric") {
    int64_t halo = static_cast<int64_t>(info.weights.size() / 2);
    int64_t n = x.type.shape[*axis];
    FailureOr<int64_t> longer =
        sema.sizeOp(SizeOp::Lt, halo, n, weights->getLoc());
    std::string message = "'convolve' with " +
                          std::to_string(info.weights.size()) +
                          " weights needs an axis longer than " +
                          std::to_string(halo);
    if (failed(longer) ||
        failed(sema.require(*longer, weights->getLoc(),
                            plan::isSymbol(n) ? message + ", not {0}" : message,
                            n)))
      return ValueType::error();
  }
  // The weights are literals: weak, as in NumPy 2.
  result.dtype = promoteTypes(x.type.dtype, false,
                              anyFloat ? DType::F64 : DType::I64, true)
                     .first;
  info.computeDType = result.dtype;
  return result;
}

/// A count of bins or values: a positive size (a constant, or known when the
/// program starts), given as `what`.
static FailureOr<int64_t> getCountOfBins(Sema &sema, Expr &expr,
                                         llvm::StringRef what) {
  FailureOr<int64_t> n = sema.getSize(expr, what);
  if (failed(n))
    return failure();
  FailureOr<int64_t> positive =
      sema.sizeOp(SizeOp::Lt, 0, *n, expr.getLoc());
  if (failed(positive) ||
      failed(sema.require(*positive, expr.getLoc(),
                          (what + " must be positive, got {0}").str(), *n)))
    return failure();
  return *n;
}

/// histogram(x, bins=10, range=[LO, HI]): the i64 counts only. The edges are
/// NumPy's linspace (in x's float type); a value is in bin k when
/// edges[k] <= value < edges[k + 1], the last bin closed; values outside the
/// range and NaN are not counted. The bins may be a parameter.
static ValueType checkHistogram(Sema &sema, CallExpr &call, BoundArgs &args) {
  BuiltinInfo &info = call.info;
  Expr &x = *args.pos[0];
  if (!sema.checkValue(x))
    return ValueType::error();
  if (!x.type.isArray() || isBool(x.type.dtype)) {
    sema.emitError(x.getLoc())
        << "'histogram' expects a numeric array, got " << x.type.str();
    return ValueType::error();
  }
  int64_t bins = 10;
  if (Expr *e = args.get("bins")) {
    FailureOr<int64_t> n = getCountOfBins(sema, *e, "bins");
    if (failed(n))
      return ValueType::error();
    bins = *n;
  }
  Expr *range = args.get("range");
  auto *list = llvm::dyn_cast<ListExpr>(range);
  if (!list || list->getElements().size() != 2) {
    sema.emitError(range->getLoc())
        << "range must be a list of two number constants [LO, HI]";
    return ValueType::error();
  }
  list->type = ValueType::other(ValueType::Kind::List);
  FailureOr<double> lo =
      sema.getNumberConstant(*list->getElements()[0], "the range's lower end");
  if (failed(lo))
    return ValueType::error();
  FailureOr<double> hi =
      sema.getNumberConstant(*list->getElements()[1], "the range's upper end");
  if (failed(hi))
    return ValueType::error();
  if (!std::isfinite(*lo) || !std::isfinite(*hi) || *lo > *hi) {
    sema.emitError(range->getLoc())
        << "range must be finite with LO <= HI, got ["
        << formatNumber(*list->getElements()[0]->constant) << ", "
        << formatNumber(*list->getElements()[1]->constant) << "]";
    return ValueType::error();
  }
  // As NumPy: an empty range becomes one of width 1 around it.
  double first = *lo, last = *hi;
  if (first == last) {
    first -= 0.5;
    last += 0.5;
  }
  info.weights = {first, last};
  info.count = bins;
  info.operands.push_back(&x);
  // NumPy's bins are f32 for f32 data and f64 for the rest.
  info.computeDType = x.type.dtype == DType::F32 ? DType::F32 : DType::F64;
  return ValueType::array(DType::I64, {bins}, {bins});
}

/// bincount(x, minlength=N): the i64 count of each value 0 .. N-1 of an
/// integer array. N, the result's length, is a constant or a parameter; a
/// value outside 0 .. N-1 fails the job at run time.
static ValueType checkBincount(Sema &sema, CallExpr &call, BoundArgs &args) {
  Expr &x = *args.pos[0];
  if (!sema.checkValue(x))
    return ValueType::error();
  if (!x.type.isArray() || !isInteger(x.type.dtype)) {
    sema.emitError(x.getLoc())
        << "'bincount' expects an integer array, got " << x.type.str();
    return ValueType::error();
  }
  FailureOr<int64_t> n =
      getCountOfBins(sema, *args.get("minlength"), "minlength");
  if (failed(n))
    return ValueType::error();
  call.info.count = *n;
  call.info.operands.push_back(&x);
  call.info.computeDType = DType::I64;
  return ValueType::array(DType::I64, {*n}, {*n});
}

static ValueType checkAsType(Sema &sema, CallExpr &call, BoundArgs &args) {
  Expr &x = *args.pos[0];
  if (!sema.checkValue(x))
    return ValueType::error();
  FailureOr<DType> t = sema.getDType(*args.pos[1]);
  if (failed(t))
    return ValueType::error();
  call.info.operands.push_back(&x);
  call.info.dtype = *t;
  call.info.computeDType = *t;
  return sema.combineElementwise({&x}, *t, call.getLoc());
}

/// Reports a call in a form the built-in does not have.
static LogicalResult checkForm(Sema &sema, CallExpr &call, Builtin b) {
  BuiltinForm form = getBuiltinTraits(b).form;
  llvm::StringRef name = getBuiltinName(b);
  if (call.getReceiver() && form == BuiltinForm::Function) {
    sema.emitError(call.getLoc())
        << "'" << name << "' cannot be called as a method; write '" << name
        << "(x, ...)'";
    return failure();
  }
  if (!call.getReceiver() && form == BuiltinForm::Method) {
    // astype, the only one, takes an element type T.
    sema.emitError(call.getLoc())
        << "'" << name << "' is a method; write 'x." << name << "(T)'";
    return failure();
  }
  return success();
}

ValueType Sema::checkCall(CallExpr &call) {
  std::optional<Builtin> b = lookupBuiltin(call.getCallee());
  if (!b) {
    auto diag = emitError(call.getLoc());
    if (call.getReceiver())
      diag << "unknown method '" << call.getCallee() << "'";
    else if (externs.count(call.getCallee()))
      diag << "'" << call.getCallee() << "' is an extern function; call it "
           << "with 'call " << call.getCallee() << "(...)'";
    else
      diag << "unknown function '" << call.getCallee() << "'";
    return ValueType::error();
  }
  if (failed(checkForm(*this, call, *b)))
    return ValueType::error();
  call.builtin = *b;
  FailureOr<BoundArgs> args = bindArgs(*this, call, *b);
  if (failed(args))
    return ValueType::error();

  switch (getBuiltinTraits(*b).category) {
  case BuiltinCategory::Creation:
    return checkCreation(*this, call, *b, *args);
  case BuiltinCategory::ElementwiseUnary:
    return checkUnaryMath(*this, call, *b, *args);
  case BuiltinCategory::ElementwiseBinary:
  case BuiltinCategory::Elementwise:
    if (*b == Builtin::NanToNum)
      return checkNanToNum(*this, call, *args);
    return checkElementwiseN(*this, call, *b, *args);
  case BuiltinCategory::Cast:
    return checkAsType(*this, call, *args);
  case BuiltinCategory::Reduction:
    return checkReduction(*this, call, *b, *args);
  case BuiltinCategory::Selection:
    return checkSelection(*this, call, *b, *args);
  case BuiltinCategory::Structure:
    if (*b == Builtin::Histogram)
      return checkHistogram(*this, call, *args);
    if (*b == Builtin::Bincount)
      return checkBincount(*this, call, *args);
    return checkStructure(*this, call, *b, *args);
  case BuiltinCategory::Shape:
    return checkShapeCall(*this, call, *b, args->pos, args->kw);
  case BuiltinCategory::Scan:
    return checkScan(*this, call, *b, *args);
  case BuiltinCategory::LinearAlgebra:
    return checkLinearAlgebraCall(*this, call, *b, args->pos);
  case BuiltinCategory::Compaction:
    return checkCompactionCall(*this, call, *b, args->pos, args->kw);
  }
  llvm_unreachable("unknown built-in category");
}

//===----------------------------------------------------------------------===//
// Subscripts
//===----------------------------------------------------------------------===//

/// An index into an axis of `n` elements: normalised into `sub.start`.
static LogicalResult checkIndexSubscript(Sema &sema, Subscript &sub,
                                         unsigned axis, int64_t n) {
  SourceLoc loc = sub.index->getLoc();
  FailureOr<int64_t> i = sema.getSize(*sub.index, "an index");
  if (failed(i))
    return failure();
  FailureOr<int64_t> negN = sema.sizeOp(SizeOp::Sub, 0, n, loc);
  if (failed(negN))
    return failure();
  FailureOr<int64_t> low = sema.sizeOp(SizeOp::Le, *negN, *i, loc);
  FailureOr<int64_t> high = sema.sizeOp(SizeOp::Lt, *i, n, loc);
  if (failed(low) || failed(high))
    return failure();
  FailureOr<int64_t> inside = sema.sizeOp(SizeOp::And, *low, *high, loc);
  std::string message = "index {0} is out of bounds for axis " +
                        std::to_string(axis) + " with size {1}";
  if (failed(inside) ||
      failed(sema.require(*inside, loc, message, {*i, n})))
    return failure();
  FailureOr<int64_t> negative = sema.sizeOp(SizeOp::Lt, *i, 0, loc);
  FailureOr<int64_t> wrapped = sema.sizeOp(SizeOp::Add, *i, n, loc);
  if (failed(negative) || failed(wrapped))
    return failure();
  FailureOr<int64_t> start =
      sema.sizeOp(SizeOp::Select, *negative, *wrapped, loc, *i);
  if (failed(start))
    return failure();
  sub.start = *start;
  return success();
}

/// Python's rule for a slice bound with a positive step: a negative bound
/// counts from the end, and bounds are clamped to [0, n].
static FailureOr<int64_t> checkSliceBound(Sema &sema, ExprPtr &e,
                                          int64_t dflt, int64_t n) {
  if (!e)
    return dflt;
  SourceLoc loc = e->getLoc();
  FailureOr<int64_t> v = sema.getSize(*e, "a slice bound");
  if (failed(v))
    return failure();
  FailureOr<int64_t> negative = sema.sizeOp(SizeOp::Lt, *v, 0, loc);
  FailureOr<int64_t> fromEnd = sema.sizeOp(SizeOp::Add, *v, n, loc);
  if (failed(negative) || failed(fromEnd))
    return failure();
  FailureOr<int64_t> low = sema.sizeOp(SizeOp::Max, *fromEnd, 0, loc);
  FailureOr<int64_t> high = sema.sizeOp(SizeOp::Min, *v, n, loc);
  if (failed(low) || failed(high))
    return failure();
  return sema.sizeOp(SizeOp::Select, *negative, *low, loc, *high);
}

/// A slice of an axis of `n` elements, normalised into `sub.start`,
/// `sub.stop` and `sub.stride`. Returns how many elements it selects.
static FailureOr<int64_t> checkSliceSubscript(Sema &sema, Subscript &sub,
                                              unsigned axis, int64_t n) {
  int64_t step = 1;
  if (sub.step) {
    FailureOr<int64_t> s = sema.getIntConstant(*sub.step, "a slice step");
    if (failed(s))
      return failure();
    if (*s == 0) {
      sema.emitError(sub.step->getLoc()) << "slice step cannot be zero";
      return failure();
    }
    if (*s < 0) {
      sema.emitError(sub.step->getLoc())
          << "negative slice steps are not supported";
      return failure();
    }
    step = *s;
  }
  FailureOr<int64_t> lo = checkSliceBound(sema, sub.lo, 0, n);
  FailureOr<int64_t> hi = checkSliceBound(sema, sub.hi, n, n);
  if (failed(lo) || failed(hi))
    return failure();
  // ceil((hi - lo) / step), without overflow for a step near 2^63.
  FailureOr<int64_t> nonEmpty = sema.sizeOp(SizeOp::Lt, *lo, *hi, sub.loc);
  FailureOr<int64_t> span = sema.sizeOp(SizeOp::Sub, *hi, *lo, sub.loc);
  if (failed(nonEmpty) || failed(span))
    return failure();
  FailureOr<int64_t> last = sema.sizeOp(SizeOp::Sub, *span, 1, sub.loc);
  if (failed(last))
    return failure();
  FailureOr<int64_t> steps = sema.sizeOp(SizeOp::FloorDiv, *last, step, sub.loc);
  if (failed(steps))
    return failure();
  FailureOr<int64_t> count = sema.sizeOp(SizeOp::Add, *steps, 1, sub.loc);
  if (failed(count))
    return failure();
  FailureOr<int64_t> len =
      sema.sizeOp(SizeOp::Select, *nonEmpty, *count, sub.loc, 0);
  std::string message = "slice selects no elements of axis " +
                        std::to_string(axis) + " with size {0}";
  if (failed(len) || failed(sema.require(*nonEmpty, sub.loc, message, n)))
    return failure();
  sub.start = *lo;
  // One element: the step no longer matters, and a step near 2^63 would
  // overflow the arithmetic of later stages.
  bool single = *len == 1;
  FailureOr<int64_t> next = sema.sizeOp(SizeOp::Add, *lo, 1, sub.loc);
  if (failed(next))
    return failure();
  sub.stop = single ? *next : *hi;
  sub.stride = single ? 1 : step;
  return *len;
}

ValueType Sema::checkIndex(IndexExpr &index) {
  Expr &base = index.getBase();
  if (!checkValue(base))
    return ValueType::error();
  if (!base.type.isArray()) {
    emitError(index.getLoc()) << "cannot index a scalar";
    return ValueType::error();
  }
  const ValueType &bt = base.type;
  llvm::MutableArrayRef<Subscript> subs = index.getSubscripts();
  if (subs.size() == 1 && !subs[0].isSlice) {
    // An array as the only subscript selects; a scalar indexes.
    if (!checkValue(*subs[0].index))
      return ValueType::error();
    if (subs[0].index->type.isArray())
      return checkMaskIndex(*this, index, *subs[0].index);
  }
  if (subs.size() > bt.getRank()) {
    emitError(index.getLoc())
        << "too many indices: the array has " << bt.getRank() << " dimension"
        << (bt.getRank() == 1 ? "" : "s") << " but " << subs.size()
        << " were given";
    return ValueType::error();
  }
  ValueType box = ValueType::array(bt.dtype, {}, {});
  ValueType result = ValueType::array(bt.dtype, {}, {});
  for (unsigned d = 0; d < bt.getRank(); ++d) {
    int64_t n = bt.shape[d];
    if (d >= subs.size()) {
      box.shape.push_back(n);
      box.chunks.push_back(bt.chunks[d]);
      result.shape.push_back(n);
      result.chunks.push_back(bt.chunks[d]);
      continue;
    }
    Subscript &sub = subs[d];
    if (!sub.isSlice) {
      if (failed(checkIndexSubscript(*this, sub, d, n)))
        return ValueType::error();
      box.shape.push_back(1);
      box.chunks.push_back(1);
      continue;
    }
    FailureOr<int64_t> len = checkSliceSubscript(*this, sub, d, n);
    if (failed(len))
      return ValueType::error();
    // A chunk is never larger than the selection.
    FailureOr<int64_t> chunk =
        sizeOp(SizeOp::Min, bt.chunks[d], *len, subs[d].loc);
    if (failed(chunk))
      return ValueType::error();
    box.shape.push_back(*len);
    box.chunks.push_back(*chunk);
    result.shape.push_back(*len);
    result.chunks.push_back(*chunk);
  }
  index.box = std::move(box);
  if (result.shape.empty())
    return ValueType::scalar(bt.dtype);
  return result;
}
