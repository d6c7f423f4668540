//===- RadixSelect.h - The passes of an exact distributed selection -*- C++ -*-===//
//
// Quantiles and medians select order statistics by radix passes over the
// order-preserving integer key of each element: each pass every rank counts
// its elements per bucket of the next BRIDGE_RT_SELECT_RADIX_BITS key bits,
// among those matching the prefix chosen so far for each target, and the
// counts are summed over the ranks. The shape of that traffic depends on the
// element type and the number of quantiles alone, so the plan model predicts
// it without the data; the runtime and the model both size it here.
//
// Targets: two order statistics per quantile (the neighbours of its virtual
// index), plus, for floating point, the largest element, which is NaN when
// any element is (keys order NaN last, as NumPy sorts).
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_LAYOUT_RADIXSELECT_H
#define BRIDGE_LAYOUT_RADIXSELECT_H

#include <stdint.h>

namespace bridge::layout {

inline constexpr int32_t kRadixBits = 11;
inline constexpr int64_t kRadixBuckets = int64_t(1) << kRadixBits;

/// Key bits of an element of `elementBytes` bytes.
inline constexpr int32_t radixKeyBits(int64_t elementBytes) {
  return int32_t(elementBytes * 8);
}

/// Passes that resolve every key bit.
inline constexpr int32_t radixPasses(int64_t elementBytes) {
  return (radixKeyBits(elementBytes) + kRadixBits - 1) / kRadixBits;
}

/// Order statistics one selection resolves: a median is one "quantile".
inline constexpr int64_t radixTargets(int64_t quantiles, bool isFloat) {
  return 2 * quantiles + (isFloat ? 1 : 0);
}

/// Counts (int64) summed over the ranks in each pass.
inline constexpr int64_t radixCountsPerPass(int64_t quantiles, bool isFloat) {
  return radixTargets(quantiles, isFloat) * kRadixBuckets;
}

} // namespace bridge::layout

#endif // BRIDGE_LAYOUT_RADIXSELECT_H
