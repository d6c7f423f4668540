//===- NpyHeader.cpp - Typing `load` from a .npy file's header ------------===//
//
// The header is parsed by bridge/layout/Npy.h, which the runtime uses again
// when the program loads the file; this file reads the header from disk at
// compile time and adds the language's rules on shapes.
//
//===----------------------------------------------------------------------===//

#include "bridge/Frontend/FileHeader.h"
#include "bridge/layout/Npy.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace bridge;

static FileHeaderResult fail(llvm::StringRef path, const llvm::Twine &why) {
  FileHeaderResult r;
  r.message = ("cannot use '" + path + "' for 'load': " + why).str();
  return r;
}

static DType toDType(layout::NpyType type) {
  switch (type) {
  case layout::NpyType::F64: return DType::F64;
  case layout::NpyType::F32: return DType::F32;
  case layout::NpyType::I64: return DType::I64;
  case layout::NpyType::I32: return DType::I32;
  case layout::NpyType::Bool: break;
  }
  return DType::Bool;
}

FileHeaderResult bridge::readNpyHeader(llvm::StringRef path) {
  uint64_t size = 0;
  if (std::error_code ec = llvm::sys::fs::file_size(path, size)) {
    FileHeaderResult r = fail(path, ec.message() +
                                       " (the header is read when compiling "
                                       "to find the element type and rank)");
    r.missing = ec == std::errc::no_such_file_or_directory;
    return r;
  }
  // A FIFO or device would block the compiler or never end.
  if (!llvm::sys::fs::is_regular_file(path))
    return fail(path, "not a regular file");
  // The start of the file, then the dictionary it locates; never the data.
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> start =
      llvm::MemoryBuffer::getFileSlice(
          path, std::min<uint64_t>(size, layout::kNpyPreambleBytes), 0);
  if (!start)
    return fail(path, start.getError().message());
  layout::NpyError error;
  layout::NpyPreamble preamble;
  if (!layout::parseNpyPreamble(
          reinterpret_cast<const unsigned char *>((*start)->getBufferStart()),
          static_cast<int64_t>(size), &preamble, &error))
    return fail(path, error.text);
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> dict =
      llvm::MemoryBuffer::getFileSlice(path, preamble.dictBytes,
                                       preamble.dictOffset);
  if (!dict)
    return fail(path, dict.getError().message());
  layout::NpyHeader parsed;
  if (!layout::parseNpyDict((*dict)->getBufferStart(), preamble.dictBytes,
                            &parsed, &error))
    return fail(path, error.text);

  if (parsed.ndim < 1 || parsed.ndim > 4)
    return fail(path, "arrays must have 1 to 4 dimensions");
  FileHeader header;
  header.dtype = toDType(parsed.type);
  for (int32_t d = 0; d < parsed.ndim; ++d) {
    if (parsed.shape[d] <= 0)
      return fail(path, "the shape has an empty or invalid dimension");
    header.shape.push_back(parsed.shape[d]);
  }
  FileHeaderResult r;
  r.header = std::move(header);
  return r;
}
