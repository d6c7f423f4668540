//===- ArrayDialect.cpp - The array-level dialect -------------------------===//
#include "bridge/Dialect/Array/ArrayDialect.h"
#include "bridge/Dialect/Array/ArrayOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace bridge::array;

#include "bridge/Dialect/Array/ArrayDialect.cpp.inc"

void ArrayDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "bridge/Dialect/Array/ArrayTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "bridge/Dialect/Array/ArrayOps.cpp.inc"
      >();
}

#define GET_TYPEDEF_CLASSES
#include "bridge/Dialect/Array/ArrayTypes.cpp.inc"
