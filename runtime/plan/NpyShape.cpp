//===- NpyShape.cpp - The shape a .npy file's header gives ----------------===//
//
// Reads only the header: the runtime (rank 0, at start-up) and bridgec (for
// `--explain-placement --set ...`) learn a file's extents before anything is
// allocated for it.
//
//===----------------------------------------------------------------------===//
#include "bridge/sizes.h"

#include "bridge/layout/Npy.h"
#include "bridge/layout/WholeIO.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace bridge;

namespace {

std::string readFailed(const std::string &path) {
  return path + ": read failed: " +
         (errno ? strerror(errno) : "unexpected end of file");
}

std::optional<std::string> readHeader(int fd, const std::string &path,
                                      plan::FileShape &shape) {
  struct stat st;
  if (fstat(fd, &st) != 0)
    return path + ": cannot open: " + strerror(errno);
  if (S_ISDIR(st.st_mode))
    return path + ": cannot read: " + strerror(EISDIR);
  if (!S_ISREG(st.st_mode))
    return path + ": cannot read: not a regular file";
  int64_t size = int64_t(st.st_size);
  unsigned char start[layout::kNpyPreambleBytes];
  if (!layout::preadWhole(fd, start, std::min(size, layout::kNpyPreambleBytes),
                          0))
    return readFailed(path);
  layout::NpyError error;
  layout::NpyPreamble preamble;
  if (!layout::parseNpyPreamble(start, size, &preamble, &error))
    return path + ": " + error.text;
  std::string dict(size_t(preamble.dictBytes), '\0');
  if (!layout::preadWhole(fd, dict.data(), preamble.dictBytes,
                          preamble.dictOffset))
    return readFailed(path);
  layout::NpyHeader header;
  if (!layout::parseNpyDict(dict.data(), preamble.dictBytes, &header, &error))
    return path + ": " + error.text;
  shape.dtype = int32_t(header.type);
  shape.ndim = header.ndim;
  // A file of more dimensions than a program reads keeps only its count: the
  // evaluator refuses it by that.
  std::copy_n(header.shape, std::min<int32_t>(header.ndim, 4), shape.shape);
  return std::nullopt;
}

} // namespace

std::optional<std::string> plan::readNpyShape(const std::string &path,
                                              FileShape &shape) {
  // Non-blocking, so that a FIFO is refused instead of hanging the open.
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return path + ": cannot open: " + strerror(errno);
  std::optional<std::string> error = readHeader(fd, path, shape);
  close(fd);
  return error;
}
