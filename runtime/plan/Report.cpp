//===- Report.cpp - Plans explained as tables -----------------------------===//
//
// Walks the ranks one by one (PlacementModel::rank and ::sends) and keeps
// only what the text shows: the rows of at most kListedRanks ranks, else
// histograms of each figure (for the median), the heaviest ranks, and per
// step the first or the heaviest transfers.
//
//===----------------------------------------------------------------------===//
#include "Reporting.h"

#include <algorithm>
#include <cassert>
#include <cinttypes>
#include <map>

using namespace bridge::plan;

namespace {

constexpr int kShownTransfers = 16;
constexpr int kHeaviestRanks = 8;

/// The values a figure takes over the ranks, with how many ranks take each.
using Histogram = std::map<int64_t, int64_t>;

/// The lower median of the values in `h`, `count` of them.
int64_t median(const Histogram &h, int64_t count) {
  int64_t seen = 0, want = (count - 1) / 2;
  for (auto [value, ranks] : h) {
    seen += ranks;
    if (seen > want)
      return value;
  }
  return 0;
}

std::string row(const char *label, const RankStats &s) {
  std::string out;
  appendf(out, "%6s %10" PRId64 " %14" PRId64 " %14" PRId64 " %14" PRId64
               " %14" PRId64 "\n",
          label, s.chunks, s.elements, s.bytesIn, s.bytesOut, s.peakBytes);
  return out;
}

/// Orders transfers heaviest first, then by ranks.
bool heavier(const Transfer &a, const Transfer &b) {
  if (a.bytes != b.bytes)
    return a.bytes > b.bytes;
  return std::make_pair(a.from, a.to) < std::make_pair(b.from, b.to);
}

/// The transfers of one step that the text shows: the first ones in rank
/// order, or the heaviest.
class StepTransfers {
public:
  explicit StepTransfers(bool heaviest) : heaviest(heaviest) {}

  void add(const Transfer &t) {
    ++count;
    if (!heaviest) {
      if (shown.size() < kShownTransfers)
        shown.push_back(t);
      return;
    }
    if (shown.size() == kShownTransfers && !heavier(t, shown.back()))
      return;
    shown.insert(std::upper_bound(shown.begin(), shown.end(), t, heavier), t);
    if (shown.size() > kShownTransfers)
      shown.pop_back();
  }
  /// Whether a transfer of `bytes` could still be shown.
  bool wants(int64_t bytes) const {
    return heaviest ? shown.size() < kShownTransfers ||
                          bytes > shown.back().bytes
                    : shown.size() < kShownTransfers;
  }

  bool heaviest;
  int64_t count = 0;
  std::vector<Transfer> shown;
};

} // namespace

std::string bridge::plan::explain(const PlacementModel &model) {
  const Plan &plan = model.plan();
  int ranks = model.ranks();
  bool listed = ranks <= kListedRanks;
  std::string out, rows;
  appendf(out, "placement on %d rank%s\n\n", ranks, ranks == 1 ? "" : "s");
  RankStats total;
  Histogram figures[5];
  std::vector<RankStats> heaviestRanks; // by peak bytes, then rank
  std::vector<int> heaviestIds;
  std::vector<int64_t> stepBytes(plan.steps.size(), 0);
  std::vector<Histogram> stepSent(plan.steps.size());
  std::vector<StepTransfers> transfers(plan.steps.size(),
                                       StepTransfers(!listed));
  for (int r = 0; r < ranks; ++r) {
    RankModel m = model.rank(r);
    const RankStats &s = m.stats;
    if (listed)
      rows += row(std::to_string(r).c_str(), s);
    total.chunks += s.chunks;
    total.elements += s.elements;
    total.bytesIn += s.bytesIn;
    total.bytesOut += s.bytesOut;
    total.peakBytes = std::max(total.peakBytes, s.peakBytes);
    int64_t values[5] = {s.chunks, s.elements, s.bytesIn, s.bytesOut,
                         s.peakBytes};
    for (int f = 0; f < 5; ++f)
      ++figures[f][values[f]];
    if (!listed) {
      size_t at = 0;
      while (at < heaviestIds.size() &&
             heaviestRanks[at].peakBytes >= s.peakBytes)
        ++at;
      if (at < kHeaviestRanks) {
        heaviestRanks.insert(heaviestRanks.begin() + at, s);
        heaviestIds.insert(heaviestIds.begin() + at, r);
        if (heaviestIds.size() > kHeaviestRanks) {
          heaviestRanks.pop_back();
          heaviestIds.pop_back();
        }
      }
    }
    for (size_t i = 0; i < plan.steps.size(); ++i) {
      if (!m.stepOut[i])
        continue;
      if (!listed)
        ++stepSent[i][m.stepOut[i]];
      stepBytes[i] += m.stepOut[i];
      StepTransfers &shown = transfers[i];
      int64_t sent = 0, uncounted = 0;
      forEachTransfer(
          model, int(i), r, [&](int64_t bytes) { return shown.wants(bytes); },
          [&](const Transfer &t) {
            sent += t.bytes;
            shown.add(t);
          },
          uncounted);
      shown.count += uncounted;
      assert((uncounted || sent == m.stepOut[i]) &&
             "a rank's transfers add up to what it sends");
    }
  }

  appendf(out, "%6s %10s %14s %14s %14s %14s\n", "rank", "chunks", "elements",
          "bytes in", "bytes out", "peak bytes");
  if (listed) {
    out += rows;
  } else {
    RankStats low, mid, high;
    int64_t *fields[3][5] = {
        {&low.chunks, &low.elements, &low.bytesIn, &low.bytesOut,
         &low.peakBytes},
        {&mid.chunks, &mid.elements, &mid.bytesIn, &mid.bytesOut,
         &mid.peakBytes},
        {&high.chunks, &high.elements, &high.bytesIn, &high.bytesOut,
         &high.peakBytes}};
    for (int f = 0; f < 5; ++f) {
      *fields[0][f] = figures[f].begin()->first;
      *fields[1][f] = median(figures[f], ranks);
      *fields[2][f] = figures[f].rbegin()->first;
    }
    out += row("min", low) + row("median", mid) + row("max", high);
  }
  out += row("total", total);
  if (!listed) {
    appendf(out, "\nthe %zu ranks of most peak bytes:\n", heaviestIds.size());
    for (size_t i = 0; i < heaviestIds.size(); ++i)
      out += row(std::to_string(heaviestIds[i]).c_str(), heaviestRanks[i]);
  }
  appendf(out, "\nbytes moved between ranks: %" PRId64 "\n", total.bytesIn);
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    if (stepBytes[i] == 0)
      continue;
    appendf(out, "  step %zu, %s: %" PRId64 " bytes\n", i,
            describe(plan, plan.steps[i]).c_str(), stepBytes[i]);
    const StepTransfers &shown = transfers[i];
    if (!listed) {
      // Ranks that send nothing are not in the histogram.
      Histogram sent = stepSent[i];
      int64_t senders = 0;
      for (auto [bytes, count] : sent)
        senders += count;
      if (senders < ranks)
        sent[0] += ranks - senders;
      appendf(out,
              "    sent per rank: min %" PRId64 ", median %" PRId64
              ", max %" PRId64 "; the %zu heaviest of %" PRId64
              " transfers:\n",
              sent.begin()->first, median(sent, ranks), sent.rbegin()->first,
              shown.shown.size(), shown.count);
    }
    for (const Transfer &t : shown.shown)
      appendf(out, "    rank %d -> rank %d: %" PRId64 " bytes\n", t.from, t.to,
              t.bytes);
    if (shown.count > int64_t(shown.shown.size()))
      appendf(out, "    ... %" PRId64 " more transfers\n",
              shown.count - int64_t(shown.shown.size()));
  }
  return out;
}
