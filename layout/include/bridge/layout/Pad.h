//===- Pad.h - Where numpy.pad takes each padded element from ---*- C++ -*-===//
//
// numpy.pad(a, w, mode) along one axis of n >= 1 elements: counting a's own
// elements as [0, n), padded position t (-w <= t < n + w) copies element
// padSource(t, n, mode) of a. The closed forms equal NumPy's iterative
// padding for every width, wider than the axis included.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_LAYOUT_PAD_H
#define BRIDGE_LAYOUT_PAD_H

#include <stdint.h>

namespace bridge::layout {

/// numpy.pad's modes; the values equal bridge_rt_pad_mode's.
enum class PadMode : int32_t {
  Edge = 0,
  Symmetric = 1,
  Reflect = 2,
  Wrap = 3,
  Constant = 4, // Zeros.
};

/// The element of the axis that padded position `t` copies, or -1 where
/// Constant writes a zero. For Reflect and Symmetric a single element is
/// extended as by Edge, as NumPy does.
int64_t padSource(int64_t t, int64_t n, PadMode mode);

/// The mode that numpy.pad calls `name` ("edge", "symmetric", "reflect",
/// "wrap" or "constant"); false for any other name.
bool padModeNamed(const char *name, PadMode *mode);

} // namespace bridge::layout

#endif // BRIDGE_LAYOUT_PAD_H
