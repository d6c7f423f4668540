//===- Inputs.h - What each command-line input is ---------------*- C++ -*-===//
//
// The one place that knows the kinds of inputs: the program the pipeline
// compiles, and the sources, objects and libraries the link step takes.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_TARGET_INPUTS_H
#define BRIDGE_TARGET_INPUTS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace bridge {

/// What the driver does with an input: files are judged by their extension,
/// libraries come from `-l`.
enum class InputKind {
  Bdsl,      // .bdsl: a pipeline program
  Mlir,      // .mlir: a module in the array, task or LLVM dialect
  CSource,   // .c: compiled with mpicc
  CxxSource, // .cpp .cc .cxx .C: compiled with mpicxx
  FortranSource, // .f90 .f95 .f03 .f08 .f .F90 .F: compiled with mpifort
  Object,    // .o .a .so (also versioned .so.N): passed to the linker
  Library,   // -lNAME: searched for by the linker
  Unknown
};

/// The kind of the file at `path`; never Library.
InputKind classifyInput(llvm::StringRef path);

/// One link-line item: a file to compile or pass on, or a library name.
struct LinkItem {
  InputKind kind;
  std::string value; // the path, or the name after `-l`
};

/// A file or `-l` name with its position among all command-line arguments,
/// which orders the link line.
struct CommandLineInput {
  unsigned position;
  std::string value;
};

/// The command line's inputs, sorted for the pipeline and the link step.
struct SortedInputs {
  /// The one program input and its kind, Bdsl or Mlir.
  std::string program;
  InputKind programKind;
  /// Everything else, in command-line order.
  std::vector<LinkItem> linkItems;
};

/// Sorts the input `files` and `-l` `libraries`. Fails, saying why, on a file
/// of unknown kind, on a second program input and when there is none.
llvm::Expected<SortedInputs>
sortInputs(llvm::ArrayRef<CommandLineInput> files,
           llvm::ArrayRef<CommandLineInput> libraries);

} // namespace bridge

#endif // BRIDGE_TARGET_INPUTS_H
