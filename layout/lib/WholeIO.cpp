//===- WholeIO.cpp - Reads and writes that finish or fail -----------------===//
#include "bridge/layout/WholeIO.h"

#include <cerrno>

#include <unistd.h>

namespace bridge::layout {
namespace {

/// Repeats `transfer(done)` until `bytes` are done. A transfer of 0 bytes
/// ends it: the end of the file for a read (errno 0), EIO for a write.
template <typename Transfer>
bool repeat(int64_t bytes, int errnoAtZero, Transfer transfer) {
  for (int64_t done = 0; done < bytes;) {
    ssize_t n = transfer(done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (n == 0)
        errno = errnoAtZero;
      return false;
    }
    done += n;
  }
  return true;
}

} // namespace

bool preadWhole(int fd, void *out, int64_t bytes, int64_t offset) {
  char *p = static_cast<char *>(out);
  return repeat(bytes, 0, [&](int64_t done) {
    return pread(fd, p + done, size_t(bytes - done), off_t(offset + done));
  });
}

bool pwriteWhole(int fd, const void *data, int64_t bytes, int64_t offset) {
  const char *p = static_cast<const char *>(data);
  return repeat(bytes, EIO, [&](int64_t done) {
    return pwrite(fd, p + done, size_t(bytes - done), off_t(offset + done));
  });
}

bool readWhole(int fd, void *out, size_t bytes) {
  char *p = static_cast<char *>(out);
  return repeat(int64_t(bytes), 0, [&](int64_t done) {
    return read(fd, p + done, bytes - size_t(done));
  });
}

bool writeWhole(int fd, const void *data, size_t bytes) {
  const char *p = static_cast<const char *>(data);
  return repeat(int64_t(bytes), EIO, [&](int64_t done) {
    return write(fd, p + done, bytes - size_t(done));
  });
}

} // namespace bridge::layout
