//===- SortKey.h - Elements as unsigned keys in NumPy's sort order ---------===//
//
// Not installed. An element of any dtype maps to an unsigned key whose
// order is NumPy's sort order: floats with the sign bit flipped, or every
// bit for negatives (so -0.0 sorts just before 0.0), every NaN the largest
// key of its width; integers with the sign bit flipped; bools 0 or 1. The
// quantiles' radix selection and unique's sample sort both work on keys.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_RUNTIME_SORTKEY_H
#define BRIDGE_RUNTIME_SORTKEY_H

#include "bridge/abi.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

namespace bridge::rt {

constexpr uint64_t kSign64 = uint64_t(1) << 63;
constexpr uint32_t kSign32 = uint32_t(1) << 31;

/// The key of the element of `dtype` at `p`.
inline uint64_t sortKey(int32_t dtype, const void *p) {
  switch (dtype) {
  case BRIDGE_F64: {
    double v;
    memcpy(&v, p, sizeof v);
    if (isnan(v))
      return ~uint64_t(0);
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    return bits & kSign64 ? ~bits : bits ^ kSign64;
  }
  case BRIDGE_F32: {
    float v;
    memcpy(&v, p, sizeof v);
    if (isnan(v))
      return ~uint32_t(0);
    uint32_t bits;
    memcpy(&bits, &v, sizeof bits);
    return bits & kSign32 ? ~bits : bits ^ kSign32;
  }
  case BRIDGE_I64: {
    int64_t v;
    memcpy(&v, p, sizeof v);
    return uint64_t(v) ^ kSign64;
  }
  case BRIDGE_I32: {
    int32_t v;
    memcpy(&v, p, sizeof v);
    return uint32_t(v) ^ kSign32;
  }
  default:
    return *static_cast<const uint8_t *>(p) != 0;
  }
}

/// The f64 or f32 that `key` stands for.
inline double keyToF64(uint64_t key) {
  uint64_t bits = key & kSign64 ? key ^ kSign64 : ~key;
  double v;
  memcpy(&v, &bits, sizeof v);
  return v;
}
inline float keyToF32(uint64_t key) {
  uint32_t k = uint32_t(key);
  uint32_t bits = k & kSign32 ? k ^ kSign32 : ~k;
  float v;
  memcpy(&v, &bits, sizeof v);
  return v;
}
/// The integer of `dtype` (i64 or i32) that `key` stands for.
inline int64_t keyToInt(int32_t dtype, uint64_t key) {
  if (dtype == BRIDGE_I32)
    return int32_t(uint32_t(key) ^ kSign32);
  return int64_t(key ^ kSign64);
}

} // namespace bridge::rt

#endif // BRIDGE_RUNTIME_SORTKEY_H
