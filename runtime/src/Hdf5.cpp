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
// not fit, a filter HDF5 lacks) are found by rank 0 alone (Hdf5Inspect.h),
// before any collective HDF5 call, so that one message names them; every
// later step ends with a collective agreement, as in Npy.cpp.
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
#include "Hdf5Inspect.h"
#include "RunSizes.h"

#include "bridge/hdf5_header.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

using namespace bridge::rt;
using namespace bridge::h5;

namespace {

/// At most this many bytes of a bounced piece (a row of chunks that also
/// split later axes) sit in the extra buffer at once.
constexpr int64_t kBounceCap = int64_t(64) << 20;

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

/// Ends the job when "PATH:/DATASET" is too long for `w`, as every rank
/// finds alike.
void requireLength(const Where &w) {
  char msg[kMsg];
  if (!checkLength(w, msg))
    failf("%s", msg);
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
void inspectEverywhere(const Where &w, const char *dataset,
                       DatasetInfo *info) {
  char msg[kMsg] = "";
  struct {
    DatasetInfo info;
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
  // The pieces are runs of the view's entries.
  bridge::rt::ownedView(a);
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

/// What rank 0 finds out about the target of a save, broadcast as it is.
struct TargetInfo {
  int32_t fileExists = 0, datasetExists = 0;
  int64_t fileBytes = 0;
  int32_t fileMode = 0;
};

/// Rank 0, before saving: whether the target exists (then it must be an HDF5
/// file whose groups on the dataset's path are groups, and whose name, if
/// taken, is a dataset's) and what to copy.
bool inspectTarget(const Where &w, const char *dataset, TargetInfo *info,
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
  requireLength(w);
  DatasetInfo info;
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
  requireLength(w);
  DatasetInfo info;
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
  requireLength(w);
  int rank = bridge_rt_rank();
  MPI_Comm c = comm();

  // Rank 0 checks the target and creates a temporary file under a fresh
  // name in the same directory, which it owns from then on (O_EXCL); one
  // broadcast tells every rank the name and the outcome.
  struct {
    TargetInfo info;
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
  const TargetInfo &info = start.info;

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
// Linked into a program exactly when it reads or writes HDF5 files. Rank 0
// reads a dataset's element type and shape for the sizes of a run
// (RunSizes.h) as bridgec reads them when compiling.
const bool registered = (hdf5ShapeReader = bridge::readHdf5Header, true);
} // namespace
