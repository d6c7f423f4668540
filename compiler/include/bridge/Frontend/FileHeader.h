//===- FileHeader.h - Reading an input's header when compiling --*- C++ -*-===//
//
// `load("x.npy")` and `load_h5("x.h5", "/d")` take their element type and
// rank from the input when it exists when compiling, so Sema reads the
// header: with the runtime's own readers (bridge/layout/Npy.h,
// bridge/hdf5_header.h), in the language's types.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_FRONTEND_FILEHEADER_H
#define BRIDGE_FRONTEND_FILEHEADER_H

#include "bridge/Frontend/Types.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace bridge {

struct FileHeader {
  DType dtype = DType::F64;
  llvm::SmallVector<int64_t, 4> shape;
};

/// Either the header or a one-line message saying what is wrong, naming the
/// file.
struct FileHeaderResult {
  std::optional<FileHeader> header;
  std::string message;
  /// The file does not exist (yet).
  bool missing = false;
  bool failed() const { return !header; }
};

/// The header of the .npy file at `path`, with the language's rules on
/// shapes.
FileHeaderResult readNpyHeader(llvm::StringRef path);

/// The element type and shape of dataset `dataset` of the HDF5 file at
/// `path`, with the checks and messages of the runtime's `load_h5`.
FileHeaderResult readHdf5DatasetHeader(llvm::StringRef path,
                                       llvm::StringRef dataset);

} // namespace bridge

#endif // BRIDGE_FRONTEND_FILEHEADER_H
