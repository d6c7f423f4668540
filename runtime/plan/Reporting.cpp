//===- Reporting.cpp - What the explanation and the graphs share ----------===//
#include "Reporting.h"

#include <cstdarg>
#include <cstdio>

using namespace bridge::plan;

void bridge::plan::appendf(std::string &out, const char *fmt, ...) {
  char buffer[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buffer, sizeof(buffer), fmt, ap);
  va_end(ap);
  out += buffer;
}

std::string bridge::plan::describe(const Plan &plan, const Step &step) {
  std::string text = stepKindName(step.kind);
  auto name = [&](int id) { return plan.arrays[id].name; };
  if (!step.inputs.empty())
    text += " " + name(step.inputs[0]);
  if (!step.outputs.empty())
    text += " -> " + name(step.outputs[0]);
  if (step.kind == StepKind::Halo || step.kind == StepKind::Call)
    text += " (" + step.label + ")";
  return text;
}

void bridge::plan::forEachTransfer(
    const PlacementModel &model, int step, int rank,
    const std::function<bool(int64_t)> &wants,
    const std::function<void(const Transfer &)> &visit, int64_t &uncounted) {
  Sends sends = model.sends(step, rank);
  uncounted = 0;
  if (!sends.toEveryOther) {
    for (auto [to, bytes] : sends.to)
      visit({step, rank, to, bytes});
    return;
  }
  size_t next = 0;
  for (int to = 0; to < model.ranks(); ++to) {
    if (to == rank)
      continue;
    int64_t bytes = sends.toEveryOther;
    while (next < sends.to.size() && sends.to[next].first < to)
      ++next;
    if (next < sends.to.size() && sends.to[next].first == to)
      bytes += sends.to[next].second;
    else if (next == sends.to.size() && !wants(bytes)) {
      // Every pair from here on carries the same bytes.
      uncounted = model.ranks() - 1 - (to - (to > rank));
      return;
    }
    visit({step, rank, to, bytes});
  }
}
