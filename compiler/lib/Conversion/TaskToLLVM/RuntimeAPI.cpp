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
