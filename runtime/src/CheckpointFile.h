//===- CheckpointFile.h - The format of one chunk's checkpoint --*- C++ -*-===//
//
//   "BRCKPT01" | program u64 | stage i64 | chunk i64 | nout i32 | npart i32 |
//   bytes i64[nout] | data... | partials 8 bytes each | FNV-1a 64 of the above
//
// Integers are in the machine's byte order: a checkpoint is restored on the
// kind of machine that wrote it. The FNV-1a hash starts from
// 1469598103934665603, not from FNV's usual offset basis (14695981039346656037):
// checkpoints already written depend on it. Reading and writing go through callbacks and
// need neither MPI nor files, so the reader can be fuzzed as it runs.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_RUNTIME_CHECKPOINTFILE_H
#define BRIDGE_RUNTIME_CHECKPOINTFILE_H

#include <stddef.h>
#include <stdint.h>

namespace bridge::rt {

/// What one chunk's checkpoint holds, and where its contents are (to write)
/// or go (to read).
struct CheckpointChunk {
  uint64_t program; // A hash of the program's task graph.
  int64_t stage, chunk;
  int32_t noutputs;
  const int64_t *outputBytes; // noutputs sizes: the chunk's bytes per output.
  void *const *outputData;    // noutputs buffers of those sizes.
  int32_t npartials;
  void *const *partials;      // npartials 8-byte slots.
};

/// Passes `n` bytes at `data` on; false when they could not all be written.
using CheckpointWrite = bool (*)(void *ctx, const void *data, size_t n);
/// Fills `out` with the next `n` bytes; false when fewer than `n` remain.
using CheckpointRead = bool (*)(void *ctx, void *out, size_t n);

/// Writes the checkpoint of `chunk`; false when `write` failed.
bool writeCheckpoint(const CheckpointChunk &chunk, CheckpointWrite write,
                     void *ctx);

/// Reads a checkpoint into `into`'s buffers and partial slots. Returns null
/// when the bytes are exactly a checkpoint of `into`'s program, stage, chunk
/// and sizes, intact; otherwise why not ("is truncated", ...), and the buffers
/// may hold part of the file.
const char *readCheckpoint(const CheckpointChunk &into, CheckpointRead read,
                           void *ctx);

} // namespace bridge::rt

#endif // BRIDGE_RUNTIME_CHECKPOINTFILE_H
