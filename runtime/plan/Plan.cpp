//===- Plan.cpp - The text form of a placement plan -----------------------===//
//
//   bridge-plan 3
//   size LINE                    (each line of the size program's text form)
//   array BYTES c|b NDIM SHAPE... CHUNKS... HALO_AXIS HALO_WIDTH NAME
//   step KIND NIN IN... NOUT OUT... PARTIALS CHUNKS SCRATCH NMAPS (DIM OFF STEP LO HI)... LABEL
//
// One item per line, whitespace-separated; names and labels hold no spaces.
// SHAPE, CHUNKS, the step's CHUNKS and SCRATCH, OFF, LO and HI are sizes: a
// number or `sK`, symbol K of the size program, which comes before the rest.
//
//===----------------------------------------------------------------------===//
#include "bridge/plan.h"

#include "bridge/layout/Pad.h"

#include <cstdint>
#include <cstdio>
#include <sstream>

using namespace bridge::plan;
namespace layout = bridge::layout;

static const char *const kStepNames[kStepKinds] = {
    "alloc", "free",    "stage", "move",   "halo",   "load",
    "save",  "call",    "combine", "fetch", "select", "compact", "count"};

const char *bridge::plan::stepKindName(StepKind kind) {
  return kStepNames[static_cast<int>(kind)];
}

static std::string token(const std::string &text) {
  if (text.empty())
    return "-";
  std::string out = text;
  for (char &c : out)
    if (c == ' ' || c == '\t' || c == '\n')
      c = '_';
  return out;
}

std::string bridge::plan::serialize(const Plan &plan) {
  std::ostringstream os;
  os << "bridge-plan 3\n";
  std::istringstream sizes(plan.sizes.serialize());
  for (std::string line; std::getline(sizes, line);)
    os << "size " << line << '\n';
  for (const Array &a : plan.arrays) {
    os << "array " << a.elementBytes << ' '
       << (a.block ? 'b' : a.cyclic ? 'y' : 'c') << ' ';
    if (a.cyclic)
      os << a.gridRows << ' ' << a.gridCols << ' ';
    os << a.shape.size();
    for (int64_t v : a.shape)
      os << ' ' << formatSize(v);
    for (int64_t v : a.chunks)
      os << ' ' << formatSize(v);
    os << ' ' << a.haloAxis << ' ' << a.haloWidth << ' ' << token(a.name)
       << '\n';
  }
  for (const Step &s : plan.steps) {
    os << "step " << kStepNames[static_cast<int>(s.kind)] << ' '
       << s.inputs.size();
    for (int id : s.inputs)
      os << ' ' << id;
    os << ' ' << s.outputs.size();
    for (int id : s.outputs)
      os << ' ' << id;
    os << ' ' << s.partials << ' ' << formatSize(s.chunks) << ' '
       << formatSize(s.scratch) << ' ' << s.maps.size();
    for (const AxisMap &m : s.maps)
      os << ' ' << m.srcDim << ' ' << formatSize(m.offset) << ' ' << m.step
         << ' ' << formatSize(m.lo) << ' ' << formatSize(m.hi);
    os << ' ' << token(s.label) << '\n';
  }
  return os.str();
}

namespace {
/// Reads whitespace-separated fields, remembering the first failure.
class Reader {
public:
  Reader(const std::string &line, const SizeProgram &sizes)
      : in(line), sizes(sizes) {}
  template <typename T> T next() {
    T value{};
    if (!(in >> value))
      ok = false;
    return value;
  }
  /// A size: a constant, or a symbol that the size program defines.
  int64_t size() {
    std::optional<int64_t> value = parseSize(next<std::string>());
    if (!value ||
        (isSymbol(*value) &&
         symbolIndex(*value) >= static_cast<int64_t>(sizes.insts.size()))) {
      ok = false;
      return 0;
    }
    return *value;
  }
  bool ok = true;

private:
  std::istringstream in;
  const SizeProgram &sizes;
};

} // namespace

bool bridge::plan::parse(const std::string &text, Plan &plan,
                         std::string &error) {
  plan = Plan();
  std::istringstream lines(text);
  std::string line;
  if (!std::getline(lines, line) || line != "bridge-plan 3") {
    error = "not a bridge plan (version 2)";
    return false;
  }
  int number = 1;
  auto fail = [&](const char *what) {
    error = "line " + std::to_string(number) + ": " + what;
    return false;
  };
  // The size program's lines come first: symbols must be defined before
  // anything refers to them.
  std::string sizesText;
  bool readingSizes = true;
  auto parseSizes = [&] {
    readingSizes = false;
    if (SizeProgram::parse(sizesText, plan.sizes, error))
      return true;
    error = "sizes: " + error;
    return false;
  };
  while (std::getline(lines, line)) {
    ++number;
    if (readingSizes && line.compare(0, 5, "size ") == 0) {
      sizesText.append(line, 5, std::string::npos).push_back('\n');
      continue;
    }
    if (readingSizes && !parseSizes())
      return false;
    if (line.empty())
      continue;
    Reader r(line, plan.sizes);
    std::string kind = r.next<std::string>();
    if (kind == "array") {
      Array a;
      a.elementBytes = r.next<int64_t>();
      std::string placement = r.next<std::string>();
      a.block = placement == "b";
      a.cyclic = placement == "y";
      if (a.cyclic) {
        a.gridRows = r.next<int64_t>();
        a.gridCols = r.next<int64_t>();
        if (!r.ok || a.gridRows < 0 || a.gridCols < 0 ||
            a.gridRows > INT32_MAX || a.gridCols > INT32_MAX ||
            (a.gridRows == 0) != (a.gridCols == 0))
          return fail("bad process grid");
      }
      int64_t ndim = r.next<int64_t>();
      if (!r.ok || ndim < 1 || ndim > 4 || a.elementBytes <= 0)
        return fail("bad array");
      for (int64_t d = 0; d < ndim; ++d)
        a.shape.push_back(r.size());
      for (int64_t d = 0; d < ndim; ++d)
        a.chunks.push_back(r.size());
      if (!r.ok)
        return fail("bad array extent");
      a.haloAxis = r.next<int>();
      a.haloWidth = r.next<int64_t>();
      a.name = r.next<std::string>();
      if (!r.ok || a.haloAxis >= ndim || a.haloWidth < 0 ||
          (a.cyclic && (ndim != 2 || a.haloAxis >= 0)))
        return fail("bad array");
      plan.arrays.push_back(a);
      continue;
    }
    if (kind != "step")
      return fail("expected 'array' or 'step'");
    Step s;
    std::string name = r.next<std::string>();
    bool known = false;
    for (int k = 0; k < static_cast<int>(std::size(kStepNames)); ++k)
      if (name == kStepNames[k]) {
        s.kind = static_cast<StepKind>(k);
        known = true;
      }
    if (!known)
      return fail("unknown step");
    auto ids = [&](std::vector<int> &out) {
      int64_t n = r.next<int64_t>();
      if (n < 0 || n > 1 << 20)
        r.ok = false;
      for (int64_t i = 0; r.ok && i < n; ++i) {
        int id = r.next<int>();
        if (id < 0 || id >= static_cast<int>(plan.arrays.size()))
          r.ok = false;
        out.push_back(id);
      }
    };
    ids(s.inputs);
    ids(s.outputs);
    s.partials = r.next<int64_t>();
    s.chunks = r.size();
    s.scratch = r.size();
    int64_t nmaps = r.next<int64_t>();
    if (nmaps < 0 || nmaps > 4)
      r.ok = false;
    for (int64_t i = 0; r.ok && i < nmaps; ++i) {
      AxisMap m;
      m.srcDim = r.next<int>();
      m.offset = r.size();
      m.step = r.next<int64_t>();
      m.lo = r.size();
      m.hi = r.size();
      if (m.srcDim < 0 || m.srcDim > 3)
        r.ok = false;
      s.maps.push_back(m);
    }
    s.label = r.next<std::string>();
    if (!r.ok)
      return fail("bad step");
    if (s.kind == StepKind::Move &&
        (s.inputs.size() != 1 || s.outputs.size() != 1 ||
         s.maps.size() != plan.arrays[s.outputs[0]].shape.size()))
      return fail("a move has one source, one destination and its maps");
    layout::PadMode mode;
    if (s.kind == StepKind::Halo &&
        (s.inputs.size() != 1 || s.outputs.size() != 1 ||
         !layout::padModeNamed(s.label.c_str(), &mode)))
      return fail("a halo has one source, one destination and a pad mode");
    if (s.kind == StepKind::Count &&
        (!s.inputs.empty() || s.outputs.size() != 1 ||
         plan.arrays[s.outputs[0]].shape.size() != 1))
      return fail("a count has one 1-D destination");
    if (s.kind == StepKind::Compact &&
        (s.inputs.empty() || s.outputs.size() != 1))
      return fail("a compaction has sources and one destination");
    plan.steps.push_back(s);
  }
  return !readingSizes || parseSizes();
}
