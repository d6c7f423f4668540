//===- Passes.h - Conversions between the bridgec dialects ------*- C++ -*-===//
#ifndef BRIDGE_CONVERSION_PASSES_H
#define BRIDGE_CONVERSION_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

#include "bridge/Dialect/Task/TaskDialect.h"

namespace bridge {

#define GEN_PASS_DECL
#include "bridge/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "bridge/Conversion/Passes.h.inc"

} // namespace bridge

#endif // BRIDGE_CONVERSION_PASSES_H
