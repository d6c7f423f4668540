//===- SettingsFuzzer.cpp - libFuzzer target over a run's sizes -----------===//
//
// What a generated program parses at start-up, before any work: its command
// line's `--set` options with their values, and the embedded plan with its
// size program (bridge/sizes.h, bridge/plan.h). The first byte of the input
// says what the rest is:
//
//   0  arguments separated by NUL bytes, scanned for --set as the runtime
//      scans them (runtime/src/SetOption.h); each value is parsed as every
//      parameter type and the settings bind a program with one parameter of
//      each type
//   1  a size program's text form
//   2  a plan's text form
//   3  a version table's text form (bridge/versions.h)
//
// Text that parses must come back unchanged through serialize() and parse(),
// and values through their decimal form. Accepted programs and plans are
// evaluated with their defaults and invented file headers, resolved, and
// modelled when small.
//
//===----------------------------------------------------------------------===//

#include "SetOption.h"

#include "bridge/layout/ChunkCount.h"
#include "bridge/plan.h"
#include "bridge/versions.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using namespace bridge;
using namespace bridge::plan;

namespace {

/// Largest grid, chunk count or halo width modelled: the model walks them.
constexpr int64_t kModelLimit = 1 << 12;

void require(bool condition) {
  if (!condition)
    __builtin_trap();
}

/// Values that parse must print back to the same value.
void checkValue(const std::string &text) {
  ParamValue value;
  if (!parseParamValue(ParamType::I64, text, value)) {
    ParamValue again;
    require(!parseParamValue(ParamType::I64, std::to_string(value.i), again) &&
            again.i == value.i);
  }
  if (!parseParamValue(ParamType::F64, text, value) && !std::isnan(value.f)) {
    char printed[64];
    snprintf(printed, sizeof(printed), "%.17g", value.f);
    ParamValue again;
    require(!parseParamValue(ParamType::F64, printed, again) &&
            again.f == value.f);
  }
  if (!parseParamValue(ParamType::Bool, text, value))
    require(text == "true" || text == "false" || text == "1" || text == "0");
  require(!parseParamValue(ParamType::Str, text, value) && value.s == text);
}

void fuzzArguments(const std::string &bytes) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start <= bytes.size()) {
    size_t end = bytes.find('\0', start);
    if (end == std::string::npos)
      end = bytes.size();
    words.push_back(bytes.substr(start, end - start));
    start = end + 1;
  }
  std::vector<char *> argv;
  for (std::string &word : words)
    argv.push_back(word.data());
  int argc = static_cast<int>(argv.size());
  ParamSettings settings;
  for (int i = 0; i < argc; ++i) {
    size_t before = settings.size();
    std::string error;
    rt::SetOption read =
        rt::readSetOption(argc, argv.data(), &i, settings, error);
    require(i < argc);
    require((read == rt::SetOption::Read) == (settings.size() == before + 1));
    require((read == rt::SetOption::Malformed) == !error.empty());
    if (read == rt::SetOption::Read) {
      const std::string &name = settings.back().first;
      require(!name.empty() && name.find('=') == std::string::npos);
      checkValue(settings.back().second);
    }
  }
  SizeProgram program;
  program.addParam({"n", ParamType::I64, std::string("1"), "a:1:1"});
  program.addParam({"x", ParamType::F64, std::string("0.5"), "a:2:1"});
  program.addParam({"b", ParamType::Bool, std::nullopt, "a:3:1"});
  program.addParam({"s", ParamType::Str, std::string(""), "a:4:1"});
  int64_t n = program.param(0);
  program.check(*program.apply(SizeOp::Lt, 0, n), "a:5:1",
                "n must be positive, got {s0}");
  SizeValues values;
  if (!evaluate(program, settings, ReadFileShape(), values))
    require(values.symbols.size() == 3 && values.symbols[0] > 0);
}

/// Headers of the type and rank each file wants, with small extents.
std::optional<std::string> inventedShape(const FileInput &file,
                                         const std::string &path,
                                         FileShape &shape) {
  shape.dtype = file.dtype;
  shape.ndim = file.ndim;
  for (int32_t d = 0; d < 4; ++d)
    shape.shape[d] = int64_t(path.size() % 7) + d;
  return std::nullopt;
}

/// Whether the model of `plan` (resolved) stays small enough to run.
bool smallEnough(const Plan &plan) {
  for (const Array &array : plan.arrays) {
    int64_t nchunks = 0;
    if (array.haloWidth > kModelLimit ||
        (!array.block && (!layout::regularGridSize(
                              int32_t(array.shape.size()), array.shape.data(),
                              array.chunks.data(), &nchunks) ||
                          nchunks > kModelLimit)))
      return false;
    for (int64_t extent : array.shape)
      if (array.block && extent > kModelLimit)
        return false;
  }
  for (const Step &step : plan.steps)
    if (step.chunks > kModelLimit || step.partials > kModelLimit)
      return false;
  return true;
}

void fuzzSizeProgram(const std::string &text) {
  SizeProgram program;
  std::string error;
  if (!SizeProgram::parse(text, program, error)) {
    require(!error.empty());
    return;
  }
  std::string serialized = program.serialize();
  SizeProgram again;
  require(SizeProgram::parse(serialized, again, error));
  require(again.serialize() == serialized);
  SizeValues values;
  if (!evaluate(program, {}, inventedShape, values))
    require(values.symbols.size() == program.insts.size());
}

/// Parses `text` into `value` (a plan or a version table); text that parses
/// must read back from its text form to the same text, text that does not
/// must say why. Returns whether it parsed.
template <typename T> bool parseRoundTrip(const std::string &text, T &value) {
  std::string error;
  if (!parse(text, value, error)) {
    require(!error.empty());
    return false;
  }
  std::string serialized = serialize(value);
  T again;
  require(parse(serialized, again, error));
  require(serialize(again) == serialized);
  return true;
}

void fuzzPlan(const std::string &text) {
  Plan plan;
  if (!parseRoundTrip(text, plan))
    return;
  SizeValues values;
  if (evaluate(plan.sizes, {}, inventedShape, values))
    return;
  Plan concrete;
  if (resolve(plan, values, concrete) || !smallEnough(concrete))
    return;
  for (int ranks : {1, 3}) {
    PlacementModel model(concrete, ranks);
    explain(model);
    toDot(model);
    toRankDot(model);
  }
}

void fuzzVersions(const std::string &text) {
  VersionTable table;
  if (!parseRoundTrip(text, table))
    return;
  // Every choice is found by its own values.
  ParamSettings settings;
  for (const VersionTable::Choice &choice : table.choices) {
    settings.clear();
    for (size_t i = 0; i < table.params.size(); ++i)
      settings.push_back({table.params[i].name,
                          std::to_string(choice.values[i])});
    const VersionTable::Choice *found = choose(table, settings);
    require(found && found->values == choice.values);
  }
  (void)choose(table, {});
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  std::string rest(reinterpret_cast<const char *>(data) + 1, size - 1);
  switch (data[0] % 4) {
  case 0:
    fuzzArguments(rest);
    break;
  case 1:
    fuzzSizeProgram(rest);
    break;
  case 2:
    fuzzPlan(rest);
    break;
  default:
    fuzzVersions(rest);
    break;
  }
  return 0;
}
