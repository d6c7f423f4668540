//===- PadRuns.cpp - The runs of a padded axis ----------------------------===//
//
// numpy.pad's coordinates, grouped into the runs array.arrange reads: the
// periodic extension where no width exceeds the axis, numpy.pad's own
// step-by-step algorithm where one does.
//
//===----------------------------------------------------------------------===//

#include "PadRuns.h"

using namespace bridge;
using ast::AxisRun;
using ast::AxisRuns;

/// The source coordinate of every coordinate of an axis of n elements padded
/// by `before` and `after`, -1 where a constant pad fills: numpy.pad's own
/// algorithm, which pads wider than the axis by repeating its first step on
/// the array padded so far (for "wrap" that is not a periodic extension).
static std::vector<int64_t> padSources(llvm::StringRef mode, int64_t before,
                                       int64_t after, int64_t n) {
  int64_t total = before + n + after;
  std::vector<int64_t> src(total, -1);
  for (int64_t i = 0; i < n; ++i)
    src[before + i] = i;
  if (mode == "constant")
    return src;
  if (mode == "edge" || (n == 1 && mode != "wrap")) {
    std::fill(src.begin(), src.begin() + before, 0);
    std::fill(src.end() - after, src.end(), n - 1);
    return src;
  }
  int64_t left = before, right = after;
  while (left > 0 || right > 0) {
    if (mode == "wrap") {
      int64_t period = total - right - left, newLeft = 0, newRight = 0;
      if (left > 0) {
        int64_t m = std::min(period, left);
        int64_t to = left > period ? left - period : 0;
        std::copy(src.begin() + (total - right - m),
                  src.begin() + (total - right), src.begin() + to);
        newLeft = left > period ? left - period : 0;
      }
      if (right > 0) {
        int64_t m = std::min(period, right);
        std::copy(src.begin() + left, src.begin() + left + m,
                  src.begin() + (total - right));
        newRight = right > period ? right - period : 0;
      }
      left = newLeft;
      right = newRight;
      continue;
    }
    // "symmetric" repeats the edge element, "reflect" does not.
    int64_t edge = mode == "symmetric" ? 1 : 0;
    int64_t length = total - right - left - (1 - edge);
    if (left > 0) {
      int64_t m = std::min(length, left), from = left - edge + m;
      for (int64_t k = 0; k < m; ++k)
        src[left - m + k] = src[from - k];
      left -= m;
    }
    if (right > 0) {
      int64_t m = std::min(length, right), from = total - right + edge - 2;
      for (int64_t k = 0; k < m; ++k)
        src[total - right + k] = src[from - k];
      right -= m;
    }
  }
  return src;
}

/// Padded coordinate p's source when no width exceeds what numpy.pad's
/// first step fills (the axis for "wrap" and "symmetric", one less for
/// "reflect"): the periodic extension; -1 where a constant pad fills.
static int64_t padSourceNarrow(llvm::StringRef mode, int64_t p, int64_t before,
                               int64_t n) {
  int64_t i = p - before;
  auto floorMod = [](int64_t a, int64_t m) { return ((a % m) + m) % m; };
  if (mode == "constant")
    return -1;
  if (mode == "edge" || n == 1)
    return i < 0 ? 0 : n - 1;
  if (mode == "wrap")
    return floorMod(i, n);
  if (mode == "symmetric") {
    int64_t j = floorMod(i, 2 * n);
    return j < n ? j : 2 * n - 1 - j;
  }
  int64_t j = floorMod(i, 2 * n - 2);
  return j < n ? j : 2 * n - 2 - j;
}

/// Consecutive coordinates whose sources step evenly share a run.
static AxisRuns groupRuns(llvm::StringRef mode, int64_t before, int64_t after,
                          int64_t n) {
  AxisRuns runs;
  auto append = [&](int64_t at, int64_t s) {
    bool fill = s < 0;
    if (!runs.empty() && runs.back().hi == at) {
      AxisRun &last = runs.back();
      int64_t length = last.hi - last.lo;
      bool fits;
      if (last.fill || fill)
        fits = last.fill && fill;
      else if (length == 1)
        fits = s - last.offset >= -1 && s - last.offset <= 1;
      else
        fits = s == last.offset + last.step * length;
      if (fits) {
        if (!fill && length == 1)
          last.step = s - last.offset;
        ++last.hi;
        return;
      }
    }
    runs.push_back(AxisRun{at, at + 1, fill ? 0 : s, 1, fill});
  };
  int64_t reach = mode == "reflect" ? n - 1 : n;
  bool wide = (mode == "wrap" || mode == "reflect" || mode == "symmetric") &&
              n > 1 && (before > reach || after > reach);
  if (mode == "wrap" && n == 1)
    wide = false;
  if (wide) {
    // The padded axis is at least twice the input: as large as the result.
    for (auto [p, s] : llvm::enumerate(padSources(mode, before, after, n)))
      append(static_cast<int64_t>(p), s);
    return runs;
  }
  for (int64_t p = 0; p < before; ++p)
    append(p, padSourceNarrow(mode, p, before, n));
  runs.push_back(AxisRun{before, before + n, 0, 1});
  for (int64_t p = before + n; p < before + n + after; ++p)
    append(p, padSourceNarrow(mode, p, before, n));
  return runs;
}

AxisRuns bridge::getConstantPadRuns(llvm::StringRef mode, int64_t before,
                                    int64_t after, int64_t n) {
  AxisRuns runs = groupRuns(mode, before, after, n);
  for (AxisRun &run : runs)
    run.extent = run.hi - run.lo;
  return runs;
}
