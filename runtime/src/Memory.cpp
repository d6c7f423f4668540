//===- Memory.cpp - Aligned allocation that never returns null ------------===//

#include "Internal.h"

#include <stdlib.h>

namespace {
constexpr size_t kAlign = 64;
} // namespace

extern "C" void *bridge_rt_alloc(int64_t bytes) {
  if (bytes < 0)
    bridge::rt::failf("bridge_rt_alloc: negative size %lld", (long long)bytes);
  // Round up so that 0 bytes still yields a unique, freeable pointer.
  uint64_t rounded = (uint64_t(bytes) + kAlign - 1) / kAlign * kAlign;
  if (rounded == 0)
    rounded = kAlign;
  void *ptr = nullptr;
  if (posix_memalign(&ptr, kAlign, size_t(rounded)) != 0 || !ptr)
    bridge::rt::failf("out of memory allocating %lld bytes", (long long)bytes);
  return ptr;
}

extern "C" void bridge_rt_free(void *ptr) { free(ptr); }
