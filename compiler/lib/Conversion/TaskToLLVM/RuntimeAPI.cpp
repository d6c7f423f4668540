//===- RuntimeAPI.cpp - The runtime functions generated code calls --------===//
#include "RuntimeAPI.h"

#include "CTypes.h"
#include "bridge/runtime.h"

#include "llvm/ADT/StringRef.h"

using namespace mlir;
using namespace bridge;

// The table must say what the runtime declares: a function whose parameters or
// result change in bridge/runtime.h stops the build here.
#define BRIDGE_RT_FUNCTION(Id, Symbol, Signature)                              \
  static_assert(std::is_same_v<decltype(Symbol), Signature>,                   \
                #Symbol " in RuntimeFunctions.def differs from bridge/runtime.h");
#include "RuntimeFunctions.def"

namespace {
struct Declaration {
  llvm::StringLiteral name;
  FunctionType (*type)(MLIRContext *);
};
} // namespace

/// Indexed by runtime::Fn.
static constexpr Declaration declarations[] = {
#define BRIDGE_RT_FUNCTION(Id, Symbol, Signature)                              \
  {#Symbol, &abi::CFunctionType<Signature>::get},
#include "RuntimeFunctions.def"
};

func::FuncOp runtime::getOrInsert(ModuleOp module, Fn fn) {
  const Declaration &declaration = declarations[static_cast<size_t>(fn)];
  if (auto existing = module.lookupSymbol<func::FuncOp>(declaration.name))
    return existing;
  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  auto decl = func::FuncOp::create(builder, module.getLoc(), declaration.name,
                                   declaration.type(module.getContext()));
  decl.setPrivate();
  return decl;
}

func::CallOp runtime::call(OpBuilder &builder, Location loc, ModuleOp module,
                           Fn fn, ValueRange args) {
  return func::CallOp::create(builder, loc, getOrInsert(module, fn), args);
}

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
