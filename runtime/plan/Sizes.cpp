//===- Sizes.cpp - Sizes known when the program runs ----------------------===//
#include "bridge/sizes.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <tuple>

using namespace bridge::plan;

namespace {

constexpr const char *kDTypeNames[] = {"f64", "f32", "i64", "i32", "bool"};

const char *dtypeName(int32_t dtype) {
  return dtype >= 0 && dtype < 5 ? kDTypeNames[dtype] : "an unknown type";
}

struct OpInfo {
  SizeOp op;
  const char *name;
  unsigned operands;
};

constexpr OpInfo kOps[] = {
    {SizeOp::Param, "param_value", 1},   {SizeOp::FileDim, "file_dim", 2},
    {SizeOp::Add, "add", 2},       {SizeOp::Sub, "sub", 2},
    {SizeOp::Mul, "mul", 2},       {SizeOp::FloorDiv, "floordiv", 2},
    {SizeOp::Mod, "mod", 2},       {SizeOp::Min, "min", 2},
    {SizeOp::Max, "max", 2},       {SizeOp::Lt, "lt", 2},
    {SizeOp::Le, "le", 2},         {SizeOp::Eq, "eq", 2},
    {SizeOp::And, "and", 2},       {SizeOp::Select, "select", 3},
    {SizeOp::Check, "check", 1},   {SizeOp::Learnt, "learnt", 2},
};

const OpInfo &info(SizeOp op) { return kOps[static_cast<unsigned>(op)]; }

bool takesIndices(SizeOp op) {
  return op == SizeOp::Param || op == SizeOp::FileDim;
}

bool inRange(int64_t v) { return v > -kMaxConstant && v < kMaxConstant; }

//===--- Text form ---------------------------------------------------------===//
// One line per entry:
//   param NAME TYPE [default "TEXT"] @ "LOC"
//   file npy|hdf5 path "P"|param K dataset "D" dtype T ndim N @ "LOC"
//   OP OPERAND... [@ "LOC"] ["MESSAGE"]
// Strings are quoted with \" \\ \n escapes.

void quote(std::string &out, std::string_view s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  out += '"';
}

/// Splits one line into words; quoted strings are one word, unescaped.
class Words {
public:
  explicit Words(std::string_view line) : rest(line) {}

  /// The next word, or nullopt at the end (or on a broken string).
  std::optional<std::string> next() {
    while (!rest.empty() && rest.front() == ' ')
      rest.remove_prefix(1);
    if (rest.empty())
      return std::nullopt;
    std::string word;
    if (rest.front() != '"') {
      size_t end = rest.find(' ');
      word = std::string(rest.substr(0, end));
      rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
      return word;
    }
    rest.remove_prefix(1);
    while (!rest.empty() && rest.front() != '"') {
      char c = rest.front();
      rest.remove_prefix(1);
      if (c == '\\') {
        if (rest.empty())
          return std::nullopt;
        c = rest.front() == 'n' ? '\n' : rest.front();
        rest.remove_prefix(1);
      }
      word += c;
    }
    if (rest.empty()) {
      broken = true;
      return std::nullopt;
    }
    rest.remove_prefix(1);
    return word;
  }

  bool isBroken() const { return broken; }

private:
  std::string_view rest;
  bool broken = false;
};

/// A letter or `_`, then letters, digits and `_`.
bool isName(std::string_view text) {
  auto letter = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  if (text.empty() || !letter(text.front()))
    return false;
  for (char c : text)
    if (!letter(c) && !(c >= '0' && c <= '9'))
      return false;
  return true;
}

/// A decimal integer with an optional sign and nothing else.
std::optional<int64_t> parseInt(std::string_view text) {
  if (text.empty() || text.size() > 20)
    return std::nullopt;
  for (size_t i = 0; i < text.size(); ++i)
    if (!(text[i] >= '0' && text[i] <= '9') &&
        !(i == 0 && (text[i] == '-' || text[i] == '+') && text.size() > 1))
      return std::nullopt;
  std::string s(text);
  char *end = nullptr;
  errno = 0;
  long long v = strtoll(s.c_str(), &end, 10);
  if (errno || *end)
    return std::nullopt;
  return v;
}

//===--- Checked arithmetic ---------------------------------------------===//

std::optional<int64_t> checkedResult(bool overflow, int64_t v) {
  if (overflow || !inRange(v))
    return std::nullopt;
  return v;
}

} // namespace

//===----------------------------------------------------------------------===//
// Sizes and parameters
//===----------------------------------------------------------------------===//

std::string bridge::plan::formatSize(int64_t size) {
  if (isSymbol(size))
    return "s" + std::to_string(symbolIndex(size));
  return std::to_string(size);
}

std::optional<int64_t> bridge::plan::parseSize(std::string_view text) {
  if (!text.empty() && text.front() == 's') {
    std::optional<int64_t> index = parseInt(text.substr(1));
    if (!index || *index < 0 || *index >= kMaxSymbols)
      return std::nullopt;
    return makeSymbol(*index);
  }
  std::optional<int64_t> value = parseInt(text);
  if (!value || !inRange(*value))
    return std::nullopt;
  return value;
}

const char *bridge::plan::paramTypeName(ParamType type) {
  switch (type) {
  case ParamType::I64:
    return "i64";
  case ParamType::F64:
    return "f64";
  case ParamType::Bool:
    return "bool";
  case ParamType::Str:
    return "str";
  }
  return "?";
}

std::optional<ParamType> bridge::plan::parseParamType(std::string_view name) {
  for (ParamType t : {ParamType::I64, ParamType::F64, ParamType::Bool,
                      ParamType::Str})
    if (name == paramTypeName(t))
      return t;
  return std::nullopt;
}

std::optional<std::string>
bridge::plan::parseParamValue(ParamType type, std::string_view text,
                                ParamValue &value) {
  std::string quoted = "'" + std::string(text) + "'";
  switch (type) {
  case ParamType::Str:
    value.s = std::string(text);
    return std::nullopt;
  case ParamType::Bool:
    if (text == "true" || text == "1") {
      value.b = true;
      return std::nullopt;
    }
    if (text == "false" || text == "0") {
      value.b = false;
      return std::nullopt;
    }
    return quoted + " is not a bool (true or false)";
  case ParamType::I64: {
    // Digits with `_` between them, as in the language's literals.
    std::string digits;
    bool ok = !text.empty();
    for (size_t i = 0; ok && i < text.size(); ++i) {
      char c = text[i];
      if (c == '_')
        ok = i > 0 && i + 1 < text.size() && text[i - 1] != '_' &&
             text[i - 1] != '-' && text[i - 1] != '+';
      else
        digits += c;
    }
    if (ok) {
      if (std::optional<int64_t> v = parseInt(digits)) {
        value.i = *v;
        return std::nullopt;
      }
    }
    // `1e6` where an integer is wanted is fine when it is integral.
    ParamValue asFloat;
    if (!parseParamValue(ParamType::F64, text, asFloat) &&
        std::isfinite(asFloat.f) && std::trunc(asFloat.f) == asFloat.f &&
        std::fabs(asFloat.f) < 9.2e18) {
      value.i = static_cast<int64_t>(asFloat.f);
      return std::nullopt;
    }
    return quoted + " is not an i64";
  }
  case ParamType::F64: {
    // Decimal notation or inf/nan, as Python's float() reads them (no hex).
    std::string s(text);
    bool decimal = !s.empty() && s.find_first_not_of("0123456789+-.eE") ==
                                     std::string::npos;
    std::string lower;
    for (char c : s)
      lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    size_t sign = !lower.empty() && (lower[0] == '-' || lower[0] == '+');
    std::string word = lower.substr(sign);
    if (!decimal && word != "inf" && word != "infinity" && word != "nan")
      return quoted + " is not an f64";
    char *end = nullptr;
    errno = 0;
    double v = strtod(s.c_str(), &end);
    // strtod flags underflow with ERANGE but still gives the nearest value.
    if (*end || (errno == ERANGE && std::isinf(v)))
      return quoted + " is not an f64";
    value.f = v;
    return std::nullopt;
  }
  }
  return quoted + " has an unknown type";
}

std::optional<std::string> bridge::plan::parseSetting(std::string_view text,
                                                      ParamSettings &settings) {
  size_t equals = text.find('=');
  if (equals == std::string_view::npos || equals == 0)
    return "'" + std::string(text) + "' is not NAME=VALUE";
  settings.emplace_back(std::string(text.substr(0, equals)),
                        std::string(text.substr(equals + 1)));
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Building programs
//===----------------------------------------------------------------------===//

const char *bridge::plan::sizeOpName(SizeOp op) { return info(op).name; }

std::optional<int64_t> bridge::plan::foldSizeOp(SizeOp op, int64_t a,
                                                  int64_t b, int64_t c) {
  int64_t r = 0;
  switch (op) {
  case SizeOp::Add: {
    bool overflow = __builtin_add_overflow(a, b, &r);
    return checkedResult(overflow, r);
  }
  case SizeOp::Sub: {
    bool overflow = __builtin_sub_overflow(a, b, &r);
    return checkedResult(overflow, r);
  }
  case SizeOp::Mul: {
    bool overflow = __builtin_mul_overflow(a, b, &r);
    return checkedResult(overflow, r);
  }
  case SizeOp::FloorDiv:
  case SizeOp::Mod: {
    if (b == 0)
      return std::nullopt;
    int64_t q = a / b, m = a % b;
    // Python rounds toward negative infinity.
    if (m != 0 && ((m < 0) != (b < 0))) {
      q -= 1;
      m += b;
    }
    return op == SizeOp::FloorDiv ? q : m;
  }
  case SizeOp::Min:
    return a < b ? a : b;
  case SizeOp::Max:
    return a > b ? a : b;
  case SizeOp::Lt:
    return a < b;
  case SizeOp::Le:
    return a <= b;
  case SizeOp::Eq:
    return a == b;
  case SizeOp::And:
    return a != 0 && b != 0;
  case SizeOp::Select:
    return a != 0 ? b : c;
  case SizeOp::Param:
  case SizeOp::FileDim:
  case SizeOp::Check:
  case SizeOp::Learnt:
    break;
  }
  return std::nullopt;
}

int32_t SizeProgram::addParam(Param param) {
  params.push_back(std::move(param));
  return static_cast<int32_t>(params.size() - 1);
}

int32_t SizeProgram::addFile(FileInput file) {
  for (size_t i = 0; i < files.size(); ++i) {
    const FileInput &f = files[i];
    if (f.format == file.format && f.path == file.path &&
        f.pathParam == file.pathParam && f.dataset == file.dataset &&
        f.dtype == file.dtype && f.ndim == file.ndim)
      return static_cast<int32_t>(i);
  }
  files.push_back(std::move(file));
  return static_cast<int32_t>(files.size() - 1);
}

int64_t SizeProgram::append(SizeInst inst) {
  if (inst.op != SizeOp::Check) {
    for (size_t i = 0; i < insts.size(); ++i) {
      const SizeInst &other = insts[i];
      if (other.op == inst.op && other.a == inst.a && other.b == inst.b &&
          other.c == inst.c)
        return makeSymbol(static_cast<int64_t>(i));
    }
  }
  insts.push_back(std::move(inst));
  return makeSymbol(static_cast<int64_t>(insts.size() - 1));
}

int64_t SizeProgram::param(int32_t index) {
  return append({SizeOp::Param, index, 0, 0, params[index].loc, {}});
}

int64_t SizeProgram::fileDim(int32_t index, int32_t axis) {
  return append({SizeOp::FileDim, index, axis, 0, files[index].loc, {}});
}

std::optional<int64_t> SizeProgram::apply(SizeOp op, int64_t a, int64_t b,
                                          int64_t c, std::string_view loc) {
  bool constant = !isSymbol(a) && !isSymbol(b) &&
                  (op != SizeOp::Select || !isSymbol(c));
  if (constant)
    return foldSizeOp(op, a, b, c);
  // A constant condition picks its branch.
  if (op == SizeOp::Select && !isSymbol(a))
    return a != 0 ? b : c;
  if (op == SizeOp::Select && b == c)
    return b;
  // Identities keep equal sizes equal symbols: n * 1 is n.
  if ((op == SizeOp::Add && b == 0) || (op == SizeOp::Sub && b == 0) ||
      (op == SizeOp::Mul && b == 1) || (op == SizeOp::FloorDiv && b == 1) ||
      ((op == SizeOp::Min || op == SizeOp::Max) && a == b))
    return a;
  if ((op == SizeOp::Add && a == 0) || (op == SizeOp::Mul && a == 1))
    return b;
  if (op == SizeOp::Eq && a == b)
    return 1;
  return append({op, a, b, op == SizeOp::Select ? c : 0, std::string(loc), {}});
}

int64_t SizeProgram::learnt(int64_t bound, std::string_view loc) {
  // The instruction's own index as `b`: never equal to another's.
  int64_t serial = static_cast<int64_t>(insts.size());
  return append({SizeOp::Learnt, bound, serial, 0, std::string(loc), {}});
}

bool SizeProgram::check(int64_t condition, std::string_view loc,
                        std::string message) {
  if (!isSymbol(condition))
    return condition != 0;
  append({SizeOp::Check, condition, 0, 0, std::string(loc), std::move(message)});
  return true;
}

//===----------------------------------------------------------------------===//
// Text form
//===----------------------------------------------------------------------===//

std::string SizeProgram::serialize() const {
  std::string out;
  for (const Param &p : params) {
    out += "param " + p.name + " " + paramTypeName(p.type);
    if (p.defaultText) {
      out += " default ";
      quote(out, *p.defaultText);
    }
    out += " @ ";
    quote(out, p.loc);
    out += '\n';
  }
  for (const FileInput &f : files) {
    out += f.format == FileFormat::Npy ? "file npy " : "file hdf5 ";
    if (f.pathParam >= 0) {
      out += "param " + std::to_string(f.pathParam);
    } else {
      out += "path ";
      quote(out, f.path);
    }
    out += " dataset ";
    quote(out, f.dataset);
    out += " dtype " + std::to_string(f.dtype) + " ndim " +
           std::to_string(f.ndim) + " @ ";
    quote(out, f.loc);
    out += '\n';
  }
  for (const SizeInst &inst : insts) {
    const OpInfo &op = info(inst.op);
    out += op.name;
    const int64_t operands[] = {inst.a, inst.b, inst.c};
    for (unsigned i = 0; i < op.operands; ++i)
      out += " " + (takesIndices(inst.op) ? std::to_string(operands[i])
                                          : formatSize(operands[i]));
    out += " @ ";
    quote(out, inst.loc);
    if (inst.op == SizeOp::Check) {
      out += ' ';
      quote(out, inst.message);
    }
    out += '\n';
  }
  return out;
}

namespace {

/// Parses one line of the text form into `program`.
class LineParser {
public:
  LineParser(SizeProgram &program, std::string_view line)
      : program(program), words(line) {}

  std::optional<std::string> run() {
    std::optional<std::string> head = words.next();
    if (!head)
      return std::string("empty line");
    if (*head == "param")
      return parseParam();
    if (*head == "file")
      return parseFile();
    for (const OpInfo &op : kOps)
      if (*head == op.name)
        return parseInst(op);
    return "unknown entry '" + *head + "'";
  }

private:
  std::optional<std::string> word() { return words.next(); }

  bool expect(const char *keyword) {
    std::optional<std::string> w = word();
    return w && *w == keyword;
  }

  std::optional<std::string> finish() {
    if (words.next() || words.isBroken())
      return std::string("trailing text");
    return std::nullopt;
  }

  std::optional<std::string> parseParam() {
    Param p;
    std::optional<std::string> name = word(), type = word();
    if (!name || !type || !parseParamType(*type))
      return std::string("malformed param");
    // A name as the language writes it, so that the text form, which does
    // not quote it, reads back the same.
    if (!isName(*name))
      return "'" + *name + "' is not a parameter name";
    for (const Param &other : program.params)
      if (other.name == *name)
        return "parameter '" + *name + "' is declared twice";
    p.name = *name;
    p.type = *parseParamType(*type);
    std::optional<std::string> w = word();
    if (w && *w == "default") {
      p.defaultText = word();
      if (!p.defaultText)
        return std::string("malformed param default");
      w = word();
    }
    if (!w || *w != "@")
      return std::string("param without a location");
    std::optional<std::string> loc = word();
    if (!loc)
      return std::string("param without a location");
    p.loc = *loc;
    program.params.push_back(std::move(p));
    return finish();
  }

  std::optional<std::string> parseFile() {
    FileInput f;
    std::optional<std::string> format = word(), kind = word(), where = word();
    if (!format || (*format != "npy" && *format != "hdf5") || !kind || !where)
      return std::string("malformed file");
    f.format = *format == "npy" ? FileFormat::Npy : FileFormat::Hdf5;
    if (*kind == "param") {
      std::optional<int64_t> index = parseInt(*where);
      if (!index || *index < 0 ||
          *index >= static_cast<int64_t>(program.params.size()) ||
          program.params[*index].type != ParamType::Str)
        return std::string("file path names no str parameter");
      f.pathParam = static_cast<int32_t>(*index);
    } else if (*kind == "path") {
      f.path = *where;
    } else {
      return std::string("malformed file path");
    }
    std::optional<std::string> dataset, dtype, ndim, loc;
    if (!expect("dataset") || !(dataset = word()) || !expect("dtype") ||
        !(dtype = word()) || !expect("ndim") || !(ndim = word()) ||
        !expect("@") || !(loc = word()))
      return std::string("malformed file");
    std::optional<int64_t> t = parseInt(*dtype), n = parseInt(*ndim);
    if (!t || *t < 0 || *t > 4 || !n || *n < 1 || *n > 4)
      return std::string("file with a bad dtype or rank");
    f.dataset = *dataset;
    f.dtype = static_cast<int32_t>(*t);
    f.ndim = static_cast<int32_t>(*n);
    f.loc = *loc;
    program.files.push_back(std::move(f));
    return finish();
  }

  std::optional<std::string> parseInst(const OpInfo &op) {
    SizeInst inst;
    inst.op = op.op;
    int64_t *operands[] = {&inst.a, &inst.b, &inst.c};
    int64_t defined = static_cast<int64_t>(program.insts.size());
    for (unsigned i = 0; i < op.operands; ++i) {
      std::optional<std::string> w = word();
      if (!w)
        return std::string("missing operand");
      std::optional<int64_t> v =
          takesIndices(op.op) ? parseInt(*w) : parseSize(*w);
      if (!v)
        return "bad operand '" + *w + "'";
      // Operands refer only to earlier instructions, so evaluation in order
      // always finds them.
      if (isSymbol(*v) && symbolIndex(*v) >= defined)
        return "operand '" + *w + "' is not defined yet";
      *operands[i] = *v;
    }
    if (op.op == SizeOp::Param &&
        (inst.a < 0 || inst.a >= static_cast<int64_t>(program.params.size()) ||
         program.params[inst.a].type != ParamType::I64))
      return std::string("param names no i64 parameter");
    if (op.op == SizeOp::FileDim &&
        (inst.a < 0 || inst.a >= static_cast<int64_t>(program.files.size()) ||
         inst.b < 0 || inst.b >= program.files[inst.a].ndim))
      return std::string("file_dim names no file extent");
    if (!expect("@"))
      return std::string("instruction without a location");
    std::optional<std::string> loc = word();
    if (!loc)
      return std::string("instruction without a location");
    inst.loc = *loc;
    if (op.op == SizeOp::Check) {
      std::optional<std::string> message = word();
      if (!message)
        return std::string("check without a message");
      inst.message = *message;
    }
    if (std::optional<std::string> error = finish())
      return error;
    if (defined >= kMaxSymbols)
      return std::string("too many instructions");
    program.insts.push_back(std::move(inst));
    return std::nullopt;
  }

  SizeProgram &program;
  Words words;
};

} // namespace

bool SizeProgram::parse(std::string_view text, SizeProgram &program,
                        std::string &error) {
  program = SizeProgram();
  size_t number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++number;
    if (line.empty())
      continue;
    if (std::optional<std::string> problem = LineParser(program, line).run()) {
      error = "size program line " + std::to_string(number) + ": " + *problem;
      return false;
    }
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Evaluation
//===----------------------------------------------------------------------===//

const std::string &bridge::plan::filePath(const FileInput &file,
                                            const SizeValues &values) {
  return file.pathParam >= 0 ? values.params[file.pathParam].s : file.path;
}

namespace {

/// `{sK}` replaced by symbol K's value.
std::string substitute(const std::string &message, const SizeValues &values) {
  std::string out;
  for (size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '{' && i + 1 < message.size() && message[i + 1] == 's') {
      size_t close = message.find('}', i);
      if (close != std::string::npos) {
        std::optional<int64_t> index =
            parseInt(std::string_view(message).substr(i + 2, close - i - 2));
        if (index && *index >= 0 &&
            *index < static_cast<int64_t>(values.symbols.size())) {
          out += std::to_string(values.symbols[*index]);
          i = close;
          continue;
        }
      }
    }
    out += message[i];
  }
  return out;
}

std::string located(const std::string &loc, const std::string &message) {
  return loc.empty() ? "error: " + message : loc + ": error: " + message;
}

std::optional<std::string> bindParams(const SizeProgram &program,
                                      const ParamSettings &settings,
                                      SizeValues &values) {
  std::vector<const std::string *> given(program.params.size(), nullptr);
  for (const auto &[name, text] : settings) {
    size_t i = 0;
    while (i < program.params.size() && program.params[i].name != name)
      ++i;
    if (i == program.params.size()) {
      std::string known;
      for (const Param &p : program.params)
        known += (known.empty() ? "" : ", ") + p.name;
      return "error: unknown parameter '" + name + "'" +
             (known.empty() ? std::string(": the program has none")
                            : " (the program's parameters: " + known + ")");
    }
    given[i] = &text;
  }
  values.params.assign(program.params.size(), ParamValue());
  for (size_t i = 0; i < program.params.size(); ++i) {
    const Param &p = program.params[i];
    const std::string *text = given[i] ? given[i] : p.defaultText ? &*p.defaultText : nullptr;
    if (!text)
      return "error: parameter '" + p.name + "' (" + paramTypeName(p.type) +
             ", declared at " + p.loc + ") is required: set it with --set " +
             p.name + "=VALUE";
    if (std::optional<std::string> problem =
            parseParamValue(p.type, *text, values.params[i]))
      return "error: parameter '" + p.name + "': " + *problem;
  }
  return std::nullopt;
}

} // namespace

namespace {

/// Whether instruction `inst` depends on a length not learnt yet.
bool dependsOnPending(const SizeInst &inst, const SizeValues &values) {
  if (inst.op == SizeOp::Learnt)
    return true;
  if (takesIndices(inst.op))
    return false;
  for (int64_t v : {inst.a, inst.b, inst.c})
    if (isSymbol(v) && values.pending[symbolIndex(v)])
      return true;
  return false;
}

/// The value of arithmetic, check or Learnt instruction `inst`, the operands
/// resolved in `values`. A check, or a size that fails to compute, whose
/// operands wait for a learnt length waits with them.
std::optional<std::string> compute(const SizeInst &inst, bool pending,
                                   const SizeValues &values, int64_t &result) {
  int64_t a = values.resolve(inst.a), b = values.resolve(inst.b),
          c = values.resolve(inst.c);
  if (inst.op == SizeOp::Learnt) {
    result = a; // Planned at its bound until learnt.
    return std::nullopt;
  }
  if (inst.op == SizeOp::Check) {
    if (a == 0 && !pending)
      return located(inst.loc, substitute(inst.message, values));
    result = 1;
    return std::nullopt;
  }
  std::optional<int64_t> folded = foldSizeOp(inst.op, a, b, c);
  if (!folded && !pending)
    return located(inst.loc,
                   std::string(inst.op == SizeOp::FloorDiv ||
                                       inst.op == SizeOp::Mod
                                   ? "a size divides by zero"
                                   : "a size overflows") +
                       " (" + std::to_string(a) + " " + sizeOpName(inst.op) +
                       " " + std::to_string(b) + ")");
  result = folded.value_or(0);
  return std::nullopt;
}

} // namespace

std::optional<std::string>
bridge::plan::evaluate(const SizeProgram &program,
                         const ParamSettings &settings,
                         const ReadFileShape &readFile, SizeValues &values) {
  values = SizeValues();
  if (std::optional<std::string> error = bindParams(program, settings, values))
    return error;
  std::vector<std::optional<FileShape>> shapes(program.files.size());
  values.symbols.reserve(program.insts.size());
  values.pending.reserve(program.insts.size());
  for (const SizeInst &inst : program.insts) {
    int64_t result = 0;
    bool pending = dependsOnPending(inst, values);
    switch (inst.op) {
    case SizeOp::Param:
      result = values.params[inst.a].i;
      if (!inRange(result))
        return "error: parameter '" + program.params[inst.a].name + "': " +
               std::to_string(result) + " is too large for a size";
      break;
    case SizeOp::FileDim: {
      const FileInput &file = program.files[inst.a];
      if (!shapes[inst.a]) {
        const std::string &path = filePath(file, values);
        FileShape shape;
        if (std::optional<std::string> error = readFile(file, path, shape))
          return located(file.loc, *error);
        std::string what = file.format == FileFormat::Hdf5
                               ? path + ":" + file.dataset
                               : path;
        if (shape.dtype != file.dtype)
          return located(file.loc, what + " holds " + dtypeName(shape.dtype) +
                                       " elements, but the program reads " +
                                       dtypeName(file.dtype));
        if (shape.ndim != file.ndim)
          return located(file.loc, what + " has " +
                                       std::to_string(shape.ndim) +
                                       " dimensions, but the program reads " +
                                       std::to_string(file.ndim));
        for (int32_t d = 0; d < shape.ndim; ++d)
          if (!inRange(shape.shape[d]))
            return located(file.loc, what + ": extent " +
                                         std::to_string(shape.shape[d]) +
                                         " is too large for a size");
        shapes[inst.a] = shape;
      }
      result = shapes[inst.a]->shape[inst.b];
      break;
    }
    default:
      if (std::optional<std::string> error =
              compute(inst, pending, values, result))
        return error;
      break;
    }
    values.symbols.push_back(result);
    values.pending.push_back(pending);
  }
  return std::nullopt;
}

std::optional<std::string> bridge::plan::learn(const SizeProgram &program,
                                               int64_t index, int64_t value,
                                               SizeValues &values) {
  // Values that arrived without their pending marks (a broadcast) get them.
  if (values.pending.size() != values.symbols.size()) {
    values.pending.assign(values.symbols.size(), 0);
    for (size_t i = 0; i < program.insts.size(); ++i)
      values.pending[i] = dependsOnPending(program.insts[i], values);
  }
  values.symbols[index] = value;
  values.pending[index] = 0;
  for (size_t i = index + 1; i < program.insts.size(); ++i) {
    const SizeInst &inst = program.insts[i];
    if (takesIndices(inst.op) || inst.op == SizeOp::Learnt)
      continue;
    bool pending = dependsOnPending(inst, values);
    if (std::optional<std::string> error =
            compute(inst, pending, values, values.symbols[i]))
      return error;
    values.pending[i] = pending;
  }
  return std::nullopt;
}
