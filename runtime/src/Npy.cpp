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

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

using namespace bridge::rt;

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "files hold little-endian elements, copied as they are");

namespace {

constexpr int kMsg = 12288;
constexpr int kMaxNpyDims = 64;
constexpr int64_t kMaxHeader = int64_t(1) << 24;

const char *descrOf(int32_t dtype) {
  switch (dtype) {
  case BRIDGE_F64: return "<f8";
  case BRIDGE_F32: return "<f4";
  case BRIDGE_I64: return "<i8";
  case BRIDGE_I32: return "<i4";
  default: return "|b1";
  }
}

const char *nameOf(int32_t dtype) {
  switch (dtype) {
  case BRIDGE_F64: return "f64";
  case BRIDGE_F32: return "f32";
  case BRIDGE_I64: return "i64";
  case BRIDGE_I32: return "i32";
  default: return "bool";
  }
}

/// "(N, M)" or "(N,)", Python's tuple spelling.
void formatShape(char *buf, size_t cap, int ndim, const int64_t *shape) {
  size_t at = 0;
  at += size_t(snprintf(buf + at, cap - at, "("));
  for (int d = 0; d < ndim && at < cap; ++d)
    at += size_t(snprintf(buf + at, cap - at, d ? ", %lld" : "%lld",
                          (long long)shape[d]));
  if (at < cap)
    snprintf(buf + at, cap - at, ndim == 1 ? ",)" : ")");
}

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

bool pwriteAll(int fd, const char *buf, int64_t bytes, int64_t offset) {
  while (bytes > 0) {
    ssize_t n = pwrite(fd, buf, size_t(bytes), off_t(offset));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (n == 0)
        errno = EIO;
      return false;
    }
    buf += n;
    bytes -= n;
    offset += n;
  }
  return true;
}

/// Reads exactly `bytes`; a short file gives false with errno 0.
bool preadAll(int fd, char *buf, int64_t bytes, int64_t offset) {
  while (bytes > 0) {
    ssize_t n = pread(fd, buf, size_t(bytes), off_t(offset));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (n == 0)
        errno = 0;
      return false;
    }
    buf += n;
    bytes -= n;
    offset += n;
  }
  return true;
}

/// The .npy format 1.0 header for `a`, padded so that the data start at a
/// multiple of 64 bytes. Returns its length.
int64_t buildHeader(const bridge_rt_dist *a, char *out, size_t cap) {
  char shape[BRIDGE_MAX_DIMS * 24 + 8];
  formatShape(shape, sizeof(shape), a->view.ndim, a->view.shape);
  char dict[512];
  int len = snprintf(dict, sizeof(dict),
                     "{'descr': '%s', 'fortran_order': False, 'shape': %s, }",
                     descrOf(a->view.dtype), shape);
  int64_t total = 10 + len + 1; // Magic, version, length, dict, newline.
  total = (total + 63) / 64 * 64;
  int64_t hlen = total - 10;
  if (size_t(total) > cap)
    failf("a .npy header of %lld bytes", (long long)total);
  memcpy(out, "\x93NUMPY\x01\x00", 8);
  out[8] = char(hlen & 0xff);
  out[9] = char((hlen >> 8) & 0xff);
  memcpy(out + 10, dict, size_t(len));
  memset(out + 10 + len, ' ', size_t(total - 10 - len - 1));
  out[total - 1] = '\n';
  return total;
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
  for (int64_t i = 0; i < dst->view.nchunks; ++i) {
    const bridge_chunk &c = dst->table[i];
    char *data = static_cast<char *>(c.data);
    bool ok = forEachRun(dst, c, [&](int64_t file, int64_t chunk,
                                     int64_t elems) {
      if (preadAll(fd, data + chunk * esize, elems * esize,
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

//--- The header dictionary, a Python literal --------------------------------

struct Header {
  char descr[32] = "";
  bool haveDescr = false, haveOrder = false, haveShape = false;
  bool fortran = false;
  int ndim = 0;
  int64_t shape[kMaxNpyDims];
};

struct Parser {
  const char *p, *end;
  char *msg;
  const char *path;

  void ws() {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
      ++p;
  }
  bool error(const char *what) {
    snprintf(msg, kMsg, "%s: malformed .npy header (%s)", path, what);
    return false;
  }
  bool eat(char c) {
    ws();
    if (p < end && *p == c) {
      ++p;
      return true;
    }
    return false;
  }
  bool string(char *out, size_t cap) {
    ws();
    if (p >= end || (*p != '\'' && *p != '"'))
      return false;
    char quote = *p++;
    size_t n = 0;
    while (p < end && *p != quote) {
      if (*p == '\\' || n + 1 >= cap)
        return false;
      out[n++] = *p++;
    }
    if (p >= end)
      return false;
    ++p;
    out[n] = 0;
    return true;
  }
  bool word(const char *w) {
    ws();
    size_t n = strlen(w);
    if (size_t(end - p) >= n && !memcmp(p, w, n)) {
      p += n;
      return true;
    }
    return false;
  }
  bool integer(int64_t *out) {
    ws();
    if (p >= end || *p < '0' || *p > '9')
      return false;
    int64_t v = 0;
    while (p < end && *p >= '0' && *p <= '9') {
      if (__builtin_mul_overflow(v, 10, &v) ||
          __builtin_add_overflow(v, *p - '0', &v))
        return false;
      ++p;
    }
    if (p < end && *p == 'L') // Python 2 longs.
      ++p;
    *out = v;
    return true;
  }
  bool tuple(Header &h) {
    if (!eat('('))
      return false;
    h.ndim = 0;
    if (eat(')'))
      return true;
    for (;;) {
      if (h.ndim == kMaxNpyDims || !integer(&h.shape[h.ndim]))
        return false;
      ++h.ndim;
      bool comma = eat(',');
      if (eat(')'))
        return true;
      if (!comma)
        return false;
    }
  }
  bool dict(Header &h) {
    if (!eat('{'))
      return error("no dictionary");
    for (;;) {
      if (eat('}'))
        break;
      char key[32];
      if (!string(key, sizeof(key)) || !eat(':'))
        return error("expected a quoted key and ':'");
      if (!strcmp(key, "descr")) {
        ws();
        if (p < end && (*p == '[' || *p == '{')) {
          snprintf(msg, kMsg,
                   "%s: structured element types are not supported", path);
          return false;
        }
        if (!string(h.descr, sizeof(h.descr)))
          return error("'descr' is not a type string");
        h.haveDescr = true;
      } else if (!strcmp(key, "fortran_order")) {
        if (word("True"))
          h.fortran = true;
        else if (word("False"))
          h.fortran = false;
        else
          return error("'fortran_order' is not True or False");
        h.haveOrder = true;
      } else if (!strcmp(key, "shape")) {
        if (!tuple(h))
          return error("'shape' is not a tuple of integers");
        h.haveShape = true;
      } else {
        return error("unexpected key");
      }
      if (eat(','))
        continue;
      if (eat('}'))
        break;
      return error("expected ',' or '}'");
    }
    ws();
    if (p != end)
      return error("text after the dictionary");
    if (!h.haveDescr || !h.haveOrder || !h.haveShape)
      return error("a key among 'descr', 'fortran_order' and 'shape' is "
                   "missing");
    return true;
  }
};

/// Validates the file's header against `dst`; sets *dataOffset.
bool checkNpyHeader(const bridge_rt_dist *dst, int fd, int64_t fileSize,
                    const char *path, int64_t *dataOffset, char *msg) {
  unsigned char pre[12];
  if (fileSize < 10 || !preadAll(fd, reinterpret_cast<char *>(pre), 10, 0) ||
      memcmp(pre, "\x93NUMPY", 6)) {
    snprintf(msg, kMsg, "%s: not a .npy file (no \\x93NUMPY magic string)",
             path);
    return false;
  }
  int major = pre[6], minor = pre[7];
  int64_t hlen, start;
  if (major == 1 && minor == 0) {
    hlen = pre[8] | int64_t(pre[9]) << 8;
    start = 10;
  } else if ((major == 2 || major == 3) && minor == 0) {
    if (fileSize < 12 || !preadAll(fd, reinterpret_cast<char *>(pre), 12, 0)) {
      snprintf(msg, kMsg, "%s: the file is truncated", path);
      return false;
    }
    hlen = pre[8] | int64_t(pre[9]) << 8 | int64_t(pre[10]) << 16 |
           int64_t(pre[11]) << 24;
    start = 12;
  } else {
    snprintf(msg, kMsg, "%s: unsupported .npy format version %d.%d", path,
             major, minor);
    return false;
  }
  if (hlen > kMaxHeader) {
    snprintf(msg, kMsg, "%s: malformed .npy header (%lld bytes long)", path,
             (long long)hlen);
    return false;
  }
  if (start + hlen > fileSize) {
    snprintf(msg, kMsg, "%s: the file is truncated inside its header", path);
    return false;
  }
  Buffer text(hlen);
  if (!preadAll(fd, text.bytes(), hlen, start)) {
    snprintf(msg, kMsg, "%s: read failed: %s", path,
             errno ? strerror(errno) : "unexpected end of file");
    return false;
  }
  Header h;
  Parser parser{text.bytes(), text.bytes() + hlen, msg, path};
  if (!parser.dict(h))
    return false;

  static const int32_t kTypes[] = {BRIDGE_F64, BRIDGE_F32, BRIDGE_I64,
                                   BRIDGE_I32, BRIDGE_BOOL};
  int32_t type = -1;
  for (int32_t t : kTypes)
    if (!strcmp(h.descr, descrOf(t)) ||
        (t == BRIDGE_BOOL && !strcmp(h.descr, "<b1")))
      type = t;
  if (type < 0) {
    snprintf(msg, kMsg,
             "%s: unsupported element type '%s' (expected little-endian "
             "'<f8', '<f4', '<i8', '<i4' or '|b1')",
             path, h.descr);
    return false;
  }
  if (type != dst->view.dtype) {
    snprintf(msg, kMsg,
             "%s: element type %s ('%s') does not match the expected %s",
             path, nameOf(type), h.descr, nameOf(dst->view.dtype));
    return false;
  }
  if (h.fortran) {
    snprintf(msg, kMsg,
             "%s: Fortran-ordered arrays are not supported (C order "
             "expected)",
             path);
    return false;
  }
  bool same = h.ndim == dst->view.ndim;
  for (int d = 0; same && d < h.ndim; ++d)
    same = h.shape[d] == dst->view.shape[d];
  if (!same) {
    char got[kMaxNpyDims * 24 + 8], want[BRIDGE_MAX_DIMS * 24 + 8];
    formatShape(got, sizeof(got), h.ndim, h.shape);
    if (h.ndim == 0)
      snprintf(got, sizeof(got), "()");
    formatShape(want, sizeof(want), dst->view.ndim, dst->view.shape);
    snprintf(msg, kMsg, "%s: shape %s does not match the expected %s", path,
             got, want);
    return false;
  }
  int64_t bytes = arrayElems(dst) * elemSize(dst);
  if (fileSize - (start + hlen) < bytes) {
    snprintf(msg, kMsg,
             "%s: the file is truncated (%lld bytes of data, expected %lld)",
             path, (long long)(fileSize - start - hlen), (long long)bytes);
    return false;
  }
  *dataOffset = start + hlen;
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
      char want[BRIDGE_MAX_DIMS * 24 + 8];
      formatShape(want, sizeof(want), dst->view.ndim, dst->view.shape);
      snprintf(msg, kMsg,
               "%s: the file has %lld bytes, expected %lld (%s, shape %s)",
               path, (long long)size, (long long)bytes,
               nameOf(dst->view.dtype), want);
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
  int64_t headerBytes = buildHeader(src, header, sizeof(header));
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
    } else if (!pwriteAll(fd, header, headerBytes, 0) ||
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
  for (int64_t i = 0; ok && i < src->view.nchunks; ++i) {
    const bridge_chunk &ch = src->table[i];
    const char *data = static_cast<const char *>(ch.data);
    ok = forEachRun(src, ch, [&](int64_t file, int64_t chunk, int64_t elems) {
      if (pwriteAll(fd, data + chunk * esize, elems * esize,
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
