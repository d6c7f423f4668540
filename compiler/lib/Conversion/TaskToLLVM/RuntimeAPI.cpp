//===- RuntimeAPI.cpp - The runtime functions generated code calls --------===//
#include "RuntimeAPI.h"

#include "bridge/runtime.h"
#include "mlir/Dialect/LLVMIR/LLVMTypes.h"

using namespace mlir;
using namespace bridge;

namespace {
struct Signature {
  const char *name;
  /// Parameter and result codes: 'i' i32, 'l' i64, 'd' f64, 'p' pointer.
  const char *params;
  const char *result; // "" for void
};
} // namespace

static Signature signature(runtime::Fn fn) {
  using runtime::Fn;
  switch (fn) {
  case Fn::SetPlan: return {"bridge_rt_set_plan", "p", ""};
  case Fn::Init: return {"bridge_rt_init", "ip", ""};
  case Fn::Finalize: return {"bridge_rt_finalize", "", "i"};
  case Fn::OwnedRange: return {"bridge_rt_owned_range", "ilpp", ""};
  case Fn::GridCreate: return {"bridge_rt_grid_create", "ippi", "p"};
  case Fn::GridChunks: return {"bridge_rt_grid_nchunks", "p", "l"};
  case Fn::GridBox: return {"bridge_rt_grid_box", "plpp", ""};
  case Fn::GridDestroy: return {"bridge_rt_grid_destroy", "p", ""};
  case Fn::Alloc: return {"bridge_rt_alloc", "l", "p"};
  case Fn::Free: return {"bridge_rt_free", "p", ""};
  case Fn::DistCreate: return {"bridge_rt_dist_create", "iippi", "p"};
  case Fn::DistCreateBlock: return {"bridge_rt_dist_create_block", "iip", "p"};
  case Fn::DistHalo: return {"bridge_rt_dist_halo", "pili", "p"};
  case Fn::DistFetch: return {"bridge_rt_dist_fetch", "ppp", ""};
  case Fn::Redistribute: return {"bridge_rt_redistribute", "ppp", ""};
  case Fn::SaveNpy: return {"bridge_rt_save_npy", "pp", ""};
  case Fn::LoadNpy: return {"bridge_rt_load_npy", "pp", ""};
  case Fn::LoadRaw: return {"bridge_rt_load_raw", "pp", ""};
  case Fn::DistChunk: return {"bridge_rt_dist_chunk", "pl", "p"};
  case Fn::DistView: return {"bridge_rt_dist_view", "p", "p"};
  case Fn::DistDestroy: return {"bridge_rt_dist_destroy", "p", ""};
  case Fn::CombineF64: return {"bridge_rt_combine_f64", "iipl", "d"};
  case Fn::CombineI64: return {"bridge_rt_combine_i64", "iipl", "l"};
  case Fn::CombineMoments:
    return {"bridge_rt_combine_moments", "ipppplpp", ""};
  case Fn::BcastF64: return {"bridge_rt_bcast_f64", "d", "d"};
  case Fn::BcastI64: return {"bridge_rt_bcast_i64", "l", "l"};
  case Fn::PrintF64: return {"bridge_rt_print_f64", "d", ""};
  case Fn::PrintI64: return {"bridge_rt_print_i64", "l", ""};
  case Fn::PrintBool: return {"bridge_rt_print_bool", "i", ""};
  case Fn::LegacyComm: return {"bridge_rt_legacy_comm", "p", ""};
  case Fn::LegacyEnter: return {"bridge_rt_legacy_enter", "p", ""};
  case Fn::LegacyExit: return {"bridge_rt_legacy_exit", "p", ""};
  case Fn::LegacyCheck: return {"bridge_rt_legacy_check", "pi", ""};
  case Fn::StageBegin: return {"bridge_rt_stage_begin", "p", ""};
  case Fn::StageEnd: return {"bridge_rt_stage_end", "", ""};
  case Fn::CkptRestore: return {"bridge_rt_ckpt_restore", "lllpipi", "i"};
  case Fn::CkptStore: return {"bridge_rt_ckpt_store", "lllpipi", ""};
  }
  llvm_unreachable("unknown runtime function");
}

static Type decode(MLIRContext *ctx, char code) {
  switch (code) {
  case 'i': return IntegerType::get(ctx, 32);
  case 'l': return IntegerType::get(ctx, 64);
  case 'd': return Float64Type::get(ctx);
  case 'p': return LLVM::LLVMPointerType::get(ctx);
  }
  llvm_unreachable("unknown type code");
}

func::FuncOp runtime::getOrInsert(ModuleOp module, Fn fn) {
  Signature sig = signature(fn);
  if (auto existing = module.lookupSymbol<func::FuncOp>(sig.name))
    return existing;
  MLIRContext *ctx = module.getContext();
  SmallVector<Type> params, results;
  for (const char *c = sig.params; *c; ++c)
    params.push_back(decode(ctx, *c));
  for (const char *c = sig.result; *c; ++c)
    results.push_back(decode(ctx, *c));
  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  auto decl = func::FuncOp::create(builder, module.getLoc(), sig.name,
                                   FunctionType::get(ctx, params, results));
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
