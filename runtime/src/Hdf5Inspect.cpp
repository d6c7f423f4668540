//===- Hdf5Inspect.cpp - What a dataset is, before reading it -------------===//
//
// Serial HDF5 calls only (Hdf5Inspect.h); also the home of readHdf5Header,
// through which bridgec and a program's start-up read a dataset's header.
//
//===----------------------------------------------------------------------===//

#include "Hdf5Inspect.h"

#include "bridge/hdf5_header.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

using namespace bridge;
using namespace bridge::h5;

h5::QuietErrors::QuietErrors() {
  H5Eget_auto2(H5E_DEFAULT, &func, &data);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

h5::QuietErrors::~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, func, data); }

namespace {

herr_t innermostError(unsigned, const H5E_error2_t *e, void *out) {
  // Walking downward, the last entry visited is the root cause.
  if (e->desc && *e->desc)
    snprintf(static_cast<char *>(out), 512, "%s", e->desc);
  return 0;
}

} // namespace

const char *h5::h5Reason(char (&out)[512]) {
  snprintf(out, sizeof(out), "unknown HDF5 error");
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, innermostError, out);
  return out;
}

h5::Where::Where(const char *path, const char *dataset) : path(path) {
  int n = snprintf(text, sizeof(text), "%s:%s%s", path,
                   dataset[0] == '/' ? "" : "/", dataset);
  fits = n >= 0 && n < int(sizeof(text));
}

bool h5::checkLength(const Where &w, char *msg) {
  if (w.fits)
    return true;
  snprintf(msg, kMsg, "%s: path too long", w.path);
  return false;
}

bool h5::say(char *msg, const Where &w, const char *fmt, ...) {
  int at = snprintf(msg, kMsg, "%s: ", w.text);
  if (at < 0 || at >= kMsg)
    return false;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg + at, size_t(kMsg - at), fmt, ap);
  va_end(ap);
  return false;
}

namespace {

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

/// What `name` of the file is.
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

} // namespace

bool h5::checkReadable(const Where &w, struct stat *st, char *msg) {
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

bool h5::isHdf5(const char *path) {
#if H5_VERSION_GE(1, 12, 0)
  return H5Fis_accessible(path, H5P_DEFAULT) > 0;
#else
  return H5Fis_hdf5(path) > 0;
#endif
}

bool h5::openSerial(const Where &w, File &file, char *msg) {
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

bool h5::walkPath(hid_t file, const char *dataset, const Where &w,
                  bool creating, Kind *last, char *msg) {
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

bool h5::inspectDataset(const Where &w, const char *dataset,
                        DatasetInfo *info, char *msg) {
  if (!checkLength(w, msg))
    return false;
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


std::optional<std::string> bridge::readHdf5Header(const std::string &path,
                                                  const std::string &dataset,
                                                  plan::FileShape &shape) {
  Where w(path.c_str(), dataset.c_str());
  DatasetInfo info;
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
