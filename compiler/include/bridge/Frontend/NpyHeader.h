//===- NpyHeader.h - Reading the header of a .npy file ----------*- C++ -*-===//
//
// `load("x.npy")` takes its shape and element type from the file's header, so
// Sema reads the header when compiling: with the runtime's parser
// (bridge/layout/Npy.h), in the language's types and with its rules on shapes.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_FRONTEND_NPYHEADER_H
#define BRIDGE_FRONTEND_NPYHEADER_H

#include "bridge/Frontend/Types.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace bridge {

struct NpyHeader {
  DType dtype = DType::F64;
  llvm::SmallVector<int64_t, 4> shape;
};

/// Either the header or a one-line message saying what is wrong, naming the
/// file.
struct NpyHeaderResult {
  std::optional<NpyHeader> header;
  std::string message;
  /// The file does not exist (yet).
  bool missing = false;
  bool failed() const { return !header; }
};

NpyHeaderResult readNpyHeader(llvm::StringRef path);

} // namespace bridge

#endif // BRIDGE_FRONTEND_NPYHEADER_H
