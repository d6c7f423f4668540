//===- CheckpointFile.cpp - The format of one chunk's checkpoint ----------===//
#include "CheckpointFile.h"

#include <string.h>

using namespace bridge::rt;

namespace {

const char kMagic[8] = {'B', 'R', 'C', 'K', 'P', 'T', '0', '1'};

/// FNV-1a, 64 bits, from the offset basis of CheckpointFile.h.
struct Hash {
  uint64_t value = 1469598103934665603ull;
  void add(const void *data, size_t n) {
    const unsigned char *p = static_cast<const unsigned char *>(data);
    for (size_t i = 0; i < n; ++i)
      value = (value ^ p[i]) * 1099511628211ull;
  }
};

/// Writes through the callback, hashing what passes.
struct Writer {
  CheckpointWrite write;
  void *ctx;
  Hash hash;
  bool put(const void *data, size_t n) {
    hash.add(data, n);
    return write(ctx, data, n);
  }
};

/// Reads through the callback, hashing what passes.
struct Reader {
  CheckpointRead read;
  void *ctx;
  Hash hash;
  bool get(void *out, size_t n) {
    if (!read(ctx, out, n))
      return false;
    hash.add(out, n);
    return true;
  }
};

} // namespace

bool bridge::rt::writeCheckpoint(const CheckpointChunk &chunk,
                                 CheckpointWrite write, void *ctx) {
  Writer w{write, ctx, Hash()};
  bool ok = w.put(kMagic, 8) && w.put(&chunk.program, 8) &&
            w.put(&chunk.stage, 8) && w.put(&chunk.chunk, 8) &&
            w.put(&chunk.noutputs, 4) && w.put(&chunk.npartials, 4);
  for (int32_t i = 0; ok && i < chunk.noutputs; ++i)
    ok = w.put(&chunk.outputBytes[i], 8);
  for (int32_t i = 0; ok && i < chunk.noutputs; ++i)
    ok = w.put(chunk.outputData[i], size_t(chunk.outputBytes[i]));
  for (int32_t i = 0; ok && i < chunk.npartials; ++i)
    ok = w.put(chunk.partials[i], 8);
  uint64_t sum = w.hash.value;
  return ok && write(ctx, &sum, 8);
}

const char *bridge::rt::readCheckpoint(const CheckpointChunk &into,
                                       CheckpointRead read, void *ctx) {
  Reader r{read, ctx, Hash()};
  char magic[8];
  uint64_t program = 0;
  int64_t stage = -1, chunk = -1;
  int32_t noutputs = -1, npartials = -1;
  if (!r.get(magic, 8) || memcmp(magic, kMagic, 8) != 0 ||
      !r.get(&program, 8) || !r.get(&stage, 8) || !r.get(&chunk, 8) ||
      !r.get(&noutputs, 4) || !r.get(&npartials, 4))
    return "has no valid header";
  if (program != into.program || stage != into.stage ||
      chunk != into.chunk || noutputs != into.noutputs ||
      npartials != into.npartials)
    return "belongs to another program or chunk";
  for (int32_t i = 0; i < noutputs; ++i) {
    int64_t bytes = 0;
    if (!r.get(&bytes, 8) || bytes != into.outputBytes[i])
      return "has chunks of another size";
  }
  for (int32_t i = 0; i < noutputs; ++i)
    if (!r.get(into.outputData[i], size_t(into.outputBytes[i])))
      return "is truncated";
  for (int32_t i = 0; i < npartials; ++i)
    if (!r.get(into.partials[i], 8))
      return "is truncated";
  uint64_t sum = 0;
  if (!read(ctx, &sum, 8) || sum != r.hash.value)
    return "fails its checksum";
  char extra;
  if (read(ctx, &extra, 1))
    return "has trailing bytes";
  return nullptr;
}
