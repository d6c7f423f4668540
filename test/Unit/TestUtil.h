//===- TestUtil.h - Helpers shared by the runtime unit tests --------------===//
#ifndef BRIDGE_TEST_UNIT_TESTUTIL_H
#define BRIDGE_TEST_UNIT_TESTUTIL_H

#include "bridge/runtime.h"

#include <stdint.h>

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

} // namespace bridge::test

#endif // BRIDGE_TEST_UNIT_TESTUTIL_H
