//===- Pad.cpp - Where numpy.pad takes each padded element from -----------===//
#include "bridge/layout/Pad.h"

#include <string.h>

using namespace bridge::layout;

namespace {

/// t modulo 1 <= period < 2^64, in [0, period). The periods below, up to
/// 2n for n < 2^63, fit in 64 unsigned bits, so no extent overflows them.
uint64_t positiveMod(int64_t t, uint64_t period) {
  if (t >= 0)
    return uint64_t(t) % period;
  // t = -(q + 1) with q >= 0, written so that INT64_MIN does not overflow.
  uint64_t q = uint64_t(-(t + 1));
  return period - 1 - q % period;
}

} // namespace

int64_t bridge::layout::padSource(int64_t t, int64_t n, PadMode mode) {
  if (t >= 0 && t < n)
    return t;
  switch (mode) {
  case PadMode::Edge:
    return t < 0 ? 0 : n - 1;
  case PadMode::Wrap:
    return int64_t(positiveMod(t, uint64_t(n)));
  case PadMode::Reflect: {
    // Period 2n-2, mirrored without repeating the edge element.
    if (n == 1)
      return 0;
    uint64_t period = 2 * uint64_t(n) - 2, m = positiveMod(t, period);
    return int64_t(m < uint64_t(n) ? m : period - m);
  }
  case PadMode::Symmetric: {
    // Period 2n, mirrored repeating the edge element.
    uint64_t period = 2 * uint64_t(n), m = positiveMod(t, period);
    return int64_t(m < uint64_t(n) ? m : period - 1 - m);
  }
  case PadMode::Constant:
    break;
  }
  return -1;
}

bool bridge::layout::padModeNamed(const char *name, PadMode *mode) {
  static const struct {
    const char *name;
    PadMode mode;
  } kModes[] = {{"edge", PadMode::Edge},
                {"symmetric", PadMode::Symmetric},
                {"reflect", PadMode::Reflect},
                {"wrap", PadMode::Wrap},
                {"constant", PadMode::Constant}};
  for (const auto &known : kModes)
    if (!strcmp(name, known.name)) {
      *mode = known.mode;
      return true;
    }
  return false;
}
