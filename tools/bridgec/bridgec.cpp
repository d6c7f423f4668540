//===- bridgec.cpp - The bridgec compiler driver --------------------------===//
//
// Turns a .bdsl pipeline (or a .mlir module at any stage of the pipeline) into
// one native MPI executable:
//
//   parse/check -> array dialect -> task dialect -> LLVM dialect -> LLVM IR
//   -> object -> mpicxx link with the runtime and the user's inputs.
//
// --emit stops at any stage. The stages run in the pipeline library
// (bridge::compile), the inputs are sorted and linked by the link step; this
// file only handles options, files, diagnostics and outputs.
//
//===----------------------------------------------------------------------===//

#include "bridge/Pipeline/Compilation.h"
#include "bridge/Target/Inputs.h"
#include "bridge/Target/Link.h"
#include "bridge/Target/ObjectEmission.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"

#include <optional>

#ifndef BRIDGEC_VERSION
#define BRIDGEC_VERSION "unknown"
#endif

using namespace llvm;

namespace {
enum class EmitKind { AST, MLIR, Task, Dot, RankDot, Explain, LLVM, Obj, Exe };
enum OptLevel { O0 = 0, O1, O2, O3 };
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
                   "The dataflow as Graphviz, with the bytes moved between "
                   "--ranks ranks"),
        clEnumValN(EmitKind::RankDot, "dot-ranks",
                   "The steps of each of --ranks ranks as Graphviz, with "
                   "the transfers between them"),
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
    "ranks", cl::desc("Rank count for --explain-placement, --emit=dot and "
                      "--emit=dot-ranks (default 4)"),
    cl::init(4), cl::cat(bridgecCategory));

static cl::list<std::string> paramSettings(
    "set", cl::value_desc("name=value"),
    cl::desc("Give the program's parameter <name> the <value> for "
             "--explain-placement and --emit=dot, and choose the version "
             "that the printed outputs show of a program whose axes are "
             "parameters (repeatable; a program takes the same option when "
             "it runs)"),
    cl::cat(bridgecCategory));

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

static void reportError(const Twine &message) {
  WithColor::error(errs(), "bridgec") << message << "\n";
}

static bool isTextEmit(EmitKind kind) {
  return kind != EmitKind::Obj && kind != EmitKind::Exe;
}

//===----------------------------------------------------------------------===//
// Compiling one buffer
//===----------------------------------------------------------------------===//

/// Where the compilation stops for `kind`: the object for an executable.
static bridge::EmitStage getEmitStage(EmitKind kind) {
  switch (kind) {
  case EmitKind::AST:
    return bridge::EmitStage::AST;
  case EmitKind::MLIR:
    return bridge::EmitStage::ArrayIR;
  case EmitKind::Task:
    return bridge::EmitStage::TaskIR;
  case EmitKind::Dot:
    return bridge::EmitStage::PlacementGraph;
  case EmitKind::RankDot:
    return bridge::EmitStage::PlacementRankGraph;
  case EmitKind::Explain:
    return bridge::EmitStage::PlacementReport;
  case EmitKind::LLVM:
    return bridge::EmitStage::LLVMIR;
  case EmitKind::Obj:
  case EmitKind::Exe:
    return bridge::EmitStage::Object;
  }
  llvm_unreachable("unknown --emit kind");
}

/// The command line's compilation options, or nothing after reporting a bad
/// value.
static std::optional<bridge::CompilationOptions> getCompilationOptions() {
  if (numRanks < 1) {
    reportError("--ranks must be at least 1");
    return std::nullopt;
  }
  bridge::CompilationOptions options;
  options.optLevel = optLevel;
  options.cpu = targetCPU;
  options.placement.numRanks = numRanks;
  for (const std::string &setting : paramSettings)
    if (std::optional<std::string> error = bridge::plan::parseSetting(
            setting, options.placement.paramSettings)) {
      reportError("--set: " + *error);
      return std::nullopt;
    }
  return options;
}

/// Reports the problems of a failed compilation that diagnostics did not
/// show already.
static mlir::LogicalResult reportFailure(Error error) {
  if (!error)
    return mlir::success();
  Error rest = handleErrors(
      std::move(error), [](const bridge::DiagnosedError &) {},
      [](const bridge::LoweredPastError &lowered) {
        bool array = lowered.getRequested() == bridge::EmitStage::ArrayIR;
        reportError(lowered.message() + "; nothing to emit for --emit=" +
                    (array ? "mlir" : "task"));
      });
  if (rest)
    reportError(toString(std::move(rest)));
  return mlir::failure();
}

/// Compiles one buffer in a fresh context, so split chunks stay independent.
static mlir::LogicalResult
processBuffer(std::unique_ptr<MemoryBuffer> buffer,
              const mlir::DialectRegistry &registry, bridge::InputKind kind,
              bridge::EmitStage stage,
              const bridge::CompilationOptions &options, raw_ostream &textOut,
              SmallVectorImpl<char> &objectOut) {
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
    return reportFailure(bridge::compile(sourceMgr, context, kind, stage,
                                         options, textOut, objectOut));
  }
  mlir::SourceMgrDiagnosticVerifierHandler handler(sourceMgr, &context);
  context.printOpOnDiagnostic(false);
  // Only the diagnostics matter here, not whether compilation succeeded.
  (void)reportFailure(bridge::compile(sourceMgr, context, kind, stage, options,
                                      textOut, objectOut));
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

/// Compiles the program input, chunk by chunk under --split-input-file, into
/// `text` for text outputs and `object` for code.
static mlir::LogicalResult
compileProgram(std::unique_ptr<MemoryBuffer> input, bridge::InputKind kind,
               const bridge::CompilationOptions &options, std::string &text,
               SmallVectorImpl<char> &object) {
  mlir::DialectRegistry registry;
  bridge::registerCompilationDialects(registry);

  bridge::EmitStage stage = getEmitStage(emitKind);
  // Diagnostic tests stop before code generation.
  if (verifyDiagnostics && stage == bridge::EmitStage::Object)
    stage = bridge::EmitStage::LLVMIR;
  raw_string_ostream textStream(text);
  raw_ostream &textOut = isTextEmit(emitKind) ? textStream : nulls();
  if (!splitInputFile)
    return processBuffer(std::move(input), registry, kind, stage, options,
                         textOut, object);

  StringRef marker = kind == bridge::InputKind::Bdsl ? "# -----" : "// -----";
  SmallVector<std::unique_ptr<MemoryBuffer>> chunks =
      splitBuffer(*input, marker);
  mlir::LogicalResult result = mlir::success();
  for (auto [i, chunk] : enumerate(chunks)) {
    if (i)
      textOut << "// -----\n";
    if (mlir::failed(processBuffer(std::move(chunk), registry, kind, stage,
                                   options, textOut, object)))
      result = mlir::failure();
  }
  return result;
}

/// Links the generated `object` with the user's `items` and the runtime into
/// the executable `output`. Returns the exit status.
static int linkProgram(StringRef object, std::vector<bridge::LinkItem> items,
                       const std::string &output, const char *argv0) {
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
  link.items = std::move(items);
  link.libraryDirs.assign(libraryDirs.begin(), libraryDirs.end());
  link.paths = bridge::findInstallPaths(
      argv0, reinterpret_cast<void *>(&printVersion));
  link.outputPath = output;
  link.verbose = verbose;
  if (Error error = bridge::linkExecutable(link)) {
    reportError(toString(std::move(error)));
    return 1;
  }
  return 0;
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
  std::optional<bridge::CompilationOptions> options = getCompilationOptions();
  if (!options)
    return 1;

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
  if (!paramSettings.empty() && emitKind != EmitKind::Explain &&
      emitKind != EmitKind::Dot && emitKind != EmitKind::RankDot)
    WithColor::warning(errs(), "bridgec")
        << "--set is used only by --explain-placement and --emit=dot; the "
           "program takes its parameters when it runs\n";
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

  std::string text;
  SmallString<0> object;
  if (mlir::failed(compileProgram(std::move(*input), inputs->programKind,
                                  *options, text, object)))
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

  return linkProgram(object, std::move(inputs->linkItems), output, argv[0]);
}
