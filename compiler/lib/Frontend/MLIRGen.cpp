//===- MLIRGen.cpp - Lowering the checked AST to the array dialect --------===//
//
// Emits `func.func @main` with one op per source construct, located at it.
// Sema has checked everything; this file only decides which ops express a
// construct and inserts the casts, rechunks and broadcasts that make operands
// agree.
//
//===----------------------------------------------------------------------===//

#include "MLIRGenCompaction.h"
#include "MLIRGenCounts.h"
#include "MLIRGenLinalg.h"
#include "MLIRGenShape.h"
#include "bridge/Dialect/Array/ArrayDialect.h"
#include "bridge/Dialect/Array/ArrayOps.h"
#include "bridge/Frontend/AST.h"
#include "bridge/Frontend/Frontend.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringMap.h"
#include <limits>

using namespace bridge;
using namespace bridge::ast;
using mlir::failure;
using mlir::FailureOr;
using mlir::LogicalResult;
using mlir::success;
using mlir::Value;
namespace arr = bridge::array;

namespace {
class MLIRGen {
public:
  MLIRGen(const Program &program, mlir::MLIRContext &context)
      : program(program), context(context), builder(&context),
        filename(mlir::StringAttr::get(&context, program.getFilename())) {}

  mlir::OwningOpRef<mlir::ModuleOp> generate();

private:
  mlir::Location loc(SourceLoc l) {
    return mlir::FileLineColLoc::get(filename, l.line, l.col);
  }
  mlir::Type elementType(DType dtype);
  mlir::Type toMLIRType(const ValueType &type);
  /// `type` with another element type (an array keeps its grid).
  mlir::Type withElement(mlir::Type type, DType dtype);

  void genStmt(const Stmt &stmt);
  FailureOr<Value> gen(const Expr &expr);
  /// The value of `expr` with element type `dtype`: constants are made in
  /// that type directly, anything else gets a cast.
  FailureOr<Value> genAs(const Expr &expr, DType dtype);
  Value genConstant(const Constant &c, DType dtype, mlir::Location l);
  Value cast(Value v, DType dtype, mlir::Location l);
  /// Array operands of one elementwise op share the result's grid in the
  /// dialect (`result`, Sema's broadcast shape and chunks): an operand of
  /// that shape is rechunked to its chunks, as dask unifies them; a smaller
  /// one is rechunked only along the axes it keeps, then broadcast.
  void unifyChunks(llvm::MutableArrayRef<Value> operands,
                   const ValueType &result, mlir::Location l);
  Value binary(arr::BinaryKind kind, Value lhs, Value rhs, mlir::Location l);

  FailureOr<Value> genUnary(const UnaryExpr &unary);
  FailureOr<Value> genBinary(const BinaryExpr &binary);
  FailureOr<Value> genCall(const CallExpr &call);
  FailureOr<Value> genCreation(const CallExpr &call, Builtin b);
  FailureOr<llvm::SmallVector<Value, 3>>
  genElementwiseOperands(const CallExpr &call, Builtin b);
  FailureOr<Value> genElementwise(const CallExpr &call, Builtin b);
  Value genNanToNum(const BuiltinInfo &info, Value x, mlir::Location l);
  /// array.reduce `kind` of `x` to `type`, with the call's axis and keepdims.
  Value genReduce(arr::ReduceKind kind, Value x, const BuiltinInfo &info,
                  mlir::Type type, mlir::Location l);
  FailureOr<Value> genExternCall(const ExternCallExpr &call,
                                 bool checkStatus = false);
  FailureOr<Value> genIndex(const IndexExpr &index);
  FailureOr<Value> genCompaction(const BuiltinInfo &info, Builtin b,
                                 mlir::Location l, mlir::Type type);
  /// An optional scalar argument of a built-in (a constant or an expression
  /// of parameters), or `dflt` when the call leaves it out.
  Value genArgument(const Expr *arg, const Constant &dflt, DType dtype,
                    mlir::Location l);
  /// The `str` parameter that gives a file's path, if one does.
  mlir::IntegerAttr pathParam(const FilePath &file);
  FailureOr<Value> genStructure(const CallExpr &call, Builtin b);
  FailureOr<Value> genSelection(const CallExpr &call, Builtin b);
  Value genSelectionAlongAxis(const CallExpr &call, Value x, bool median,
                              arr::ArrayType type);

  const Program &program;
  mlir::MLIRContext &context;
  mlir::OpBuilder builder;
  mlir::StringAttr filename;
  /// Bound names; a null value marks a binding that failed to lower.
  llvm::StringMap<Value> values;
  bool hadError = false;
};
} // namespace

mlir::Type MLIRGen::elementType(DType dtype) {
  switch (dtype) {
  case DType::Bool:
    return builder.getI1Type();
  case DType::I32:
    return builder.getI32Type();
  case DType::I64:
    return builder.getI64Type();
  case DType::F32:
    return builder.getF32Type();
  case DType::F64:
    return builder.getF64Type();
  }
  llvm_unreachable("unknown dtype");
}

mlir::Type MLIRGen::toMLIRType(const ValueType &type) {
  assert(type.isValue() && "only values have MLIR types");
  mlir::Type element = elementType(type.dtype);
  if (type.isScalar())
    return element;
  return arr::ArrayType::get(&context, type.shape, element, type.chunks);
}

mlir::Type MLIRGen::withElement(mlir::Type type, DType dtype) {
  if (auto array = llvm::dyn_cast<arr::ArrayType>(type))
    return array.withElementType(elementType(dtype));
  return elementType(dtype);
}

Value MLIRGen::cast(Value v, DType dtype, mlir::Location l) {
  mlir::Type target = withElement(v.getType(), dtype);
  if (target == v.getType())
    return v;
  return arr::CastOp::create(builder, l, target, v);
}

Value MLIRGen::genConstant(const Constant &c, DType dtype, mlir::Location l) {
  mlir::Type type = elementType(dtype);
  // Float to int and number to bool follow astype, so they go through a cast.
  if (isFloat(dtype)) {
    return mlir::arith::ConstantOp::create(
        builder, l, builder.getFloatAttr(type, c.asDouble()));
  }
  if (isInteger(dtype) && !c.isFloat()) {
    int64_t v = c.isInt() ? c.intValue : int64_t(c.boolValue);
    return mlir::arith::ConstantOp::create(builder, l,
                                           builder.getIntegerAttr(type, v));
  }
  if (isBool(dtype) && c.isBool()) {
    return mlir::arith::ConstantOp::create(
        builder, l, builder.getIntegerAttr(type, c.boolValue ? 1 : 0));
  }
  DType natural = c.isFloat() ? DType::F64 : DType::I64;
  return cast(genConstant(c, natural, l), dtype, l);
}

void MLIRGen::unifyChunks(llvm::MutableArrayRef<Value> operands,
                          const ValueType &result, mlir::Location l) {
  if (!result.isArray())
    return;
  llvm::ArrayRef<int64_t> shape = result.shape, chunks = result.chunks;
  for (Value &v : operands) {
    auto array = llvm::dyn_cast<arr::ArrayType>(v.getType());
    if (!array)
      continue;
    // Its own grid with the result's extents and chunks along the axes it
    // keeps. Extents that differ there are sizes known when the program
    // runs, which Sema's checks require to be equal before any work.
    size_t newDims = shape.size() - array.getRank();
    llvm::SmallVector<int64_t, 4> kept(array.getShape()),
        keptChunks(array.getChunks());
    bool stretched = newDims > 0;
    for (size_t d = 0; d < kept.size(); ++d) {
      if (kept[d] == 1 && shape[newDims + d] != 1) {
        stretched = true;
        continue;
      }
      kept[d] = shape[newDims + d];
      keptChunks[d] = chunks[newDims + d];
    }
    auto keptType = arr::ArrayType::get(&context, kept, array.getElementType(),
                                        keptChunks);
    if (keptType != array)
      v = arr::RechunkOp::create(builder, l, keptType, v);
    if (stretched)
      v = arr::BroadcastOp::create(
          builder, l,
          arr::ArrayType::get(&context, shape, array.getElementType(), chunks),
          v);
  }
}

Value MLIRGen::binary(arr::BinaryKind kind, Value lhs, Value rhs,
                      mlir::Location l) {
  mlir::Type type =
      llvm::isa<arr::ArrayType>(lhs.getType()) ? lhs.getType() : rhs.getType();
  return arr::BinaryOp::create(builder, l, type, kind, lhs, rhs);
}

Value MLIRGen::genArgument(const Expr *arg, const Constant &dflt, DType dtype,
                           mlir::Location l) {
  if (!arg)
    return genConstant(dflt, dtype, l);
  FailureOr<Value> v = genAs(*arg, dtype);
  assert(succeeded(v) && "Sema admits only constants and parameters here");
  return *v;
}

mlir::IntegerAttr MLIRGen::pathParam(const FilePath &file) {
  if (!file.param)
    return {};
  return builder.getI32IntegerAttr(file.param->index);
}

FailureOr<Value> MLIRGen::genAs(const Expr &expr, DType dtype) {
  if (expr.constant)
    return genConstant(*expr.constant, dtype, loc(expr.getLoc()));
  FailureOr<Value> v = gen(expr);
  if (failed(v))
    return failure();
  return cast(*v, dtype, loc(expr.getLoc()));
}

FailureOr<Value> MLIRGen::gen(const Expr &expr) {
  if (expr.constant)
    return genConstant(*expr.constant, expr.type.dtype, loc(expr.getLoc()));
  // Sizes and parameters are known when the program starts.
  if (expr.size)
    return cast(arr::SizeOp::create(builder, loc(expr.getLoc()),
                                    builder.getI64Type(),
                                    builder.getI64IntegerAttr(*expr.size)),
                expr.type.dtype, loc(expr.getLoc()));
  if (auto *name = llvm::dyn_cast<NameExpr>(&expr); name && name->param)
    return Value(arr::ParamOp::create(builder, loc(expr.getLoc()),
                                      elementType(expr.type.dtype),
                                      name->param->index));
  switch (expr.getKind()) {
  case Expr::Kind::Name: {
    Value v = values.lookup(llvm::cast<NameExpr>(expr).getName());
    if (!v)
      return failure(); // its binding already reported an error
    return v;
  }
  case Expr::Kind::Unary:
    return genUnary(llvm::cast<UnaryExpr>(expr));
  case Expr::Kind::Binary:
    return genBinary(llvm::cast<BinaryExpr>(expr));
  case Expr::Kind::Call:
    return genCall(llvm::cast<CallExpr>(expr));
  case Expr::Kind::ExternCall:
    return genExternCall(llvm::cast<ExternCallExpr>(expr));
  case Expr::Kind::Index:
    return genIndex(llvm::cast<IndexExpr>(expr));
  default:
    break;
  }
  llvm_unreachable("Sema leaves no other expression with a value");
}

FailureOr<Value> MLIRGen::genUnary(const UnaryExpr &unary) {
  FailureOr<Value> operand = gen(unary.getOperand());
  if (failed(operand))
    return failure();
  arr::UnaryKind kind = unary.getOp() == UnaryOpKind::Neg ? arr::UnaryKind::neg
                                                          : arr::UnaryKind::lnot;
  return Value(arr::UnaryOp::create(builder, loc(unary.getLoc()),
                                    toMLIRType(unary.type), kind, *operand));
}

static arr::BinaryKind toBinaryKind(BinaryOpKind op) {
  switch (op) {
  case BinaryOpKind::Add:
    return arr::BinaryKind::add;
  case BinaryOpKind::Sub:
    return arr::BinaryKind::sub;
  case BinaryOpKind::Mul:
    return arr::BinaryKind::mul;
  case BinaryOpKind::Div:
    return arr::BinaryKind::div;
  case BinaryOpKind::FloorDiv:
    return arr::BinaryKind::floordiv;
  case BinaryOpKind::Mod:
    return arr::BinaryKind::mod;
  case BinaryOpKind::Pow:
    return arr::BinaryKind::pow;
  case BinaryOpKind::Eq:
    return arr::BinaryKind::eq;
  case BinaryOpKind::Ne:
    return arr::BinaryKind::ne;
  case BinaryOpKind::Lt:
    return arr::BinaryKind::lt;
  case BinaryOpKind::Le:
    return arr::BinaryKind::le;
  case BinaryOpKind::Gt:
    return arr::BinaryKind::gt;
  case BinaryOpKind::Ge:
    return arr::BinaryKind::ge;
  case BinaryOpKind::And:
    return arr::BinaryKind::land;
  case BinaryOpKind::Or:
    return arr::BinaryKind::lor;
  }
  llvm_unreachable("unknown binary operator");
}

FailureOr<Value> MLIRGen::genBinary(const BinaryExpr &binary) {
  FailureOr<Value> lhs = genAs(binary.getLHS(), binary.operandDType);
  FailureOr<Value> rhs = genAs(binary.getRHS(), binary.operandDType);
  if (failed(lhs) || failed(rhs))
    return failure();
  Value operands[] = {*lhs, *rhs};
  unifyChunks(operands, binary.type, loc(binary.getLoc()));
  return Value(arr::BinaryOp::create(builder, loc(binary.getLoc()),
                                     toMLIRType(binary.type),
                                     toBinaryKind(binary.getOp()), operands[0],
                                     operands[1]));
}

/// The array dialect's kind for a built-in of Builtins.def that has one.
static arr::UnaryKind getUnaryKind(Builtin b) {
  switch (b) {
#define BRIDGE_UNARY_BUILTIN(ID, NAME, KIND, TYPING, FORM)                     \
  case Builtin::ID:                                                            \
    return arr::UnaryKind::KIND;
#include "bridge/Frontend/Builtins.def"
  default:
    llvm_unreachable("not an elementwise unary built-in");
  }
}

static arr::BinaryKind getBinaryKind(Builtin b) {
  switch (b) {
#define BRIDGE_BINARY_BUILTIN(ID, NAME, KIND, TYPING)                          \
  case Builtin::ID:                                                            \
    return arr::BinaryKind::KIND;
#include "bridge/Frontend/Builtins.def"
  default:
    llvm_unreachable("not an elementwise binary built-in");
  }
}

static arr::ReduceKind getReduceKind(Builtin b) {
  switch (b) {
#define BRIDGE_REDUCTION_BUILTIN(ID, NAME, KIND, TYPING)                       \
  case Builtin::ID:                                                            \
    return arr::ReduceKind::KIND;
#include "bridge/Frontend/Builtins.def"
  default:
    llvm_unreachable("not a reduction built-in");
  }
}

static arr::ScanKind getScanKind(Builtin b) {
  switch (b) {
#define BRIDGE_SCAN_BUILTIN(ID, NAME, KIND)                                    \
  case Builtin::ID:                                                            \
    return arr::ScanKind::KIND;
#include "bridge/Frontend/Builtins.def"
  default:
    llvm_unreachable("not a scan built-in");
  }
}

FailureOr<Value> MLIRGen::genCall(const CallExpr &call) {
  assert(call.builtin && "Sema resolves every call");
  const BuiltinInfo &info = call.info;
  Builtin b = *call.builtin;
  mlir::Location l = loc(call.getLoc());
  mlir::Type type = toMLIRType(call.type);

  switch (getBuiltinTraits(b).category) {
  case BuiltinCategory::Creation:
    return genCreation(call, b);
  case BuiltinCategory::ElementwiseUnary: {
    FailureOr<Value> x = genAs(*info.operands[0], info.computeDType);
    if (failed(x))
      return failure();
    return Value(arr::UnaryOp::create(builder, l, type, getUnaryKind(b), *x));
  }
  case BuiltinCategory::ElementwiseBinary:
  case BuiltinCategory::Elementwise:
    return genElementwise(call, b);
  case BuiltinCategory::Cast: {
    FailureOr<Value> x = gen(*info.operands[0]);
    if (failed(x))
      return failure();
    return cast(*x, info.dtype, l);
  }
  case BuiltinCategory::Reduction: {
    FailureOr<Value> x = gen(*info.operands[0]);
    if (failed(x))
      return failure();
    if (b == Builtin::Ptp) {
      Value highest = genReduce(arr::ReduceKind::max, *x, info, type, l);
      Value lowest = genReduce(arr::ReduceKind::min, *x, info, type, l);
      return binary(arr::BinaryKind::sub, highest, lowest, l);
    }
    return genReduce(getReduceKind(b), *x, info, type, l);
  }
  case BuiltinCategory::Selection:
    return genSelection(call, b);
  case BuiltinCategory::Structure:
    return genStructure(call, b);
  case BuiltinCategory::Shape: {
    llvm::SmallVector<Value, 4> inputs;
    for (const Expr *e : info.operands) {
      FailureOr<Value> v = genAs(*e, info.computeDType);
      if (failed(v))
        return failure();
      inputs.push_back(*v);
    }
    return genShapeCall(builder, l, b, info, inputs,
                        llvm::cast<arr::ArrayType>(type));
  }
  case BuiltinCategory::LinearAlgebra: {
    FailureOr<Value> lhs = genAs(*info.operands[0], info.computeDType);
    if (failed(lhs))
      return failure();
    FailureOr<Value> rhs = genAs(*info.operands[1], info.computeDType);
    if (failed(rhs))
      return failure();
    return genLinearAlgebraCall(builder, l, b, *lhs, *rhs, type);
  }
  case BuiltinCategory::Compaction:
    return genCompaction(call.info, b, l, type);
  case BuiltinCategory::Scan: {
    FailureOr<Value> x = genAs(*info.operands[0], info.computeDType);
    if (failed(x))
      return failure();
    auto scan = [&](Value input, int64_t axis) {
      return Value(arr::ScanOp::create(builder, l, input.getType(),
                                       getScanKind(b), input, axis));
    };
    if (!info.axes.empty())
      return genOnMergedAxes(builder, l, *x, info,
                             llvm::cast<arr::ArrayType>(type), scan);
    return scan(*x, *info.axis);
  }
  }
  llvm_unreachable("unknown built-in category");
}

Value MLIRGen::genReduce(arr::ReduceKind kind, Value x, const BuiltinInfo &info,
                         mlir::Type type, mlir::Location l) {
  auto input = llvm::cast<arr::ArrayType>(x.getType());
  // Along the only axis of a 1-D array is the whole-array reduction.
  bool alongAxis = info.axis && input.getRank() > 1;
  mlir::IntegerAttr axis;
  if (alongAxis)
    axis = builder.getI64IntegerAttr(*info.axis);
  if (!info.keepDims)
    return arr::ReduceOp::create(builder, l, type, kind, x, axis);
  // keepdims: the reduced axes come back with extent 1.
  auto kept = llvm::cast<arr::ArrayType>(type);
  mlir::Type element = kept.getElementType();
  if (!alongAxis) {
    Value scalar = arr::ReduceOp::create(builder, l, element, kind, x, axis);
    return arr::FullOp::create(builder, l, kept, scalar);
  }
  llvm::SmallVector<int64_t, 4> shape(kept.getShape()),
      chunks(kept.getChunks());
  shape.erase(shape.begin() + *info.axis);
  chunks.erase(chunks.begin() + *info.axis);
  Value reduced = arr::ReduceOp::create(
      builder, l, arr::ArrayType::get(&context, shape, element, chunks), kind,
      x, axis);
  return arr::ExpandDimsOp::create(builder, l, kept, reduced,
                                   llvm::ArrayRef<int64_t>{*info.axis});
}

FailureOr<Value> MLIRGen::genCreation(const CallExpr &call, Builtin b) {
  const BuiltinInfo &info = call.info;
  mlir::Location l = loc(call.getLoc());
  auto type = llvm::cast<arr::ArrayType>(toMLIRType(call.type));
  switch (b) {
  case Builtin::Random:
    return Value(arr::RandomOp::create(
        builder, l, type, genArgument(info.seed, Constant::ofInt(0), DType::I64, l)));
  case Builtin::Normal:
    return Value(arr::NormalOp::create(
        builder, l, type, genArgument(info.seed, Constant::ofInt(0), DType::I64, l),
        genArgument(info.mean, Constant::ofFloat(0.0), DType::F64, l),
        genArgument(info.stddev, Constant::ofFloat(1.0), DType::F64, l)));
  case Builtin::Zeros:
  case Builtin::Ones: {
    Value fill = genConstant(Constant::ofInt(b == Builtin::Ones ? 1 : 0),
                             info.dtype, l);
    return Value(arr::FullOp::create(builder, l, type, fill));
  }
  case Builtin::Full: {
    FailureOr<Value> fill = genAs(*info.operands[0], info.dtype);
    if (failed(fill))
      return failure();
    return Value(arr::FullOp::create(builder, l, type, *fill));
  }
  case Builtin::Arange:
    return Value(arr::ArangeOp::create(builder, l, type));
  case Builtin::Load:
  case Builtin::LoadRaw:
  case Builtin::LoadH5:
    return Value(arr::LoadOp::create(
        builder, l, type, info.file.literal, pathParam(info.file),
        info.file.isHdf5 ? builder.getStringAttr(info.file.dataset) : nullptr,
        b == Builtin::LoadRaw));
  default:
    llvm_unreachable("not a creation built-in");
  }
}

/// The operands in the type they compute in; the condition of where stays
/// bool. Arrays among them share chunks.
FailureOr<llvm::SmallVector<Value, 3>>
MLIRGen::genElementwiseOperands(const CallExpr &call, Builtin b) {
  const BuiltinInfo &info = call.info;
  llvm::SmallVector<Value, 3> operands;
  for (auto [i, e] : llvm::enumerate(info.operands)) {
    FailureOr<Value> v = (b == Builtin::Where && i == 0)
                             ? gen(*e)
                             : genAs(*e, info.computeDType);
    if (failed(v))
      return failure();
    operands.push_back(*v);
  }
  unifyChunks(operands, call.type, loc(call.getLoc()));
  return operands;
}

FailureOr<Value> MLIRGen::genElementwise(const CallExpr &call, Builtin b) {
  FailureOr<llvm::SmallVector<Value, 3>> operands =
      genElementwiseOperands(call, b);
  if (failed(operands))
    return failure();
  llvm::ArrayRef<Value> ops = *operands;
  mlir::Location l = loc(call.getLoc());
  if (getBuiltinTraits(b).category == BuiltinCategory::ElementwiseBinary)
    return binary(getBinaryKind(b), ops[0], ops[1], l);
  switch (b) {
  case Builtin::Where:
    return Value(arr::SelectOp::create(builder, l, toMLIRType(call.type),
                                       ops[0], ops[1], ops[2]));
  case Builtin::Clip: {
    Value lower = binary(arr::BinaryKind::maximum, ops[0], ops[1], l);
    return binary(arr::BinaryKind::minimum, lower, ops[2], l);
  }
  case Builtin::NanToNum:
    return genNanToNum(call.info, ops[0], l);
  default:
    llvm_unreachable("not an elementwise built-in");
  }
}

/// where(isnan(x), nan, where(x == inf, posinf, where(x == -inf, neginf, x))).
Value MLIRGen::genNanToNum(const BuiltinInfo &info, Value x, mlir::Location l) {
  DType dtype = info.computeDType;
  if (!isFloat(dtype))
    return x;
  mlir::Type type = x.getType();
  mlir::Type boolType = builder.getI1Type();
  if (auto array = llvm::dyn_cast<arr::ArrayType>(type))
    boolType = arr::ArrayType::get(&context, array.getShape(), boolType,
                                   array.getChunks());
  auto constant = [&](double v) {
    return genConstant(Constant::ofFloat(v), dtype, l);
  };
  constexpr double inf = std::numeric_limits<double>::infinity();
  auto replace = [&](Value cond, double v, Value otherwise) {
    return Value(
        arr::SelectOp::create(builder, l, type, cond, constant(v), otherwise));
  };
  auto equals = [&](double v) {
    return Value(arr::BinaryOp::create(builder, l, boolType,
                                       arr::BinaryKind::eq, x, constant(v)));
  };
  Value result = replace(equals(-inf), info.negInfValue, x);
  result = replace(equals(inf), info.posInfValue, result);
  Value isNan =
      arr::UnaryOp::create(builder, l, boolType, arr::UnaryKind::isnan, x);
  return replace(isNan, info.nanValue, result);
}

/// One array.quantile for all the quantiles; keepdims and a list of
/// quantiles make an array of its scalars: each filled into its own
/// one-element array, joined along the leading axis.
FailureOr<Value> MLIRGen::genSelection(const CallExpr &call, Builtin b) {
  const BuiltinInfo &info = call.info;
  mlir::Location l = loc(call.getLoc());
  FailureOr<Value> x = gen(*info.operands[0]);
  if (failed(x))
    return failure();
  mlir::Type type = toMLIRType(call.type);
  auto array = llvm::dyn_cast<arr::ArrayType>(type);
  mlir::Type element = array ? array.getElementType() : type;
  bool median = b == Builtin::Median;
  if (info.axis)
    return genSelectionAlongAxis(call, *x, median,
                                 llvm::cast<arr::ArrayType>(type));
  llvm::SmallVector<mlir::Type, 4> types(median ? 1 : info.quantiles.size(),
                                         element);
  auto quantile = arr::QuantileOp::create(
      builder, l, types, *x, median,
      builder.getDenseF64ArrayAttr(info.quantiles));
  if (!array)
    return Value(quantile.getResult(0));
  llvm::SmallVector<int64_t, 4> ones(array.getRank(), 1);
  auto one = arr::ArrayType::get(&context, ones, element, ones);
  if (!info.quantileList)
    return Value(arr::FullOp::create(builder, l, one, quantile.getResult(0)));
  llvm::SmallVector<Value, 4> parts;
  llvm::SmallVector<int64_t, 4> offsets;
  for (Value scalar : quantile.getResults()) {
    offsets.push_back(static_cast<int64_t>(parts.size()));
    parts.push_back(arr::FullOp::create(builder, l, one, scalar));
  }
  if (parts.size() == 1)
    return parts.front();
  return Value(arr::ConcatOp::create(builder, l, array, parts, 0, offsets));
}

/// One array.line_quantile per quantile, each with keepdims' unit axis
/// inserted, joined along a leading axis for a list of quantiles.
Value MLIRGen::genSelectionAlongAxis(const CallExpr &call, Value x,
                                     bool median, arr::ArrayType type) {
  const BuiltinInfo &info = call.info;
  mlir::Location l = loc(call.getLoc());
  mlir::Type element = type.getElementType();
  auto input = llvm::cast<arr::ArrayType>(x.getType());
  int64_t axis = *info.axis;
  // `array` with a unit axis inserted at `dim`.
  auto withUnitAxis = [&](Value array, int64_t dim) -> Value {
    auto from = llvm::cast<arr::ArrayType>(array.getType());
    llvm::SmallVector<int64_t, 4> shape(from.getShape()),
        chunks(from.getChunks());
    shape.insert(shape.begin() + dim, 1);
    chunks.insert(chunks.begin() + dim, 1);
    return arr::ExpandDimsOp::create(
        builder, l, arr::ArrayType::get(&context, shape, element, chunks),
        array, llvm::ArrayRef<int64_t>{dim});
  };
  llvm::SmallVector<int64_t, 4> shape(input.getShape()),
      chunks(input.getChunks());
  shape.erase(shape.begin() + axis);
  chunks.erase(chunks.begin() + axis);
  auto lineType = arr::ArrayType::get(&context, shape, element, chunks);
  llvm::SmallVector<double, 4> qs(info.quantiles);
  if (median)
    qs.assign(1, 0.5);
  llvm::SmallVector<Value, 4> parts;
  llvm::SmallVector<int64_t, 4> offsets;
  for (double q : qs) {
    Value part = arr::LineQuantileOp::create(builder, l, lineType, x, axis,
                                             median, llvm::APFloat(q));
    if (info.keepDims)
      part = withUnitAxis(part, axis);
    if (info.quantileList)
      part = withUnitAxis(part, 0);
    offsets.push_back(static_cast<int64_t>(parts.size()));
    parts.push_back(part);
  }
  if (!info.quantileList)
    return parts.front();
  return arr::ConcatOp::create(builder, l, type, parts, 0, offsets);
}

FailureOr<Value> MLIRGen::genStructure(const CallExpr &call, Builtin b) {
  const BuiltinInfo &info = call.info;
  mlir::Location l = loc(call.getLoc());
  auto type = llvm::cast<arr::ArrayType>(toMLIRType(call.type));
  llvm::SmallVector<Value, 4> inputs;
  for (const Expr *e : info.operands) {
    FailureOr<Value> v = genAs(*e, info.computeDType);
    if (failed(v))
      return failure();
    inputs.push_back(*v);
  }
  switch (b) {
  case Builtin::Rechunk:
    return Value(arr::RechunkOp::create(builder, l, type, inputs[0]));
  case Builtin::Concat:
    return Value(arr::ConcatOp::create(builder, l, type, inputs, *info.axis,
                                       info.offsets));
  case Builtin::Histogram:
    return genHistogram(builder, l, info, inputs[0], type);
  case Builtin::Bincount:
    return genBincount(builder, l, info, inputs[0], type);
  case Builtin::Convolve: {
    std::optional<arr::PadMode> mode = arr::symbolizePadMode(info.boundary);
    assert(mode && "Sema checks the boundary mode");
    return Value(arr::ConvolveOp::create(builder, l, type, inputs[0],
                                         info.weights, *mode, *info.axis));
  }
  default:
    llvm_unreachable("not a structure built-in");
  }
}

/// Integers on every axis give a scalar; slices give a strided box, and
/// integer subscripts among slices are dimensions of extent 1, dropped.
FailureOr<Value> MLIRGen::genIndex(const IndexExpr &index) {
  if (index.mask)
    return genCompaction(*index.mask, Builtin::Compress, loc(index.getLoc()),
                         toMLIRType(index.type));
  FailureOr<Value> base = gen(index.getBase());
  if (failed(base))
    return failure();
  auto input = llvm::cast<arr::ArrayType>(base->getType());
  mlir::Location l = loc(index.getLoc());
  llvm::ArrayRef<Subscript> subs = index.getSubscripts();
  bool anySlice = llvm::any_of(subs, [](const Subscript &s) { return s.isSlice; });
  if (!anySlice && subs.size() == static_cast<size_t>(input.getRank())) {
    llvm::SmallVector<int64_t, 4> indices;
    for (const Subscript &sub : subs)
      indices.push_back(sub.start);
    return Value(arr::IndexOp::create(builder, l, input.getElementType(),
                                      *base, indices));
  }
  llvm::SmallVector<int64_t, 4> starts, steps, dropped;
  for (int64_t dim = 0; dim < input.getRank(); ++dim) {
    if (static_cast<size_t>(dim) >= subs.size()) {
      starts.push_back(0);
      steps.push_back(1);
      continue;
    }
    const Subscript &sub = subs[dim];
    starts.push_back(sub.start);
    steps.push_back(sub.isSlice ? sub.stride : 1);
    if (!sub.isSlice)
      dropped.push_back(dim);
  }
  Value box = arr::SliceOp::create(builder, l, toMLIRType(index.box), *base,
                                   starts, steps);
  if (dropped.empty())
    return box;
  return Value(arr::SqueezeOp::create(builder, l, toMLIRType(index.type), box,
                                      dropped));
}

/// The operands of a compaction as generated, then its ops.
FailureOr<Value> MLIRGen::genCompaction(const BuiltinInfo &info, Builtin b,
                                        mlir::Location l, mlir::Type type) {
  llvm::SmallVector<Value, 2> operands;
  for (const Expr *e : info.operands) {
    FailureOr<Value> v = gen(*e);
    if (failed(v))
      return failure();
    operands.push_back(*v);
  }
  return genCompactionCall(builder, l, b, info, operands, type);
}

FailureOr<Value> MLIRGen::genExternCall(const ExternCallExpr &call,
                                        bool checkStatus) {
  assert(call.decl && "Sema resolves every extern call");
  llvm::SmallVector<Value, 4> args;
  llvm::SmallVector<int64_t, 2> blockArgs, columnMajorArgs, cyclicLayouts;
  auto addCyclic = [&](int64_t index, const CyclicLayout &cyclic) {
    cyclicLayouts.append({index, cyclic.blockRows, cyclic.blockCols,
                          cyclic.gridRows, cyclic.gridCols});
  };
  bool ok = true;
  for (auto [i, param, arg] :
       llvm::enumerate(call.decl->getParams(), call.getArgs())) {
    FailureOr<Value> v = param.isArray ? gen(*arg) : genAs(*arg, param.dtype);
    if (failed(v)) {
      ok = false;
      continue;
    }
    args.push_back(*v);
    if (param.isArray && param.layout == Layout::Block)
      blockArgs.push_back(i);
    if (param.columnMajor)
      columnMajorArgs.push_back(i);
    if (param.isArray && param.layout == Layout::Cyclic)
      addCyclic(i, param.cyclic);
  }
  if (!ok)
    return failure();
  mlir::Type result;
  if (call.decl->getResult())
    result = toMLIRType(call.type);
  auto op = arr::CallOp::create(builder, loc(call.getLoc()), result,
                                call.getCallee(), args, blockArgs);
  if (call.decl->returnsArray() &&
      call.decl->getResultLayout() == Layout::Block)
    op.setBlockResult(true);
  if (call.decl->returnsArray() &&
      call.decl->getResultLayout() == Layout::Cyclic)
    addCyclic(-1, call.decl->getResultCyclic());
  op.setCyclicLayouts(cyclicLayouts);
  op.setColumnMajorArgs(columnMajorArgs);
  op.setColumnMajorResult(call.decl->resultIsColumnMajor());
  op.setDeclaredGrid(!call.decl->resultShape.empty());
  // A statement call of an i32 function reports failure by a non-zero status.
  if (checkStatus && result && result.isInteger(32))
    op.setCheckStatus(true);
  op.setFortran(call.decl->isFortran());
  return op->getNumResults() ? op->getResult(0) : Value();
}

void MLIRGen::genStmt(const Stmt &stmt) {
  mlir::Location l = loc(stmt.getLoc());
  if (auto *let = llvm::dyn_cast<LetStmt>(&stmt)) {
    // Literal-only bindings are folded into their uses.
    if (let->getValue().constant)
      return;
    FailureOr<Value> v = gen(let->getValue());
    hadError |= failed(v);
    values[let->getName()] = succeeded(v) ? *v : Value();
    return;
  }
  if (auto *call = llvm::dyn_cast<CallStmt>(&stmt)) {
    hadError |= failed(genExternCall(call->getCall(), /*checkStatus=*/true));
    return;
  }
  if (auto *print = llvm::dyn_cast<PrintStmt>(&stmt)) {
    FailureOr<Value> v = gen(print->getValue());
    if (failed(v)) {
      hadError = true;
      return;
    }
    arr::PrintOp::create(builder, l, *v);
    return;
  }
  if (auto *save = llvm::dyn_cast<SaveStmt>(&stmt)) {
    FailureOr<Value> v = gen(save->getValue());
    if (failed(v)) {
      hadError = true;
      return;
    }
    const FilePath &target = save->target;
    std::string path = target.isHdf5 ? target.literal + ":" + target.dataset
                                     : target.literal;
    arr::SaveOp::create(builder, l, *v, path, pathParam(target));
    return;
  }
  // extern fn declarations produce no code; calls name the symbol.
}

mlir::OwningOpRef<mlir::ModuleOp> MLIRGen::generate() {
  context.getOrLoadDialect<mlir::func::FuncDialect>();
  context.getOrLoadDialect<mlir::arith::ArithDialect>();
  context.getOrLoadDialect<arr::ArrayDialect>();

  mlir::Location fileLoc = mlir::FileLineColLoc::get(filename, 1, 1);
  mlir::OwningOpRef<mlir::ModuleOp> module = mlir::ModuleOp::create(fileLoc);
  // The parameters and the sizes known only when the program runs travel
  // with the module into the program's embedded plan.
  if (!program.sizes.empty())
    (*module)->setAttr(arr::ArrayDialect::getSizesAttrName(),
                       builder.getStringAttr(program.sizes.serialize()));
  builder.setInsertionPointToEnd(module->getBody());
  auto main = mlir::func::FuncOp::create(builder, fileLoc, "main",
                                         builder.getFunctionType({}, {}));
  builder.setInsertionPointToEnd(main.addEntryBlock());
  for (const StmtPtr &stmt : program.getStmts())
    genStmt(*stmt);
  if (hadError)
    return nullptr;
  mlir::func::ReturnOp::create(builder, fileLoc);
  if (failed(mlir::verify(*module)))
    return nullptr;
  return module;
}

mlir::OwningOpRef<mlir::ModuleOp>
bridge::lowerToArrayDialect(const Program &program,
                            mlir::MLIRContext &context) {
  return MLIRGen(program, context).generate();
}
