//===- ArrayEnums.h - Enumerations of the array dialect ---------*- C++ -*-===//
//
// Its own header because the task dialect reuses PadMode.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_DIALECT_ARRAY_ARRAYENUMS_H
#define BRIDGE_DIALECT_ARRAY_ARRAYENUMS_H

#include "mlir/IR/BuiltinAttributes.h"

#include "bridge/Dialect/Array/ArrayEnums.h.inc"

#endif // BRIDGE_DIALECT_ARRAY_ARRAYENUMS_H
