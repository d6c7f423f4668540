//===- RuntimeStructs.cpp - Memory layouts the runtime ABI reads ----------===//
#include "RuntimeStructs.h"

#include "CTypes.h"
#include "bridge/runtime.h"

using namespace mlir;
using namespace bridge;

using AxisMapLayout =
    abi::CStruct<int32_t, int32_t, int64_t, int64_t, int64_t, int64_t>;

// Each field of a layout must be the C declaration's, in type and place, and
// the C struct must hold nothing else.
#define BRIDGE_CHECK_FIELD(LayoutType, CStructType, Index, member)             \
  static_assert(                                                               \
      std::is_same_v<decltype(CStructType::member), LayoutType::Field<Index>>, \
      #CStructType "::" #member " changed type");                              \
  static_assert(offsetof(CStructType, member) == LayoutType::offset(Index),    \
                #CStructType "::" #member " moved")

using runtime::AxisMap;
BRIDGE_CHECK_FIELD(AxisMapLayout, bridge_rt_axis_map, AxisMap::SrcDim, src_dim);
BRIDGE_CHECK_FIELD(AxisMapLayout, bridge_rt_axis_map, AxisMap::Reserved,
                   reserved);
BRIDGE_CHECK_FIELD(AxisMapLayout, bridge_rt_axis_map, AxisMap::Offset, offset);
BRIDGE_CHECK_FIELD(AxisMapLayout, bridge_rt_axis_map, AxisMap::Step, step);
BRIDGE_CHECK_FIELD(AxisMapLayout, bridge_rt_axis_map, AxisMap::Lo, lo);
BRIDGE_CHECK_FIELD(AxisMapLayout, bridge_rt_axis_map, AxisMap::Hi, hi);
static_assert(sizeof(bridge_rt_axis_map) == AxisMapLayout::size(),
              "bridge_rt_axis_map has fields the compiler does not fill");
static_assert(AxisMapLayout::numFields == AxisMap::Hi + 1,
              "one layout entry per field");

static_assert(sizeof(double) == runtime::partialSlotBytes &&
                  sizeof(int64_t) == runtime::partialSlotBytes,
              "partial results are 8-byte slots");

LLVM::LLVMStructType AxisMap::type(MLIRContext *ctx) {
  return AxisMapLayout::get(ctx);
}
