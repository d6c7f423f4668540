//===- AffineRun.cpp - Which source chunks an affine read crosses ---------===//
#include "bridge/layout/AffineRun.h"

#include <stdint.h>

using namespace bridge::layout;

namespace {

/// ceil(num / step) for step >= 1, clamped to int64_t.
int64_t ceilDiv(__int128 num, int64_t step) {
  __int128 q = num > 0 ? (num + step - 1) / step : -(-num / step);
  if (q > INT64_MAX)
    return INT64_MAX;
  return q < INT64_MIN ? INT64_MIN : int64_t(q);
}

} // namespace

AffineRun bridge::layout::affineRunAt(const Tiling &source, int64_t offset,
                                      int64_t step, int64_t t, int64_t limit) {
  int64_t chunk = source.find(offset + step * t);
  if (step == 0)
    return AffineRun{chunk, limit};
  // The first t' whose source leaves the chunk: offset + step * t' >= its
  // end going up, < its begin going down (a flip). In 128 bits, as offset
  // may be far below zero.
  int64_t end = step > 0
                    ? ceilDiv(__int128(source.end(chunk)) - offset, step)
                    : ceilDiv(__int128(offset) - source.begin(chunk) + 1, -step);
  return AffineRun{chunk, end < limit ? end : limit};
}

void bridge::layout::affinePreimage(int64_t offset, int64_t step, int64_t lo,
                                    int64_t hi, int64_t *tlo, int64_t *thi) {
  if (step == 0) {
    // Every destination coordinate reads `offset` (a broadcast's replica).
    bool reads = lo <= offset && offset < hi;
    *tlo = reads ? INT64_MIN / 2 : 0;
    *thi = reads ? INT64_MAX / 2 : 0;
    return;
  }
  if (step > 0) {
    *tlo = ceilDiv(__int128(lo) - offset, step);
    *thi = ceilDiv(__int128(hi) - offset, step);
  } else {
    // offset - |step| * t in [lo, hi): t in (offset - hi, offset - lo] / |step|.
    *tlo = ceilDiv(__int128(offset) - hi + 1, -step);
    *thi = ceilDiv(__int128(offset) - lo + 1, -step);
  }
  if (*thi < *tlo)
    *thi = *tlo;
}
