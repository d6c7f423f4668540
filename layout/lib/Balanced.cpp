//===- Balanced.cpp - Cutting a range into balanced runs ------------------===//
#include "bridge/layout/Balanced.h"

int64_t bridge::layout::balancedBound(int64_t total, int64_t part,
                                      int64_t parts) {
  return int64_t(__int128(total) * part / parts);
}

int64_t bridge::layout::balancedPart(int64_t item, int64_t total,
                                     int64_t parts) {
  // floor(total * r / parts) <= item  <=>  total * r < (item + 1) * parts.
  return int64_t((__int128(item + 1) * parts - 1) / total);
}
