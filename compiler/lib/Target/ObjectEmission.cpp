//===- ObjectEmission.cpp - LLVM dialect to optimised native code ---------===//

#include "bridge/Target/ObjectEmission.h"
#include "bridge/Target/TargetDescription.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Linker/Linker.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/OptimizationLevel.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>

using namespace llvm;

void bridge::registerLLVMIRTranslations(mlir::DialectRegistry &registry) {
  mlir::registerBuiltinDialectTranslation(registry);
  mlir::registerLLVMDialectTranslation(registry);
}

void bridge::initializeNativeTarget() {
  static std::once_flag once;
  std::call_once(once, [] {
    InitializeNativeTarget();
    InitializeNativeTargetAsmPrinter();
    InitializeNativeTargetAsmParser();
  });
}

static bool usesHostCPU(StringRef cpu) { return cpu.empty() || cpu == "native"; }

static std::string getHostFeatureString() {
  SubtargetFeatures features;
  for (const auto &feature : sys::getHostCPUFeatures())
    features.AddFeature(feature.first(), feature.second);
  return features.getString();
}

static CodeGenOptLevel toCodeGenOptLevel(unsigned optLevel) {
  switch (optLevel) {
  case 0:
    return CodeGenOptLevel::None;
  case 1:
    return CodeGenOptLevel::Less;
  case 2:
    return CodeGenOptLevel::Default;
  default:
    return CodeGenOptLevel::Aggressive;
  }
}

Expected<std::unique_ptr<TargetMachine>>
bridge::createHostTargetMachine(const CodeGenOptions &options) {
  initializeNativeTarget();
  Triple triple(sys::getDefaultTargetTriple());
  std::string error;
  const Target *target = TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return createStringError(inconvertibleErrorCode(),
                             "no target for host triple '" + triple.str() +
                                 "': " + error);

  std::string cpu, features;
  if (usesHostCPU(options.cpu)) {
    cpu = sys::getHostCPUName().str();
    features = getHostFeatureString();
  } else {
    // Check first: an unknown CPU only earns a warning from the MC layer.
    std::unique_ptr<MCSubtargetInfo> sti(
        target->createMCSubtargetInfo(triple, "", ""));
    if (sti && !sti->isCPUStringValid(options.cpu))
      return createStringError(inconvertibleErrorCode(),
                               "unknown CPU '" + options.cpu +
                                   "' for target '" + triple.str() + "'");
    cpu = options.cpu;
  }

  TargetOptions targetOptions;
  std::unique_ptr<TargetMachine> tm(target->createTargetMachine(
      triple, cpu, features, targetOptions, Reloc::PIC_, std::nullopt,
      toCodeGenOptLevel(options.optLevel)));
  if (!tm)
    return createStringError(inconvertibleErrorCode(),
                             "cannot create a target machine for '" +
                                 triple.str() + "'");
  return std::move(tm);
}

Expected<std::unique_ptr<Module>>
bridge::translateToLLVMIR(mlir::ModuleOp module, StringRef name,
                          LLVMContext &llvmContext) {
  std::unique_ptr<Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, llvmContext, name);
  if (!llvmModule)
    return createStringError(inconvertibleErrorCode(),
                             "failed to translate the module to LLVM IR");
  return std::move(llvmModule);
}

/// Gives every definition the target's CPU and features, as clang does, so the
/// IR printed by --emit=llvm compiles the same way in llc.
static void setFunctionTargetAttributes(Module &module, TargetMachine &tm) {
  for (Function &function : module) {
    if (function.isDeclaration())
      continue;
    if (!function.hasFnAttribute("target-cpu"))
      function.addFnAttr("target-cpu", tm.getTargetCPU());
    StringRef features = tm.getTargetFeatureString();
    if (!features.empty() && !function.hasFnAttribute("target-features"))
      function.addFnAttr("target-features", features);
  }
}

/// "<cpu>;<feature>,...": the CPU of `tm` and every feature it enables,
/// implied by the CPU or given explicitly.
static std::string describeTarget(const TargetMachine &tm) {
  const MCSubtargetInfo *sti = tm.getMCSubtargetInfo();
  std::string description = tm.getTargetCPU().str() + ";";
  bool first = true;
  for (const SubtargetFeatureKV &feature : sti->getAllProcessorFeatures()) {
    if (!sti->getFeatureBits().test(feature.Value))
      continue;
    description += (first ? "" : ",") + std::string(feature.Key);
    first = false;
  }
  return description;
}

/// Fills in the description of the target that a generated main hands to
/// the runtime's CPU check (TargetDescription.h).
static void setTargetDescription(Module &module, const TargetMachine &tm) {
  GlobalVariable *placeholder =
      module.getNamedGlobal(bridge::kTargetDescriptionSymbol);
  if (!placeholder)
    return;
  Constant *text =
      ConstantDataArray::getString(module.getContext(), describeTarget(tm));
  auto *description = new GlobalVariable(
      module, text->getType(), /*isConstant=*/true,
      GlobalValue::InternalLinkage, text);
  description->takeName(placeholder);
  placeholder->replaceAllUsesWith(description);
  placeholder->eraseFromParent();
}

Error bridge::linkVersion(Module &program, std::unique_ptr<Module> version,
                          StringRef mainName) {
  Function *main = version->getFunction("main");
  if (!main)
    return createStringError(inconvertibleErrorCode(),
                             "a version of the program has no main");
  main->setName(mainName);
  // Every version holds the same placeholder for the target's description:
  // they become one, which optimizeModule fills in.
  if (GlobalVariable *placeholder =
          version->getNamedGlobal(bridge::kTargetDescriptionSymbol))
    placeholder->setLinkage(GlobalValue::LinkOnceODRLinkage);
  if (Linker::linkModules(program, std::move(version)))
    return createStringError(inconvertibleErrorCode(),
                             "the versions of the program do not link");
  return Error::success();
}

Error bridge::optimizeModule(Module &module, TargetMachine &tm,
                             unsigned optLevel) {
  module.setTargetTriple(tm.getTargetTriple());
  module.setDataLayout(tm.createDataLayout());
  setFunctionTargetAttributes(module, tm);
  setTargetDescription(module, tm);

  // Catch a malformed translation here rather than deep in the optimiser.
  std::string verifierMessage;
  raw_string_ostream verifierStream(verifierMessage);
  if (verifyModule(module, &verifierStream))
    return createStringError(inconvertibleErrorCode(),
                             "generated LLVM IR is invalid: " +
                                 verifierMessage);

  PipelineTuningOptions tuning;
  tuning.LoopVectorization = optLevel >= 2;
  tuning.SLPVectorization = optLevel >= 2;
  tuning.LoopUnrolling = optLevel >= 1;

  LoopAnalysisManager lam;
  FunctionAnalysisManager fam;
  CGSCCAnalysisManager cgam;
  ModuleAnalysisManager mam;
  PassBuilder passBuilder(&tm, tuning);

  // Registered before the defaults so the host's library info wins.
  TargetLibraryInfoImpl tlii(tm.getTargetTriple());
  fam.registerPass([&] { return TargetLibraryAnalysis(tlii); });

  passBuilder.registerModuleAnalyses(mam);
  passBuilder.registerCGSCCAnalyses(cgam);
  passBuilder.registerFunctionAnalyses(fam);
  passBuilder.registerLoopAnalyses(lam);
  passBuilder.crossRegisterProxies(lam, fam, cgam, mam);

  OptimizationLevel level = OptimizationLevel::O2;
  switch (optLevel) {
  case 0:
    level = OptimizationLevel::O0;
    break;
  case 1:
    level = OptimizationLevel::O1;
    break;
  case 2:
    level = OptimizationLevel::O2;
    break;
  default:
    level = OptimizationLevel::O3;
    break;
  }
  ModulePassManager mpm = level == OptimizationLevel::O0
                              ? passBuilder.buildO0DefaultPipeline(level)
                              : passBuilder.buildPerModuleDefaultPipeline(level);
  mpm.run(module, mam);
  return Error::success();
}

void bridge::printLLVMIR(const Module &module, raw_ostream &os) {
  module.print(os, /*AAW=*/nullptr);
}

Error bridge::emitObject(Module &module, TargetMachine &tm,
                         SmallVectorImpl<char> &out) {
  raw_svector_ostream os(out);
  legacy::PassManager codegen;
  TargetLibraryInfoImpl tlii(tm.getTargetTriple());
  codegen.add(new TargetLibraryInfoWrapperPass(tlii));
  if (tm.addPassesToEmitFile(codegen, os, /*DwoOut=*/nullptr,
                             CodeGenFileType::ObjectFile))
    return createStringError(inconvertibleErrorCode(),
                             "the target cannot emit object files");
  codegen.run(module);
  return Error::success();
}

Error bridge::writeFileAtomically(StringRef path, StringRef bytes) {
  // writeToOutput writes a temporary file beside `path` and renames it only
  // after the callback succeeded; "-" goes to standard output.
  return writeToOutput(path, [&](raw_ostream &os) -> Error {
    os << bytes;
    return Error::success();
  });
}

Expected<std::unique_ptr<Module>>
bridge::lowerToOptimizedLLVMIR(mlir::ModuleOp module, StringRef name,
                               LLVMContext &llvmContext,
                               const CodeGenOptions &options,
                               std::unique_ptr<TargetMachine> &tm) {
  Expected<std::unique_ptr<TargetMachine>> machine =
      createHostTargetMachine(options);
  if (!machine)
    return machine.takeError();
  tm = std::move(*machine);

  Expected<std::unique_ptr<Module>> llvmModule =
      translateToLLVMIR(module, name, llvmContext);
  if (!llvmModule)
    return llvmModule.takeError();
  if (Error error = optimizeModule(**llvmModule, *tm, options.optLevel))
    return std::move(error);
  return llvmModule;
}
