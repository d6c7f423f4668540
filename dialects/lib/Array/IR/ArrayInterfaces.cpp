//===- ArrayInterfaces.cpp - Interfaces of the array dialect --------------===//
#include "bridge/Dialect/Array/ArrayInterfaces.h"

using namespace mlir;
using namespace bridge::array;

#include "bridge/Dialect/Array/ArrayInterfaces.cpp.inc"

ElementContext::~ElementContext() = default;

Value ElementContext::getLinearIndex() {
  llvm_unreachable("a scalar computation has no element index");
}
