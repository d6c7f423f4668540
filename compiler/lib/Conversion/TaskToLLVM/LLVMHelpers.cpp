//===- LLVMHelpers.cpp - Values the task lowerings build alike ------------===//
#include "LLVMHelpers.h"

#include "RuntimeAPI.h"
#include "RuntimeEnums.h"
#include "bridge/sizes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

Value bridge::tasktollvm::i32Const(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantOp::create(b, loc, b.getI32Type(),
                                   b.getI32IntegerAttr(value));
}

Value bridge::tasktollvm::i64Const(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantOp::create(b, loc, b.getI64Type(),
                                   b.getI64IntegerAttr(value));
}

Type bridge::tasktollvm::ptrType(MLIRContext *ctx) {
  return LLVM::LLVMPointerType::get(ctx);
}

Value bridge::tasktollvm::stackSlots(OpBuilder &b, Location loc, Type type,
                                     int64_t count) {
  return LLVM::AllocaOp::create(b, loc, ptrType(b.getContext()), type,
                                i64Const(b, loc, count));
}

Value bridge::tasktollvm::stackSlotsBefore(OpBuilder &b, Operation *op,
                                           Type type, int64_t count) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(op);
  return stackSlots(b, op->getLoc(), type, count);
}

void bridge::tasktollvm::storeAt(OpBuilder &b, Location loc, Value base,
                                 int64_t index, Value value) {
  Value slot = LLVM::GEPOp::create(
      b, loc, ptrType(b.getContext()), ptrType(b.getContext()), base,
      ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(index)});
  LLVM::StoreOp::create(b, loc, value, slot);
}

/// A stack array holding `count` values that `valueAt` gives.
static Value stackValues(OpBuilder &b, Location loc, size_t count,
                         function_ref<Value(size_t)> valueAt) {
  using namespace bridge::tasktollvm;
  Type i64 = b.getI64Type();
  Value base = stackSlots(b, loc, i64, count);
  for (size_t i = 0; i < count; ++i) {
    Value slot =
        LLVM::GEPOp::create(b, loc, ptrType(b.getContext()), i64, base,
                            ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(i)});
    LLVM::StoreOp::create(b, loc, valueAt(i), slot);
  }
  return base;
}

Value bridge::tasktollvm::stackArray(OpBuilder &b, Location loc,
                                     ArrayRef<int64_t> values) {
  return stackValues(b, loc, values.size(), [&](size_t i) {
    return i64Const(b, loc, values[i]);
  });
}

Value bridge::tasktollvm::sizeValue(OpBuilder &b, Location loc, ModuleOp module,
                                    int64_t size) {
  if (!plan::isSymbol(size))
    return i64Const(b, loc, size);
  return runtime::call(b, loc, module, runtime::Fn::SizeValue,
                       i64Const(b, loc, plan::symbolIndex(size)))
      .getResult(0);
}

Value bridge::tasktollvm::stackSizes(OpBuilder &b, Location loc,
                                     ModuleOp module, ArrayRef<int64_t> sizes) {
  return stackValues(b, loc, sizes.size(), [&](size_t i) {
    return sizeValue(b, loc, module, sizes[i]);
  });
}

Type bridge::tasktollvm::storageType(Type element) {
  if (element.isInteger(1))
    return IntegerType::get(element.getContext(), 8);
  return element;
}

Value bridge::tasktollvm::elementAddress(OpBuilder &b, Location loc, Value base,
                                         Type element, Value index) {
  if (index.getType().isIndex())
    index = arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
  return LLVM::GEPOp::create(b, loc, ptrType(b.getContext()),
                             storageType(element), base, ValueRange{index});
}

ModuleOp bridge::tasktollvm::moduleOf(Operation *op) {
  return op->getParentOfType<ModuleOp>();
}

Value bridge::tasktollvm::stringConstant(OpBuilder &b, Location loc,
                                         ModuleOp module, StringRef value) {
  std::string name =
      llvm::formatv("__bridge_str_{0:x}", llvm::hash_value(value)).str();
  if (auto global = module.lookupSymbol<LLVM::GlobalOp>(name))
    return LLVM::AddressOfOp::create(b, loc, global);
  return LLVM::createGlobalString(loc, b, name, (value + Twine('\0')).str(),
                                  LLVM::Linkage::Internal);
}

using bridge::runtime::Fn;

Value bridge::tasktollvm::createDist(OpBuilder &b, Location loc,
                                     ModuleOp module,
                                     bridge::task::DistType type) {
  Value dtype = i32Const(b, loc, runtime::dtypeCode(type.getElementType()));
  Value rank = i32Const(b, loc, type.getRank());
  Value shape = stackSizes(b, loc, module, type.getShape());
  if (type.getPlacement() == bridge::task::Placement::block)
    return runtime::call(b, loc, module, Fn::DistCreateBlock,
                         {dtype, rank, shape})
        .getResult(0);
  Value chunks = stackSizes(b, loc, module, type.getChunks());
  if (type.getPlacement() == bridge::task::Placement::cyclic)
    return runtime::call(b, loc, module, Fn::DistCreateCyclic,
                         {dtype, rank, shape, chunks,
                          i32Const(b, loc, type.getGrid()[0]),
                          i32Const(b, loc, type.getGrid()[1])})
        .getResult(0);
  if (std::optional<unsigned> axis = type.getHaloAxis())
    return runtime::call(b, loc, module, Fn::DistCreateHalo,
                         {dtype, rank, shape, chunks, i32Const(b, loc, *axis),
                          i64Const(b, loc, type.getHaloWidth(*axis))})
        .getResult(0);
  return runtime::call(b, loc, module, Fn::DistCreate,
                       {dtype, rank, shape, chunks,
                        i32Const(b, loc, runtime::code(type.getPlacement()))})
      .getResult(0);
}
