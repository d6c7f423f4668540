//===- RuntimeEnums.cpp - Enum values the runtime ABI takes ---------------===//
#include "RuntimeEnums.h"

#include "bridge/runtime.h"

using namespace mlir;
using namespace bridge;

namespace {
/// One case of a dialect enum and the runtime's enumerator for it.
template <typename DialectEnum, typename RuntimeEnum>
struct EnumCase {
  DialectEnum dialect;
  RuntimeEnum runtime;
};

/// Whether `cases` lists every value 0..maxValue of the dialect's enum in
/// order, each equal to the runtime's.
template <typename DialectEnum, typename RuntimeEnum, size_t N>
constexpr bool sameValues(const EnumCase<DialectEnum, RuntimeEnum> (&cases)[N],
                          unsigned maxValue) {
  if (N != maxValue + 1)
    return false;
  for (size_t i = 0; i < N; ++i)
    if (static_cast<size_t>(cases[i].dialect) != i ||
        static_cast<size_t>(cases[i].runtime) != i)
      return false;
  return true;
}
} // namespace

constexpr EnumCase<task::Placement, bridge_rt_placement> placements[] = {
    {task::Placement::contiguous, BRIDGE_RT_CONTIGUOUS},
    {task::Placement::block, BRIDGE_RT_BLOCK},
    {task::Placement::cyclic, BRIDGE_RT_CYCLIC}};
static_assert(sameValues(placements, task::getMaxEnumValForPlacement()),
              "task::Placement differs from bridge_rt_placement");

constexpr EnumCase<task::CombineKind, bridge_rt_reduce_op> reduceOps[] = {
    {task::CombineKind::sum, BRIDGE_RT_SUM},
    {task::CombineKind::prod, BRIDGE_RT_PROD},
    {task::CombineKind::min, BRIDGE_RT_MIN},
    {task::CombineKind::max, BRIDGE_RT_MAX},
    {task::CombineKind::any, BRIDGE_RT_ANY},
    {task::CombineKind::all, BRIDGE_RT_ALL},
    {task::CombineKind::nanmin, BRIDGE_RT_NANMIN},
    {task::CombineKind::nanmax, BRIDGE_RT_NANMAX}};
static_assert(sameValues(reduceOps, task::getMaxEnumValForCombineKind()),
              "task::CombineKind differs from bridge_rt_reduce_op");

constexpr EnumCase<task::PadMode, bridge_rt_pad_mode> padModes[] = {
    {task::PadMode::edge, BRIDGE_RT_PAD_EDGE},
    {task::PadMode::symmetric, BRIDGE_RT_PAD_SYMMETRIC},
    {task::PadMode::reflect, BRIDGE_RT_PAD_REFLECT},
    {task::PadMode::wrap, BRIDGE_RT_PAD_WRAP},
    {task::PadMode::constant, BRIDGE_RT_PAD_CONSTANT}};
static_assert(sameValues(padModes, array::getMaxEnumValForPadMode()),
              "PadMode differs from bridge_rt_pad_mode");

int32_t runtime::code(task::Placement placement) {
  return static_cast<int32_t>(placement);
}

int32_t runtime::code(task::CombineKind kind) {
  return static_cast<int32_t>(kind);
}

int32_t runtime::code(task::PadMode mode) { return static_cast<int32_t>(mode); }

int32_t runtime::dtypeCode(Type type) {
  if (type.isF64())
    return BRIDGE_F64;
  if (type.isF32())
    return BRIDGE_F32;
  if (type.isInteger(64))
    return BRIDGE_I64;
  if (type.isInteger(32))
    return BRIDGE_I32;
  assert(type.isInteger(1) && "arrays hold f64, f32, i64, i32 or bool");
  return BRIDGE_BOOL;
}
