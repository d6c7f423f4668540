//===- Link.h - Building the final MPI executable ---------------*- C++ -*-===//
//
// Compiles user C/C++ sources with Open MPI's compiler wrappers and links the
// generated object, user inputs and the bridge runtime into one executable.
// The wrappers' paths are fixed when bridgec is configured; the environment
// variables BRIDGEC_MPICC and BRIDGEC_MPICXX override them.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_TARGET_LINK_H
#define BRIDGE_TARGET_LINK_H

#include "bridge/Target/Inputs.h"

#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace bridge {

/// Where bridgec finds its runtime library and headers: `<bindir>/../lib` and
/// `<bindir>/../include`, which hold in the build tree and an install tree.
struct InstallPaths {
  std::string runtimeLibrary; // .../lib/libbridge_runtime.a
  std::string includeDir;     // .../include, holding bridge/legacy.h
};
/// `argv0` and `mainAddr` (the address of any function in the executable)
/// locate the running bridgec.
InstallPaths findInstallPaths(const char *argv0, void *mainAddr);

struct LinkOptions {
  /// The object bridgec generated.
  std::string generatedObject;
  /// User files (sources are compiled first) and `-l` names, in order.
  std::vector<LinkItem> items;
  /// `-L` directories.
  std::vector<std::string> libraryDirs;
  InstallPaths paths;
  std::string outputPath;
  /// Print each command to standard error before running it.
  bool verbose = false;
};

/// The compiler wrappers in use (after environment overrides).
std::string getMPICCPath();
std::string getMPICXXPath();
std::string getMPIFORTPath();

/// Compiles the user sources, links everything and renames the result to
/// `options.outputPath` on success only. Temporary files are removed.
llvm::Error linkExecutable(const LinkOptions &options);

} // namespace bridge

#endif // BRIDGE_TARGET_LINK_H
