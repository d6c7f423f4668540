//===- Hdf5.cpp - Parallel HDF5 (and netCDF-4) datasets -------------------===//
//
// Datasets move with parallel HDF5 over MPI-IO, every rank transferring only
// its own chunks' hyperslabs in collective calls. A call of H5Dread/H5Dwrite
// moves one "piece": a run of this rank's chunks whose union is one box of
// the file. When the box's row-major order is the order of the chunks'
// storage (chunks that split only one axis and are one element thick before
// it; above all, chunks that split only axis 0) the transfer goes straight
// to the storage through a matching memory selection; otherwise (chunks that
// also split later axes) a row of chunks goes through a bounded buffer and
// is copied into place. Ranks with fewer pieces take part in the remaining
// collective calls with empty selections.
//
// Metadata problems (no file, not HDF5, no dataset, a type or shape that does
// not fit, a filter HDF5 lacks) are found by rank 0 alone, before any
// collective HDF5 call, so that one message names them; every later step
// ends with a collective agreement, as in Npy.cpp.
//
// Saving writes a temporary file next to the target (a copy of it when it
// exists, so that its other objects survive) and renames it at the end.
//
// Open MPI 4.1's default MPI-IO component (OMPIO) does not pass failed
// writes on: MPI_File_write_at_all returns success on EFBIG. A save still
// fails when HDF5's truncation at close or the final fsync reports the
// error (a file size limit, deferred writeback errors); a write that the
// file system refuses at once (ENOSPC) can go unnoticed under OMPIO. ROMIO
// (OMPI_MCA_io=romio321) reports it, but reads chunked datasets far slower.
//
//===----------------------------------------------------------------------===//

#include "DistInternal.h"
#include "RunSizes.h"

#include <hdf5.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

using namespace bridge::rt;

namespace {

constexpr int kMsg = 8192;
/// At most this many bytes of a bounced piece (a row of chunks that also
/// split later axes) sit in the extra buffer at once.
constexpr int64_t kBounceCap = int64_t(64) << 20;

//--- HDF5 handles and errors ------------------------------------------------

/// An HDF5 identifier, closed at scope exit by the matching H5*close.
template <herr_t (*Close)(hid_t)> class Handle {
public:
  Handle() = default;
  explicit Handle(hid_t id) : id(id) {}
  ~Handle() { close(); }
  Handle(const Handle &) = delete;
  Handle &operator=(const Handle &) = delete;
  Handle &operator=(hid_t other) {
    close();
    id = other;
    return *this;
  }
  operator hid_t() const { return id; }
  bool valid() const { return id >= 0; }
  /// Closes now; false when closing failed (for a file: its final flush).
  bool close() {
    if (id < 0)
      return true;
    herr_t rc = Close(id);
    id = H5I_INVALID_HID;
    return rc >= 0;
  }

private:
  hid_t id = H5I_INVALID_HID;
};

using File = Handle<H5Fclose>;
using Dataset = Handle<H5Dclose>;
using Space = Handle<H5Sclose>;
using Type = Handle<H5Tclose>;
using Plist = Handle<H5Pclose>;
using Object = Handle<H5Oclose>;

/// HDF5 prints its error stack by default; the runtime reports one line of
/// its own instead. The previous handler (legacy code may rely on it) comes
/// back when the runtime's call returns.
class QuietErrors {
public:
  QuietErrors() {
    H5Eget_auto2(H5E_DEFAULT, &func, &data);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, func, data); }
  QuietErrors(const QuietErrors &) = delete;
  QuietErrors &operator=(const QuietErrors &) = delete;

private:
  H5E_auto2_t func = nullptr;
  void *data = nullptr;
};

herr_t innermostError(unsigned, const H5E_error2_t *e, void *out) {
  // Walking downward, the last entry visited is the root cause.
  if (e->desc && *e->desc)
    snprintf(static_cast<char *>(out), 512, "%s", e->desc);
  return 0;
}

/// What HDF5 said about the call that just failed.
const char *h5Reason(char (&out)[512]) {
  snprintf(out, sizeof(out), "unknown HDF5 error");
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, innermostError, out);
  return out;
}

/// "PATH:/DATASET", the prefix of every message about one dataset.
struct Where {
  const char *path;
  char text[4096 + 1024];
  Where(const char *path, const char *dataset) : path(path) {
    if (snprintf(text, sizeof(text), "%s:%s%s", path,
                 dataset[0] == '/' ? "" : "/",
                 dataset) >= int(sizeof(text)))
      failf("%s: path too long", path);
  }
};

__attribute__((format(printf, 3, 4))) bool say(char *msg, const Where &w,
                                               const char *fmt, ...) {
  int at = snprintf(msg, kMsg, "%s: ", w.text);
  if (at < 0 || at >= kMsg)
    return false;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg + at, size_t(kMsg - at), fmt, ap);
  va_end(ap);
  return false;
}

//--- Element types and shapes -------------------------------------------------

const char *dtypeName(int32_t dtype) {
  switch (dtype) {
  case BRIDGE_F64: return "f64";
  case BRIDGE_F32: return "f32";
  case BRIDGE_I64: return "i64";
  case BRIDGE_I32: return "i32";
  case BRIDGE_BOOL: return "bool";
  default: return "?";
  }
}

/// The bridge dtype that HDF5 type `t` holds, or -1 with its name in `name`.
/// Floats and signed integers of 8 or 4 bytes in either byte order (HDF5
/// converts big-endian ones while reading); bool from any 8-bit integer or an
/// enum over one (h5py's bool). Other widths are refused rather than widened,
/// so that a file's element type is the program's.
int32_t classify(hid_t t, char *name, size_t cap) {
  size_t size = H5Tget_size(t);
  H5T_class_t cls = H5Tget_class(t);
  snprintf(name, cap, "of HDF5 class %d", int(cls));
  switch (cls) {
  case H5T_FLOAT:
    if (size == 8)
      return BRIDGE_F64;
    if (size == 4)
      return BRIDGE_F32;
    snprintf(name, cap, "f%zu", size * 8);
    return -1;
  case H5T_INTEGER: {
    bool sign = H5Tget_sign(t) == H5T_SGN_2;
    if (size == 1)
      return BRIDGE_BOOL;
    if (sign && size == 8)
      return BRIDGE_I64;
    if (sign && size == 4)
      return BRIDGE_I32;
    snprintf(name, cap, "%c%zu", sign ? 'i' : 'u', size * 8);
    return -1;
  }
  case H5T_ENUM: {
    Type base(H5Tget_super(t));
    if (base.valid() && H5Tget_class(base) == H5T_INTEGER &&
        H5Tget_size(base) == 1)
      return BRIDGE_BOOL;
    snprintf(name, cap, "enum of %zu bytes", size);
    return -1;
  }
  case H5T_STRING: snprintf(name, cap, "string"); return -1;
  case H5T_COMPOUND: snprintf(name, cap, "compound"); return -1;
  case H5T_ARRAY: snprintf(name, cap, "array"); return -1;
  case H5T_VLEN: snprintf(name, cap, "variable-length"); return -1;
  case H5T_REFERENCE: snprintf(name, cap, "reference"); return -1;
  case H5T_OPAQUE: snprintf(name, cap, "opaque"); return -1;
  case H5T_BITFIELD: snprintf(name, cap, "bitfield"); return -1;
  case H5T_TIME: snprintf(name, cap, "time"); return -1;
  default: return -1;
  }
}

/// The type in which the runtime stores `dtype` in memory; for bool the
/// file's own 1-byte type, since HDF5 converts no enum to an integer.
hid_t memoryType(int32_t dtype, hid_t fileType) {
  switch (dtype) {
  case BRIDGE_F64: return H5Tcopy(H5T_NATIVE_DOUBLE);
  case BRIDGE_F32: return H5Tcopy(H5T_NATIVE_FLOAT);
  case BRIDGE_I64: return H5Tcopy(H5T_NATIVE_INT64);
  case BRIDGE_I32: return H5Tcopy(H5T_NATIVE_INT32);
  default: return H5Tcopy(fileType);
  }
}

/// The type a saved dataset gets: little-endian whatever the machine, bool
/// as h5py writes NumPy's (an enum of int8, FALSE = 0 and TRUE = 1).
hid_t fileTypeFor(int32_t dtype) {
  switch (dtype) {
  case BRIDGE_F64: return H5Tcopy(H5T_IEEE_F64LE);
  case BRIDGE_F32: return H5Tcopy(H5T_IEEE_F32LE);
  case BRIDGE_I64: return H5Tcopy(H5T_STD_I64LE);
  case BRIDGE_I32: return H5Tcopy(H5T_STD_I32LE);
  default: {
    hid_t t = H5Tenum_create(H5T_NATIVE_INT8);
    int8_t no = 0, yes = 1;
    if (t >= 0 && (H5Tenum_insert(t, "FALSE", &no) < 0 ||
                   H5Tenum_insert(t, "TRUE", &yes) < 0)) {
      H5Tclose(t);
      return H5I_INVALID_HID;
    }
    return t;
  }
  }
}

/// "(N, M)" or "(N,)", as NumPy prints shapes.
void formatShape(char *buf, size_t cap, int ndim, const int64_t *shape) {
  size_t at = size_t(snprintf(buf, cap, "("));
  for (int d = 0; d < ndim && at < cap; ++d)
    at += size_t(snprintf(buf + at, cap - at, d ? ", %lld" : "%lld",
                          (long long)shape[d]));
  if (at < cap)
    snprintf(buf + at, cap - at, ndim == 1 ? ",)" : ")");
}

//--- What rank 0 finds out before any collective call ------------------------

/// Rank 0's findings, broadcast as they are.
struct Info {
  int32_t dtype = -1, ndim = 0;
  int64_t shape[BRIDGE_MAX_DIMS] = {1, 1, 1, 1};
  int32_t fileExists = 0, datasetExists = 0;
  int64_t fileBytes = 0;
  int32_t fileMode = 0;
};

/// Checks that `path` can be opened for reading and is a regular file
/// (opening a FIFO would block).
bool checkReadable(const Where &w, struct stat *st, char *msg) {
  int fd = open(w.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return say(msg, w, "cannot open the file: %s", strerror(errno));
  bool ok = fstat(fd, st) == 0;
  int err = errno;
  close(fd);
  if (!ok)
    return say(msg, w, "cannot open the file: %s", strerror(err));
  if (S_ISDIR(st->st_mode))
    return say(msg, w, "cannot read the file: %s", strerror(EISDIR));
  if (!S_ISREG(st->st_mode))
    return say(msg, w, "cannot read the file: not a regular file");
  return true;
}

bool isHdf5(const char *path) {
#if H5_VERSION_GE(1, 12, 0)
  return H5Fis_accessible(path, H5P_DEFAULT) > 0;
#else
  return H5Fis_hdf5(path) > 0;
#endif
}

/// Opens `path` read-only with the serial driver, for rank 0's checks.
bool openSerial(const Where &w, File &file, char *msg) {
  Plist fapl(H5Pcreate(H5P_FILE_ACCESS));
#if H5_VERSION_GE(1, 10, 7)
  // The parallel driver takes no lock; this open takes one where the file
  // system allows it (parallel file systems often do not).
  if (fapl.valid())
    H5Pset_file_locking(fapl, 1, 1);
#endif
  file = H5Fopen(w.path, H5F_ACC_RDONLY, fapl.valid() ? hid_t(fapl) : H5P_DEFAULT);
  if (file.valid())
    return true;
  char why[512];
  return say(msg, w, "cannot open the HDF5 file: %s", h5Reason(why));
}

/// What one name of the file is.
enum class Kind { Missing, Group, Dataset, Other };

Kind kindOf(hid_t file, const char *name) {
  if (H5Lexists(file, name, H5P_DEFAULT) <= 0)
    return Kind::Missing;
  Object obj(H5Oopen(file, name, H5P_DEFAULT));
  if (!obj.valid())
    return Kind::Other;
  switch (H5Iget_type(obj)) {
  case H5I_GROUP: return Kind::Group;
  case H5I_DATASET: return Kind::Dataset;
  default: return Kind::Other;
  }
}

/// Walks the groups on `dataset`'s path: each must be a group (or, when
/// `creating`, missing). Sets *last to what the full name is.
bool walkPath(hid_t file, const char *dataset, const Where &w, bool creating,
              Kind *last, char *msg) {
  char prefix[4096];
  size_t n = strlen(dataset);
  if (n + 2 > sizeof(prefix))
    return say(msg, w, "dataset name too long");
  size_t at = 0;
  const char *p = dataset;
  bool any = false;
  *last = Kind::Group; // The root.
  while (*p) {
    while (*p == '/')
      ++p;
    if (!*p)
      break;
    const char *end = strchr(p, '/');
    size_t len = end ? size_t(end - p) : strlen(p);
    prefix[at++] = '/';
    memcpy(prefix + at, p, len);
    at += len;
    prefix[at] = 0;
    p += len;
    any = true;
    bool final = !p[strspn(p, "/")];
    Kind k = kindOf(file, prefix);
    if (final) {
      *last = k;
      break;
    }
    if (k == Kind::Missing) {
      if (creating) {
        *last = Kind::Missing;
        return true;
      }
      return say(msg, w, "no such dataset (the file has no group '%s')",
                 prefix);
    }
    if (k != Kind::Group)
      return say(msg, w, "'%s' is not a group", prefix);
  }
  if (!any)
    return say(msg, w, "no dataset name");
  return true;
}

/// Rank 0: the element type and shape of an existing dataset, and whether
/// every filter it was written with can be decoded.
bool inspectDataset(const Where &w, const char *dataset, Info *info,
                    char *msg) {
  struct stat st;
  if (!checkReadable(w, &st, msg))
    return false;
  if (!isHdf5(w.path))
    return say(msg, w, "not an HDF5 file");
  File file;
  if (!openSerial(w, file, msg))
    return false;
  Kind kind;
  if (!walkPath(file, dataset, w, false, &kind, msg))
    return false;
  if (kind == Kind::Missing)
    return say(msg, w, "no such dataset");
  if (kind == Kind::Group)
    return say(msg, w, "is a group, not a dataset");
  if (kind != Kind::Dataset)
    return say(msg, w, "is not a dataset");
  char why[512];
  Dataset dset(H5Dopen2(file, dataset, H5P_DEFAULT));
  Space space(dset.valid() ? H5Dget_space(dset) : H5I_INVALID_HID);
  Type type(dset.valid() ? H5Dget_type(dset) : H5I_INVALID_HID);
  Plist dcpl(dset.valid() ? H5Dget_create_plist(dset) : H5I_INVALID_HID);
  if (!dset.valid() || !space.valid() || !type.valid() || !dcpl.valid())
    return say(msg, w, "cannot open the dataset: %s", h5Reason(why));

  H5S_class_t cls = H5Sget_simple_extent_type(space);
  int ndim = H5Sget_simple_extent_ndims(space);
  if (cls == H5S_NULL)
    return say(msg, w, "the dataset has no elements (null dataspace)");
  if (cls == H5S_SCALAR || ndim == 0)
    return say(msg, w, "a scalar dataset (0 dimensions); arrays have 1 to %d",
               BRIDGE_MAX_DIMS);
  if (ndim < 0)
    return say(msg, w, "cannot read the dataspace: %s", h5Reason(why));
  if (ndim > BRIDGE_MAX_DIMS)
    return say(msg, w, "%d dimensions; arrays have 1 to %d", ndim,
               BRIDGE_MAX_DIMS);
  hsize_t dims[BRIDGE_MAX_DIMS];
  H5Sget_simple_extent_dims(space, dims, nullptr);
  info->ndim = ndim;
  for (int d = 0; d < ndim; ++d) {
    if (dims[d] > hsize_t(INT64_MAX))
      return say(msg, w, "extent %llu is too large", (unsigned long long)dims[d]);
    info->shape[d] = int64_t(dims[d]);
  }

  char name[64];
  info->dtype = classify(type, name, sizeof(name));
  if (info->dtype < 0)
    return say(msg, w,
               "element type %s is not supported (f64, f32, i64, i32, or "
               "bool from an 8-bit integer or enum)",
               name);

  H5D_layout_t layout = H5Pget_layout(dcpl);
  if (layout == H5D_VIRTUAL)
    return say(msg, w, "virtual datasets are not supported");
  if (H5Pget_external_count(dcpl) > 0)
    return say(msg, w, "datasets stored in external files are not supported");
  int nfilters = H5Pget_nfilters(dcpl);
  for (int i = 0; i < nfilters; ++i) {
    unsigned flags = 0, config = 0;
    unsigned cd[32];
    size_t ncd = 32;
    char fname[128] = "";
    H5Z_filter_t id = H5Pget_filter2(dcpl, unsigned(i), &flags, &ncd, cd,
                                     sizeof(fname), fname, &config);
    if (id < 0)
      return say(msg, w, "cannot read the dataset's filters: %s",
                 h5Reason(why));
    // Looks for a plugin too (HDF5_PLUGIN_PATH).
    htri_t avail = H5Zfilter_avail(id);
    unsigned info_ = 0;
    if (avail <= 0 || H5Zget_filter_info(id, &info_) < 0 ||
        !(info_ & H5Z_FILTER_CONFIG_DECODE_ENABLED))
      return say(msg, w,
                 "compressed with HDF5 filter %d ('%s'), which this HDF5 "
                 "library cannot decode (no such filter or plugin; "
                 "HDF5_PLUGIN_PATH names where plugins are looked for)",
                 int(id), fname[0] ? fname : "unnamed");
  }
  return true;
}

/// Ends the job with rank 0's `msg` unless `ok`, a verdict that every rank
/// reached alike from the same broadcast facts, so no collective agreement
/// is needed.
void failTogether(bool ok, const char *msg) {
  if (ok)
    return;
  if (bridge_rt_rank() == 0)
    bridge_rt_fail(msg);
  // Rank 0's abort ends this rank; the barrier never completes.
  MPI_Barrier(comm());
  exit(1);
}

/// Rank 0 inspects, every rank learns the outcome in one broadcast: fails
/// the job with rank 0's message, or returns what it found. Collective.
void inspectEverywhere(const Where &w, const char *dataset, Info *info) {
  char msg[kMsg] = "";
  struct {
    Info info;
    int32_t ok = 1;
  } found;
  if (bridge_rt_rank() == 0) {
    QuietErrors quiet;
    found.ok = inspectDataset(w, dataset, &found.info, msg);
  }
  checkMPI(MPI_Bcast(&found, int(sizeof(found)), MPI_BYTE, 0, comm()),
           "MPI_Bcast");
  failTogether(found.ok, msg);
  *info = found.info;
}

//--- Pieces: what one collective transfer moves ------------------------------

/// Table entries [first, first + count) of this rank, whose union is the
/// box (start, extent) of the file. A direct piece moves straight between
/// the file and the chunks' storage; the others through the bounce buffer.
struct Piece {
  int64_t first, count;
  bool direct;
  hsize_t start[BRIDGE_MAX_DIMS], extent[BRIDGE_MAX_DIMS];
};

struct Plan {
  Vec<Piece> pieces;
  int axis = -1;            // The last axis cut into several chunks.
  int64_t bounceBytes = 0;  // The largest bounced piece.
};

int64_t chunkElems(const bridge_chunk &c) { return bridge_chunk_size(&c); }

/// Consecutive chunks along `axis` of the same row of chunks: `f` follows
/// `e` along `axis` and shares its range on every other axis.
bool follows(const bridge_chunk &e, const bridge_chunk &f, int axis, int ndim) {
  if (f.index != e.index + 1 || f.start[axis] != e.start[axis] + e.shape[axis])
    return false;
  for (int d = 0; d < ndim; ++d)
    if (d != axis && (f.start[d] != e.start[d] || f.shape[d] != e.shape[d]))
      return false;
  return true;
}

/// Cuts this rank's chunks into pieces. Every axis after `axis` has a single
/// chunk (spanning it), so consecutive chunks of one row of chunks form a
/// box; its row-major order is the chunks' order when they are one element
/// thick on every axis before `axis`.
void planPieces(const bridge_rt_dist *a, Plan &plan) {
  int ndim = a->view.ndim;
  for (int d = 0; d < ndim; ++d)
    if (a->grid.axes[d].count > 1)
      plan.axis = d;
  int m = plan.axis;
  const bridge_chunk *t = a->view.chunks;
  int64_t n = a->view.nchunks, esize = elemSize(a);
  for (int64_t i = 0; i < n;) {
    int64_t rows = 1;
    for (int d = 0; d < m; ++d)
      rows *= t[i].shape[d];
    int64_t j = i + 1, bytes = chunkElems(t[i]) * esize;
    while (m >= 0 && j < n && follows(t[j - 1], t[j], m, ndim)) {
      int64_t more = chunkElems(t[j]) * esize;
      if (rows > 1 && bytes + more > kBounceCap)
        break;
      bytes += more;
      ++j;
    }
    Piece p;
    p.first = i;
    p.count = j - i;
    p.direct = rows == 1 || p.count == 1;
    for (int d = 0; d < ndim; ++d) {
      p.start[d] = hsize_t(t[i].start[d]);
      p.extent[d] = hsize_t(t[i].shape[d]);
    }
    if (m >= 0)
      p.extent[m] = hsize_t(t[j - 1].start[m] + t[j - 1].shape[m] -
                            t[i].start[m]);
    if (!p.direct && bytes > plan.bounceBytes)
      plan.bounceBytes = bytes;
    plan.pieces.push(p);
    i = j;
  }
}

/// Selects, in a 1-D memory space of elements counted from the first
/// chunk's data, the storage of a direct piece's chunks: each run of equal
/// chunks at equal distances is one regular hyperslab (the chunks of a piece
/// differ at most in the last one), never one selection per chunk.
bool selectStorage(hid_t mem, const bridge_chunk *t, const Piece &p,
                   int64_t esize) {
  const char *base = static_cast<const char *>(t[p.first].data);
  auto offset = [&](int64_t k) {
    return (static_cast<const char *>(t[p.first + k].data) - base) / esize;
  };
  H5S_seloper_t op = H5S_SELECT_SET;
  for (int64_t k = 0; k < p.count;) {
    int64_t size = chunkElems(t[p.first + k]), stride = size, end = k + 1;
    if (end < p.count)
      stride = offset(end) - offset(k);
    while (end < p.count && chunkElems(t[p.first + end]) == size &&
           offset(end) - offset(end - 1) == stride)
      ++end;
    hsize_t start = hsize_t(offset(k)), step = hsize_t(stride),
            count = hsize_t(end - k), block = hsize_t(size);
    if (H5Sselect_hyperslab(mem, op, &start, &step, &count, &block) < 0)
      return false;
    op = H5S_SELECT_OR;
    k = end;
  }
  return true;
}

/// Copies a bounced piece between the buffer, which holds its box
/// row-major, and its chunks: into the chunks after reading, out of them
/// before writing.
void copyBounced(const bridge_rt_dist *a, const Plan &plan, const Piece &p,
                 char *buffer, bool intoChunks) {
  int m = plan.axis, ndim = a->view.ndim;
  int64_t esize = elemSize(a), inner = 1, rows = 1;
  for (int d = m + 1; d < ndim; ++d)
    inner *= int64_t(p.extent[d]);
  for (int d = 0; d < m; ++d)
    rows *= int64_t(p.extent[d]);
  int64_t boxRow = int64_t(p.extent[m]) * inner;
  const bridge_chunk *t = a->view.chunks + p.first;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t k = 0; k < p.count; ++k) {
      int64_t len = t[k].shape[m] * inner;
      char *box = buffer + (r * boxRow +
                            (t[k].start[m] - int64_t(p.start[m])) * inner) *
                               esize;
      char *chunk = static_cast<char *>(t[k].data) + r * len * esize;
      if (intoChunks)
        memcpy(chunk, box, size_t(len * esize));
      else
        memcpy(box, chunk, size_t(len * esize));
    }
}

/// Moves every piece of this rank with collective H5Dread (or H5Dwrite)
/// calls: as many calls on every rank as the rank with the most pieces
/// makes. Fails the job (after `cleanup`) on any rank's error.
void transferAll(bridge_rt_dist *a, hid_t dset, hid_t memType, bool writing,
                 const Where &w, void (*cleanup)(void *), void *cleanupArg) {
  Plan plan;
  planPieces(a, plan);
  int64_t mine = plan.pieces.size(), rounds = 0;
  checkMPI(MPI_Allreduce(&mine, &rounds, 1, MPI_INT64_T, MPI_MAX, comm()),
           "MPI_Allreduce");
  if (rounds == 0)
    return;
  Buffer bounce(plan.bounceBytes);
  int64_t esize = elemSize(a);
  char msg[kMsg] = "", why[512];
  Space file(H5Dget_space(dset));
  Plist dxpl(H5Pcreate(H5P_DATASET_XFER));
  bool ok = file.valid() && dxpl.valid() &&
            H5Pset_dxpl_mpio(dxpl, H5FD_MPIO_COLLECTIVE) >= 0;
  if (!ok)
    say(msg, w, "cannot set up the transfer: %s", h5Reason(why));
  agreeOrFail(ok, msg, cleanup, cleanupArg);

  const bridge_chunk *t = a->view.chunks;
  for (int64_t round = 0; round < rounds; ++round) {
    Space mem;
    void *buf = bounce.ptr;
    const Piece *p = round < mine ? &plan.pieces[round] : nullptr;
    if (!p) {
      // Nothing left here: an empty part of the collective call.
      hsize_t one = 1;
      mem = H5Screate_simple(1, &one, nullptr);
      ok = mem.valid() && H5Sselect_none(mem) >= 0 && H5Sselect_none(file) >= 0;
    } else {
      ok = H5Sselect_hyperslab(file, H5S_SELECT_SET, p->start, nullptr,
                               p->extent, nullptr) >= 0;
      if (p->direct) {
        const bridge_chunk &last = t[p->first + p->count - 1];
        hsize_t span =
            hsize_t((static_cast<const char *>(last.data) -
                     static_cast<const char *>(t[p->first].data)) /
                        esize +
                    chunkElems(last));
        int64_t elems = 0;
        for (int64_t k = 0; k < p->count; ++k)
          elems += chunkElems(t[p->first + k]);
        mem = H5Screate_simple(1, &span, nullptr);
        // Chunks without padding between them are one block: selecting it
        // all is what MPI-IO handles best.
        ok = ok && mem.valid() &&
             (hsize_t(elems) == span || selectStorage(mem, t, *p, esize));
        buf = t[p->first].data;
      } else {
        mem = H5Screate_simple(a->view.ndim, p->extent, nullptr);
        ok = ok && mem.valid();
        if (writing)
          copyBounced(a, plan, *p, bounce.bytes(), false);
      }
    }
    if (ok)
      ok = (writing ? H5Dwrite(dset, memType, mem, file, dxpl, buf)
                    : H5Dread(dset, memType, mem, file, dxpl, buf)) >= 0;
    if (!ok)
      say(msg, w, "%s failed: %s", writing ? "writing" : "reading",
          h5Reason(why));
    agreeOrFail(ok, msg, cleanup, cleanupArg);
    if (p && !p->direct && !writing)
      copyBounced(a, plan, *p, bounce.bytes(), true);
  }
}

/// A file access property list for parallel HDF5 on the runtime's
/// communicator, with metadata read once and broadcast.
hid_t parallelAccess() {
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  if (fapl < 0 || H5Pset_fapl_mpio(fapl, comm(), MPI_INFO_NULL) < 0 ||
      H5Pset_all_coll_metadata_ops(fapl, 1) < 0 ||
      H5Pset_coll_metadata_write(fapl, 1) < 0) {
    if (fapl >= 0)
      H5Pclose(fapl);
    return H5I_INVALID_HID;
  }
  return fapl;
}

void rejectHalo(const bridge_rt_dist *a, const char *fn) {
  if (a->haloAxis >= 0)
    failf("%s: arrays with halos have no file layout", fn);
}

//--- Saving -----------------------------------------------------------------

struct TempFile {
  char name[4096 + 64];
};

void removeTemp(void *arg) { unlink(static_cast<TempFile *>(arg)->name); }

/// Rank 0, before saving: whether the target exists (then it must be an HDF5
/// file whose groups on the dataset's path are groups, and whose name, if
/// taken, is a dataset's) and what to copy.
bool inspectTarget(const Where &w, const char *dataset, Info *info,
                   char *msg) {
  struct stat st;
  if (stat(w.path, &st) != 0) {
    if (errno != ENOENT)
      return say(msg, w, "cannot use the file: %s", strerror(errno));
    if (!dataset[strspn(dataset, "/")])
      return say(msg, w, "no dataset name");
    return true;
  }
  if (!S_ISREG(st.st_mode))
    return say(msg, w, "cannot replace the file: not a regular file");
  if (!checkReadable(w, &st, msg))
    return false;
  if (!isHdf5(w.path))
    return say(msg, w,
               "the file exists and is not an HDF5 file (it is left as it "
               "is)");
  File file;
  if (!openSerial(w, file, msg))
    return false;
  Kind kind;
  if (!walkPath(file, dataset, w, true, &kind, msg))
    return false;
  if (kind == Kind::Group)
    return say(msg, w, "is a group; only a dataset of that name is replaced");
  if (kind == Kind::Other)
    return say(msg, w, "is not a dataset; only a dataset is replaced");
  info->fileExists = 1;
  info->datasetExists = kind == Kind::Dataset;
  info->fileBytes = int64_t(st.st_size);
  info->fileMode = int32_t(st.st_mode & 07777);
  return true;
}

/// Copies bytes [from, to) of `src` to the same place in `dst`, in the
/// kernel where it can (copy_file_range; a file system that shares extents
/// may then copy nothing), else through a buffer.
bool copyRange(int src, int dst, int64_t from, int64_t to, bool *shrank) {
  const int64_t step = int64_t(1) << 20;
  bool kernel = true;
  Buffer fallback(step); // Untouched, hence free, while the kernel copies.
  char *buf = fallback.bytes();
  while (from < to) {
    int64_t want = to - from;
    ssize_t n;
    if (kernel) {
      loff_t in = from, out = from;
      n = copy_file_range(src, &in, dst, &out, size_t(want), 0);
      if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP ||
                    errno == EINVAL)) {
        kernel = false;
        continue;
      }
    } else {
      n = pread(src, buf, size_t(want < step ? want : step), off_t(from));
      for (ssize_t done = 0; n > 0 && done < n;) {
        ssize_t m = pwrite(dst, buf + done, size_t(n - done),
                           off_t(from + done));
        if (m < 0 && errno == EINTR)
          continue;
        if (m <= 0)
          return false;
        done += m;
      }
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return false;
    if (n == 0) {
      *shrank = true;
      return false;
    }
    from += n;
  }
  return true;
}

/// Opens the temporary file on this rank and copies this rank's share of
/// the first `bytes` of the existing file into it (none for a new file).
bool copyExisting(const Where &w, const TempFile &tmp, int64_t bytes,
                  char *msg) {
  int dst = open(tmp.name, O_WRONLY | O_CLOEXEC);
  if (dst < 0)
    return say(msg, w, "cannot open %s: %s", tmp.name, strerror(errno));
  int64_t rank = bridge_rt_rank(), size = bridge_rt_size();
  // Shares end on 1 MiB boundaries, which extent sharing prefers.
  const int64_t align = int64_t(1) << 20;
  auto bound = [&](int64_t r) {
    if (r == size)
      return bytes;
    return int64_t(__int128(bytes) * r / size) / align * align;
  };
  int64_t from = bound(rank), to = bound(rank + 1);
  int src = from < to ? open(w.path, O_RDONLY | O_CLOEXEC) : -1;
  bool shrank = false;
  bool ok = from >= to ||
            (src >= 0 && copyRange(src, dst, from, to, &shrank));
  int err = errno;
  if (src >= 0)
    close(src);
  close(dst);
  if (ok)
    return true;
  if (shrank)
    return say(msg, w, "cannot copy the existing file: it shrank meanwhile");
  return say(msg, w, "cannot copy the existing file to %s: %s", tmp.name,
             strerror(err));
}

/// Makes what every rank wrote durable (as for .npy files): each rank
/// syncs the file, which flushes its node's cache of it.
bool syncFile(const Where &w, const TempFile &tmp, char *msg) {
  int fd = open(tmp.name, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || fsync(fd) != 0) {
    int err = errno;
    if (fd >= 0)
      close(fd);
    return say(msg, w, "cannot write: %s", strerror(err));
  }
  close(fd);
  return true;
}

/// Splits "FILE:/DATASET" at its last ":/".
void splitTarget(const char *target, char *file, size_t cap,
                 const char **dataset) {
  const char *colon = nullptr;
  for (const char *p = strstr(target, ":/"); p; p = strstr(p + 1, ":/"))
    colon = p;
  if (!colon)
    failf("%s: expected FILE:/DATASET (e.g. out.h5:/group/name)", target);
  size_t n = size_t(colon - target);
  if (n + 1 > cap)
    failf("%s: path too long", target);
  memcpy(file, target, n);
  file[n] = 0;
  *dataset = colon + 1;
}

} // namespace

extern "C" void bridge_rt_h5_shape(const char *path, const char *dataset,
                                   int32_t *dtype, int32_t *ndim,
                                   int64_t *shape) {
  if (!path || !dataset || !dtype || !ndim || !shape)
    failf("bridge_rt_h5_shape: null argument");
  bridge::rt::SpanScope span("h5_shape", "io", path);
  Where w(path, dataset);
  Info info;
  inspectEverywhere(w, dataset, &info);
  char msg[kMsg] = "";
  bool ok = true;
  if (*dtype >= 0 && *dtype != info.dtype)
    ok = say(msg, w, "element type %s does not match the expected %s",
             dtypeName(info.dtype), dtypeName(*dtype));
  else if (*ndim >= 0 && *ndim != info.ndim) {
    char got[BRIDGE_MAX_DIMS * 24 + 8];
    formatShape(got, sizeof(got), info.ndim, info.shape);
    ok = say(msg, w, "%d dimension%s (shape %s), expected %d",
             int(info.ndim), info.ndim == 1 ? "" : "s", got, int(*ndim));
  }
  failTogether(ok, msg);
  *dtype = info.dtype;
  *ndim = info.ndim;
  for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
    shape[d] = d < info.ndim ? info.shape[d] : 1;
}

extern "C" void bridge_rt_load_h5(bridge_rt_dist *dst, const char *path,
                                  const char *dataset) {
  const char *fn = "bridge_rt_load_h5";
  if (!dst || !path || !dataset)
    failf("%s: null argument", fn);
  rejectHalo(dst, fn);
  bridge::rt::SpanScope span("load_h5", "io", path);
  QuietErrors quiet;
  Where w(path, dataset);
  Info info;
  inspectEverywhere(w, dataset, &info);

  char msg[kMsg] = "";
  bool ok = true;
  const bridge_array &v = dst->view;
  if (info.dtype != v.dtype) {
    ok = say(msg, w, "element type %s does not match the expected %s",
             dtypeName(info.dtype), dtypeName(v.dtype));
  } else {
    bool same = info.ndim == v.ndim;
    for (int d = 0; same && d < v.ndim; ++d)
      same = info.shape[d] == v.shape[d];
    if (!same) {
      char got[BRIDGE_MAX_DIMS * 24 + 8], want[BRIDGE_MAX_DIMS * 24 + 8];
      formatShape(got, sizeof(got), info.ndim, info.shape);
      formatShape(want, sizeof(want), v.ndim, v.shape);
      ok = say(msg, w, "shape %s does not match the expected %s", got, want);
    }
  }
  failTogether(ok, msg);

  // Every rank must see the file before the collective open: one that does
  // not (a path on rank 0's local disk) would leave the others waiting in it.
  struct stat st;
  ok = checkReadable(w, &st, msg);
  agreeOrFail(ok, msg);

  char why[512];
  Plist fapl(parallelAccess());
  File file(fapl.valid() ? H5Fopen(path, H5F_ACC_RDONLY, fapl)
                         : H5I_INVALID_HID);
  ok = file.valid();
  if (!ok)
    say(msg, w, "cannot open with parallel HDF5: %s", h5Reason(why));
  agreeOrFail(ok, msg);
  Dataset dset(H5Dopen2(file, dataset, H5P_DEFAULT));
  Type fileType(dset.valid() ? H5Dget_type(dset) : H5I_INVALID_HID);
  Type memType(fileType.valid() ? memoryType(v.dtype, fileType)
                                : H5I_INVALID_HID);
  ok = memType.valid();
  if (!ok)
    say(msg, w, "cannot open the dataset with parallel HDF5: %s",
        h5Reason(why));
  agreeOrFail(ok, msg);

  transferAll(dst, dset, memType, false, w, nullptr, nullptr);
  if (v.dtype == BRIDGE_BOOL) // Anything but 0 is true, as for .npy files.
    for (int64_t i = 0; i < v.nchunks; ++i) {
      char *data = static_cast<char *>(v.chunks[i].data);
      for (int64_t e = 0; e < chunkElems(v.chunks[i]); ++e)
        data[e] = data[e] != 0;
    }
  memType.close();
  fileType.close();
  dset.close();
  ok = file.close();
  if (!ok)
    say(msg, w, "cannot close the file: %s", h5Reason(why));
  agreeOrFail(ok, msg);
}

extern "C" void bridge_rt_save_h5(const bridge_rt_dist *src, const char *path,
                                  const char *dataset) {
  const char *fn = "bridge_rt_save_h5";
  if (!src || !path)
    failf("%s: null argument", fn);
  rejectHalo(src, fn);
  char split[4096];
  if (!dataset) {
    splitTarget(path, split, sizeof(split), &dataset);
    path = split;
  }
  bridge::rt::SpanScope span("save_h5", "io", path);
  QuietErrors quiet;
  Where w(path, dataset);
  int rank = bridge_rt_rank();
  MPI_Comm c = comm();

  // Rank 0 checks the target and creates a temporary file under a fresh
  // name in the same directory, which it owns from then on (O_EXCL); one
  // broadcast tells every rank the name and the outcome.
  struct {
    Info info;
    int64_t unique[2] = {0, 0};
    int32_t ok = 1;
  } start;
  char msg[kMsg] = "";
  TempFile tmp;
  auto nameTemp = [&] {
    if (snprintf(tmp.name, sizeof(tmp.name), "%s.tmp-%lld-%lld", path,
                 (long long)start.unique[0], (long long)start.unique[1]) >=
        int(sizeof(tmp.name)))
      failf("%s: path too long", path);
  };
  if (rank == 0) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    start.unique[0] = int64_t(getpid());
    start.unique[1] = int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
    nameTemp();
    start.ok = inspectTarget(w, dataset, &start.info, msg);
    if (start.ok) {
      int fd = open(tmp.name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd < 0)
        start.ok = say(msg, w, "cannot create %s: %s", tmp.name,
                       strerror(errno));
      else if (start.info.fileExists &&
               fchmod(fd, mode_t(start.info.fileMode)) != 0)
        start.ok = say(msg, w, "cannot write %s: %s", tmp.name,
                       strerror(errno));
      if (fd >= 0)
        close(fd);
      if (fd >= 0 && !start.ok)
        unlink(tmp.name);
    }
  }
  checkMPI(MPI_Bcast(&start, int(sizeof(start)), MPI_BYTE, 0, c), fn);
  failTogether(start.ok, msg);
  if (rank != 0)
    nameTemp();
  const Info &info = start.info;

  // Every rank opens the temporary file (so that none would wait alone in
  // the collective open below) and, into an existing file, copies its share
  // of it, so that the file's other objects stay.
  bool ok = copyExisting(w, tmp, info.fileExists ? info.fileBytes : 0, msg);
  agreeOrFail(ok, msg, removeTemp, &tmp);

  // What the dataset needs, made before the collective calls so that a
  // failure here cannot leave a rank out of them.
  const bridge_array &v = src->view;
  hsize_t dims[BRIDGE_MAX_DIMS];
  for (int d = 0; d < v.ndim; ++d)
    dims[d] = hsize_t(v.shape[d]);
  Type type(fileTypeFor(v.dtype));
  Type memType(type.valid() ? memoryType(v.dtype, type) : H5I_INVALID_HID);
  Space space(H5Screate_simple(v.ndim, dims, nullptr));
  Plist lcpl(H5Pcreate(H5P_LINK_CREATE));
  Plist dcpl(H5Pcreate(H5P_DATASET_CREATE));
  // Contiguous, allocated at once and never filled, since every element is
  // written next.
  bool ready = memType.valid() && space.valid() && lcpl.valid() &&
               dcpl.valid() &&
               H5Pset_create_intermediate_group(lcpl, 1) >= 0 &&
               H5Pset_layout(dcpl, H5D_CONTIGUOUS) >= 0 &&
               H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY) >= 0 &&
               H5Pset_fill_time(dcpl, H5D_FILL_TIME_NEVER) >= 0;

  char why[512];
  Plist fapl(parallelAccess());
  File file;
  if (fapl.valid())
    file = info.fileExists ? H5Fopen(tmp.name, H5F_ACC_RDWR, fapl)
                           : H5Fcreate(tmp.name, H5F_ACC_TRUNC, H5P_DEFAULT,
                                       fapl);
  ok = ready && file.valid();
  if (!ok)
    say(msg, w, "cannot create the HDF5 file %s: %s", tmp.name, h5Reason(why));
  agreeOrFail(ok, msg, removeTemp, &tmp);

  if (info.datasetExists) {
    ok = H5Ldelete(file, dataset, H5P_DEFAULT) >= 0;
    if (!ok)
      say(msg, w, "cannot replace the dataset: %s", h5Reason(why));
    agreeOrFail(ok, msg, removeTemp, &tmp);
  }
  Dataset dset(H5Dcreate2(file, dataset, type, space, lcpl, dcpl, H5P_DEFAULT));
  ok = dset.valid();
  if (!ok)
    say(msg, w, "cannot create the dataset: %s", h5Reason(why));
  agreeOrFail(ok, msg, removeTemp, &tmp);

  transferAll(const_cast<bridge_rt_dist *>(src), dset, memType, true, w,
              removeTemp, &tmp);
  ok = dset.close() && file.close();
  if (!ok)
    say(msg, w, "cannot write: %s", h5Reason(why));
  agreeOrFail(ok, msg, removeTemp, &tmp);
  ok = syncFile(w, tmp, msg);
  agreeOrFail(ok, msg, removeTemp, &tmp);

  if (rank == 0 && rename(tmp.name, path) != 0) {
    ok = say(msg, w, "cannot rename %s to the file: %s", tmp.name,
             strerror(errno));
    unlink(tmp.name);
  }
  agreeOrFail(ok, msg);
}

namespace {
/// Rank 0 reads a dataset's element type and shape for the sizes of a run
/// (RunSizes.h), with the checks and words of bridge_rt_h5_shape.
std::optional<std::string> readRunShape(const std::string &path,
                                        const std::string &dataset,
                                        bridge::plan::FileShape &shape) {
  Where w(path.c_str(), dataset.c_str());
  Info info;
  char msg[kMsg] = "";
  QuietErrors quiet;
  if (!inspectDataset(w, dataset.c_str(), &info, msg))
    return std::string(msg);
  shape.dtype = info.dtype;
  shape.ndim = info.ndim;
  for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
    shape.shape[d] = d < info.ndim ? info.shape[d] : 1;
  return std::nullopt;
}

// Linked into a program exactly when it reads or writes HDF5 files.
const bool registered = (hdf5ShapeReader = readRunShape, true);
} // namespace
