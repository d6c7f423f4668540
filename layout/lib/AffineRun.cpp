//===- AffineRun.cpp - Which source chunks an affine read crosses ---------===//
#include "bridge/layout/AffineRun.h"

using namespace bridge::layout;

AffineRun bridge::layout::affineRunAt(const Tiling &source, int64_t offset,
                                      int64_t step, int64_t t, int64_t limit) {
  int64_t chunk = source.find(offset + step * t);
  if (step == 0)
    return AffineRun{chunk, limit};
  // The first t' with offset + step * t' >= end of the chunk, a ceiling
  // division; in 128 bits, as offset may be far below zero.
  __int128 num = __int128(source.end(chunk)) - offset;
  __int128 end = num > 0 ? (num + step - 1) / step : -(-num / step);
  return AffineRun{chunk, end < limit ? int64_t(end) : limit};
}
