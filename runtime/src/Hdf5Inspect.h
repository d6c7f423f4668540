//===- Hdf5Inspect.h - What a dataset is, before reading it -----*- C++ -*-===//
//
// The checks that come before any transfer: the file can be read and is
// HDF5, the name leads through groups to a dataset, whose element type and
// shape the language has and whose filters this HDF5 library decodes. Serial
// HDF5 calls alone, no MPI: rank 0 of a program makes them before any
// collective call (Hdf5.cpp), and bridgec makes them to type a `load_h5` when
// compiling (bridge/hdf5_header.h), so both say the same in the same words.
//
// Every message starts with "PATH:/DATASET: " (Where).
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_RUNTIME_HDF5INSPECT_H
#define BRIDGE_RUNTIME_HDF5INSPECT_H

#include "bridge/abi.h"

#include <hdf5.h>

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

namespace bridge::h5 {

/// The size of every message buffer.
constexpr int kMsg = 8192;

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

/// HDF5 prints its error stack by default; the runtime and bridgec report
/// one line of their own instead. The previous handler (legacy code may rely
/// on it) comes back when the scope ends.
class QuietErrors {
public:
  QuietErrors();
  ~QuietErrors();
  QuietErrors(const QuietErrors &) = delete;
  QuietErrors &operator=(const QuietErrors &) = delete;

private:
  H5E_auto2_t func = nullptr;
  void *data = nullptr;
};

/// What HDF5 said about the call that just failed.
const char *h5Reason(char (&out)[512]);

/// "PATH:/DATASET", the prefix of every message about one dataset.
struct Where {
  const char *path;
  char text[4096 + 1024];
  /// False when "PATH:/DATASET" is longer than `text`: checkLength says so.
  bool fits;
  Where(const char *path, const char *dataset);
};

/// Writes "PATH: path too long" to `msg` and returns false when `w` does not
/// fit; true otherwise.
bool checkLength(const Where &w, char *msg);

/// Writes "PATH:/DATASET: " and the formatted text to `msg`; returns false,
/// so that a failing check can `return say(...)`.
__attribute__((format(printf, 3, 4))) bool say(char *msg, const Where &w,
                                               const char *fmt, ...);

//--- The file and the names in it --------------------------------------------

/// Checks that `w.path` can be opened for reading and is a regular file
/// (opening a FIFO would block).
bool checkReadable(const Where &w, struct stat *st, char *msg);

bool isHdf5(const char *path);

/// Opens `w.path` read-only with the serial driver.
bool openSerial(const Where &w, File &file, char *msg);

/// What one name of the file is.
enum class Kind { Missing, Group, Dataset, Other };

/// Walks the groups on `dataset`'s path: each must be a group (or, when
/// `creating`, missing). Sets *last to what the full name is.
bool walkPath(hid_t file, const char *dataset, const Where &w, bool creating,
              Kind *last, char *msg);

//--- The dataset ----------------------------------------------------------------

/// A dataset's element type (a bridge_dtype) and shape. Trivially copyable:
/// rank 0 broadcasts it as bytes.
struct DatasetInfo {
  int32_t dtype = -1, ndim = 0;
  int64_t shape[BRIDGE_MAX_DIMS] = {1, 1, 1, 1};
};

/// The element type and shape of the existing dataset `dataset` of `w.path`,
/// and whether every filter it was written with can be decoded; false with
/// the reason in `msg` (kMsg bytes). Call it under QuietErrors.
bool inspectDataset(const Where &w, const char *dataset, DatasetInfo *info,
                    char *msg);

} // namespace bridge::h5

#endif // BRIDGE_RUNTIME_HDF5INSPECT_H
