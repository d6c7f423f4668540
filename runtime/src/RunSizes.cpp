//===- RunSizes.cpp - The sizes and parameters of this run ----------------===//
//
// Rank 0 evaluates the size program: it alone reads the file headers, so a
// file system is asked once, not once per rank. Its outcome reaches the other
// ranks in one broadcast whose length every rank knows from the program.
//
//===----------------------------------------------------------------------===//
#include "RunSizes.h"

#include "Internal.h"

#include <climits>
#include <cstring>
#include <vector>

using namespace bridge;
using plan::ParamType;

rt::Hdf5ShapeReader rt::hdf5ShapeReader = nullptr;

namespace {

/// The program's parameters and their values and the sizes of this run.
struct Table {
  plan::SizeProgram program; // for the lengths learnt while running
  std::vector<plan::Param> params;
  plan::SizeValues values;
  uint64_t hash = 0; // of the values; 0 without any
} table;

/// A str parameter travels in a slot of this many bytes: it names a file, and
/// no usable path is longer.
constexpr size_t kStrBytes = PATH_MAX;
constexpr size_t kStrWords = kStrBytes / sizeof(int64_t);

std::optional<std::string> checkStrLengths(const plan::SizeProgram &program,
                                           const plan::SizeValues &values) {
  for (size_t i = 0; i < program.params.size(); ++i)
    if (program.params[i].type == ParamType::Str &&
        values.params[i].s.size() > kStrBytes)
      return "error: parameter '" + program.params[i].name +
             "': a path of more than " + std::to_string(kStrBytes) + " bytes";
  return std::nullopt;
}

/// Rank 0's outcome in words: a status (0 when the values follow), every
/// symbol, a word per parameter (the i64, the f64's bits, the bool, a str's
/// length), then each str parameter's text in a slot of kStrBytes.
class Packet {
public:
  explicit Packet(const plan::SizeProgram &program) : program(program) {
    size_t strs = 0;
    for (const plan::Param &param : program.params)
      strs += param.type == ParamType::Str;
    words.assign(
        1 + program.insts.size() + program.params.size() + strs * kStrWords, 0);
  }

  bool failed() const { return words[0] != 0; }
  void setFailed() { words[0] = 1; }

  void pack(const plan::SizeValues &values) {
    int64_t *word = words.data() + 1;
    for (int64_t symbol : values.symbols)
      *word++ = symbol;
    char *text = reinterpret_cast<char *>(word + program.params.size());
    for (size_t i = 0; i < program.params.size(); ++i, ++word) {
      const plan::ParamValue &value = values.params[i];
      switch (program.params[i].type) {
      case ParamType::I64:
        *word = value.i;
        break;
      case ParamType::F64:
        memcpy(word, &value.f, sizeof(double));
        break;
      case ParamType::Bool:
        *word = value.b;
        break;
      case ParamType::Str:
        *word = int64_t(value.s.size());
        memcpy(text, value.s.data(), value.s.size());
        text += kStrBytes;
        break;
      }
    }
  }

  void unpack(plan::SizeValues &values) const {
    const int64_t *word = words.data() + 1;
    values.symbols.assign(word, word + program.insts.size());
    word += program.insts.size();
    const char *text =
        reinterpret_cast<const char *>(word + program.params.size());
    values.params.assign(program.params.size(), plan::ParamValue());
    for (size_t i = 0; i < program.params.size(); ++i, ++word) {
      plan::ParamValue &value = values.params[i];
      switch (program.params[i].type) {
      case ParamType::I64:
        value.i = *word;
        break;
      case ParamType::F64:
        memcpy(&value.f, word, sizeof(double));
        break;
      case ParamType::Bool:
        value.b = *word != 0;
        break;
      case ParamType::Str:
        value.s.assign(text, size_t(*word));
        text += kStrBytes;
        break;
      }
    }
  }

  std::vector<int64_t> words;

private:
  const plan::SizeProgram &program;
};

/// FNV-1a over every value of the run; 0 when there is none.
uint64_t hashValues(const std::vector<plan::Param> &params,
                    const plan::SizeValues &values) {
  if (params.empty() && values.symbols.empty())
    return 0;
  uint64_t h = 1469598103934665603ull;
  auto add = [&](const void *data, size_t bytes) {
    for (size_t i = 0; i < bytes; ++i) {
      h ^= static_cast<const unsigned char *>(data)[i];
      h *= 1099511628211ull;
    }
  };
  for (size_t i = 0; i < params.size(); ++i) {
    const plan::ParamValue &value = values.params[i];
    uint64_t length = value.s.size();
    switch (params[i].type) {
    case ParamType::I64:
      add(&value.i, sizeof(value.i));
      break;
    case ParamType::F64:
      add(&value.f, sizeof(value.f));
      break;
    case ParamType::Bool:
      add(&value.b, sizeof(value.b));
      break;
    case ParamType::Str:
      // The length first, so that ("ab", "c") and ("a", "bc") differ.
      add(&length, sizeof(length));
      add(value.s.data(), value.s.size());
      break;
    }
  }
  add(values.symbols.data(), values.symbols.size() * sizeof(int64_t));
  return h;
}

/// Parameter `index` of `type`, for the C API named `fn`.
const plan::ParamValue &paramValue(int32_t index, ParamType type,
                                   const char *fn) {
  rt::comm(); // For its check.
  if (index < 0 || size_t(index) >= table.params.size())
    rt::failf("%s: the program has no parameter %d (it has %zu)", fn,
              int(index), table.params.size());
  const plan::Param &param = table.params[size_t(index)];
  if (param.type != type)
    rt::failf("%s: parameter %d ('%s') has type %s, not %s", fn, int(index),
              param.name.c_str(), plan::paramTypeName(param.type),
              plan::paramTypeName(type));
  return table.values.params[size_t(index)];
}

} // namespace

std::optional<std::string> rt::readRunFileShape(const plan::FileInput &file,
                                                const std::string &path,
                                                plan::FileShape &shape) {
  if (file.format == plan::FileFormat::Npy)
    return plan::readNpyShape(path, shape);
  if (!hdf5ShapeReader)
    return path + ": HDF5 is not supported by this runtime";
  return hdf5ShapeReader(path, file.dataset, shape);
}

const plan::SizeValues &
rt::evaluateRunSizes(const plan::SizeProgram &program,
                     const plan::ParamSettings &settings) {
  bool root = bridge_rt_rank() == 0;
  Packet packet(program);
  std::optional<std::string> error;
  if (root) {
    error = plan::evaluate(program, settings, readRunFileShape, table.values);
    if (!error)
      error = checkStrLengths(program, table.values);
    if (error)
      packet.setFailed();
    else
      packet.pack(table.values);
  }
  checkMPI(MPI_Bcast(packet.words.data(), int(packet.words.size()), MPI_INT64_T,
                     0, comm()),
           "MPI_Bcast");
  if (packet.failed())
    exitTogether(root ? error->c_str() : nullptr);
  if (!root)
    packet.unpack(table.values);
  table.program = program;
  table.params = program.params;
  table.hash = hashValues(table.params, table.values);
  return table.values;
}

uint64_t rt::checkpointKey(uint64_t program) { return program ^ table.hash; }

extern "C" int64_t bridge_rt_size_value(int64_t symbol_index) {
  rt::comm(); // For its check.
  if (symbol_index < 0 || symbol_index >= int64_t(table.values.symbols.size()))
    rt::failf("bridge_rt_size_value: the program has no size s%lld (it has "
              "%zu)",
              (long long)symbol_index, table.values.symbols.size());
  return table.values.symbols[size_t(symbol_index)];
}

extern "C" void bridge_rt_learn_size(int64_t symbol_index, int64_t value) {
  rt::comm(); // For its check.
  const std::vector<plan::SizeInst> &insts = table.program.insts;
  if (symbol_index < 0 || symbol_index >= int64_t(insts.size()) ||
      insts[size_t(symbol_index)].op != plan::SizeOp::Learnt)
    rt::failf("bridge_rt_learn_size: size s%lld of the program is not a "
              "length learnt while running",
              (long long)symbol_index);
  // Every rank learns the same value, so every rank fails the same check.
  if (std::optional<std::string> error =
          plan::learn(table.program, symbol_index, value, table.values))
    rt::exitTogether(bridge_rt_rank() == 0 ? error->c_str() : nullptr);
}

extern "C" int64_t bridge_rt_param_i64(int32_t index) {
  return paramValue(index, ParamType::I64, "bridge_rt_param_i64").i;
}

extern "C" double bridge_rt_param_f64(int32_t index) {
  return paramValue(index, ParamType::F64, "bridge_rt_param_f64").f;
}

extern "C" int32_t bridge_rt_param_bool(int32_t index) {
  return paramValue(index, ParamType::Bool, "bridge_rt_param_bool").b;
}

extern "C" const char *bridge_rt_param_str(int32_t index) {
  return paramValue(index, ParamType::Str, "bridge_rt_param_str").s.c_str();
}
