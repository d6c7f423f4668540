//===- TestUtil.h - Helpers shared by the runtime unit tests --------------===//
#ifndef BRIDGE_TEST_UNIT_TESTUTIL_H
#define BRIDGE_TEST_UNIT_TESTUTIL_H

#include "bridge/runtime.h"

#include <stdint.h>
#include <string.h>

namespace bridge::test {

/// The reference placement, written independently of the runtime's.
inline int64_t expectedLo(int64_t n, int64_t r, int64_t p) {
  return int64_t((__int128)n * r / p);
}

/// A deterministic spread of doubles with wide dynamic range and both signs,
/// so that the order of additions changes the rounding.
inline double testValue(uint64_t i) {
  uint64_t z = (i + 1) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  double u = double(z >> 11) * 0x1.0p-53;
  double scale = double(int64_t(1) << (z % 40));
  return (z & 1 ? -u : u) * scale;
}

/// Stores `v` as an element of `dtype` at `p` (bools: v != 0).
inline void storeAs(int32_t dtype, void *p, double v) {
  switch (dtype) {
  case BRIDGE_F64: { double x = v; memcpy(p, &x, 8); break; }
  case BRIDGE_F32: { float x = float(v); memcpy(p, &x, 4); break; }
  case BRIDGE_I64: { int64_t x = int64_t(v); memcpy(p, &x, 8); break; }
  case BRIDGE_I32: { int32_t x = int32_t(v); memcpy(p, &x, 4); break; }
  default: { uint8_t x = v != 0; memcpy(p, &x, 1); break; }
  }
}

/// The element of `dtype` at `p`, as a double.
inline double loadAs(int32_t dtype, const void *p) {
  switch (dtype) {
  case BRIDGE_F64: { double x; memcpy(&x, p, 8); return x; }
  case BRIDGE_F32: { float x; memcpy(&x, p, 4); return x; }
  case BRIDGE_I64: { int64_t x; memcpy(&x, p, 8); return double(x); }
  case BRIDGE_I32: { int32_t x; memcpy(&x, p, 4); return x; }
  default: { uint8_t x; memcpy(&x, p, 1); return x; }
  }
}

/// Calls f(global coordinates[4], element pointer) for every element of the
/// chunks in `view` (chunk extents as the view gives them).
template <typename F> void forEachElement(const bridge_array *view, F f) {
  int64_t esize = bridge_dtype_size(view->dtype);
  for (int64_t i = 0; i < view->nchunks; ++i) {
    const bridge_chunk &c = view->chunks[i];
    char *p = static_cast<char *>(c.data);
    int64_t g[BRIDGE_MAX_DIMS];
    for (int64_t a = 0; a < c.shape[0]; ++a)
      for (int64_t b = 0; b < c.shape[1]; ++b)
        for (int64_t e = 0; e < c.shape[2]; ++e)
          for (int64_t h = 0; h < c.shape[3]; ++h) {
            g[0] = c.start[0] + a;
            g[1] = c.start[1] + b;
            g[2] = c.start[2] + e;
            g[3] = c.start[3] + h;
            f(static_cast<const int64_t *>(g), p);
            p += esize;
          }
  }
}

/// A value that identifies global coordinates (exact in f64; each coordinate
/// below 1000).
inline double coordCode(const int64_t *g, double base = 0) {
  return base + 1 + g[3] + 1e3 * g[2] + 1e6 * g[1] + 1e9 * g[0];
}

/// `--bridge-pad-table`: prints numpy.pad's source indices as the layout
/// library computes them (PadTable.cpp). Returns the exit status.
int printPadTable();

} // namespace bridge::test

#endif // BRIDGE_TEST_UNIT_TESTUTIL_H
