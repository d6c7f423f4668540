//===- Checkpoint.cpp - Chunks that survive a crash -----------------------===//
//
// With --checkpoint DIR, each chunk a checkpointed stage computes is stored as
// DIR/<program>/s<stage>-c<chunk>.ckpt: the chunk's outputs and partial
// results, keyed by the program and the chunk, not by the rank, so a run on
// any rank count can restore it. A file appears complete or not at all
// (written under a temporary name, then renamed), and carries the program's
// hash and a checksum (CheckpointFile.h): anything else found there is
// reported and recomputed. A program with parameters or sizes known only when
// it runs keys its checkpoints by their values too (checkpointKey).
//
//===----------------------------------------------------------------------===//
#include "CheckpointFile.h"
#include "DistInternal.h"
#include "RunSizes.h"
#include "bridge/layout/WholeIO.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

const char *directory = nullptr;
bool checkedForeign = false;

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

bool writeAll(void *fd, const void *data, size_t n) {
  return bridge::layout::writeWhole(*static_cast<int *>(fd), data, n);
}

bool readAll(void *fd, void *data, size_t n) {
  return bridge::layout::readWhole(*static_cast<int *>(fd), data, n);
}

/// What a checkpoint of one output chunk holds: `rows` runs of `rowBytes`,
/// `pitchBytes` apart from `first`. A halo chunk whose margins are read in
/// place (its neighbours' slabs) keeps its interior only, so restoring it
/// never writes over a neighbour; along an axis other than the first that
/// interior is one run per position on the axes before it.
struct Interior {
  char *first = nullptr;
  int64_t rows = 0, rowBytes = 0, pitchBytes = 0;
};

Interior interiorOf(const bridge_rt_dist *array, int64_t chunk) {
  Interior in;
  bridge_chunk c = bridge::rt::storedChunk(array, chunk);
  if (!c.data)
    return in;
  in.first = static_cast<char *>(c.data);
  in.rows = 1;
  in.rowBytes = bridge_chunk_size(&c) * bridge::rt::elemSize(array);
  if (!array->marginsInPlace)
    return in;
  int axis = array->haloAxis;
  int64_t strides[BRIDGE_MAX_DIMS];
  bridge::rt::storedStrides(array, c, strides);
  for (int d = 0; d < axis; ++d)
    in.rows *= c.shape[d];
  in.first += array->haloWidth * strides[axis];
  in.rowBytes = (c.shape[axis] - 2 * array->haloWidth) * strides[axis];
  in.pitchBytes = axis > 0 ? strides[axis - 1] : 0;
  return in;
}

/// The checkpoint of `chunk` of a stage: its outputs' stored chunks and its
/// partial results. Owns the arrays that describe the outputs, and the
/// buffers that gather an interior of several runs.
struct StageChunk {
  bridge::rt::CheckpointChunk contents;
  bridge::rt::Vec<int64_t> bytes;
  bridge::rt::Vec<void *> data;
  bridge::rt::Vec<Interior> interiors;

  StageChunk(uint64_t program, int64_t stage, int64_t chunk,
             bridge_rt_dist *const *outputs, int32_t noutputs,
             void *const *partials, int32_t npartials) {
    for (int32_t i = 0; i < noutputs; ++i) {
      Interior in = interiorOf(outputs[i], chunk);
      interiors.push(in);
      bytes.push(in.rows * in.rowBytes);
      data.push(in.rows > 1 ? bridge_rt_alloc(in.rows * in.rowBytes)
                            : in.first);
    }
    contents = {program,     stage,       chunk,     noutputs,
                bytes.data(), data.data(), npartials, partials};
  }
  ~StageChunk() {
    for (int64_t i = 0; i < interiors.size(); ++i)
      if (interiors[i].rows > 1)
        bridge_rt_free(data[i]);
  }
  StageChunk(const StageChunk &) = delete;
  StageChunk &operator=(const StageChunk &) = delete;

  /// Copies the interiors of several runs into their buffers (pack) or back
  /// (unpack).
  void gather(bool pack) {
    for (int64_t i = 0; i < interiors.size(); ++i) {
      const Interior &in = interiors[i];
      if (in.rows <= 1)
        continue;
      char *buffer = static_cast<char *>(data[i]);
      for (int64_t r = 0; r < in.rows; ++r) {
        char *stored = in.first + r * in.pitchBytes;
        char *packed = buffer + r * in.rowBytes;
        memcpy(pack ? packed : stored, pack ? stored : packed,
               size_t(in.rowBytes));
      }
    }
  }
};

} // namespace

using bridge::rt::failf;

void bridge::rt::setCheckpointDir(const char *dir) {
  if (strlen(dir) > 4000)
    failf("checkpoint directory name too long: '%.64s...'", dir);
  directory = dir;
  if (mkdir(dir, 0777) != 0 && errno != EEXIST)
    failf("cannot create checkpoint directory '%s': %s", dir, strerror(errno));
}

extern "C" int32_t bridge_rt_ckpt_active(void) { return directory ? 1 : 0; }

extern "C" int32_t bridge_rt_ckpt_restore(uint64_t program, int64_t stage,
                                          int64_t chunk,
                                          bridge_rt_dist *const *outputs,
                                          int32_t noutputs,
                                          void *const *partials,
                                          int32_t npartials) {
  if (!directory)
    return 0;
  program = bridge::rt::checkpointKey(program);
  warnAboutForeign(program);
  char path[4400];
  chunkPath(path, sizeof(path), program, stage, chunk);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0; // Not computed yet.
  StageChunk into(program, stage, chunk, outputs, noutputs, partials,
                  npartials);
  const char *why = bridge::rt::readCheckpoint(into.contents, readAll, &fd);
  close(fd);
  if (why) {
    warnCorrupt(path, why);
    return 0;
  }
  into.gather(/*pack=*/false);
  return 1;
}

extern "C" void bridge_rt_ckpt_store(uint64_t program, int64_t stage,
                                     int64_t chunk,
                                     bridge_rt_dist *const *outputs,
                                     int32_t noutputs, void *const *partials,
                                     int32_t npartials) {
  if (!directory)
    return;
  program = bridge::rt::checkpointKey(program);
  char dir[4096], path[4400], temp[4500];
  programDir(dir, sizeof(dir), program);
  if (mkdir(dir, 0777) != 0 && errno != EEXIST)
    failf("cannot create checkpoint directory '%s': %s", dir, strerror(errno));
  chunkPath(path, sizeof(path), program, stage, chunk);
  snprintf(temp, sizeof(temp), "%s.tmp-%d", path, bridge_rt_rank());
  int fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0)
    failf("cannot write checkpoint '%s': %s", temp, strerror(errno));
  StageChunk from(program, stage, chunk, outputs, noutputs, partials,
                  npartials);
  from.gather(/*pack=*/true);
  bool ok = bridge::rt::writeCheckpoint(from.contents, writeAll, &fd);
  ok = close(fd) == 0 && ok;
  if (!ok || rename(temp, path) != 0) {
    int error = errno;
    unlink(temp);
    failf("cannot write checkpoint '%s': %s", path, strerror(error));
  }
}

extern "C" int32_t bridge_rt_ckpt_restore_array(uint64_t program, int64_t step,
                                                bridge_rt_dist *array) {
  if (!directory)
    return 0;
  int32_t all = 1;
  for (int64_t c = array->lo; c < array->hi && all; ++c)
    all = bridge_rt_ckpt_restore(program, step, c, &array, 1, nullptr, 0);
  // One answer for every rank: either none runs the collective body or all.
  bridge::rt::checkMPI(MPI_Allreduce(MPI_IN_PLACE, &all, 1, MPI_INT32_T,
                                     MPI_MIN, bridge::rt::comm()),
                       "MPI_Allreduce in bridge_rt_ckpt_restore_array");
  return all;
}

extern "C" void bridge_rt_ckpt_store_array(uint64_t program, int64_t step,
                                           bridge_rt_dist *array) {
  if (!directory)
    return;
  for (int64_t c = array->lo; c < array->hi; ++c)
    bridge_rt_ckpt_store(program, step, c, &array, 1, nullptr, 0);
}
