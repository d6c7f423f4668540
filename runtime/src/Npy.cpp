//===- Npy.cpp - Parallel .npy and raw file I/O ---------------------------===//
//
// Every rank transfers only its own chunks' bytes with positioned I/O. A
// chunk of a row-major array is a set of contiguous runs of the file along
// the last dimensions it spans completely, so a slab of whole rows is one
// run. Each step that can fail ends with a collective agreement: the lowest
// failing rank reports, the others wait to be ended, nobody hangs.
//
// Saving writes a temporary file next to the target (name agreed through
// rank 0) and renames it at the end, so a partial file never stands at the
// path; on failure the temporary file is removed.
//
//===----------------------------------------------------------------------===//

#include "DistInternal.h"

#include "bridge/layout/Npy.h"
#include "bridge/layout/WholeIO.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

using namespace bridge::rt;
using bridge::layout::preadWhole;
using bridge::layout::pwriteWhole;
using bridge::layout::NpyType;

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "files hold little-endian elements, copied as they are");
static_assert(int32_t(NpyType::F64) == BRIDGE_F64 &&
                  int32_t(NpyType::F32) == BRIDGE_F32 &&
                  int32_t(NpyType::I64) == BRIDGE_I64 &&
                  int32_t(NpyType::I32) == BRIDGE_I32 &&
                  int32_t(NpyType::Bool) == BRIDGE_BOOL,
              "one numbering of element types");

namespace {

constexpr int kMsg = 12288;

const char *nameOf(int32_t dtype) {
  switch (dtype) {
  case BRIDGE_F64: return "f64";
  case BRIDGE_F32: return "f32";
  case BRIDGE_I64: return "i64";
  case BRIDGE_I32: return "i32";
  default: return "bool";
  }
}

/// Python's spelling of the shape of `a`, e.g. "(N, M)".
struct ShapeText {
  char text[BRIDGE_MAX_DIMS * 24 + 8];
  explicit ShapeText(const bridge_rt_dist *a) {
    bridge::layout::formatNpyShape(a->view.ndim, a->view.shape, text,
                                   sizeof(text));
  }
};

int64_t arrayElems(const bridge_rt_dist *a) {
  int64_t n = 1;
  for (int d = 0; d < a->view.ndim; ++d)
    if (__builtin_mul_overflow(n, a->view.shape[d], &n))
      failf("an array of more than 2^63 elements cannot be stored in a file");
  return n;
}

/// Calls fn(fileElem, chunkElem, elems) for each contiguous run of the file
/// that stored chunk `c` covers, in ascending file order.
template <typename F>
bool forEachRun(const bridge_rt_dist *a, const bridge_chunk &c, F fn) {
  const int64_t *shape = a->view.shape;
  // The last dimension that the chunk does not span completely.
  int m = BRIDGE_MAX_DIMS - 1;
  while (m >= 0 && c.shape[m] == shape[m])
    --m;
  int64_t fileStride[BRIDGE_MAX_DIMS], chunkStride[BRIDGE_MAX_DIMS];
  fileStride[BRIDGE_MAX_DIMS - 1] = chunkStride[BRIDGE_MAX_DIMS - 1] = 1;
  for (int d = BRIDGE_MAX_DIMS - 2; d >= 0; --d) {
    fileStride[d] = fileStride[d + 1] * shape[d + 1];
    chunkStride[d] = chunkStride[d + 1] * c.shape[d + 1];
  }
  if (m < 0)
    return fn(int64_t(0), int64_t(0), bridge_chunk_size(&c));
  int64_t runElems = c.shape[m] * chunkStride[m];
  int64_t idx[BRIDGE_MAX_DIMS] = {0, 0, 0, 0};
  for (;;) {
    int64_t file = c.start[m] * fileStride[m], chunk = 0;
    for (int d = 0; d < m; ++d) {
      file += (c.start[d] + idx[d]) * fileStride[d];
      chunk += idx[d] * chunkStride[d];
    }
    if (!fn(file, chunk, runElems))
      return false;
    int d = m - 1;
    while (d >= 0 && ++idx[d] == c.shape[d])
      idx[d--] = 0;
    if (d < 0)
      return true;
  }
}

struct TempFile {
  char name[4096];
};

void removeTemp(void *arg) { unlink(static_cast<TempFile *>(arg)->name); }

void rejectHalo(const bridge_rt_dist *a, const char *fn) {
  if (a->haloAxis >= 0)
    failf("%s: arrays with halos have no file layout", fn);
}

/// Reads this rank's chunks from `fd`, whose data start at `dataOffset`.
bool readChunks(bridge_rt_dist *dst, int fd, int64_t dataOffset,
                const char *path, char *msg) {
  int64_t esize = elemSize(dst);
  for (StoredChunks it(dst); !it.done(); it.next()) {
    const bridge_chunk &c = *it;
    char *data = static_cast<char *>(c.data);
    bool ok = forEachRun(dst, c, [&](int64_t file, int64_t chunk,
                                     int64_t elems) {
      if (preadWhole(fd, data + chunk * esize, elems * esize,
                     dataOffset + file * esize))
        return true;
      if (errno)
        snprintf(msg, kMsg, "%s: read failed: %s", path, strerror(errno));
      else
        snprintf(msg, kMsg, "%s: the file is truncated", path);
      return false;
    });
    if (!ok)
      return false;
    if (dst->view.dtype == BRIDGE_BOOL) // Anything else than 0 is true.
      for (int64_t e = 0; e < bridge_chunk_size(&c); ++e)
        data[e] = data[e] != 0;
  }
  return true;
}

/// Validates the file's header against `dst`; sets *dataOffset.
bool checkNpyHeader(const bridge_rt_dist *dst, int fd, int64_t fileSize,
                    const char *path, int64_t *dataOffset, char *msg) {
  unsigned char start[bridge::layout::kNpyPreambleBytes];
  int64_t startBytes = fileSize < bridge::layout::kNpyPreambleBytes
                           ? fileSize
                           : bridge::layout::kNpyPreambleBytes;
  if (!preadWhole(fd, start, startBytes, 0)) {
    snprintf(msg, kMsg, "%s: read failed: %s", path,
             errno ? strerror(errno) : "unexpected end of file");
    return false;
  }
  bridge::layout::NpyError error;
  bridge::layout::NpyPreamble preamble;
  if (!bridge::layout::parseNpyPreamble(start, fileSize, &preamble, &error)) {
    snprintf(msg, kMsg, "%s: %s", path, error.text);
    return false;
  }
  Buffer text(preamble.dictBytes);
  if (!preadWhole(fd, text.bytes(), preamble.dictBytes, preamble.dictOffset)) {
    snprintf(msg, kMsg, "%s: read failed: %s", path,
             errno ? strerror(errno) : "unexpected end of file");
    return false;
  }
  bridge::layout::NpyHeader h;
  if (!bridge::layout::parseNpyDict(text.bytes(), preamble.dictBytes, &h,
                                    &error)) {
    snprintf(msg, kMsg, "%s: %s", path, error.text);
    return false;
  }
  int32_t type = int32_t(h.type);
  if (type != dst->view.dtype) {
    snprintf(msg, kMsg,
             "%s: element type %s ('%s') does not match the expected %s",
             path, nameOf(type), h.descr, nameOf(dst->view.dtype));
    return false;
  }
  bool same = h.ndim == dst->view.ndim;
  for (int d = 0; same && d < h.ndim; ++d)
    same = h.shape[d] == dst->view.shape[d];
  if (!same) {
    char got[bridge::layout::kNpyMaxDims * 24 + 8];
    bridge::layout::formatNpyShape(h.ndim, h.shape, got, sizeof(got));
    snprintf(msg, kMsg, "%s: shape %s does not match the expected %s", path,
             got, ShapeText(dst).text);
    return false;
  }
  int64_t dataStart = preamble.dictOffset + preamble.dictBytes;
  int64_t bytes = arrayElems(dst) * elemSize(dst);
  if (fileSize - dataStart < bytes) {
    snprintf(msg, kMsg,
             "%s: the file is truncated (%lld bytes of data, expected %lld)",
             path, (long long)(fileSize - dataStart), (long long)bytes);
    return false;
  }
  *dataOffset = dataStart;
  return true;
}

/// Opens `path` for reading and sizes it; false with `msg` on failure.
bool openForRead(const char *path, int *fd, int64_t *size, char *msg) {
  // Non-blocking, so a FIFO is refused below instead of hanging the open.
  *fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  struct stat st;
  if (*fd < 0 || fstat(*fd, &st) != 0) {
    snprintf(msg, kMsg, "%s: cannot open: %s", path, strerror(errno));
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    snprintf(msg, kMsg, "%s: cannot read: %s", path, strerror(EISDIR));
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    snprintf(msg, kMsg, "%s: cannot read: not a regular file", path);
    return false;
  }
  *size = int64_t(st.st_size);
  return true;
}

void loadFile(bridge_rt_dist *dst, const char *path, bool npy,
              const char *fn) {
  if (!dst || !path)
    failf("%s: null argument", fn);
  rejectHalo(dst, fn);
  char msg[kMsg] = "";
  int fd = -1;
  int64_t size = 0, dataOffset = 0;
  bool ok = openForRead(path, &fd, &size, msg);
  if (ok && npy) {
    ok = checkNpyHeader(dst, fd, size, path, &dataOffset, msg);
  } else if (ok) {
    int64_t bytes = arrayElems(dst) * elemSize(dst);
    if (size != bytes) {
      snprintf(msg, kMsg,
               "%s: the file has %lld bytes, expected %lld (%s, shape %s)",
               path, (long long)size, (long long)bytes,
               nameOf(dst->view.dtype), ShapeText(dst).text);
      ok = false;
    }
  }
  if (!ok && fd >= 0)
    close(fd);
  agreeOrFail(ok, msg);
  ok = readChunks(dst, fd, dataOffset, path, msg);
  close(fd);
  agreeOrFail(ok, msg);
}

} // namespace

extern "C" void bridge_rt_save_npy(const bridge_rt_dist *src,
                                   const char *path) {
  const char *fn = "bridge_rt_save_npy";
  bridge::rt::SpanScope span("save", "io", path);
  if (!src || !path)
    failf("%s: null argument", fn);
  rejectHalo(src, fn);
  int rank = bridge_rt_rank();
  MPI_Comm c = comm();
  char header[1024];
  int64_t headerBytes = bridge::layout::writeNpyHeader(
      NpyType(src->view.dtype), src->view.ndim, src->view.shape, header,
      sizeof(header));
  if (headerBytes == 0)
    failf("%s: no room for the .npy header of %s", fn, path);
  int64_t esize = elemSize(src);
  int64_t total = headerBytes + arrayElems(src) * esize;

  // A temporary name in the target's directory, chosen by rank 0.
  int64_t unique[2] = {0, 0};
  if (rank == 0) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unique[0] = int64_t(getpid());
    unique[1] = int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
  }
  checkMPI(MPI_Bcast(unique, 2, MPI_INT64_T, 0, c), fn);
  TempFile tmp;
  if (snprintf(tmp.name, sizeof(tmp.name), "%s.tmp-%lld-%lld", path,
               (long long)unique[0], (long long)unique[1]) >=
      int(sizeof(tmp.name)))
    failf("%s: path too long", path);

  char msg[kMsg] = "";
  bool ok = true, created = false;
  int fd = -1;
  if (rank == 0) {
    fd = open(tmp.name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    created = fd >= 0;
    if (!created) {
      snprintf(msg, kMsg, "%s: cannot create %s: %s", path, tmp.name,
               strerror(errno));
      ok = false;
    } else if (!pwriteWhole(fd, header, headerBytes, 0) ||
               ftruncate(fd, off_t(total)) != 0) {
      snprintf(msg, kMsg, "%s: cannot write: %s", path, strerror(errno));
      ok = false;
    }
  }
  int anyCreated = created, created0 = 0;
  checkMPI(MPI_Allreduce(&anyCreated, &created0, 1, MPI_INT, MPI_MAX, c), fn);
  agreeOrFail(ok, msg, created0 ? removeTemp : nullptr, &tmp);

  if (rank != 0) {
    fd = open(tmp.name, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
      snprintf(msg, kMsg, "%s: cannot open %s: %s", path, tmp.name,
               strerror(errno));
      ok = false;
    }
  }
  for (StoredChunks it(src); ok && !it.done(); it.next()) {
    const bridge_chunk &ch = *it;
    const char *data = static_cast<const char *>(ch.data);
    ok = forEachRun(src, ch, [&](int64_t file, int64_t chunk, int64_t elems) {
      if (pwriteWhole(fd, data + chunk * esize, elems * esize,
                      headerBytes + file * esize))
        return true;
      snprintf(msg, kMsg, "%s: cannot write: %s", path, strerror(errno));
      return false;
    });
  }
  if (ok && fsync(fd) != 0) {
    snprintf(msg, kMsg, "%s: cannot write: %s", path, strerror(errno));
    ok = false;
  }
  if (fd >= 0 && close(fd) != 0 && ok) {
    snprintf(msg, kMsg, "%s: cannot write: %s", path, strerror(errno));
    ok = false;
  }
  agreeOrFail(ok, msg, removeTemp, &tmp);

  if (rank == 0 && rename(tmp.name, path) != 0) {
    snprintf(msg, kMsg, "%s: cannot rename %s to it: %s", path, tmp.name,
             strerror(errno));
    ok = false;
    unlink(tmp.name);
  }
  agreeOrFail(ok, msg);
}

extern "C" void bridge_rt_load_npy(bridge_rt_dist *dst, const char *path) {
  bridge::rt::SpanScope span("load", "io", path);
  loadFile(dst, path, true, "bridge_rt_load_npy");
}

extern "C" void bridge_rt_load_raw(bridge_rt_dist *dst, const char *path) {
  bridge::rt::SpanScope span("load_raw", "io", path);
  loadFile(dst, path, false, "bridge_rt_load_raw");
}
