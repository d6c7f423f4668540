//===- bridgec.cpp - The bridgec compiler driver --------------------------===//
//
// Turns a .bdsl pipeline (or a .mlir module at any stage of the pipeline) into
// one native MPI executable:
//
//   parse/check -> array dialect -> task dialect -> LLVM dialect -> LLVM IR
//   -> object -> mpicxx link with the runtime and the user's inputs.
//
// --emit stops at any stage. The stages live in libraries; this file only
// handles options, diagnostics and outputs.
//
//===----------------------------------------------------------------------===//

#include "bridge/Dialect/Task/PlanExport.h"
#include "bridge/Frontend/Frontend.h"
#include "bridge/Frontend/AST.h"
#include "bridge/Pipeline/Pipeline.h"
#include "bridge/Target/Inputs.h"
#include "bridge/Target/Link.h"
#include "bridge/Target/ObjectEmission.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

#ifndef BRIDGEC_VERSION
#define BRIDGEC_VERSION "unknown"
#endif

using namespace llvm;

namespace {
enum class EmitKind { AST, MLIR, Task, Dot, Explain, LLVM, Obj, Exe };
enum OptLevel { O0 = 0, O1, O2, O3 };
/// How far a module has been lowered.
enum class Stage { Array, Task, LLVM };
} // namespace

static cl::OptionCategory bridgecCategory("bridgec options");

static cl::list<std::string>
    inputFiles(cl::Positional, cl::desc("<input .bdsl|.mlir> [.o .a .so .c .cpp ...]"),
               cl::cat(bridgecCategory));

static cl::opt<std::string>
    outputFilename("o", cl::Prefix, cl::value_desc("file"),
                   cl::desc("Write output to <file> (default: a.out for "
                            "executables, <input>.o for objects, standard "
                            "output for text)"),
                   cl::cat(bridgecCategory));

static cl::opt<OptLevel>
    optLevel(cl::desc("Optimization level (default -O2):"),
             cl::values(clEnumValN(O0, "O0", "No optimization"),
                        clEnumValN(O1, "O1", "Light optimization"),
                        clEnumValN(O2, "O2", "Default optimization, with "
                                             "loop and SLP vectorization"),
                        clEnumValN(O3, "O3", "Aggressive optimization")),
             cl::init(O2), cl::cat(bridgecCategory));

static cl::opt<EmitKind> emitKind(
    "emit", cl::desc("What to produce (default: exe)"),
    cl::values(
        clEnumValN(EmitKind::AST, "ast", "The checked syntax tree"),
        clEnumValN(EmitKind::MLIR, "mlir", "The array dialect"),
        clEnumValN(EmitKind::Task, "task", "The task dialect"),
        clEnumValN(EmitKind::Dot, "dot",
                   "The placed task graph as Graphviz, for --ranks ranks"),
        clEnumValN(EmitKind::LLVM, "llvm", "Optimized LLVM IR"),
        clEnumValN(EmitKind::Obj, "obj", "A relocatable object file"),
        clEnumValN(EmitKind::Exe, "exe", "An MPI executable")),
    cl::init(EmitKind::Exe), cl::cat(bridgecCategory));

static cl::opt<bool> explainPlacement(
    "explain-placement",
    cl::desc("Print which rank owns what, the bytes that move between ranks "
             "and each rank's peak memory, for --ranks ranks, and stop"),
    cl::init(false), cl::cat(bridgecCategory));

static cl::opt<unsigned> numRanks(
    "ranks", cl::desc("Rank count for --explain-placement and --emit=dot "
                      "(default 4)"),
    cl::init(4), cl::cat(bridgecCategory));

static cl::list<std::string> libraries("l", cl::Prefix, cl::value_desc("name"),
                                       cl::desc("Link with library <name>"),
                                       cl::cat(bridgecCategory));

static cl::list<std::string>
    libraryDirs("L", cl::Prefix, cl::value_desc("dir"),
                cl::desc("Add <dir> to the library search path"),
                cl::cat(bridgecCategory));

static cl::opt<bool> verbose("v",
                             cl::desc("Print the commands bridgec runs"),
                             cl::cat(bridgecCategory));

static cl::opt<std::string>
    targetCPU("mcpu", cl::value_desc("cpu"), cl::init("native"),
              cl::desc("Generate code for <cpu>: 'native' (the host, "
                       "default) or an LLVM CPU name such as 'generic'"),
              cl::cat(bridgecCategory));

static cl::opt<bool> verifyDiagnostics(
    "verify-diagnostics",
    cl::desc("Check diagnostics against expected-* annotations in the input"),
    cl::cat(bridgecCategory));

static cl::opt<bool> splitInputFile(
    "split-input-file",
    cl::desc("Compile each chunk between '# -----' lines ('// -----' in "
             ".mlir) separately"),
    cl::cat(bridgecCategory));

static void printVersion(raw_ostream &os) {
  os << "bridgec version " << BRIDGEC_VERSION << "\n"
     << "  LLVM version " << LLVM_VERSION_STRING << "\n"
     << "  Default target: " << sys::getDefaultTargetTriple() << "\n"
     << "  Host CPU: " << sys::getHostCPUName() << "\n";
}

/// Errors reported outside the MLIR diagnostic engine, so a failed stage that
/// said nothing can be told apart.
static unsigned numReportedErrors = 0;

static void reportError(const Twine &message) {
  ++numReportedErrors;
  WithColor::error(errs(), "bridgec") << message << "\n";
}

static bool isTextEmit(EmitKind kind) {
  return kind != EmitKind::Obj && kind != EmitKind::Exe;
}

//===----------------------------------------------------------------------===//
// Compiling one buffer
//===----------------------------------------------------------------------===//

/// Dialect namespace of the array stage (the only one the input must be
/// lowered from with buildArrayToTaskPipeline).
static constexpr StringLiteral kArrayNamespace = "array";

static bool isArrayType(mlir::Type type) {
  return type.getDialect().getNamespace() == kArrayNamespace;
}

/// Classifies a parsed .mlir module: anything in the array dialect needs the
/// whole pipeline, anything beyond builtin+llvm needs the task lowering.
static Stage detectStage(mlir::ModuleOp module) {
  bool hasArray = false, onlyLLVM = true;
  module.walk([&](mlir::Operation *op) {
    StringRef ns = op->getName().getDialectNamespace();
    if (ns == kArrayNamespace || any_of(op->getResultTypes(), isArrayType))
      hasArray = true;
    for (mlir::Region &region : op->getRegions())
      for (mlir::Block &block : region)
        if (any_of(block.getArgumentTypes(), isArrayType))
          hasArray = true;
    if (ns != "builtin" && ns != "llvm")
      onlyLLVM = false;
  });
  if (hasArray)
    return Stage::Array;
  return onlyLLVM ? Stage::LLVM : Stage::Task;
}

static mlir::LogicalResult runPipeline(
    mlir::ModuleOp module,
    function_ref<void(mlir::OpPassManager &, const bridge::PipelineOptions &)>
        build) {
  // Anchored on the module with implicit nesting, as mlir-opt does, so the
  // same pipelines behave alike in bridge-opt and here.
  mlir::PassManager pm(module->getName(), mlir::PassManager::Nesting::Implicit);
  if (mlir::failed(mlir::applyPassManagerCLOptions(pm)))
    return mlir::failure();
  pm.enableVerifier(true);
  bridge::PipelineOptions options;
  options.optLevel = optLevel;
  build(pm, options);
  return pm.run(module);
}

/// Runs the stages the requested output needs. Text goes to `textOut`; for
/// --emit=obj/exe the object goes to `objectOut`. Source-located problems are
/// reported through the context, the rest directly. `stageName` tracks the
/// stage running, for failures that come without a diagnostic.
static mlir::LogicalResult runStages(llvm::SourceMgr &sourceMgr,
                                     mlir::MLIRContext &context,
                                     bridge::InputKind kind,
                                     raw_ostream &textOut,
                                     SmallVectorImpl<char> &objectOut,
                                     StringRef &stageName) {
  mlir::OwningOpRef<mlir::ModuleOp> module;
  stageName = "parsing";
  Stage stage = Stage::Array;
  if (kind == bridge::InputKind::Bdsl) {
    std::unique_ptr<bridge::ast::Program> program =
        bridge::parseProgram(sourceMgr, context);
    if (!program)
      return mlir::failure();
    if (emitKind == EmitKind::AST) {
      bridge::printAST(*program, textOut);
      return mlir::success();
    }
    stageName = "lowering to the array dialect";
    module = bridge::lowerToArrayDialect(*program, context);
    if (!module || mlir::failed(mlir::verify(*module)))
      return mlir::failure();
  } else {
    module = mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, &context);
    if (!module)
      return mlir::failure();
    stage = detectStage(*module);
  }

  if (emitKind == EmitKind::MLIR || emitKind == EmitKind::Task) {
    Stage wanted = emitKind == EmitKind::MLIR ? Stage::Array : Stage::Task;
    if (stage > wanted) {
      StringRef name =
          sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID())
              ->getBufferIdentifier();
      reportError("'" + name + "' is already lowered past the " +
                  (wanted == Stage::Array ? "array" : "task") +
                  " dialect; nothing to emit for --emit=" +
                  (wanted == Stage::Array ? "mlir" : "task"));
      return mlir::failure();
    }
  }
  if (emitKind == EmitKind::MLIR) {
    module->print(textOut);
    textOut << "\n";
    return mlir::success();
  }

  if (stage == Stage::Array) {
    stageName = "lowering to the task dialect";
    if (mlir::failed(runPipeline(*module, bridge::buildArrayToTaskPipeline)))
      return mlir::failure();
    stage = Stage::Task;
  }
  if (emitKind == EmitKind::Task) {
    module->print(textOut);
    textOut << "\n";
    return mlir::success();
  }
  if (emitKind == EmitKind::Dot || emitKind == EmitKind::Explain) {
    auto main = module->lookupSymbol<mlir::func::FuncOp>("main");
    if (!main) {
      reportError("the module has no main function to place");
      return mlir::failure();
    }
    bridge::plan::Plan plan = bridge::task::exportPlan(main);
    bridge::plan::Report report = bridge::plan::model(plan, numRanks);
    textOut << (emitKind == EmitKind::Dot ? bridge::plan::toDot(plan, report)
                                          : bridge::plan::explain(plan, report));
    return mlir::success();
  }
  stageName = "lowering to the LLVM dialect";
  if (stage == Stage::Task &&
      mlir::failed(runPipeline(*module, bridge::buildTaskToLLVMPipeline)))
    return mlir::failure();
  stageName = "LLVM code generation";

  bridge::CodeGenOptions codegen;
  codegen.optLevel = optLevel;
  codegen.cpu = targetCPU;
  LLVMContext llvmContext;
  std::unique_ptr<TargetMachine> targetMachine;
  StringRef name =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID())->getBufferIdentifier();
  Expected<std::unique_ptr<Module>> llvmModule = bridge::lowerToOptimizedLLVMIR(
      *module, name, llvmContext, codegen, targetMachine);
  if (!llvmModule) {
    reportError(toString(llvmModule.takeError()));
    return mlir::failure();
  }
  if (emitKind == EmitKind::LLVM) {
    bridge::printLLVMIR(**llvmModule, textOut);
    return mlir::success();
  }
  // Diagnostic tests stop before code generation.
  if (verifyDiagnostics)
    return mlir::success();
  if (Error error =
          bridge::emitObject(**llvmModule, *targetMachine, objectOut)) {
    reportError(toString(std::move(error)));
    return mlir::failure();
  }
  return mlir::success();
}

/// runStages, plus a message when a stage failed without saying why: the
/// user must never see a bare non-zero exit.
static mlir::LogicalResult compileBuffer(llvm::SourceMgr &sourceMgr,
                                         mlir::MLIRContext &context,
                                         bridge::InputKind kind,
                                         raw_ostream &textOut,
                                         SmallVectorImpl<char> &objectOut) {
  unsigned numDiagnosedErrors = 0;
  // Returning failure passes each diagnostic on to the printing handler.
  mlir::ScopedDiagnosticHandler counter(&context, [&](mlir::Diagnostic &diag) {
    if (diag.getSeverity() == mlir::DiagnosticSeverity::Error)
      ++numDiagnosedErrors;
    return mlir::failure();
  });
  unsigned reportedBefore = numReportedErrors;
  StringRef stageName;
  mlir::LogicalResult result =
      runStages(sourceMgr, context, kind, textOut, objectOut, stageName);
  if (mlir::failed(result) && numDiagnosedErrors == 0 &&
      numReportedErrors == reportedBefore)
    reportError(stageName + " failed without a diagnostic");
  return result;
}

/// Compiles one buffer in a fresh context, so split chunks stay independent.
static mlir::LogicalResult
processBuffer(std::unique_ptr<MemoryBuffer> buffer,
              const mlir::DialectRegistry &registry, bridge::InputKind kind,
              raw_ostream &textOut, SmallVectorImpl<char> &objectOut) {
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(buffer), SMLoc());
  // Split chunks are small and many: a thread pool each is not worth it.
  mlir::MLIRContext context(registry,
                            splitInputFile
                                ? mlir::MLIRContext::Threading::DISABLED
                                : mlir::MLIRContext::Threading::ENABLED);

  if (!verifyDiagnostics) {
    // Users see their own source, not IR, unless they ask for it.
    cl::Option *printOp =
        cl::getRegisteredOptions().lookup("mlir-print-op-on-diagnostic");
    if (!printOp || !printOp->getNumOccurrences())
      context.printOpOnDiagnostic(false);
    mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &context);
    return compileBuffer(sourceMgr, context, kind, textOut, objectOut);
  }
  mlir::SourceMgrDiagnosticVerifierHandler handler(sourceMgr, &context);
  context.printOpOnDiagnostic(false);
  // Only the diagnostics matter here, not whether compilation succeeded.
  (void)compileBuffer(sourceMgr, context, kind, textOut, objectOut);
  return handler.verify();
}

/// Splits `input` on lines that consist of `marker`. Each chunk keeps the
/// identifier of the input and is preceded by as many empty lines as came
/// before it, so diagnostics and expected-* annotations use the file's own
/// line numbers.
static SmallVector<std::unique_ptr<MemoryBuffer>>
splitBuffer(const MemoryBuffer &input, StringRef marker) {
  SmallVector<std::unique_ptr<MemoryBuffer>> chunks;
  StringRef rest = input.getBuffer();
  unsigned line = 1, chunkFirstLine = 1;
  std::string chunk;
  auto finishChunk = [&] {
    std::string text(chunkFirstLine - 1, '\n');
    text += chunk;
    chunks.push_back(
        MemoryBuffer::getMemBufferCopy(text, input.getBufferIdentifier()));
    chunk.clear();
  };
  while (!rest.empty()) {
    auto [current, next] = rest.split('\n');
    bool hasNewline = current.size() < rest.size();
    rest = next;
    if (current.rtrim("\r").trim() == marker) {
      finishChunk();
      chunkFirstLine = line + 1;
    } else {
      chunk += current;
      if (hasNewline)
        chunk += '\n';
    }
    ++line;
  }
  finishChunk();
  return chunks;
}

//===----------------------------------------------------------------------===//
// main
//===----------------------------------------------------------------------===//

/// The files, or the `-l` names, in `list` with their command-line positions.
static std::vector<bridge::CommandLineInput>
getCommandLineInputs(const cl::list<std::string> &list) {
  std::vector<bridge::CommandLineInput> inputs;
  for (auto [i, value] : enumerate(list))
    inputs.push_back({list.getPosition(i), value});
  return inputs;
}

static std::string defaultOutput(StringRef input) {
  switch (emitKind) {
  case EmitKind::Exe:
    return "a.out";
  case EmitKind::Obj:
    return (sys::path::stem(input) + ".o").str();
  default:
    return "-";
  }
}

/// Parses the options, reporting problems in the same `bridgec: error:` form
/// as every other error.
static bool parseCommandLine(int argc, char **argv) {
  std::string messages;
  raw_string_ostream errorStream(messages);
  bool ok = cl::ParseCommandLineOptions(
      argc, argv,
      "bridgec: compiles a .bdsl pipeline to an MPI executable\n\n"
      "  bridgec prog.bdsl [legacy.c lib.o ...] [-lNAME] [-LDIR] -o prog\n",
      &errorStream);
  SmallVector<StringRef> lines;
  StringRef(messages).split(lines, '\n', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (StringRef line : lines) {
    // cl prefixes each line with the program name; say what kind it is.
    line.consume_front((sys::path::filename(argv[0]) + ": ").str());
    line = line.trim();
    if (line.starts_with("Did you mean"))
      WithColor::note(errs(), "bridgec") << line << "\n";
    else
      reportError(line);
  }
  return ok;
}

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  cl::SetVersionPrinter(printVersion);
  cl::HideUnrelatedOptions(bridgecCategory);
  if (!parseCommandLine(argc, argv))
    return 1;

  if (verbose)
    printVersion(errs());
  if (explainPlacement)
    emitKind = EmitKind::Explain;
  if (numRanks < 1) {
    reportError("--ranks must be at least 1");
    return 1;
  }

  Expected<bridge::SortedInputs> inputs = bridge::sortInputs(
      getCommandLineInputs(inputFiles), getCommandLineInputs(libraries));
  if (!inputs) {
    reportError(toString(inputs.takeError()));
    return 1;
  }

  if (emitKind == EmitKind::AST &&
      inputs->programKind != bridge::InputKind::Bdsl) {
    reportError("--emit=ast needs a .bdsl input");
    return 1;
  }
  if (splitInputFile && !isTextEmit(emitKind) && !verifyDiagnostics) {
    reportError("--split-input-file needs --emit=ast|mlir|task|llvm or "
                "--verify-diagnostics");
    return 1;
  }
  if (emitKind != EmitKind::Exe)
    for (const bridge::LinkItem &item : inputs->linkItems)
      if (item.kind != bridge::InputKind::Library)
        WithColor::warning(errs(), "bridgec")
            << "'" << item.value << "': linker input unused\n";

  std::string output =
      outputFilename.getNumOccurrences() ? outputFilename.getValue()
                                         : defaultOutput(inputs->program);
  if (output.empty()) {
    reportError("empty output file name");
    return 1;
  }
  if (emitKind == EmitKind::Exe && output == "-") {
    reportError("cannot write an executable to standard output");
    return 1;
  }

  ErrorOr<std::unique_ptr<MemoryBuffer>> input =
      MemoryBuffer::getFile(inputs->program, /*IsText=*/true);
  if (std::error_code ec = input.getError()) {
    reportError("cannot open input file '" + inputs->program +
                "': " + ec.message());
    return 1;
  }

  mlir::DialectRegistry registry;
  bridge::registerBridgeDialects(registry);
  bridge::registerLLVMIRTranslations(registry);

  std::string text;
  raw_string_ostream textOut(text);
  SmallString<0> object;
  mlir::LogicalResult result = mlir::success();
  bridge::InputKind mainKind = inputs->programKind;
  if (splitInputFile) {
    StringRef marker =
        mainKind == bridge::InputKind::Bdsl ? "# -----" : "// -----";
    SmallVector<std::unique_ptr<MemoryBuffer>> chunks =
        splitBuffer(**input, marker);
    for (auto [i, chunk] : enumerate(chunks)) {
      if (i)
        textOut << "// -----\n";
      if (mlir::failed(processBuffer(std::move(chunk), registry, mainKind,
                                     textOut, object)))
        result = mlir::failure();
    }
  } else {
    result = processBuffer(std::move(*input), registry, mainKind, textOut,
                           object);
  }
  if (mlir::failed(result))
    return 1;

  if (isTextEmit(emitKind)) {
    if (Error error = bridge::writeFileAtomically(output, text)) {
      reportError("cannot write output: " + toString(std::move(error)));
      return 1;
    }
    return 0;
  }
  if (verifyDiagnostics)
    return 0;
  if (emitKind == EmitKind::Obj) {
    if (Error error = bridge::writeFileAtomically(output, object)) {
      reportError("cannot write output: " + toString(std::move(error)));
      return 1;
    }
    return 0;
  }

  // The object only lives for the link.
  SmallString<128> objectPath;
  if (std::error_code ec =
          sys::fs::createTemporaryFile("bridgec", "o", objectPath)) {
    reportError("cannot create a temporary file: " + ec.message());
    return 1;
  }
  sys::RemoveFileOnSignal(objectPath);
  FileRemover removeObject(objectPath);
  if (Error error = bridge::writeFileAtomically(objectPath, object)) {
    reportError(toString(std::move(error)));
    return 1;
  }

  bridge::LinkOptions link;
  link.generatedObject = std::string(objectPath);
  link.items = std::move(inputs->linkItems);
  link.libraryDirs.assign(libraryDirs.begin(), libraryDirs.end());
  link.paths = bridge::findInstallPaths(
      argv[0], reinterpret_cast<void *>(&printVersion));
  link.outputPath = output;
  link.verbose = verbose;
  if (Error error = bridge::linkExecutable(link)) {
    reportError(toString(std::move(error)));
    return 1;
  }
  return 0;
}
