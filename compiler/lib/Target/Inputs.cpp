//===- Inputs.cpp - What each command-line input is -----------------------===//

#include "bridge/Target/Inputs.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

using namespace llvm;

bridge::InputKind bridge::classifyInput(StringRef path) {
  StringRef ext = sys::path::extension(path);
  if (ext == ".bdsl")
    return InputKind::Bdsl;
  if (ext == ".mlir")
    return InputKind::Mlir;
  if (ext == ".c")
    return InputKind::CSource;
  if (ext == ".cpp" || ext == ".cc" || ext == ".cxx" || ext == ".C")
    return InputKind::CxxSource;
  if (ext == ".f90" || ext == ".f95" || ext == ".f03" || ext == ".f08" ||
      ext == ".f" || ext == ".F90" || ext == ".F")
    return InputKind::FortranSource;
  if (ext == ".o" || ext == ".a" || ext == ".so")
    return InputKind::Object;
  // Versioned shared libraries: libfoo.so.1, libfoo.so.1.2.
  StringRef name = sys::path::filename(path);
  size_t so = name.find(".so.");
  if (so != StringRef::npos && all_of(name.substr(so + 4), [](char c) {
        return isDigit(c) || c == '.';
      }))
    return InputKind::Object;
  return InputKind::Unknown;
}

static Error makeError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

Expected<bridge::SortedInputs>
bridge::sortInputs(ArrayRef<CommandLineInput> files,
                   ArrayRef<CommandLineInput> libraries) {
  if (files.empty())
    return makeError("no input files");
  SortedInputs sorted;
  sorted.programKind = InputKind::Unknown;
  std::vector<std::pair<unsigned, LinkItem>> ordered;
  for (const CommandLineInput &file : files) {
    InputKind kind = classifyInput(file.value);
    if (kind == InputKind::Unknown)
      return makeError("unsupported input file '" + file.value +
                       "' (expected .bdsl, .mlir, .c, .cpp, .f90, .o, .a or .so)");
    if (kind == InputKind::Bdsl || kind == InputKind::Mlir) {
      if (!sorted.program.empty())
        return makeError("more than one program input: '" + sorted.program +
                         "' and '" + file.value + "'");
      sorted.program = file.value;
      sorted.programKind = kind;
      continue;
    }
    ordered.push_back({file.position, {kind, file.value}});
  }
  if (sorted.program.empty())
    return makeError("no .bdsl or .mlir input file");
  for (const CommandLineInput &library : libraries)
    ordered.push_back({library.position, {InputKind::Library, library.value}});
  stable_sort(ordered,
              [](const auto &a, const auto &b) { return a.first < b.first; });
  for (auto &item : ordered)
    sorted.linkItems.push_back(std::move(item.second));
  return sorted;
}
