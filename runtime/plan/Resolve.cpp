//===- Resolve.cpp - The concrete plan of one run -------------------------===//
//
// Replaces every size of a plan by its value for a run and checks what the
// model relies on: extents that are not negative, positive chunks, grids of
// at most INT64_MAX chunks, byte counts that int64 holds, halos over the grid
// of their source, moves that read inside their source and fetches inside
// their array.
//
//===----------------------------------------------------------------------===//
#include "bridge/plan.h"

#include "bridge/layout/ChunkCount.h"

using namespace bridge::plan;
namespace layout = bridge::layout;

namespace {

/// Whether `maps` read only coordinates inside `src` for destination ranges
/// inside `dst`, as bridge_rt_redistribute requires, each source dimension
/// for at most one destination dimension.
bool readsInside(const std::vector<AxisMap> &maps, const Array &src,
                 const Array &dst) {
  bool read[4] = {false, false, false, false};
  for (size_t d = 0; d < maps.size(); ++d) {
    const AxisMap &m = maps[d];
    // A source of fewer dimensions is read through its unused unit axes.
    if (m.srcDim >= static_cast<int>(dst.shape.size()) || m.lo < 0 ||
        m.lo > m.hi || m.hi > dst.shape[d] || read[m.srcDim])
      return false;
    read[m.srcDim] = true;
    if (m.lo == m.hi)
      continue;
    int64_t extent = m.srcDim < static_cast<int>(src.shape.size())
                         ? src.shape[m.srcDim]
                         : 1;
    __int128 atLo = __int128(m.offset) + __int128(m.step) * m.lo;
    __int128 atHi = __int128(m.offset) + __int128(m.step) * (m.hi - 1);
    // A flip (a negative step) reads backwards.
    __int128 first = m.step < 0 ? atHi : atLo, last = m.step < 0 ? atLo : atHi;
    if (first < 0 || last >= extent)
      return false;
  }
  return true;
}

class Resolver {
public:
  explicit Resolver(const SizeValues &values) : values(values) {}

  /// The value of `size`; records a symbol the values do not hold.
  int64_t operator()(int64_t size) {
    if (!isSymbol(size))
      return size;
    if (symbolIndex(size) >= static_cast<int64_t>(values.symbols.size())) {
      unknown = true;
      return 0;
    }
    return values.symbols[symbolIndex(size)];
  }

  bool unknown = false;

private:
  const SizeValues &values;
};

std::string arrayNamed(size_t id, const Array &array) {
  return "array " + std::to_string(id) + " (" + array.name + ")";
}

/// The bytes `array` holds in all, halo included, unless that passes
/// kMaxConstant.
std::optional<int64_t> arrayBytes(const Array &array) {
  int64_t bytes = array.elementBytes;
  for (size_t d = 0; d < array.shape.size(); ++d) {
    int64_t extent = array.shape[d];
    if (static_cast<int>(d) == array.haloAxis) {
      // Each of its (at most extent / chunk + 1) chunks along the axis
      // stores its neighbours too.
      int64_t chunks = extent / array.chunks[d] + 1, stored = 0;
      if (__builtin_mul_overflow(chunks, array.haloWidth, &stored) ||
          __builtin_mul_overflow(stored, 2, &stored) ||
          __builtin_add_overflow(extent, stored, &extent))
        return std::nullopt;
    }
    if (__builtin_mul_overflow(bytes, extent, &bytes) || bytes > kMaxConstant)
      return std::nullopt;
  }
  return bytes;
}

std::optional<std::string> checkArray(size_t id, const Array &array) {
  for (size_t d = 0; d < array.shape.size(); ++d)
    if (array.shape[d] < 0 || array.chunks[d] <= 0)
      return arrayNamed(id, array) + " has extent " +
             std::to_string(array.shape[d]) + " in chunks of " +
             std::to_string(array.chunks[d]) + " along axis " +
             std::to_string(d);
  int64_t nchunks;
  if (!array.block && !layout::regularGridSize(
                          static_cast<int32_t>(array.shape.size()),
                          array.shape.data(), array.chunks.data(), &nchunks))
    return arrayNamed(id, array) + " has more than INT64_MAX chunks";
  return std::nullopt;
}

/// The model counts bytes in int64: all arrays together stay below 2^62.
std::optional<std::string> checkBytes(const Plan &plan) {
  int64_t total = 0;
  for (size_t id = 0; id < plan.arrays.size(); ++id) {
    std::optional<int64_t> bytes = arrayBytes(plan.arrays[id]);
    if (!bytes || __builtin_add_overflow(total, *bytes, &total) ||
        total > kMaxConstant)
      return arrayNamed(id, plan.arrays[id]) +
             " takes the arrays past 2^62 bytes";
  }
  return std::nullopt;
}

bool sameGrid(const Array &a, const Array &b) {
  return a.shape == b.shape && a.chunks == b.chunks && a.block == b.block &&
         a.cyclic == b.cyclic && a.gridRows == b.gridRows &&
         a.gridCols == b.gridCols;
}

std::optional<std::string> checkStep(size_t index, const Step &step,
                                     const Plan &plan) {
  std::string name = "step " + std::to_string(index);
  if (step.chunks < 0)
    return name + " has " + std::to_string(step.chunks) + " chunks";
  if (step.scratch < 0)
    return name + " holds " + std::to_string(step.scratch) + " bytes";
  if (step.kind == StepKind::Move &&
      !readsInside(step.maps, plan.arrays[step.inputs[0]],
                   plan.arrays[step.outputs[0]]))
    return name + " moves elements from outside its source or to outside "
                  "its destination";
  if (step.kind == StepKind::Halo &&
      !sameGrid(plan.arrays[step.inputs[0]], plan.arrays[step.outputs[0]]))
    return name + " gives a halo to another grid than its source's";
  if (step.kind == StepKind::Fetch && !step.inputs.empty()) {
    const Array &array = plan.arrays[step.inputs[0]];
    bool inside = step.maps.size() == array.shape.size();
    for (size_t d = 0; inside && d < step.maps.size(); ++d)
      inside = step.maps[d].lo >= 0 && step.maps[d].lo < array.shape[d];
    if (!inside)
      return name + " fetches an element outside " +
             arrayNamed(step.inputs[0], array);
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string> bridge::plan::resolve(const Plan &plan,
                                                 const SizeValues &values,
                                                 Plan &concrete) {
  Resolver valueOf(values);
  concrete.sizes = SizeProgram();
  concrete.arrays = plan.arrays;
  concrete.steps = plan.steps;
  for (Array &array : concrete.arrays) {
    for (int64_t &extent : array.shape)
      extent = valueOf(extent);
    for (int64_t &chunk : array.chunks)
      chunk = valueOf(chunk);
  }
  for (Step &step : concrete.steps) {
    step.chunks = valueOf(step.chunks);
    step.scratch = valueOf(step.scratch);
    for (AxisMap &map : step.maps) {
      map.offset = valueOf(map.offset);
      map.lo = valueOf(map.lo);
      map.hi = valueOf(map.hi);
    }
  }
  if (valueOf.unknown)
    return std::string("the plan refers to sizes that were not evaluated");
  for (size_t id = 0; id < concrete.arrays.size(); ++id)
    if (std::optional<std::string> error = checkArray(id, concrete.arrays[id]))
      return error;
  if (std::optional<std::string> error = checkBytes(concrete))
    return error;
  for (size_t i = 0; i < concrete.steps.size(); ++i)
    if (std::optional<std::string> error =
            checkStep(i, concrete.steps[i], concrete))
      return error;
  return std::nullopt;
}

std::optional<std::string> bridge::plan::checkProcessGrids(const Plan &plan,
                                                           int ranks) {
  for (const Array &array : plan.arrays)
    if (array.cyclic && array.gridRows * array.gridCols > ranks)
      return "the process grid " + std::to_string(array.gridRows) + " x " +
             std::to_string(array.gridCols) + " of " + array.name + " needs " +
             std::to_string(array.gridRows * array.gridCols) +
             " ranks, but the program runs on " + std::to_string(ranks);
  return std::nullopt;
}
