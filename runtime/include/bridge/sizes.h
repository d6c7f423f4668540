//===- bridge/sizes.h - Sizes known when the program runs --------*- C++ -*-===//
//
// A program's shapes, chunk sizes, slice bounds and indices may depend on its
// parameters (`param n: i64`, set with `--set n=...`) and on the headers of
// files read at run time. The compiler records how each such size is computed
// as a SizeProgram: a straight-line list of instructions over parameters, file
// extents and integer arithmetic, with checks (a shape must be positive, two
// extents must match, ...) that carry the source location to report.
//
// Everywhere else a size is an int64_t: a constant, or a reference to the
// value of instruction k of the program (a *symbol*). Types, attributes and
// the placement plan hold sizes in that encoding, so they stay the same
// whatever the sizes turn out to be. The program is evaluated once per run,
// before any work: by the runtime at start-up, and by bridgec for
// `--explain-placement --set ...`. A length that only the data decides
// (`x[mask]`, `unique(x)`) is a Learnt instruction: it stands at its upper
// bound until the program learns it while running (learn()), and checks that
// depend on it wait until then.
//
// Plain C++: no MPI, no LLVM.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_SIZES_H
#define BRIDGE_SIZES_H

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bridge::plan {

//===----------------------------------------------------------------------===//
// The encoding of a size
//===----------------------------------------------------------------------===//

/// Symbols occupy the bottom of the int64_t range (INT64_MIN itself is left
/// to MLIR's "dynamic" marker), far below any constant a program can hold:
/// constants are bounded by kMaxConstant in magnitude.
constexpr int64_t kMaxSymbols = int64_t(1) << 30;
constexpr int64_t kSymbolBase = INT64_MIN + 1;
constexpr int64_t kMaxConstant = int64_t(1) << 62;

constexpr bool isSymbol(int64_t size) {
  return size >= kSymbolBase && size < kSymbolBase + kMaxSymbols;
}
constexpr int64_t makeSymbol(int64_t index) { return kSymbolBase + index; }
constexpr int64_t symbolIndex(int64_t size) { return size - kSymbolBase; }

/// `s3` for a symbol, the number for a constant.
std::string formatSize(int64_t size);
/// Parses what formatSize prints.
std::optional<int64_t> parseSize(std::string_view text);

//===----------------------------------------------------------------------===//
// Parameters and files
//===----------------------------------------------------------------------===//

enum class ParamType : uint8_t { I64, F64, Bool, Str };

/// "i64", "f64", "bool", "str".
const char *paramTypeName(ParamType type);
std::optional<ParamType> parseParamType(std::string_view name);

/// A value given to a parameter.
struct ParamValue {
  int64_t i = 0;
  double f = 0.0;
  bool b = false;
  std::string s;
};

/// Parses `text` as a value of `type`: integers in decimal with optional `_`
/// separators (or an integral float such as 1e6), floats as strtod reads them
/// (also inf and nan), bools as true/false/1/0, strings as they are. Returns
/// an error message (without the parameter's name) on failure.
std::optional<std::string> parseParamValue(ParamType type,
                                           std::string_view text,
                                           ParamValue &value);

struct Param {
  std::string name;
  ParamType type = ParamType::I64;
  /// The default as the user wrote it; absent for a required parameter.
  std::optional<std::string> defaultText;
  std::string loc; // file:line:col of the declaration
};

/// A file whose header gives extents at run time.
enum class FileFormat : uint8_t { Npy, Hdf5 };

struct FileInput {
  FileFormat format = FileFormat::Npy;
  std::string path;       // when pathParam < 0
  int32_t pathParam = -1; // a `str` parameter holding the path
  std::string dataset;    // HDF5 only
  int32_t dtype = 0;      // the bridge_dtype the program expects
  int32_t ndim = 1;       // the rank the program expects
  std::string loc;        // file:line:col of the load
};

/// What a file's header says.
struct FileShape {
  int32_t dtype = 0;
  int32_t ndim = 0;
  int64_t shape[4] = {0, 0, 0, 0};
};

//===----------------------------------------------------------------------===//
// Instructions
//===----------------------------------------------------------------------===//

enum class SizeOp : uint8_t {
  Param,    // the value of i64 parameter a
  FileDim,  // extent b of file input a
  Add,      // a + b
  Sub,      // a - b
  Mul,      // a * b
  FloorDiv, // a // b (Python)
  Mod,      // a % b (Python)
  Min,      // min(a, b)
  Max,      // max(a, b)
  Lt,       // a < b, as 0 or 1
  Le,       // a <= b
  Eq,       // a == b
  And,      // a && b
  Select,   // a ? b : c
  Check,    // fails the run with `message` unless a is non-zero
  Learnt,   // a length the program learns while it runs, at most a; b keeps
            // each one apart
};

/// "add", "param", ...
const char *sizeOpName(SizeOp op);

/// One instruction. Operands are sizes (constants or earlier symbols), except
/// for Param and FileDim whose operands are indices.
struct SizeInst {
  SizeOp op = SizeOp::Add;
  int64_t a = 0, b = 0, c = 0;
  /// Where the construct that needs this size stands, "file:line:col".
  std::string loc;
  /// Check: what is wrong, with `{sK}` standing for the value of symbol K
  /// (and `{}` for a constant written out when the message was made).
  std::string message;
};

class SizeProgram {
public:
  std::vector<Param> params;
  std::vector<FileInput> files;
  std::vector<SizeInst> insts;

  bool empty() const { return params.empty() && files.empty() && insts.empty(); }

  /// Adds a parameter (names are unique: the frontend checks) and returns its
  /// index.
  int32_t addParam(Param param);
  /// The index of an identical file input, or of the new one.
  int32_t addFile(FileInput file);

  /// The size of i64 parameter `index`.
  int64_t param(int32_t index);
  /// Extent `axis` of file `index`.
  int64_t fileDim(int32_t index, int32_t axis);
  /// `op` over sizes. Constant operands fold; an identical instruction is
  /// reused, so equal expressions give equal symbols. Fails (returns nullopt)
  /// only when folding constants overflows or divides by zero.
  std::optional<int64_t> apply(SizeOp op, int64_t a, int64_t b,
                               int64_t c = 0, std::string_view loc = {});
  /// Records that `condition` must hold when the program runs. A constant
  /// true condition records nothing; a constant false one returns false.
  bool check(int64_t condition, std::string_view loc, std::string message);
  /// A new length that the data decides, of at most `bound`, learnt by the
  /// program while it runs (learn()).
  int64_t learnt(int64_t bound, std::string_view loc);

  std::string serialize() const;
  /// Parses serialize()'s text; false with `error` on malformed text.
  static bool parse(std::string_view text, SizeProgram &program,
                    std::string &error);

private:
  int64_t append(SizeInst inst);
};

/// Folds `op` on two (or, for Select, three) constants. nullopt on overflow
/// or division by zero.
std::optional<int64_t> foldSizeOp(SizeOp op, int64_t a, int64_t b, int64_t c);

//===----------------------------------------------------------------------===//
// Evaluation
//===----------------------------------------------------------------------===//

/// The sizes of one run.
struct SizeValues {
  std::vector<ParamValue> params;
  std::vector<int64_t> symbols;
  /// Per symbol: non-zero while it depends on a Learnt length not learnt yet
  /// (its value is then computed from the lengths' bounds).
  std::vector<uint8_t> pending;

  /// The value of `size`: itself when constant, else its symbol's value.
  int64_t resolve(int64_t size) const {
    return isSymbol(size) ? symbols[symbolIndex(size)] : size;
  }
};

/// Reads a file's header: fills `shape`, or returns an error message naming
/// the file (and the dataset).
using ReadFileShape = std::function<std::optional<std::string>(
    const FileInput &file, const std::string &path, FileShape &shape)>;

/// Parameter values as `--set NAME=VALUE` gives them, in order; a later
/// setting of the same name wins.
using ParamSettings = std::vector<std::pair<std::string, std::string>>;

/// Splits `NAME=VALUE`, the argument of `--set`, at its first '=' and appends
/// the pair to `settings`. Returns an error message when `text` has no '=' or
/// nothing before it.
std::optional<std::string> parseSetting(std::string_view text,
                                        ParamSettings &settings);

/// Reads the header of the .npy file at `path` (bridge/layout/Npy.h) into
/// `shape`, or returns an error message naming the file, in the words of the
/// runtime's loader (e.g. "x.npy: cannot open: No such file or directory").
std::optional<std::string> readNpyShape(const std::string &path,
                                        FileShape &shape);

/// Evaluates `program` for one run: every parameter from `settings` or its
/// default, every file header through `readFile` (each file once), every
/// instruction in order. Returns the first error as one message: a missing,
/// unknown or unparsable parameter names it; a failed check or an overflow
/// starts with the construct's `file:line:col: error: `; a file whose element
/// type or rank differs from the program's names the file.
std::optional<std::string> evaluate(const SizeProgram &program,
                                    const ParamSettings &settings,
                                    const ReadFileShape &readFile,
                                    SizeValues &values);

/// Learns that Learnt symbol `index` has `value` (0 <= value <= its bound),
/// then recomputes every later size from it and runs the checks that waited
/// for it. Returns the first failed check's message, located as evaluate()'s.
std::optional<std::string> learn(const SizeProgram &program, int64_t index,
                                 int64_t value, SizeValues &values);

/// The path of `file` for a run: its literal, or the value of its parameter.
const std::string &filePath(const FileInput &file, const SizeValues &values);

} // namespace bridge::plan

#endif // BRIDGE_SIZES_H
