//===- Plan.cpp - The text form of a placement plan -----------------------===//
//
//   bridge-plan 1
//   array BYTES c|b NDIM SHAPE... CHUNKS... HALO_AXIS HALO_WIDTH NAME
//   step KIND NIN IN... NOUT OUT... PARTIALS CHUNKS NMAPS (DIM OFF STEP LO HI)... LABEL
//
// One item per line, whitespace-separated; names and labels hold no spaces.
//
//===----------------------------------------------------------------------===//
#include "bridge/plan.h"

#include "bridge/layout/ChunkCount.h"
#include "bridge/layout/Pad.h"

#include <cstdio>
#include <sstream>

using namespace bridge::plan;
namespace layout = bridge::layout;

static const char *const kStepNames[] = {"alloc", "free", "stage", "move",
                                         "halo",  "load", "save",  "call",
                                         "combine", "fetch"};

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
  os << "bridge-plan 1\n";
  for (const Array &a : plan.arrays) {
    os << "array " << a.elementBytes << ' ' << (a.block ? 'b' : 'c') << ' '
       << a.shape.size();
    for (int64_t v : a.shape)
      os << ' ' << v;
    for (int64_t v : a.chunks)
      os << ' ' << v;
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
    os << ' ' << s.partials << ' ' << s.chunks << ' ' << s.maps.size();
    for (const AxisMap &m : s.maps)
      os << ' ' << m.srcDim << ' ' << m.offset << ' ' << m.step << ' ' << m.lo
         << ' ' << m.hi;
    os << ' ' << token(s.label) << '\n';
  }
  return os.str();
}

/// Whether `maps` read only coordinates inside `src` for destination ranges
/// inside `dst`, as bridge_rt_redistribute requires.
static bool readsInside(const std::vector<AxisMap> &maps, const Array &src,
                        const Array &dst) {
  for (size_t d = 0; d < maps.size(); ++d) {
    const AxisMap &m = maps[d];
    if (m.srcDim >= static_cast<int>(src.shape.size()) || m.lo < 0 ||
        m.lo > m.hi || m.hi > dst.shape[d])
      return false;
    if (m.lo == m.hi)
      continue;
    __int128 first = __int128(m.offset) + __int128(m.step) * m.lo;
    __int128 last = __int128(m.offset) + __int128(m.step) * (m.hi - 1);
    if (first < 0 || last >= src.shape[m.srcDim])
      return false;
  }
  return true;
}

namespace {
/// Reads whitespace-separated fields, remembering the first failure.
class Reader {
public:
  explicit Reader(const std::string &line) : in(line) {}
  template <typename T> T next() {
    T value{};
    if (!(in >> value))
      ok = false;
    return value;
  }
  bool ok = true;

private:
  std::istringstream in;
};
} // namespace

bool bridge::plan::parse(const std::string &text, Plan &plan,
                         std::string &error) {
  plan = Plan();
  std::istringstream lines(text);
  std::string line;
  if (!std::getline(lines, line) || line != "bridge-plan 1") {
    error = "not a bridge plan (version 1)";
    return false;
  }
  int number = 1;
  auto fail = [&](const char *what) {
    error = "line " + std::to_string(number) + ": " + what;
    return false;
  };
  while (std::getline(lines, line)) {
    ++number;
    if (line.empty())
      continue;
    Reader r(line);
    std::string kind = r.next<std::string>();
    if (kind == "array") {
      Array a;
      a.elementBytes = r.next<int64_t>();
      a.block = r.next<std::string>() == "b";
      int64_t ndim = r.next<int64_t>();
      if (!r.ok || ndim < 1 || ndim > 4 || a.elementBytes <= 0)
        return fail("bad array");
      for (int64_t d = 0; d < ndim; ++d)
        a.shape.push_back(r.next<int64_t>());
      for (int64_t d = 0; d < ndim; ++d)
        a.chunks.push_back(r.next<int64_t>());
      a.haloAxis = r.next<int>();
      a.haloWidth = r.next<int64_t>();
      a.name = r.next<std::string>();
      for (int64_t d = 0; d < ndim; ++d)
        if (a.shape[d] < 0 || a.chunks[d] <= 0)
          return fail("bad array extent");
      int64_t nchunks;
      if (!a.block && !layout::regularGridSize(static_cast<int32_t>(ndim),
                                               a.shape.data(), a.chunks.data(),
                                               &nchunks))
        return fail("more than INT64_MAX chunks");
      if (!r.ok || a.haloAxis >= ndim || a.haloWidth < 0)
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
    s.chunks = r.next<int64_t>();
    int64_t nmaps = r.next<int64_t>();
    if (nmaps < 0 || nmaps > 4)
      r.ok = false;
    for (int64_t i = 0; r.ok && i < nmaps; ++i) {
      AxisMap m;
      m.srcDim = r.next<int>();
      m.offset = r.next<int64_t>();
      m.step = r.next<int64_t>();
      m.lo = r.next<int64_t>();
      m.hi = r.next<int64_t>();
      if (m.step <= 0 || m.srcDim < 0 || m.srcDim > 3)
        r.ok = false;
      s.maps.push_back(m);
    }
    s.label = r.next<std::string>();
    if (!r.ok)
      return fail("bad step");
    if (s.kind == StepKind::Move &&
        (s.inputs.size() != 1 || s.outputs.size() != 1 ||
         s.maps.size() != plan.arrays[s.outputs[0]].shape.size() ||
         !readsInside(s.maps, plan.arrays[s.inputs[0]],
                      plan.arrays[s.outputs[0]])))
      return fail("a move has one source, one destination and its maps");
    layout::PadMode mode;
    if (s.kind == StepKind::Halo &&
        (s.inputs.size() != 1 || s.outputs.size() != 1 ||
         !layout::padModeNamed(s.label.c_str(), &mode)))
      return fail("a halo has one source, one destination and a pad mode");
    plan.steps.push_back(s);
  }
  return true;
}
