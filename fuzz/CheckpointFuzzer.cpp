//===- CheckpointFuzzer.cpp - libFuzzer target over checkpoint files ------===//
//
// Feeds arbitrary bytes to the checkpoint reader (runtime/src/CheckpointFile.h)
// as the runtime restores a chunk. The input frames the file:
//
//   noutputs (1 byte, mod 4) | npartials (1 byte, mod 4) |
//   one byte per output: its chunk's size in bytes | the file
//
// and the chunk expected is program 0x0123456789abcdef, stage 2, chunk 5.
// Every buffer is allocated at exactly its size, so ASan catches a write past
// it. A file the reader accepts must be what the writer writes for the
// contents it restored.
//
//===----------------------------------------------------------------------===//

#include "CheckpointFile.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

using namespace bridge::rt;

namespace {

struct Input {
  const uint8_t *at;
  size_t left;
};

bool readInput(void *ctx, void *out, size_t n) {
  Input &in = *static_cast<Input *>(ctx);
  if (n > in.left)
    return false;
  if (n) // A chunk without elements has no buffer.
    memcpy(out, in.at, n);
  in.at += n;
  in.left -= n;
  return true;
}

/// Compares what the writer writes with the bytes the reader accepted.
bool matchInput(void *ctx, const void *data, size_t n) {
  Input &in = *static_cast<Input *>(ctx);
  if (n > in.left || (n && memcmp(data, in.at, n) != 0))
    return false;
  in.at += n;
  in.left -= n;
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2)
    return 0;
  int32_t noutputs = data[0] % 4, npartials = data[1] % 4;
  if (size < size_t(2 + noutputs))
    return 0;
  int64_t bytes[4];
  void *outputs[4], *partials[4];
  for (int32_t i = 0; i < noutputs; ++i) {
    bytes[i] = data[2 + i];
    outputs[i] = malloc(size_t(bytes[i]));
  }
  for (int32_t i = 0; i < npartials; ++i)
    partials[i] = malloc(8);
  CheckpointChunk chunk{0x0123456789abcdefull, 2,        5,         noutputs,
                        bytes,                 outputs,  npartials, partials};
  Input file{data + 2 + noutputs, size - 2 - size_t(noutputs)};
  Input original = file;
  if (!readCheckpoint(chunk, readInput, &file)) {
    // Accepted: the writer must give back exactly the file.
    if (!writeCheckpoint(chunk, matchInput, &original) || original.left != 0)
      __builtin_trap();
  }
  for (int32_t i = 0; i < noutputs; ++i)
    free(outputs[i]);
  for (int32_t i = 0; i < npartials; ++i)
    free(partials[i]);
  return 0;
}
