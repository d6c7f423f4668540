//===- Dot.cpp - Plans drawn as Graphviz digraphs -------------------------===//
//
// Two views of one placed plan. The dataflow (toDot) has a node per array and
// per step that is not a move or halo, and an edge for each move, halo,
// combine or fetch labelled with the bytes it sends between ranks, the
// heaviest drawn thickest and red. The rank view (toRankDot) has a column of
// steps per rank (transfers do not constrain the layout, so each step's row
// is its place in the program) and an edge per transfer, from the sending step
// to the receiver's next step; beyond
// kDrawnRanks ranks it draws those that move the most and one column for all
// the others. Both walk the ranks once or twice and keep nothing per rank.
//
//===----------------------------------------------------------------------===//
#include "Reporting.h"

#include <algorithm>
#include <cinttypes>
#include <map>
#include <tuple>

using namespace bridge::plan;

namespace {

/// "104 B", "7.6 MiB".
std::string bytesText(int64_t bytes) {
  static const char *const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
  std::string out;
  if (bytes < 10 * 1024) {
    appendf(out, "%" PRId64 " B", bytes);
    return out;
  }
  double v = double(bytes) / 1024;
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  appendf(out, "%.1f %s", v, units[u]);
  return out;
}

/// "[1000, 20]".
std::string listText(const std::vector<int64_t> &values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i)
    appendf(out, "%s%" PRId64, i ? ", " : "", values[i]);
  return out + "]";
}

/// Graphviz's double-quoted string: quotes and backslashes escaped.
std::string quoted(const std::string &text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string arrayLabel(const Array &array) {
  std::string text = array.name + "\\n" + listText(array.shape);
  text += array.block    ? " in slabs"
          : array.cyclic ? " block-cyclic in " + listText(array.chunks)
                         : " in chunks of " + listText(array.chunks);
  if (array.haloAxis >= 0)
    appendf(text, "\\nhalo %" PRId64 " along axis %d", array.haloWidth,
            array.haloAxis);
  return text;
}

/// Bytes each step sends between ranks, over all ranks.
std::vector<int64_t> stepTotals(const PlacementModel &model) {
  std::vector<int64_t> totals(model.plan().steps.size(), 0);
  for (int r = 0; r < model.ranks(); ++r) {
    RankModel m = model.rank(r);
    for (size_t i = 0; i < totals.size(); ++i)
      totals[i] += m.stepOut[i];
  }
  return totals;
}

} // namespace

std::string bridge::plan::toDot(const PlacementModel &model) {
  const Plan &plan = model.plan();
  std::vector<int64_t> totals = stepTotals(model);
  int64_t heaviest = 0, moved = 0;
  for (int64_t bytes : totals) {
    heaviest = std::max(heaviest, bytes);
    moved += bytes;
  }
  std::string out = "digraph plan {\n  rankdir=TB;\n";
  appendf(out,
          "  label=\"dataflow on %d rank%s: %s moved between ranks\";\n"
          "  labelloc=t;\n  fontname=\"Helvetica\";\n",
          model.ranks(), model.ranks() == 1 ? "" : "s",
          bytesText(moved).c_str());
  out += "  node [fontname=\"Helvetica\", fontsize=10];\n"
         "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  std::vector<bool> used(plan.arrays.size(), false);
  for (const Step &s : plan.steps)
    if (s.kind != StepKind::Free) {
      for (int id : s.inputs)
        used[id] = true;
      for (int id : s.outputs)
        used[id] = true;
    }
  for (size_t id = 0; id < plan.arrays.size(); ++id)
    if (used[id])
      appendf(out, "  a%zu [shape=ellipse, label=\"%s\"];\n", id,
              arrayLabel(plan.arrays[id]).c_str());
  // An edge that carries bytes between ranks: thicker the more it carries,
  // red for the heaviest, dashed when everything stays on its rank.
  auto edge = [&](const std::string &from, const std::string &to,
                  const std::string &what, int64_t bytes) {
    std::string label = what.empty() ? "" : what + "\\n";
    if (!bytes) {
      appendf(out, "  %s -> %s [label=\"%slocal\", style=dashed, "
                   "color=gray50];\n",
              from.c_str(), to.c_str(), label.c_str());
      return;
    }
    double width = 1 + 5 * double(bytes) / double(heaviest);
    appendf(out, "  %s -> %s [label=\"%s%s\", penwidth=%.1f, color=%s];\n",
            from.c_str(), to.c_str(), label.c_str(), bytesText(bytes).c_str(),
            width, bytes == heaviest ? "red" : "gray20");
  };
  auto arrayNode = [](int id) { return "a" + std::to_string(id); };
  int lastStage = -1;
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const Step &s = plan.steps[i];
    std::string node = "s" + std::to_string(i);
    auto stepNode = [&](const std::string &label, const char *color) {
      appendf(out, "  %s [shape=box, style=\"rounded,filled\", "
                   "fillcolor=\"%s\", label=%s];\n",
              node.c_str(), color, quoted(label).c_str());
    };
    switch (s.kind) {
    case StepKind::Alloc:
    case StepKind::Free:
      break;
    case StepKind::Move:
      edge(arrayNode(s.inputs[0]), arrayNode(s.outputs[0]), "move", totals[i]);
      break;
    case StepKind::Halo:
      edge(arrayNode(s.inputs[0]), arrayNode(s.outputs[0]),
           "halo (" + s.label + ")", totals[i]);
      break;
    case StepKind::Compact:
      edge(arrayNode(s.inputs[0]), arrayNode(s.outputs[0]), s.label,
           totals[i]);
      break;
    case StepKind::Load:
      stepNode("load " + s.label, "#ffffb3");
      for (int id : s.outputs)
        appendf(out, "  %s -> a%d;\n", node.c_str(), id);
      break;
    case StepKind::Save:
      stepNode("save " + s.label, "#ffffb3");
      for (int id : s.inputs)
        appendf(out, "  a%d -> %s;\n", id, node.c_str());
      break;
    case StepKind::Call:
      stepNode("call " + s.label, "#fdb462");
      for (int id : s.inputs)
        appendf(out, "  a%d -> %s;\n", id, node.c_str());
      break;
    case StepKind::Stage: {
      std::string label = "stage";
      if (s.partials)
        appendf(label, ": %" PRId64 " partial%s per chunk", s.partials,
                s.partials == 1 ? "" : "s");
      stepNode(label, "#bebada");
      for (int id : s.inputs)
        appendf(out, "  a%d -> %s;\n", id, node.c_str());
      for (int id : s.outputs)
        appendf(out, "  %s -> a%d;\n", node.c_str(), id);
      lastStage = int(i);
      break;
    }
    case StepKind::Combine:
      stepNode("combine", "#80b1d3");
      if (lastStage >= 0)
        edge("s" + std::to_string(lastStage), node, "", totals[i]);
      break;
    case StepKind::Count:
      stepNode("count", "#80b1d3");
      if (lastStage >= 0)
        edge("s" + std::to_string(lastStage), node, "", totals[i]);
      appendf(out, "  %s -> a%d;\n", node.c_str(), s.outputs[0]);
      break;
    case StepKind::Fetch:
    case StepKind::Select:
      stepNode(s.kind == StepKind::Fetch ? "fetch" : "select", "#80b1d3");
      if (!s.inputs.empty())
        edge(arrayNode(s.inputs[0]), node, "", totals[i]);
      break;
    }
  }
  out += "}\n";
  return out;
}

std::string bridge::plan::toRankDot(const PlacementModel &model) {
  static const char *const kColors[] = {"#8dd3c7", "#ffffb3", "#bebada",
                                        "#fb8072", "#80b1d3", "#fdb462",
                                        "#b3de69", "#fccde5"};
  const Plan &plan = model.plan();
  int ranks = model.ranks();
  // The ranks drawn: all of them, or those that move the most.
  std::vector<std::pair<int64_t, int>> heaviest; // (-bytes moved, rank)
  for (int r = 0; r < ranks; ++r) {
    RankModel m = model.rank(r);
    heaviest.push_back({-(m.stats.bytesIn + m.stats.bytesOut), r});
    std::sort(heaviest.begin(), heaviest.end());
    if (heaviest.size() > size_t(kDrawnRanks))
      heaviest.pop_back();
  }
  std::vector<int> drawn;
  for (auto [bytes, r] : heaviest)
    drawn.push_back(r);
  std::sort(drawn.begin(), drawn.end());
  int others = ranks - int(drawn.size());
  constexpr int kOthers = -1;
  auto column = [&](int r) {
    auto at = std::lower_bound(drawn.begin(), drawn.end(), r);
    return at != drawn.end() && *at == r ? r : kOthers;
  };
  auto nodeName = [](size_t step, int r) {
    std::string name = "s" + std::to_string(step) + "_";
    return name +
           (r == kOthers ? std::string("others") : "r" + std::to_string(r));
  };

  // Transfers, those from or to the other ranks summed; a broadcast (the
  // same bytes to every other rank) is written on its step instead of as
  // edges to all.
  std::map<std::tuple<int, int, int>, int64_t> edges;
  std::map<std::pair<size_t, int>, int64_t> broadcasts; // the most, for others
  for (int r = 0; r < ranks; ++r) {
    RankModel m = model.rank(r);
    for (size_t i = 0; i < plan.steps.size(); ++i) {
      if (!m.stepOut[i])
        continue;
      Sends sends = model.sends(int(i), r);
      int from = column(r);
      if (sends.toEveryOther) {
        int64_t &most = broadcasts[{i, from}];
        most = std::max(most, sends.toEveryOther);
      }
      for (auto [to, bytes] : sends.to) {
        int into = column(to);
        if (from != kOthers || into != kOthers)
          edges[{int(i), from, into}] += bytes;
      }
    }
  }
  std::string out = "digraph plan {\n  rankdir=TB;\n";
  appendf(out, "  label=\"steps on %d rank%s%s\";\n  labelloc=t;\n", ranks,
          ranks == 1 ? "" : "s",
          others ? ", the ranks that move the most drawn alone" : "");
  out += "  fontname=\"Helvetica\";\n"
         "  node [shape=box, style=filled, fontname=\"Helvetica\", "
         "fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n";
  std::vector<int> columns = drawn;
  if (others)
    columns.push_back(kOthers);
  for (int r : columns) {
    if (r == kOthers)
      appendf(out, "  subgraph cluster_others {\n    label=\"the other %d "
                   "ranks\";\n", others);
    else
      appendf(out, "  subgraph cluster_rank%d {\n    label=\"rank %d\";\n", r,
              r);
    const char *color =
        r == kOthers ? "#d9d9d9"
                     : kColors[r % (sizeof(kColors) / sizeof(kColors[0]))];
    int previous = -1;
    for (size_t i = 0; i < plan.steps.size(); ++i) {
      if (plan.steps[i].kind == StepKind::Free)
        continue;
      std::string label = describe(plan, plan.steps[i]);
      auto broadcast = broadcasts.find({i, r});
      if (broadcast != broadcasts.end())
        appendf(label, "\\n%s%" PRId64 " B to every other rank",
                r == kOthers ? "each up to " : "", broadcast->second);
      appendf(out, "    %s [label=\"%s\", fillcolor=\"%s\"];\n",
              nodeName(i, r).c_str(), label.c_str(), color);
      if (previous >= 0)
        appendf(out, "    %s -> %s [style=dotted];\n",
                nodeName(size_t(previous), r).c_str(), nodeName(i, r).c_str());
      previous = int(i);
    }
    appendf(out, "    %s [label=\"end\", shape=plaintext, style=\"\"];\n",
            nodeName(plan.steps.size(), r).c_str());
    if (previous >= 0)
      appendf(out, "    %s -> %s [style=dotted];\n",
              nodeName(size_t(previous), r).c_str(),
              nodeName(plan.steps.size(), r).c_str());
    out += "  }\n";
  }
  // A transfer of step i ends at the receiver's next step (what it arrives
  // for): an edge within one row would be flat, which dot cannot route
  // between many clusters.
  std::vector<size_t> next(plan.steps.size(), plan.steps.size());
  for (size_t i = plan.steps.size(); i-- > 1;)
    next[i - 1] = plan.steps[i].kind == StepKind::Free ? next[i] : i;
  for (auto &[key, bytes] : edges) {
    auto [step, from, to] = key;
    appendf(out, "  %s -> %s [label=\"%" PRId64 " B\", color=red, "
                 "constraint=false];\n",
            nodeName(size_t(step), from).c_str(),
            nodeName(next[size_t(step)], to).c_str(), bytes);
  }
  out += "}\n";
  return out;
}
