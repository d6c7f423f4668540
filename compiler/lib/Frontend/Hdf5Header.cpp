//===- Hdf5Header.cpp - Typing `load_h5` from a dataset's header ----------===//
//
// The runtime's own reader (bridge/hdf5_header.h) opens the file with serial
// HDF5 and checks the dataset as a program does before reading it, so that
// bridgec refuses what the program would and says it in the same words; this
// file puts what it finds in the language's types.
//
//===----------------------------------------------------------------------===//

#include "bridge/Frontend/FileHeader.h"
#include "bridge/hdf5_header.h"
#include "llvm/Support/FileSystem.h"

using namespace bridge;

FileHeaderResult bridge::readHdf5DatasetHeader(llvm::StringRef path,
                                               llvm::StringRef dataset) {
  FileHeaderResult r;
  plan::FileShape shape;
  if (std::optional<std::string> error =
          readHdf5Header(path.str(), dataset.str(), shape)) {
    r.message = std::move(*error);
    llvm::sys::fs::file_status status;
    r.missing = llvm::sys::fs::status(path, status) ==
                std::errc::no_such_file_or_directory;
    return r;
  }
  FileHeader header;
  header.dtype = getDTypeOfBridgeCode(shape.dtype);
  header.shape.assign(shape.shape, shape.shape + shape.ndim);
  r.header = std::move(header);
  return r;
}
