//===- Compilation.cpp - One program from source to object code -----------===//

#include "bridge/Pipeline/Compilation.h"

#include "bridge/Conversion/VersionDispatch.h"
#include "bridge/Dialect/Task/PlanExport.h"
#include "bridge/Frontend/AST.h"
#include "bridge/Frontend/Frontend.h"
#include "bridge/Target/ObjectEmission.h"
#include "bridge/hdf5_header.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <algorithm>
#include <optional>
#include <tuple>

using namespace llvm;
using namespace bridge;

char DiagnosedError::ID;
char LoweredPastError::ID;

void DiagnosedError::log(raw_ostream &os) const {
  os << "errors were reported as diagnostics";
}

std::error_code DiagnosedError::convertToErrorCode() const {
  return inconvertibleErrorCode();
}

void LoweredPastError::log(raw_ostream &os) const {
  os << "'" << inputName << "' is already lowered past the "
     << (requested == EmitStage::ArrayIR ? "array" : "task") << " dialect";
}

std::error_code LoweredPastError::convertToErrorCode() const {
  return inconvertibleErrorCode();
}

void bridge::registerCompilationDialects(mlir::DialectRegistry &registry) {
  registerBridgeDialects(registry);
  registerLLVMIRTranslations(registry);
}

static Error diagnosed() { return make_error<DiagnosedError>(); }

static Error printModule(mlir::ModuleOp module, raw_ostream &os) {
  module.print(os);
  os << "\n";
  return Error::success();
}

/// Reads the header of one of the program's input files, where it lies now,
/// for the sizes of the run modelled, as the program's start-up does.
static std::optional<std::string> readInputShape(const plan::FileInput &file,
                                                 const std::string &path,
                                                 plan::FileShape &shape) {
  if (file.format == plan::FileFormat::Npy)
    return plan::readNpyShape(path, shape);
  return readHdf5Header(path, file.dataset, shape);
}

/// An error of the size program: a diagnostic at the source location that
/// starts `message` ("file:line:col: error: ..."), if any.
static Error sizeError(StringRef message, mlir::MLIRContext &context) {
  StringRef place, text = message;
  if (!text.consume_front("error: ")) {
    std::tie(place, text) = text.split(": error: ");
    auto [rest, column] = place.rsplit(':');
    auto [file, line] = rest.rsplit(':');
    unsigned lineNumber, columnNumber;
    if (!text.empty() && !line.getAsInteger(10, lineNumber) &&
        !column.getAsInteger(10, columnNumber)) {
      mlir::emitError(
          mlir::FileLineColLoc::get(&context, file, lineNumber, columnNumber),
          text);
      return diagnosed();
    }
    text = message;
  }
  return createStringError(inconvertibleErrorCode(), text);
}

/// Models the plan of `@main` for `options` and writes the graph or the report.
static Error writePlacement(mlir::ModuleOp module, EmitStage stage,
                            const PlacementModelOptions &options,
                            raw_ostream &os) {
  auto main = module.lookupSymbol<mlir::func::FuncOp>("main");
  if (!main)
    return createStringError(inconvertibleErrorCode(),
                             "the module has no main function to place");
  plan::Plan plan = task::exportPlan(main);
  plan::SizeValues values;
  if (std::optional<std::string> error = plan::evaluate(
          plan.sizes, options.paramSettings, readInputShape, values))
    return sizeError(*error, *module.getContext());
  plan::Plan concrete;
  if (std::optional<std::string> error = plan::resolve(plan, values, concrete))
    return createStringError(
        inconvertibleErrorCode(),
        "the placement plan does not hold for these sizes: " + *error);
  if (std::optional<std::string> error =
          plan::checkProcessGrids(concrete, options.numRanks))
    return createStringError(inconvertibleErrorCode(), *error);
  plan::PlacementModel model(concrete, options.numRanks);
  if (stage == EmitStage::PlacementGraph)
    os << plan::toDot(model);
  else if (stage == EmitStage::PlacementRankGraph)
    os << plan::toRankDot(model);
  else
    os << plan::explain(model);
  return Error::success();
}

/// The IR level `stage` prints, if it prints IR.
static std::optional<IRLevel> getPrintedLevel(EmitStage stage) {
  if (stage == EmitStage::ArrayIR)
    return IRLevel::Array;
  if (stage == EmitStage::TaskIR)
    return IRLevel::Task;
  return std::nullopt;
}

/// The version of the program that `settings` (else the defaults) choose, or
/// the error no version escapes for them.
static Expected<unsigned> chooseVersion(const plan::VersionTable &table,
                                        const plan::ParamSettings &settings,
                                        mlir::MLIRContext &context) {
  const plan::VersionTable::Choice *choice = plan::choose(table, settings);
  if (!choice)
    return 0;
  if (!choice->error.empty())
    return sizeError(choice->error, context);
  return choice->version;
}

/// Lowers each version of a program to LLVM IR behind the main that chooses
/// between them, then optimises and emits the whole.
static Error compileVersions(ProgramVersions &versions,
                             mlir::MLIRContext &context, StringRef inputName,
                             EmitStage upTo, const CompilationOptions &options,
                             raw_ostream &textOut,
                             SmallVectorImpl<char> &objectOut,
                             StringRef &stepName) {
  CodeGenOptions codegen;
  codegen.optLevel = options.optLevel;
  codegen.cpu = options.cpu;
  Expected<std::unique_ptr<TargetMachine>> targetMachine =
      createHostTargetMachine(codegen);
  if (!targetMachine)
    return targetMachine.takeError();
  stepName = "building the main that chooses a version";
  mlir::OwningOpRef<mlir::ModuleOp> dispatch = buildVersionDispatch(
      context, plan::serialize(versions.table), versions.versions.size());
  if (!dispatch)
    return diagnosed();
  LLVMContext llvmContext;
  Expected<std::unique_ptr<Module>> program =
      translateToLLVMIR(*dispatch, inputName, llvmContext);
  if (!program)
    return program.takeError();

  PipelineOptions pipeline;
  pipeline.optLevel = options.optLevel;
  for (auto [index, version] : llvm::enumerate(versions.versions)) {
    stepName = "lowering to the array dialect";
    mlir::OwningOpRef<mlir::ModuleOp> module =
        lowerToArrayDialect(*version, context);
    if (!module || mlir::failed(mlir::verify(*module)))
      return diagnosed();
    stepName = "lowering to the task dialect";
    if (mlir::failed(
            runPipeline(*module, IRLevel::Array, IRLevel::Task, pipeline)) ||
        mlir::failed(task::readSizeProgram(*module)))
      return diagnosed();
    stepName = "lowering to the LLVM dialect";
    if (mlir::failed(
            runPipeline(*module, IRLevel::Task, IRLevel::LLVM, pipeline)))
      return diagnosed();
    stepName = "LLVM code generation";
    Expected<std::unique_ptr<Module>> part =
        translateToLLVMIR(*module, inputName, llvmContext);
    if (!part)
      return part.takeError();
    if (Error error = linkVersion(**program, std::move(*part),
                                  versionMainName(index)))
      return error;
  }
  if (Error error =
          optimizeModule(**program, **targetMachine, options.optLevel))
    return error;
  if (upTo == EmitStage::LLVMIR) {
    printLLVMIR(**program, textOut);
    return Error::success();
  }
  return emitObject(**program, **targetMachine, objectOut);
}

/// Runs the steps `upTo` needs. `stepName` names the step running, for a
/// failure that comes without a diagnostic.
static Error runSteps(SourceMgr &sourceMgr, mlir::MLIRContext &context,
                      InputKind kind, EmitStage upTo,
                      const CompilationOptions &options, raw_ostream &textOut,
                      SmallVectorImpl<char> &objectOut, StringRef &stepName) {
  StringRef inputName = sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID())
                            ->getBufferIdentifier();
  mlir::OwningOpRef<mlir::ModuleOp> module;
  IRLevel level = IRLevel::Array;
  stepName = "parsing";
  if (kind == InputKind::Bdsl) {
    FailureOr<ProgramVersions> versions =
        parseProgramVersions(sourceMgr, context);
    if (failed(versions))
      return diagnosed();
    if (!versions->table.params.empty() &&
        (upTo == EmitStage::LLVMIR || upTo == EmitStage::Object))
      return compileVersions(*versions, context, inputName, upTo, options,
                             textOut, objectOut, stepName);
    // One version is shown: the one the parameters set choose.
    Expected<unsigned> shown =
        chooseVersion(versions->table, options.placement.paramSettings,
                      context);
    if (!shown)
      return shown.takeError();
    const ast::Program &program = *versions->versions[*shown];
    if (upTo == EmitStage::AST) {
      printAST(program, textOut);
      return Error::success();
    }
    stepName = "lowering to the array dialect";
    module = lowerToArrayDialect(program, context);
    if (!module || mlir::failed(mlir::verify(*module)))
      return diagnosed();
  } else {
    assert(kind == InputKind::Mlir && "not a program input");
    assert(upTo != EmitStage::AST && "only a .bdsl input has a syntax tree");
    module = mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, &context);
    if (!module)
      return diagnosed();
    level = detectIRLevel(*module);
  }

  std::optional<IRLevel> printedLevel = getPrintedLevel(upTo);
  if (printedLevel && level > *printedLevel)
    return make_error<LoweredPastError>(inputName.str(), upTo);
  if (upTo == EmitStage::ArrayIR)
    return printModule(*module, textOut);

  PipelineOptions pipeline;
  pipeline.optLevel = options.optLevel;
  stepName = "lowering to the task dialect";
  if (mlir::failed(runPipeline(*module, level, IRLevel::Task, pipeline)))
    return diagnosed();
  level = std::max(level, IRLevel::Task);
  if (upTo == EmitStage::TaskIR)
    return printModule(*module, textOut);
  // The plan carries the size program into the program: it must parse.
  if (mlir::failed(task::readSizeProgram(*module)))
    return diagnosed();
  if (upTo == EmitStage::PlacementGraph ||
      upTo == EmitStage::PlacementRankGraph ||
      upTo == EmitStage::PlacementReport)
    return writePlacement(*module, upTo, options.placement, textOut);

  stepName = "lowering to the LLVM dialect";
  if (mlir::failed(runPipeline(*module, level, IRLevel::LLVM, pipeline)))
    return diagnosed();

  stepName = "LLVM code generation";
  CodeGenOptions codegen;
  codegen.optLevel = options.optLevel;
  codegen.cpu = options.cpu;
  LLVMContext llvmContext;
  std::unique_ptr<TargetMachine> targetMachine;
  Expected<std::unique_ptr<Module>> llvmModule = lowerToOptimizedLLVMIR(
      *module, inputName, llvmContext, codegen, targetMachine);
  if (!llvmModule)
    return llvmModule.takeError();
  if (upTo == EmitStage::LLVMIR) {
    printLLVMIR(**llvmModule, textOut);
    return Error::success();
  }
  return emitObject(**llvmModule, *targetMachine, objectOut);
}

Error bridge::compile(SourceMgr &sourceMgr, mlir::MLIRContext &context,
                      InputKind kind, EmitStage upTo,
                      const CompilationOptions &options, raw_ostream &textOut,
                      SmallVectorImpl<char> &objectOut) {
  unsigned numDiagnosedErrors = 0;
  // Returning failure passes each diagnostic on to the caller's handler.
  mlir::ScopedDiagnosticHandler counter(&context, [&](mlir::Diagnostic &diag) {
    if (diag.getSeverity() == mlir::DiagnosticSeverity::Error)
      ++numDiagnosedErrors;
    return mlir::failure();
  });
  StringRef stepName;
  Error error = runSteps(sourceMgr, context, kind, upTo, options, textOut,
                         objectOut, stepName);
  // Nobody may see a bare failure.
  if (error.isA<DiagnosedError>() && numDiagnosedErrors == 0) {
    consumeError(std::move(error));
    return createStringError(inconvertibleErrorCode(),
                             stepName + " failed without a diagnostic");
  }
  return error;
}
