//===- NpyUtil.h - Shared by the .npy tests and the file modes ------------===//
//
// The element values match test/Unit/Inputs/npy_files.py: element i (row-major
// linear index) of each dtype.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_TEST_UNIT_NPYUTIL_H
#define BRIDGE_TEST_UNIT_NPYUTIL_H

#include "TestUtil.h"

#include <stdint.h>

namespace bridge::test {

inline double npyValue(int32_t dtype, int64_t i) {
  switch (dtype) {
  case BRIDGE_F64: return double(i) * 0.5 - 3.25;
  case BRIDGE_F32: return double(i) * 0.25 - 1;
  case BRIDGE_I64: return double(i * 1000003 - 5000000000);
  case BRIDGE_I32: return double(i * 7 - 50);
  default: return i % 3 == 0;
  }
}

inline const char *npyDtypeName(int32_t dtype) {
  static const char *names[] = {"f64", "f32", "i64", "i32", "bool"};
  return names[dtype];
}

/// Row-major linear index of global coordinates g in an array of `shape`.
inline int64_t linearIndex(const int64_t *shape, int ndim, const int64_t *g) {
  int64_t i = 0;
  for (int d = 0; d < ndim; ++d)
    i = i * shape[d] + g[d];
  return i;
}

/// Fills every chunk this rank stores with npyValue of the linear index.
inline void fillNpyValues(bridge_rt_dist *a) {
  const bridge_array *v = bridge_rt_dist_view(a);
  forEachElement(v, [&](const int64_t *g, char *p) {
    storeAs(v->dtype, p,
            npyValue(v->dtype, linearIndex(v->shape, v->ndim, g)));
  });
}

/// Counts the stored elements that differ from npyValue.
inline int64_t countNpyMismatches(bridge_rt_dist *a) {
  const bridge_array *v = bridge_rt_dist_view(a);
  int64_t bad = 0;
  forEachElement(v, [&](const int64_t *g, char *p) {
    bad += loadAs(v->dtype, p) !=
           npyValue(v->dtype, linearIndex(v->shape, v->ndim, g));
  });
  return bad;
}

/// Runs one of the file modes of the test binary (--bridge-npy-write=DIR,
/// --bridge-npy-read=DIR, --bridge-load=PATH,DTYPE,SHAPE,
/// --bridge-load-raw=..., --bridge-save=...). Returns the exit status, or -1
/// when `arg` is not such a mode.
int runFileMode(const char *arg);

/// The same for the HDF5 modes of Hdf5Modes.cpp (--bridge-h5-read=DIR,
/// --bridge-h5-write=DIR, --bridge-load-h5=..., --bridge-h5-shape=...,
/// --bridge-save-h5=...).
int runHdf5Mode(const char *arg);

} // namespace bridge::test

#endif // BRIDGE_TEST_UNIT_NPYUTIL_H
