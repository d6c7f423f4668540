//===- Report.cpp - Plans explained as tables and Graphviz ----------------===//
#include "bridge/plan.h"

#include <algorithm>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <string>

using namespace bridge::plan;

static const char *const kKindNames[] = {"alloc", "free", "stage", "move",
                                         "halo",  "load", "save",  "call",
                                         "combine", "fetch"};

namespace {
void appendf(std::string &out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void appendf(std::string &out, const char *fmt, ...) {
  char buffer[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buffer, sizeof(buffer), fmt, ap);
  va_end(ap);
  out += buffer;
}

std::string describe(const Plan &plan, const Step &step) {
  std::string text = kKindNames[static_cast<int>(step.kind)];
  auto name = [&](int id) { return plan.arrays[id].name; };
  if (!step.inputs.empty())
    text += " " + name(step.inputs[0]);
  if (!step.outputs.empty())
    text += " -> " + name(step.outputs[0]);
  if (step.kind == StepKind::Halo || step.kind == StepKind::Call)
    text += " (" + step.label + ")";
  return text;
}
} // namespace

std::string bridge::plan::explain(const Plan &plan, const Report &report) {
  std::string out;
  appendf(out, "placement on %d rank%s\n\n", report.ranks,
          report.ranks == 1 ? "" : "s");
  appendf(out, "%6s %10s %14s %14s %14s %14s\n", "rank", "chunks", "elements",
          "bytes in", "bytes out", "peak bytes");
  RankStats total;
  for (size_t r = 0; r < report.perRank.size(); ++r) {
    const RankStats &s = report.perRank[r];
    appendf(out, "%6zu %10" PRId64 " %14" PRId64 " %14" PRId64 " %14" PRId64
                 " %14" PRId64 "\n",
            r, s.chunks, s.elements, s.bytesIn, s.bytesOut, s.peakBytes);
    total.chunks += s.chunks;
    total.elements += s.elements;
    total.bytesIn += s.bytesIn;
    total.bytesOut += s.bytesOut;
    total.peakBytes = std::max(total.peakBytes, s.peakBytes);
  }
  appendf(out, "%6s %10" PRId64 " %14" PRId64 " %14" PRId64 " %14" PRId64
               " %14" PRId64 "\n",
          "total", total.chunks, total.elements, total.bytesIn, total.bytesOut,
          total.peakBytes);
  appendf(out, "\nbytes moved between ranks: %" PRId64 "\n", total.bytesIn);
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    if (report.stepBytes[i] == 0)
      continue;
    appendf(out, "  step %zu, %s: %" PRId64 " bytes\n", i,
            describe(plan, plan.steps[i]).c_str(), report.stepBytes[i]);
    int shown = 0, hidden = 0;
    for (const Transfer &t : report.transfers) {
      if (t.step != static_cast<int>(i))
        continue;
      if (shown++ < 16)
        appendf(out, "    rank %d -> rank %d: %" PRId64 " bytes\n", t.from,
                t.to, t.bytes);
      else
        ++hidden;
    }
    if (hidden)
      appendf(out, "    ... %d more transfers\n", hidden);
  }
  return out;
}

std::string bridge::plan::toDot(const Plan &plan, const Report &report) {
  static const char *const kColors[] = {"#8dd3c7", "#ffffb3", "#bebada",
                                        "#fb8072", "#80b1d3", "#fdb462",
                                        "#b3de69", "#fccde5"};
  std::string out = "digraph plan {\n  rankdir=LR;\n"
                    "  node [shape=box, style=filled, fontname=\"Helvetica\"];\n";
  // One node per step and rank that takes part, clustered by rank.
  for (int r = 0; r < report.ranks; ++r) {
    appendf(out, "  subgraph cluster_rank%d {\n    label=\"rank %d\";\n", r, r);
    for (size_t i = 0; i < plan.steps.size(); ++i) {
      const Step &step = plan.steps[i];
      if (step.kind == StepKind::Free)
        continue;
      appendf(out, "    s%zu_r%d [label=\"%s\", fillcolor=\"%s\"];\n", i, r,
              describe(plan, step).c_str(),
              kColors[r % (sizeof(kColors) / sizeof(kColors[0]))]);
    }
    out += "  }\n";
  }
  // Program order within a rank, and data crossing ranks labelled in bytes.
  for (int r = 0; r < report.ranks; ++r) {
    int previous = -1;
    for (size_t i = 0; i < plan.steps.size(); ++i) {
      if (plan.steps[i].kind == StepKind::Free)
        continue;
      if (previous >= 0)
        appendf(out, "  s%d_r%d -> s%zu_r%d [style=dotted];\n", previous, r, i,
                r);
      previous = static_cast<int>(i);
    }
  }
  for (const Transfer &t : report.transfers)
    appendf(out, "  s%d_r%d -> s%d_r%d [label=\"%" PRId64 " B\", color=red];\n",
            t.step, t.from, t.step, t.to, t.bytes);
  out += "}\n";
  return out;
}
