//===- Checkpoint.cpp - Chunks that survive a crash -----------------------===//
//
// With --checkpoint DIR, each chunk a checkpointed stage computes is stored as
// DIR/<program>/s<stage>-c<chunk>.ckpt: the chunk's outputs and partial
// results, keyed by the program and the chunk, not by the rank, so a run on
// any rank count can restore it. A file appears complete or not at all
// (written under a temporary name, then renamed), and carries the program's
// hash and a checksum: anything else found there is reported and recomputed.
//
//   "BRCKPT01" | program u64 | stage i64 | chunk i64 | nout i32 | npart i32 |
//   bytes i64[nout] | data... | partials 8 bytes each | FNV-1a 64 of the above
//
//===----------------------------------------------------------------------===//
#include "DistInternal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

const char kMagic[8] = {'B', 'R', 'C', 'K', 'P', 'T', '0', '1'};
const char *directory = nullptr;
bool checkedForeign = false;

struct Hash {
  uint64_t value = 1469598103934665603ull;
  void add(const void *data, size_t n) {
    const unsigned char *p = static_cast<const unsigned char *>(data);
    for (size_t i = 0; i < n; ++i)
      value = (value ^ p[i]) * 1099511628211ull;
  }
};

void programDir(char *out, size_t size, uint64_t program) {
  snprintf(out, size, "%s/%016llx", directory,
           static_cast<unsigned long long>(program));
}

void chunkPath(char *out, size_t size, uint64_t program, int64_t stage,
               int64_t chunk) {
  char dir[4096];
  programDir(dir, sizeof(dir), program);
  snprintf(out, size, "%s/s%lld-c%lld.ckpt", dir, static_cast<long long>(stage),
           static_cast<long long>(chunk));
}

/// Checkpoints of other programs in the directory are left alone, once said.
void warnAboutForeign(uint64_t program) {
  if (checkedForeign)
    return;
  checkedForeign = true;
  if (bridge_rt_rank() != 0)
    return;
  DIR *dir = opendir(directory);
  if (!dir)
    return;
  char ours[17];
  snprintf(ours, sizeof(ours), "%016llx",
           static_cast<unsigned long long>(program));
  while (struct dirent *entry = readdir(dir)) {
    if (strlen(entry->d_name) == 16 && strcmp(entry->d_name, ours) != 0 &&
        strspn(entry->d_name, "0123456789abcdef") == 16)
      fprintf(stderr,
              "warning: rank 0: checkpoint directory '%s' holds checkpoints of "
              "another program (%s); they are ignored\n",
              directory, entry->d_name);
  }
  closedir(dir);
}

void warnCorrupt(const char *path, const char *why) {
  fprintf(stderr, "warning: rank %d: checkpoint '%s' %s; recomputing it\n",
          bridge_rt_rank(), path, why);
}

bool writeAll(int fd, const void *data, size_t n, Hash &hash) {
  hash.add(data, n);
  const char *p = static_cast<const char *>(data);
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return false;
    p += w;
    n -= size_t(w);
  }
  return true;
}

bool readAll(int fd, void *data, size_t n, Hash *hash) {
  char *p = static_cast<char *>(data);
  size_t left = n;
  while (left > 0) {
    ssize_t r = read(fd, p, left);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      return false;
    p += r;
    left -= size_t(r);
  }
  if (hash)
    hash->add(data, n);
  return true;
}

int64_t chunkBytes(const bridge_rt_dist *array, int64_t chunk) {
  const bridge_chunk *c = bridge::rt::storedChunk(array, chunk);
  return c ? bridge_chunk_size(c) * bridge::rt::elemSize(array) : 0;
}

void *chunkData(const bridge_rt_dist *array, int64_t chunk) {
  const bridge_chunk *c = bridge::rt::storedChunk(array, chunk);
  return c ? c->data : nullptr;
}

} // namespace

using bridge::rt::failf;

void bridge::rt::setCheckpointDir(const char *dir) {
  if (strlen(dir) > 4000)
    failf("checkpoint directory name too long: '%.64s...'", dir);
  directory = dir;
  if (mkdir(dir, 0777) != 0 && errno != EEXIST)
    failf("cannot create checkpoint directory '%s': %s", dir, strerror(errno));
}

extern "C" int32_t bridge_rt_ckpt_restore(uint64_t program, int64_t stage,
                                          int64_t chunk,
                                          bridge_rt_dist *const *outputs,
                                          int32_t noutputs,
                                          void *const *partials,
                                          int32_t npartials) {
  if (!directory)
    return 0;
  warnAboutForeign(program);
  char path[4400];
  chunkPath(path, sizeof(path), program, stage, chunk);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0; // Not computed yet.
  Hash hash;
  char magic[8];
  uint64_t fileProgram = 0;
  int64_t fileStage = -1, fileChunk = -1;
  int32_t fileOutputs = -1, filePartials = -1;
  const char *why = nullptr;
  if (!readAll(fd, magic, 8, &hash) || memcmp(magic, kMagic, 8) != 0 ||
      !readAll(fd, &fileProgram, 8, &hash) || !readAll(fd, &fileStage, 8, &hash) ||
      !readAll(fd, &fileChunk, 8, &hash) || !readAll(fd, &fileOutputs, 4, &hash) ||
      !readAll(fd, &filePartials, 4, &hash))
    why = "has no valid header";
  else if (fileProgram != program || fileStage != stage || fileChunk != chunk ||
           fileOutputs != noutputs || filePartials != npartials)
    why = "belongs to another program or chunk";
  for (int32_t i = 0; !why && i < noutputs; ++i) {
    int64_t bytes = 0;
    if (!readAll(fd, &bytes, 8, &hash) || bytes != chunkBytes(outputs[i], chunk))
      why = "has chunks of another size";
  }
  for (int32_t i = 0; !why && i < noutputs; ++i)
    if (!readAll(fd, chunkData(outputs[i], chunk),
                 size_t(chunkBytes(outputs[i], chunk)), &hash))
      why = "is truncated";
  for (int32_t i = 0; !why && i < npartials; ++i)
    if (!readAll(fd, partials[i], 8, &hash))
      why = "is truncated";
  uint64_t sum = 0;
  char extra;
  if (!why && (!readAll(fd, &sum, 8, nullptr) || sum != hash.value))
    why = "fails its checksum";
  else if (!why && read(fd, &extra, 1) != 0)
    why = "has trailing bytes";
  close(fd);
  if (why) {
    warnCorrupt(path, why);
    return 0;
  }
  return 1;
}

extern "C" void bridge_rt_ckpt_store(uint64_t program, int64_t stage,
                                     int64_t chunk,
                                     bridge_rt_dist *const *outputs,
                                     int32_t noutputs, void *const *partials,
                                     int32_t npartials) {
  if (!directory)
    return;
  char dir[4096], path[4400], temp[4500];
  programDir(dir, sizeof(dir), program);
  if (mkdir(dir, 0777) != 0 && errno != EEXIST)
    failf("cannot create checkpoint directory '%s': %s", dir, strerror(errno));
  chunkPath(path, sizeof(path), program, stage, chunk);
  snprintf(temp, sizeof(temp), "%s.tmp-%d", path, bridge_rt_rank());
  int fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0)
    failf("cannot write checkpoint '%s': %s", temp, strerror(errno));
  Hash hash;
  bool ok = writeAll(fd, kMagic, 8, hash) && writeAll(fd, &program, 8, hash) &&
            writeAll(fd, &stage, 8, hash) && writeAll(fd, &chunk, 8, hash) &&
            writeAll(fd, &noutputs, 4, hash) && writeAll(fd, &npartials, 4, hash);
  for (int32_t i = 0; ok && i < noutputs; ++i) {
    int64_t bytes = chunkBytes(outputs[i], chunk);
    ok = writeAll(fd, &bytes, 8, hash);
  }
  for (int32_t i = 0; ok && i < noutputs; ++i)
    ok = writeAll(fd, chunkData(outputs[i], chunk),
                  size_t(chunkBytes(outputs[i], chunk)), hash);
  for (int32_t i = 0; ok && i < npartials; ++i)
    ok = writeAll(fd, partials[i], 8, hash);
  Hash ignored;
  uint64_t sum = hash.value;
  ok = ok && writeAll(fd, &sum, 8, ignored);
  ok = close(fd) == 0 && ok;
  if (!ok || rename(temp, path) != 0) {
    int error = errno;
    unlink(temp);
    failf("cannot write checkpoint '%s': %s", path, strerror(error));
  }
}
