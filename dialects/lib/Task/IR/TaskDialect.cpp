//===- TaskDialect.cpp - The task-graph dialect ---------------------------===//
#include "bridge/Dialect/Task/TaskDialect.h"
#include "bridge/Dialect/Task/TaskOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace bridge::task;
using bridge::array::parseSizeList;
using bridge::array::printSizeList;

#include "bridge/Dialect/Task/TaskDialect.cpp.inc"

void TaskDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "bridge/Dialect/Task/TaskTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "bridge/Dialect/Task/TaskOps.cpp.inc"
      >();
}

#define GET_TYPEDEF_CLASSES
#include "bridge/Dialect/Task/TaskTypes.cpp.inc"
