//===- ArrayDialect.h - The array-level dialect -----------------*- C++ -*-===//
#ifndef BRIDGE_DIALECT_ARRAY_ARRAYDIALECT_H
#define BRIDGE_DIALECT_ARRAY_ARRAYDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Dialect.h"

#include "bridge/Dialect/Array/ArrayDialect.h.inc"

#endif // BRIDGE_DIALECT_ARRAY_ARRAYDIALECT_H
