//===- Resolve.cpp - The concrete plan of one run -------------------------===//
//
// Replaces every size of a plan by its value for a run and checks what the
// model relies on: extents that are not negative, positive chunks, grids of
// at most INT64_MAX chunks, moves that read inside their source and fetches
// inside their array.
//
//===----------------------------------------------------------------------===//
#include "bridge/plan.h"

#include "bridge/layout/ChunkCount.h"

using namespace bridge::plan;
namespace layout = bridge::layout;

namespace {

/// Whether `maps` read only coordinates inside `src` for destination ranges
/// inside `dst`, as bridge_rt_redistribute requires.
bool readsInside(const std::vector<AxisMap> &maps, const Array &src,
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

std::optional<std::string> checkStep(size_t index, const Step &step,
                                     const Plan &plan) {
  std::string name = "step " + std::to_string(index);
  if (step.chunks < 0)
    return name + " has " + std::to_string(step.chunks) + " chunks";
  if (step.kind == StepKind::Move &&
      !readsInside(step.maps, plan.arrays[step.inputs[0]],
                   plan.arrays[step.outputs[0]]))
    return name + " moves elements from outside its source or to outside "
                  "its destination";
  if (step.kind == StepKind::Fetch && !step.inputs.empty()) {
    const Array &array = plan.arrays[step.inputs[0]];
    for (size_t d = 0; d < step.maps.size(); ++d)
      if (d >= array.shape.size() || step.maps[d].lo < 0 ||
          step.maps[d].lo >= array.shape[d])
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
  for (size_t i = 0; i < concrete.steps.size(); ++i)
    if (std::optional<std::string> error =
            checkStep(i, concrete.steps[i], concrete))
      return error;
  return std::nullopt;
}
