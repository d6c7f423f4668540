//===- Balanced.h - Cutting a range into balanced runs ----------*- C++ -*-===//
//
// `total` items cut into `parts` runs: run r is [bound(r), bound(r + 1)) with
// bound(r) = floor(total * r / parts). Runs differ in length by at most one,
// and with fewer items than parts some are empty. Contiguous placement cuts a
// chunk grid among the ranks this way, and a block layout axis 0 among them.
// Products are taken in 128 bits: total * r overflows 64 bits for huge grids.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_LAYOUT_BALANCED_H
#define BRIDGE_LAYOUT_BALANCED_H

#include <stdint.h>

namespace bridge::layout {

/// floor(total * part / parts), for total >= 0, 0 <= part <= parts, parts >= 1.
int64_t balancedBound(int64_t total, int64_t part, int64_t parts);

/// The run holding item 0 <= item < total: the largest r with
/// balancedBound(total, r, parts) <= item, which is never an empty run.
int64_t balancedPart(int64_t item, int64_t total, int64_t parts);

} // namespace bridge::layout

#endif // BRIDGE_LAYOUT_BALANCED_H
