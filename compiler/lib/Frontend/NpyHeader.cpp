//===- NpyHeader.cpp - Reading the header of a .npy file ------------------===//
//
// The format: "\x93NUMPY", major and minor version, a little-endian header
// length (2 bytes in version 1, 4 after), then a Python dict literal such as
// {'descr': '<f8', 'fortran_order': False, 'shape': (100, 3), }.
//
//===----------------------------------------------------------------------===//

#include "bridge/Frontend/NpyHeader.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace bridge;

static NpyHeaderResult fail(llvm::StringRef path, const llvm::Twine &why) {
  NpyHeaderResult r;
  r.message = ("cannot use '" + path + "' for 'load': " + why).str();
  return r;
}

/// The text after `'key':` in the header dict.
static std::optional<llvm::StringRef> findValue(llvm::StringRef dict,
                                                llvm::StringRef key) {
  for (char quote : {'\'', '"'}) {
    std::string k = (llvm::Twine(quote) + key + llvm::Twine(quote)).str();
    size_t pos = dict.find(k);
    if (pos == llvm::StringRef::npos)
      continue;
    llvm::StringRef rest = dict.drop_front(pos + k.size()).ltrim();
    if (!rest.consume_front(":"))
      return std::nullopt;
    return rest.ltrim();
  }
  return std::nullopt;
}

NpyHeaderResult bridge::readNpyHeader(llvm::StringRef path) {
  // The header is small; never read a whole data file.
  constexpr uint64_t kMaxHeader = 1 << 16;
  uint64_t size = 0;
  if (std::error_code ec = llvm::sys::fs::file_size(path, size))
    return fail(path, ec.message() +
                          " (the header is read when compiling to find the "
                          "shape and element type)");
  // A FIFO or device would block the compiler or never end.
  if (!llvm::sys::fs::is_regular_file(path))
    return fail(path, "not a regular file");
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buf =
      llvm::MemoryBuffer::getFileSlice(path, std::min(size, kMaxHeader), 0);
  if (!buf)
    return fail(path, buf.getError().message());
  llvm::StringRef data = (*buf)->getBuffer();
  if (!data.consume_front("\x93NUMPY") || data.size() < 4)
    return fail(path, "not a .npy file");
  unsigned major = static_cast<unsigned char>(data[0]);
  data = data.drop_front(2);
  uint64_t len = 0;
  unsigned lenBytes = major == 1 ? 2 : 4;
  if (data.size() < lenBytes)
    return fail(path, "truncated header");
  for (unsigned i = 0; i < lenBytes; ++i)
    len |= uint64_t(static_cast<unsigned char>(data[i])) << (8 * i);
  data = data.drop_front(lenBytes);
  if (data.size() < len)
    return fail(path, "truncated header");
  llvm::StringRef dict = data.take_front(len);

  NpyHeader header;
  std::optional<llvm::StringRef> descr = findValue(dict, "descr");
  if (!descr || descr->size() < 2)
    return fail(path, "no 'descr' in the header");
  llvm::StringRef d = descr->drop_front().take_until(
      [&](char c) { return c == (*descr)[0]; });
  if (d == "<f8")
    header.dtype = DType::F64;
  else if (d == "<f4")
    header.dtype = DType::F32;
  else if (d == "<i8")
    header.dtype = DType::I64;
  else if (d == "<i4")
    header.dtype = DType::I32;
  else if (d == "|b1")
    header.dtype = DType::Bool;
  else
    return fail(path, "element type '" + d +
                          "' is not one of f64, f32, i64, i32, bool "
                          "(little-endian)");
  std::optional<llvm::StringRef> order = findValue(dict, "fortran_order");
  if (!order || !order->starts_with("False"))
    return fail(path, "only C-order arrays are supported");
  std::optional<llvm::StringRef> shape = findValue(dict, "shape");
  if (!shape || !shape->consume_front("("))
    return fail(path, "no 'shape' in the header");
  llvm::StringRef dims = shape->take_until([](char c) { return c == ')'; });
  llvm::SmallVector<llvm::StringRef, 4> parts;
  dims.split(parts, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef p : parts) {
    p = p.trim();
    if (p.empty())
      continue;
    int64_t n = 0;
    if (p.getAsInteger(10, n) || n <= 0)
      return fail(path, "the shape has an empty or invalid dimension");
    header.shape.push_back(n);
  }
  if (header.shape.empty() || header.shape.size() > 4)
    return fail(path, "arrays must have 1 to 4 dimensions");
  NpyHeaderResult r;
  r.header = std::move(header);
  return r;
}
