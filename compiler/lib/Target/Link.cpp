//===- Link.cpp - Building the final MPI executable -----------------------===//

#include "bridge/Target/Link.h"
#include "TargetConfig.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace llvm;

bridge::InstallPaths bridge::findInstallPaths(const char *argv0,
                                              void *mainAddr) {
  // The real path of the running binary, so a symlink to bridgec still finds
  // the tree it belongs to.
  std::string exe = sys::fs::getMainExecutable(argv0, mainAddr);
  SmallString<256> prefix(sys::path::parent_path(sys::path::parent_path(exe)));

  InstallPaths paths;
  SmallString<256> lib(prefix);
  sys::path::append(lib, "lib", "libbridge_runtime.a");
  paths.runtimeLibrary = std::string(lib);
  SmallString<256> include(prefix);
  sys::path::append(include, "include");
  paths.includeDir = std::string(include);
  return paths;
}

/// The wrapper named by `envVar` if set, else the one found at configure time,
/// else whatever PATH holds.
static std::string resolveTool(const char *envVar, StringRef configured,
                               StringRef name) {
  if (const char *env = std::getenv(envVar); env && *env) {
    if (sys::path::has_parent_path(env))
      return env;
    if (ErrorOr<std::string> found = sys::findProgramByName(env))
      return *found;
    return env;
  }
  if (!configured.empty())
    return configured.str();
  if (ErrorOr<std::string> found = sys::findProgramByName(name))
    return *found;
  return name.str();
}

std::string bridge::getMPICCPath() {
  return resolveTool("BRIDGEC_MPICC", BRIDGE_MPICC_PATH, "mpicc");
}

std::string bridge::getMPICXXPath() {
  return resolveTool("BRIDGEC_MPICXX", BRIDGE_MPICXX_PATH, "mpicxx");
}

std::string bridge::getMPIFORTPath() {
  return resolveTool("BRIDGEC_MPIFORT", BRIDGE_MPIFORT_PATH, "mpifort");
}

static void printCommand(ArrayRef<std::string> args, raw_ostream &os) {
  // Quote only what a shell would split or expand, so the line can be pasted.
  for (auto [i, arg] : enumerate(args)) {
    if (i)
      os << ' ';
    bool plain = !arg.empty() && all_of(arg, [](char c) {
      return isAlnum(c) || StringRef("-_./=+,:@%").contains(c);
    });
    if (plain) {
      os << arg;
      continue;
    }
    os << '\'';
    for (char c : arg) {
      if (c == '\'')
        os << "'\\''";
      else
        os << c;
    }
    os << '\'';
  }
  os << '\n';
}

static Error makeError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

/// Runs `args` and fails with `what` plus the tool's combined output when it
/// does not exit with status 0. On success its output (warnings) is passed on.
static Error runTool(ArrayRef<std::string> args, StringRef what,
                     bool verbose) {
  if (verbose) {
    printCommand(args, errs());
    errs().flush();
  }

  SmallString<128> logPath;
  if (std::error_code ec =
          sys::fs::createTemporaryFile("bridgec-tool", "log", logPath))
    return makeError("cannot create a temporary file: " + ec.message());
  auto removeLog = scope_exit([&] { sys::fs::remove(logPath); });

  SmallVector<StringRef> argRefs(args.begin(), args.end());
  StringRef log = logPath;
  std::optional<StringRef> redirects[] = {StringRef(), log, log};
  std::string execError;
  bool execFailed = false;
  int status = sys::ExecuteAndWait(args.front(), argRefs, std::nullopt,
                                   redirects, /*SecondsToWait=*/0,
                                   /*MemoryLimit=*/0, &execError, &execFailed);

  std::string output;
  if (ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
          MemoryBuffer::getFile(logPath))
    output = (*buffer)->getBuffer().str();

  if (execFailed)
    return makeError("unable to execute '" + args.front() + "': " + execError);
  if (status != 0) {
    std::string message;
    raw_string_ostream os(message);
    if (status < 0)
      os << what << " command crashed (" << execError << ")";
    else
      os << what << " command failed with exit code " << status;
    if (!verbose)
      os << " (use -v to see invocation)";
    if (!output.empty())
      os << '\n' << StringRef(output).rtrim('\n');
    return makeError(message);
  }
  errs() << output;
  return Error::success();
}

/// The compiler wrapper for a user source of `kind`, and its name in errors.
static std::pair<std::string, StringRef>
getSourceCompiler(bridge::InputKind kind) {
  if (kind == bridge::InputKind::CxxSource)
    return {bridge::getMPICXXPath(), "mpicxx"};
  if (kind == bridge::InputKind::FortranSource)
    return {bridge::getMPIFORTPath(), "mpifort"};
  assert(kind == bridge::InputKind::CSource && "not a source input");
  return {bridge::getMPICCPath(), "mpicc"};
}

/// Compiles one user source to a fresh temporary object recorded in `temps`.
static Expected<std::string> compileSource(const bridge::LinkItem &source,
                                           const bridge::LinkOptions &options,
                                           SmallVectorImpl<std::string> &temps) {
  SmallString<128> object;
  std::string prefix =
      ("bridgec-" + sys::path::stem(source.value)).str();
  if (std::error_code ec =
          sys::fs::createTemporaryFile(prefix, "o", object))
    return makeError("cannot create a temporary file: " + ec.message());
  temps.push_back(std::string(object));
  sys::RemoveFileOnSignal(object);

  auto [compiler, compilerName] = getSourceCompiler(source.kind);
  // Fortran finds the bridge_legacy module (.mod) by its include path too.
  std::string includeDir = options.paths.includeDir;
  if (source.kind == bridge::InputKind::FortranSource)
    includeDir += "/bridge/fortran";
  std::vector<std::string> args = {compiler,
                                   "-O2",
                                   "-I" + includeDir,
                                   "-c",
                                   source.value,
                                   "-o",
                                   std::string(object)};
  if (Error error = runTool(args, compilerName, options.verbose))
    return std::move(error);
  return std::string(object);
}

Error bridge::linkExecutable(const LinkOptions &options) {
  if (!sys::fs::exists(options.paths.runtimeLibrary))
    return makeError("cannot find the bridge runtime library '" +
                     options.paths.runtimeLibrary + "'");

  SmallVector<std::string> temps;
  auto removeTemps = scope_exit([&] {
    for (const std::string &temp : temps) {
      sys::fs::remove(temp);
      sys::DontRemoveFileOnSignal(temp);
    }
  });

  std::vector<std::string> args = {getMPICXXPath(), "-o", ""};
  const size_t outputArg = 2;
  args.push_back(options.generatedObject);
  for (const std::string &dir : options.libraryDirs)
    args.push_back("-L" + dir);

  for (const LinkItem &item : options.items) {
    if (item.kind == InputKind::Library) {
      args.push_back("-l" + item.value);
      continue;
    }
    if (!sys::fs::exists(item.value))
      return makeError("no such file or directory: '" + item.value + "'");
    if (item.kind == InputKind::CSource || item.kind == InputKind::CxxSource ||
        item.kind == InputKind::FortranSource) {
      Expected<std::string> object = compileSource(item, options, temps);
      if (!object)
        return object.takeError();
      args.push_back(*object);
      continue;
    }
    assert(item.kind == InputKind::Object && "a program is no link input");
    args.push_back(item.value);
  }
  // With Fortran sources, the Fortran wrapper links (it knows the Fortran
  // runtime and MPI's Fortran bindings), with the bridge_legacy module's
  // procedures and the C++ runtime that libbridge_runtime.a needs.
  bool fortran = any_of(options.items, [](const LinkItem &item) {
    return item.kind == InputKind::FortranSource;
  });
  if (fortran) {
    std::string module = (sys::path::parent_path(options.paths.runtimeLibrary) +
                          "/libbridge_legacy_fortran.a")
                             .str();
    if (!sys::fs::exists(module))
      return makeError("cannot find '" + module +
                       "': this bridgec was built without Fortran support");
    args[0] = getMPIFORTPath();
    args.push_back(module);
  }
  args.push_back(options.paths.runtimeLibrary);
  // Programs that never touch HDF5 files do not pull in its library.
  args.push_back("-Wl,--push-state,--as-needed");
  args.push_back(BRIDGE_RUNTIME_LINK_LIBRARY);
  args.push_back("-Wl,--pop-state");
  if (fortran)
    args.push_back("-lstdc++");
  args.push_back("-lm");

  // Link to a temporary name beside the output, so a failed or interrupted
  // link never leaves a partial executable at the output path.
  std::string model = options.outputPath + ".tmp-%%%%%%";
  Expected<sys::fs::TempFile> temp = sys::fs::TempFile::create(
      model, sys::fs::all_read | sys::fs::all_write | sys::fs::all_exe);
  if (!temp)
    return makeError("cannot create output file '" + options.outputPath +
                     "': " + toString(temp.takeError()));
  args[outputArg] = temp->TmpName;

  if (Error error = runTool(args, "linker", options.verbose)) {
    consumeError(temp->discard());
    return error;
  }
  if (Error error = temp->keep(options.outputPath))
    return makeError("cannot write output file '" + options.outputPath +
                     "': " + toString(std::move(error)));
  return Error::success();
}
