//===- AST.h - Abstract syntax tree of a .bdsl program ----------*- C++ -*-===//
//
// Every node carries the location of its source construct. Sema fills in the
// annotations (types, constants, resolved built-ins and externs) so that
// MLIRGen can lower the tree without checking anything again.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_FRONTEND_AST_H
#define BRIDGE_FRONTEND_AST_H

#include "bridge/Frontend/Diagnostics.h"
#include "bridge/Frontend/Types.h"
#include "bridge/sizes.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Casting.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bridge {
namespace ast {

class Expr;
class ExternStmt;
class LetStmt;
class ParamStmt;
using ExprPtr = std::unique_ptr<Expr>;

/// The value of a constant expression: literals and arithmetic on them.
struct Constant {
  enum class Kind : uint8_t { Int, Float, Bool };
  Kind kind = Kind::Int;
  int64_t intValue = 0;
  double floatValue = 0.0;
  bool boolValue = false;

  static Constant ofInt(int64_t v) { return {Kind::Int, v, 0.0, false}; }
  static Constant ofFloat(double v) { return {Kind::Float, 0, v, false}; }
  static Constant ofBool(bool v) { return {Kind::Bool, 0, 0.0, v}; }
  bool isInt() const { return kind == Kind::Int; }
  bool isFloat() const { return kind == Kind::Float; }
  bool isBool() const { return kind == Kind::Bool; }
  double asDouble() const {
    return isFloat() ? floatValue : isInt() ? double(intValue) : double(boolValue);
  }
  void print(llvm::raw_ostream &os) const;
};

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

class Expr {
public:
  enum class Kind : uint8_t {
    Integer,
    Float,
    Bool,
    String,
    Name,
    List,
    Unary,
    Binary,
    Call,
    Index,
    ExternCall,
  };

  virtual ~Expr();
  Kind getKind() const { return kind; }
  SourceLoc getLoc() const { return loc; }
  /// Height of the tree below this node; the parser bounds it so that the
  /// recursive walks of Sema, MLIRGen and the printer cannot overflow.
  unsigned getHeight() const { return height; }

  /// Set by Sema.
  ValueType type;
  /// Set by Sema for weak (literal-only) scalars.
  std::optional<Constant> constant;
  /// Set by Sema for integer scalars whose value the program's sizes know: a
  /// constant, or a symbol of Program::sizes (an expression of parameters).
  std::optional<int64_t> size;

protected:
  Expr(Kind kind, SourceLoc loc, unsigned height = 1)
      : kind(kind), loc(loc), height(height) {}

private:
  Kind kind;
  SourceLoc loc;
  unsigned height;
};

class IntegerExpr : public Expr {
public:
  IntegerExpr(SourceLoc loc, int64_t value, llvm::StringRef spelling)
      : Expr(Kind::Integer, loc), value(value), spelling(spelling.str()) {}
  int64_t getValue() const { return value; }
  llvm::StringRef getSpelling() const { return spelling; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Integer; }

private:
  int64_t value;
  std::string spelling;
};

class FloatExpr : public Expr {
public:
  FloatExpr(SourceLoc loc, double value, llvm::StringRef spelling)
      : Expr(Kind::Float, loc), value(value), spelling(spelling.str()) {}
  double getValue() const { return value; }
  llvm::StringRef getSpelling() const { return spelling; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Float; }

private:
  double value;
  std::string spelling;
};

class BoolExpr : public Expr {
public:
  BoolExpr(SourceLoc loc, bool value) : Expr(Kind::Bool, loc), value(value) {}
  bool getValue() const { return value; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Bool; }

private:
  bool value;
};

class StringExpr : public Expr {
public:
  StringExpr(SourceLoc loc, std::string value)
      : Expr(Kind::String, loc), value(std::move(value)) {}
  llvm::StringRef getValue() const { return value; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::String; }

private:
  std::string value;
};

class NameExpr : public Expr {
public:
  NameExpr(SourceLoc loc, llvm::StringRef name)
      : Expr(Kind::Name, loc), name(name.str()) {}
  llvm::StringRef getName() const { return name; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Name; }

  /// Set by Sema: the binding or parameter this name refers to (both null
  /// for a type name).
  const LetStmt *binding = nullptr;
  const ParamStmt *param = nullptr;

private:
  std::string name;
};

class ListExpr : public Expr {
public:
  ListExpr(SourceLoc loc, std::vector<ExprPtr> elements, unsigned height)
      : Expr(Kind::List, loc, height), elements(std::move(elements)) {}
  llvm::ArrayRef<ExprPtr> getElements() const { return elements; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::List; }

private:
  std::vector<ExprPtr> elements;
};

enum class UnaryOpKind : uint8_t { Neg, Not };
enum class BinaryOpKind : uint8_t {
  Add,
  Sub,
  Mul,
  Div,
  FloorDiv,
  Mod,
  Pow,
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  And,
  Or,
};
llvm::StringRef getUnaryOpSpelling(UnaryOpKind op);
llvm::StringRef getBinaryOpSpelling(BinaryOpKind op);
bool isComparison(BinaryOpKind op);

class UnaryExpr : public Expr {
public:
  UnaryExpr(SourceLoc loc, UnaryOpKind op, ExprPtr operand)
      : Expr(Kind::Unary, loc, operand->getHeight() + 1), op(op),
        operand(std::move(operand)) {}
  UnaryOpKind getOp() const { return op; }
  const Expr &getOperand() const { return *operand; }
  Expr &getOperand() { return *operand; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Unary; }

private:
  UnaryOpKind op;
  ExprPtr operand;
};

/// The location is the operator's.
class BinaryExpr : public Expr {
public:
  BinaryExpr(SourceLoc loc, BinaryOpKind op, ExprPtr lhs, ExprPtr rhs)
      : Expr(Kind::Binary, loc,
             std::max(lhs->getHeight(), rhs->getHeight()) + 1),
        op(op), lhs(std::move(lhs)), rhs(std::move(rhs)) {}
  BinaryOpKind getOp() const { return op; }
  const Expr &getLHS() const { return *lhs; }
  const Expr &getRHS() const { return *rhs; }
  Expr &getLHS() { return *lhs; }
  Expr &getRHS() { return *rhs; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Binary; }

  /// Set by Sema: both operands are cast to this element type first (for
  /// comparisons it differs from the bool result, for `/` on ints it is f64).
  DType operandDType = DType::F64;

private:
  BinaryOpKind op;
  ExprPtr lhs, rhs;
};

struct KeywordArg {
  std::string name;
  SourceLoc loc;
  ExprPtr value;
};

/// The built-in functions of spec section 4.
enum class Builtin : uint8_t {
#define BRIDGE_BUILTIN(ID, NAME, CATEGORY, TYPING, MIN_POS, MAX_POS, FORM) ID,
#include "bridge/Frontend/Builtins.def"
};

/// How a built-in is checked and lowered.
enum class BuiltinCategory : uint8_t {
  /// An array from static arguments: shapes, chunks, seeds, files.
  Creation,
  /// One operand; array.unary.
  ElementwiseUnary,
  /// Two operands promoted to a common type; array.binary.
  ElementwiseBinary,
  /// Several operands promoted to a common type, each lowered its own way.
  Elementwise,
  /// An operand and an element type; array.cast.
  Cast,
  /// One array operand and an optional axis; array.reduce.
  Reduction,
  /// One array operand and an axis (optional for 1-D); array.scan.
  Scan,
  /// Order statistics of one array operand by exact selection: median,
  /// quantile; array.quantile.
  Selection,
  /// Moves or combines whole arrays.
  Structure,
  /// Reorders, repeats or pads one array, or stacks several
  /// (SemaShape.cpp, MLIRGenShape.cpp).
  Shape,
  /// Products of matrices and vectors (SemaLinalg.cpp, MLIRGenLinalg.cpp).
  LinearAlgebra,
  /// Results whose length the data decides: compress, nonzero, unique
  /// (SemaCompaction.cpp, MLIRGenCompaction.cpp).
  Compaction,
};

/// The element type a built-in gives, from its operands'.
enum class BuiltinTyping : uint8_t {
  /// Decided with the built-in's other arguments.
  Custom,
  /// The operands' element type, after promotion.
  Same,
  /// As Same; bool operands are an error.
  NotBool,
  /// f64 for integer and bool operands (elementwise: computed in f64 too).
  Float,
  /// i64 for integer and bool operands.
  WideInt,
  I64,
  Bool,
};

/// Whether a built-in is called as `f(x, ...)`, `x.f(...)` or either, as in
/// NumPy.
enum class BuiltinForm : uint8_t { Function, Method, FunctionOrMethod };

/// What Builtins.def says about a built-in.
struct BuiltinTraits {
  llvm::StringLiteral name;
  BuiltinCategory category;
  BuiltinTyping typing;
  /// Positional arguments; the receiver of a method call counts.
  unsigned minPositional, maxPositional;
  BuiltinForm form;
};

const BuiltinTraits &getBuiltinTraits(Builtin b);
llvm::StringRef getBuiltinName(Builtin b);
std::optional<Builtin> lookupBuiltin(llvm::StringRef name);

/// A file that a built-in reads or `save` writes: a literal path, or the
/// value of a `str` parameter when the program runs.
struct FilePath {
  std::string literal;
  const ParamStmt *param = nullptr;
  /// HDF5 only: the dataset, e.g. "/group/name".
  std::string dataset;
  bool isHdf5 = false;
};

/// Result coordinates [lo, hi) along one axis of a built-in that only moves
/// elements read source coordinate offset + step * (t - lo), or zeros where
/// the run is a fill (a constant pad). All but the step are sizes: a run may
/// be empty when the program runs. `extent` is hi - lo, or 1 for an empty
/// run: the extent of the zeros a box with a fill reads along the axis.
struct AxisRun {
  int64_t lo, hi, offset, step;
  bool fill = false;
  int64_t extent = 1;
};
using AxisRuns = llvm::SmallVector<AxisRun, 3>;

/// What Sema resolved a built-in call to.
struct BuiltinInfo {
  /// The value operands in the order the built-in takes them, e.g. the
  /// condition and both branches of `where`.
  llvm::SmallVector<const Expr *, 3> operands;
  /// Element type the operands are cast to before the operation.
  DType computeDType = DType::F64;
  /// Creation: the element type, and the seed, mean and std arguments (null
  /// where the call leaves them to their defaults).
  DType dtype = DType::F64;
  const Expr *seed = nullptr;
  const Expr *mean = nullptr;
  const Expr *stddev = nullptr;
  /// Reductions, concat, convolve: the normalised axis.
  std::optional<int64_t> axis;
  /// Reductions: keepdims=True keeps the reduced axes with extent 1.
  bool keepDims = false;
  /// concat: where each input starts along the axis (sizes).
  llvm::SmallVector<int64_t, 4> offsets;
  /// load, load_raw, load_h5: the file; convolve: the boundary mode and
  /// weights; histogram: the first and last edges.
  FilePath file;
  std::string boundary;
  llvm::SmallVector<double, 8> weights;
  /// nan_to_num: what NaN, +inf and -inf become (floats only).
  double nanValue = 0.0, posInfValue = 0.0, negInfValue = 0.0;
  /// Shape functions: transpose and moveaxis the input axis of each result
  /// axis, flip the flipped axes, squeeze the dropped ones; pad the widths
  /// before and after each axis; roll the shift in [0, extent), diff its
  /// order. reshape and a flattening repeat (without axis=): the input's
  /// chunks that align with the result's (in `before`, a rechunk where they
  /// differ); repeat the count, and for a 4-D array the shape and chunks of
  /// its repeated 3-D view. tile: the input dimension each dimension of its
  /// arrangement reads (in `axes`; past the input's rank a unit one), and
  /// with a count known only at run time the arrangement's shape and chunks
  /// (a view the result reshapes) and the chunks the input is read in (in
  /// `before`). histogram and bincount: the bins or minlength (a size).
  llvm::SmallVector<int64_t, 4> axes, before, after;
  int64_t count = 0;
  llvm::SmallVector<int64_t, 4> viewShape, viewChunks;
  /// roll, pad and tile: the runs of each dimension of the arrangement.
  llvm::SmallVector<AxisRuns, 4> runs;
  /// quantile: the quantiles, and whether they were a list (which gives the
  /// result a leading axis of one entry per quantile).
  llvm::SmallVector<double, 4> quantiles;
  bool quantileList = false;
  /// compress, nonzero (and `x[mask]`): the chunks the source is read in,
  /// every axis but the first whole so that chunk order is row-major order
  /// (a rechunk where they differ); compress along another axis than the
  /// first moves it first: `axes` is that order of the source's axes.
  llvm::SmallVector<int64_t, 4> sourceChunks;
};

/// `f(args)` or the method form `x.f(args)`, whose receiver becomes the first
/// operand. Only built-ins are called this way; externs use `call`.
class CallExpr : public Expr {
public:
  CallExpr(SourceLoc loc, std::string callee, ExprPtr receiver,
           std::vector<ExprPtr> args, std::vector<KeywordArg> kwargs,
           unsigned height)
      : Expr(Kind::Call, loc, height), callee(std::move(callee)),
        receiver(std::move(receiver)), args(std::move(args)),
        kwargs(std::move(kwargs)) {}
  llvm::StringRef getCallee() const { return callee; }
  const Expr *getReceiver() const { return receiver.get(); }
  Expr *getReceiver() { return receiver.get(); }
  llvm::ArrayRef<ExprPtr> getArgs() const { return args; }
  llvm::ArrayRef<KeywordArg> getKeywordArgs() const { return kwargs; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Call; }

  /// Set by Sema.
  std::optional<Builtin> builtin;
  BuiltinInfo info;

private:
  std::string callee;
  ExprPtr receiver;
  std::vector<ExprPtr> args;
  std::vector<KeywordArg> kwargs;
};

/// One item of `x[...]`: an index, or a slice `lo:hi:step` whose parts may be
/// missing.
struct Subscript {
  SourceLoc loc;
  bool isSlice = false;
  ExprPtr index;
  ExprPtr lo, hi, step;

  /// Set by Sema, normalised to the axis: an index, or start/stop/step.
  int64_t start = 0, stop = 0, stride = 1;
};

class IndexExpr : public Expr {
public:
  IndexExpr(SourceLoc loc, ExprPtr base, std::vector<Subscript> subscripts,
            unsigned height)
      : Expr(Kind::Index, loc, height), base(std::move(base)),
        subscripts(std::move(subscripts)) {}
  const Expr &getBase() const { return *base; }
  Expr &getBase() { return *base; }
  llvm::ArrayRef<Subscript> getSubscripts() const { return subscripts; }
  llvm::MutableArrayRef<Subscript> getSubscripts() { return subscripts; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Index; }

  /// Set by Sema: the strided box the subscripts select, where an integer
  /// subscript is a dimension of extent 1 that the result drops.
  ValueType box;
  /// Set by Sema for `x[mask]`, a bool array as the only subscript: what
  /// compress needs (sourceChunks).
  std::optional<BuiltinInfo> mask;

private:
  ExprPtr base;
  std::vector<Subscript> subscripts;
};

/// `call f(args)`, as a statement or bound by `let`.
class ExternCallExpr : public Expr {
public:
  ExternCallExpr(SourceLoc loc, std::string callee, SourceLoc calleeLoc,
                 std::vector<ExprPtr> args, std::vector<KeywordArg> kwargs,
                 unsigned height)
      : Expr(Kind::ExternCall, loc, height), callee(std::move(callee)),
        calleeLoc(calleeLoc), args(std::move(args)), kwargs(std::move(kwargs)) {}
  llvm::StringRef getCallee() const { return callee; }
  SourceLoc getCalleeLoc() const { return calleeLoc; }
  llvm::ArrayRef<ExprPtr> getArgs() const { return args; }
  llvm::ArrayRef<KeywordArg> getKeywordArgs() const { return kwargs; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::ExternCall; }

  /// Set by Sema.
  const ExternStmt *decl = nullptr;

private:
  std::string callee;
  SourceLoc calleeLoc;
  std::vector<ExprPtr> args;
  std::vector<KeywordArg> kwargs;
};

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

class Stmt {
public:
  enum class Kind : uint8_t { Let, Param, Extern, Call, Print, Save };
  virtual ~Stmt();
  Kind getKind() const { return kind; }
  SourceLoc getLoc() const { return loc; }

protected:
  Stmt(Kind kind, SourceLoc loc) : kind(kind), loc(loc) {}

private:
  Kind kind;
  SourceLoc loc;
};
using StmtPtr = std::unique_ptr<Stmt>;

class LetStmt : public Stmt {
public:
  LetStmt(SourceLoc loc, std::string name, SourceLoc nameLoc, ExprPtr value)
      : Stmt(Kind::Let, loc), name(std::move(name)), nameLoc(nameLoc),
        value(std::move(value)) {}
  llvm::StringRef getName() const { return name; }
  SourceLoc getNameLoc() const { return nameLoc; }
  const Expr &getValue() const { return *value; }
  Expr &getValue() { return *value; }
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Let; }

private:
  std::string name;
  SourceLoc nameLoc;
  ExprPtr value;
};

/// `param NAME: TYPE [= DEFAULT]`: a value the program's command line sets
/// (`--set NAME=VALUE`).
class ParamStmt : public Stmt {
public:
  ParamStmt(SourceLoc loc, std::string name, SourceLoc nameLoc,
            plan::ParamType type, ExprPtr defaultValue)
      : Stmt(Kind::Param, loc), name(std::move(name)), nameLoc(nameLoc),
        type(type), defaultValue(std::move(defaultValue)) {}
  llvm::StringRef getName() const { return name; }
  SourceLoc getNameLoc() const { return nameLoc; }
  plan::ParamType getType() const { return type; }
  /// Null for a parameter that must be set.
  const Expr *getDefault() const { return defaultValue.get(); }
  Expr *getDefault() { return defaultValue.get(); }
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Param; }

  /// Set by Sema: the parameter's index among Program::sizes' parameters.
  int32_t index = -1;

private:
  std::string name;
  SourceLoc nameLoc;
  plan::ParamType type;
  ExprPtr defaultValue;
};

enum class Layout : uint8_t { Chunks, Block, Cyclic };

/// `cyclic(MB, NB) grid=[P, Q]`: ScaLAPACK's 2-D block-cyclic layout; a grid
/// of 0 x 0 is the most square grid of all ranks.
struct CyclicLayout {
  int64_t blockRows = 0, blockCols = 0;
  int64_t gridRows = 0, gridCols = 0;
};

struct Param {
  std::string name;
  SourceLoc loc;
  DType dtype = DType::F64;
  bool isArray = false;
  Layout layout = Layout::Chunks;
  CyclicLayout cyclic;
  /// `order=F`: each chunk is handed over column-major.
  bool columnMajor = false;
};

/// What `-> RET` declares: a scalar, or an array (`-> f64[] block`) that the
/// program allocates and passes after the declared parameters.
struct ExternResult {
  DType dtype = DType::F64;
  SourceLoc loc;
  bool isArray = false;
  Layout layout = Layout::Chunks;
  CyclicLayout cyclic;
  /// `order=F`: the function writes each chunk column-major.
  bool columnMajor = false;
  /// `shape=` and `chunks=`, when the result does not take the shape and
  /// chunks of the first array argument; null when not given.
  ExprPtr shape, chunks;
};

class ExternStmt : public Stmt {
public:
  ExternStmt(SourceLoc loc, std::string name, SourceLoc nameLoc,
             std::vector<Param> params, std::optional<ExternResult> result)
      : Stmt(Kind::Extern, loc), name(std::move(name)), nameLoc(nameLoc),
        params(std::move(params)), result(std::move(result)) {}
  llvm::StringRef getName() const { return name; }
  SourceLoc getNameLoc() const { return nameLoc; }
  llvm::ArrayRef<Param> getParams() const { return params; }
  /// The element type of the result, if the function has one.
  std::optional<DType> getResult() const {
    return result ? std::optional<DType>(result->dtype) : std::nullopt;
  }
  SourceLoc getResultLoc() const { return result ? result->loc : SourceLoc(); }
  bool returnsArray() const { return result && result->isArray; }
  Layout getResultLayout() const {
    return result ? result->layout : Layout::Chunks;
  }
  const CyclicLayout &getResultCyclic() const { return result->cyclic; }
  bool resultIsColumnMajor() const { return result && result->columnMajor; }
  /// The `shape=` and `chunks=` expressions of an array result, or null.
  Expr *getResultShapeExpr() const {
    return result ? result->shape.get() : nullptr;
  }
  Expr *getResultChunksExpr() const {
    return result ? result->chunks.get() : nullptr;
  }
  /// Set by Sema from `shape=` and `chunks=`: the sizes of a declared result
  /// grid, empty when the result takes the first array argument's.
  llvm::SmallVector<int64_t, 4> resultShape, resultChunks;
  /// The first array parameter, whose shape and chunks an array result takes;
  /// null when there is none.
  const Param *getFirstArrayParam() const {
    for (const Param &param : params)
      if (param.isArray)
        return &param;
    return nullptr;
  }
  /// `extern fortran fn`: the communicator goes as a Fortran handle.
  bool isFortran() const { return fortran; }
  void setFortran(bool value) { fortran = value; }
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Extern; }

private:
  std::string name;
  SourceLoc nameLoc;
  std::vector<Param> params;
  std::optional<ExternResult> result;
  bool fortran = false;
};

class CallStmt : public Stmt {
public:
  CallStmt(SourceLoc loc, std::unique_ptr<ExternCallExpr> call)
      : Stmt(Kind::Call, loc), call(std::move(call)) {}
  const ExternCallExpr &getCall() const { return *call; }
  ExternCallExpr &getCall() { return *call; }
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Call; }

private:
  std::unique_ptr<ExternCallExpr> call;
};

class PrintStmt : public Stmt {
public:
  PrintStmt(SourceLoc loc, ExprPtr value)
      : Stmt(Kind::Print, loc), value(std::move(value)) {}
  const Expr &getValue() const { return *value; }
  Expr &getValue() { return *value; }
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Print; }

private:
  ExprPtr value;
};

/// `save X to PATH`: PATH is a string literal or a `str` parameter.
class SaveStmt : public Stmt {
public:
  SaveStmt(SourceLoc loc, ExprPtr value, ExprPtr path)
      : Stmt(Kind::Save, loc), value(std::move(value)), path(std::move(path)) {}
  const Expr &getValue() const { return *value; }
  Expr &getValue() { return *value; }
  const Expr &getPath() const { return *path; }
  Expr &getPath() { return *path; }
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Save; }

  /// Set by Sema: where the array goes.
  FilePath target;

private:
  ExprPtr value;
  ExprPtr path;
};

/// A whole .bdsl file.
class Program {
public:
  Program(std::string filename, std::vector<StmtPtr> stmts)
      : filename(std::move(filename)), stmts(std::move(stmts)) {}
  llvm::StringRef getFilename() const { return filename; }
  llvm::ArrayRef<StmtPtr> getStmts() const { return stmts; }

  /// Set by Sema: the parameters, the files read for their extents and the
  /// sizes known only when the program runs.
  plan::SizeProgram sizes;

  /// Set by Sema: each `axis=` (or `diff` order) given by an i64 parameter,
  /// in the order checked, with the axis it names in this version of the
  /// program (from 0), or the order.
  struct VersionedParam {
    std::string param;
    int64_t value = 0;
    SourceLoc loc; // the argument's
    bool operator==(const VersionedParam &other) const {
      return param == other.param && value == other.value;
    }
  };
  std::vector<VersionedParam> versionedParams;

private:
  std::string filename;
  std::vector<StmtPtr> stmts;
};

} // namespace ast
} // namespace bridge

#endif // BRIDGE_FRONTEND_AST_H
