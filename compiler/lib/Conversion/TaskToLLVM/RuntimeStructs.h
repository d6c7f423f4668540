//===- RuntimeStructs.h - Memory layouts the runtime ABI reads --*- C++ -*-===//
//
// What generated code lays out in memory for the runtime. The layouts are
// described with C types in RuntimeStructs.cpp and checked there against
// bridge/runtime.h.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_CONVERSION_TASKTOLLVM_RUNTIMESTRUCTS_H
#define BRIDGE_CONVERSION_TASKTOLLVM_RUNTIMESTRUCTS_H

#include "mlir/Dialect/LLVMIR/LLVMTypes.h"

namespace bridge::runtime {

/// bridge_rt_axis_map: one per destination dimension of a redistribution.
struct AxisMap {
  /// The fields in declaration order.
  enum Field : unsigned { SrcDim, Reserved, Offset, Step, Lo, Hi };

  static mlir::LLVM::LLVMStructType type(mlir::MLIRContext *ctx);
};

/// Bytes of one partial result, the stack slot a stage keeps per partial
/// and the checkpoint functions read and restore: a double or an int64_t.
inline constexpr int64_t partialSlotBytes = 8;

} // namespace bridge::runtime

#endif // BRIDGE_CONVERSION_TASKTOLLVM_RUNTIMESTRUCTS_H
