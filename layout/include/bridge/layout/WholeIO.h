//===- WholeIO.h - Reads and writes that finish or fail ---------*- C++ -*-===//
//
// read(2) and write(2) may transfer less than asked and fail with EINTR when a
// signal arrives (the runtime installs handlers); every file the runtime and
// bridgec touch goes through these loops instead.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_LAYOUT_WHOLEIO_H
#define BRIDGE_LAYOUT_WHOLEIO_H

#include <stddef.h>
#include <stdint.h>

namespace bridge::layout {

/// Reads exactly `bytes` at `offset`; false with errno set otherwise (0 when
/// the file ends first).
bool preadWhole(int fd, void *out, int64_t bytes, int64_t offset);
/// Writes exactly `bytes` at `offset`; false with errno set otherwise.
bool pwriteWhole(int fd, const void *data, int64_t bytes, int64_t offset);
/// The same at the file's position.
bool readWhole(int fd, void *out, size_t bytes);
bool writeWhole(int fd, const void *data, size_t bytes);

} // namespace bridge::layout

#endif // BRIDGE_LAYOUT_WHOLEIO_H
