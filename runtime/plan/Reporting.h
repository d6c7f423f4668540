//===- Reporting.h - What the explanation and the graphs share --*- C++ -*-===//
#ifndef BRIDGE_PLAN_REPORTING_H
#define BRIDGE_PLAN_REPORTING_H

#include "bridge/plan.h"

#include <functional>
#include <string>

namespace bridge::plan {

/// printf to the end of `out`.
void appendf(std::string &out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/// "move x.bdsl:3 -> x.bdsl:4", "halo a -> b (wrap)", ...
std::string describe(const Plan &plan, const Step &step);

/// Bytes one step moves from one rank to another.
struct Transfer {
  int step = 0;
  int from = 0, to = 0;
  int64_t bytes = 0;
};

/// Visits what `rank` sends in `step`, one receiver at a time in ascending
/// order. A broadcast to every rank stops at the first pair that `wants`
/// refuses once no pair after it can be heavier, and sets `uncounted` to the
/// pairs left (0 otherwise): a caller that keeps a few transfers need not
/// visit all ranks.
void forEachTransfer(const PlacementModel &model, int step, int rank,
                     const std::function<bool(int64_t)> &wants,
                     const std::function<void(const Transfer &)> &visit,
                     int64_t &uncounted);

} // namespace bridge::plan

#endif // BRIDGE_PLAN_REPORTING_H
