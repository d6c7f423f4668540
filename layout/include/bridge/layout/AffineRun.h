//===- AffineRun.h - Which source chunks an affine read crosses -*- C++ -*-===//
//
// Moving data along one dimension, destination coordinate t reads source
// coordinate offset + step * t (step >= 1; 0 to repeat one coordinate, as
// a broadcast does; negative to read backwards, as a flip does). A stretch of destination
// coordinates that read one source chunk is a run; both the runtime's
// redistribution and the plan model split a destination chunk into runs.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_LAYOUT_AFFINERUN_H
#define BRIDGE_LAYOUT_AFFINERUN_H

#include "bridge/layout/Tiling.h"

#include <stdint.h>

namespace bridge::layout {

struct AffineRun {
  int64_t chunk; // The source chunk read.
  int64_t end;   // One past the run's last destination coordinate.
};

/// The run that starts at destination coordinate `t`, whose source
/// coordinate must lie inside `source`, cut off at `limit` > t.
AffineRun affineRunAt(const Tiling &source, int64_t offset, int64_t step,
                      int64_t t, int64_t limit);

/// The inverse: the destination coordinates [*tlo, *thi) whose source
/// coordinate offset + step * t lies in [lo, hi) (empty, with
/// *tlo == *thi, when none does; with step 0, every coordinate or none, as
/// a range far wider than any array).
void affinePreimage(int64_t offset, int64_t step, int64_t lo, int64_t hi,
                    int64_t *tlo, int64_t *thi);

} // namespace bridge::layout

#endif // BRIDGE_LAYOUT_AFFINERUN_H
