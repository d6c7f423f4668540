//===- Model.cpp - What a plan does on a given number of ranks ------------===//
//
// Applies the runtime's placement rules (contiguous runs of chunks; one slab
// of axis 0 per rank for `block`) to every array of a plan, and counts what
// each step moves between ranks and what each rank holds at its peak.
//
//===----------------------------------------------------------------------===//
#include "bridge/plan.h"

#include <algorithm>
#include <map>

using namespace bridge::plan;

int bridge::plan::ownerOfChunk(int64_t chunk, int64_t nchunks, int ranks) {
  // The rank r with floor(n*r/P) <= chunk < floor(n*(r+1)/P).
  __int128 r = (static_cast<__int128>(chunk + 1) * ranks - 1) / nchunks;
  return static_cast<int>(r);
}

namespace {

/// Where one array's chunks lie for a given rank count.
struct Layout {
  std::vector<std::vector<int64_t>> bounds; // per dimension: count + 1 edges
  std::vector<int64_t> counts;
  int64_t nchunks = 1;
  bool block = false;
  int ranks = 1;

  Layout(const Array &array, int ranks) : block(array.block), ranks(ranks) {
    for (size_t d = 0; d < array.shape.size(); ++d) {
      int64_t extent = array.shape[d];
      std::vector<int64_t> edges{0};
      if (block && d == 0) {
        for (int r = 1; r <= ranks; ++r)
          edges.push_back(static_cast<int64_t>(
              static_cast<__int128>(extent) * r / ranks));
      } else if (block) {
        edges.push_back(extent);
      } else {
        for (int64_t at = array.chunks[d]; at < extent; at += array.chunks[d])
          edges.push_back(at);
        if (extent > 0)
          edges.push_back(extent);
      }
      counts.push_back(static_cast<int64_t>(edges.size()) - 1);
      nchunks *= counts.back();
      bounds.push_back(std::move(edges));
    }
  }

  int owner(int64_t chunk) const {
    return block ? static_cast<int>(chunk) : ownerOfChunk(chunk, nchunks, ranks);
  }

  /// Row-major coordinates of a linear chunk index.
  std::vector<int64_t> coords(int64_t chunk) const {
    std::vector<int64_t> c(counts.size());
    for (int64_t d = counts.size() - 1; d >= 0; --d) {
      c[d] = chunk % counts[d];
      chunk /= counts[d];
    }
    return c;
  }

  int64_t linear(const std::vector<int64_t> &c) const {
    int64_t index = 0;
    for (size_t d = 0; d < counts.size(); ++d)
      index = index * counts[d] + c[d];
    return index;
  }

  int64_t extent(size_t dim, int64_t coord) const {
    return bounds[dim][coord + 1] - bounds[dim][coord];
  }

  /// The chunk coordinate along `dim` that holds index `at`.
  int64_t find(size_t dim, int64_t at) const {
    const std::vector<int64_t> &edges = bounds[dim];
    return std::upper_bound(edges.begin(), edges.end(), at) - edges.begin() - 1;
  }
};

/// Elements of `array`'s chunk `chunk` as stored (halo included).
int64_t storedElements(const Array &array, const Layout &layout,
                       int64_t chunk) {
  std::vector<int64_t> c = layout.coords(chunk);
  int64_t n = 1;
  for (size_t d = 0; d < c.size(); ++d) {
    int64_t e = layout.extent(d, c[d]);
    if (static_cast<int>(d) == array.haloAxis)
      e += 2 * array.haloWidth;
    n *= e;
  }
  return n;
}

/// Per-rank bytes an array holds.
std::vector<int64_t> heldBytes(const Array &array, const Layout &layout) {
  std::vector<int64_t> bytes(layout.ranks, 0);
  for (int64_t k = 0; k < layout.nchunks; ++k)
    bytes[layout.owner(k)] += storedElements(array, layout, k) * array.elementBytes;
  return bytes;
}

/// numpy.pad's source index for padded position p of an axis of length n.
int64_t padSource(int64_t p, int64_t n, const std::string &mode) {
  if (p >= 0 && p < n)
    return p;
  if (mode == "constant")
    return -1;
  if (mode == "edge")
    return p < 0 ? 0 : n - 1;
  auto wrap = [](int64_t a, int64_t m) { return ((a % m) + m) % m; };
  if (mode == "wrap")
    return wrap(p, n);
  if (mode == "symmetric") {
    int64_t m = wrap(p, 2 * n);
    return m < n ? m : 2 * n - 1 - m;
  }
  if (n == 1)
    return 0;
  int64_t m = wrap(p, 2 * n - 2); // reflect
  return m < n ? m : 2 * n - 2 - m;
}

/// Counts, per destination dimension and chunk coordinate, how many
/// destination coordinates read each source chunk coordinate.
using Overlaps = std::vector<std::vector<std::pair<int64_t, int64_t>>>;

Overlaps overlapsAlong(const Layout &dst, size_t dim, const Layout &src,
                       const AxisMap &map) {
  Overlaps out(dst.counts[dim]);
  const std::vector<int64_t> &srcEdges = src.bounds[map.srcDim];
  for (int64_t i = 0; i < dst.counts[dim]; ++i) {
    int64_t t0 = std::max(dst.bounds[dim][i], map.lo);
    int64_t t1 = std::min(dst.bounds[dim][i + 1], map.hi);
    if (t0 >= t1)
      continue;
    int64_t s0 = map.offset + map.step * t0;
    int64_t s1 = map.offset + map.step * (t1 - 1);
    for (int64_t j = src.find(map.srcDim, s0);
         j >= 0 && j < src.counts[map.srcDim] && srcEdges[j] <= s1; ++j) {
      // t in [t0, t1) with offset + step * t in [edge_j, edge_j+1).
      auto firstT = [&](int64_t s) {
        int64_t num = s - map.offset;
        return num <= 0 ? -((-num) / map.step) : (num + map.step - 1) / map.step;
      };
      int64_t a = std::max(t0, firstT(srcEdges[j]));
      int64_t b = std::min(t1, firstT(srcEdges[j + 1]));
      if (a < b)
        out[i].push_back({j, b - a});
    }
  }
  return out;
}

class Modeller {
public:
  Modeller(const Plan &plan, int ranks) : plan(plan), ranks(ranks) {
    report.ranks = ranks;
    report.perRank.resize(ranks);
    for (const Array &array : plan.arrays)
      layouts.emplace_back(array, ranks);
    live.assign(ranks, 0);
  }

  Report run() {
    for (size_t i = 0; i < plan.steps.size(); ++i)
      step(static_cast<int>(i), plan.steps[i]);
    for (auto &[key, bytes] : pairs)
      report.transfers.push_back({std::get<0>(key), std::get<1>(key),
                                  std::get<2>(key), bytes});
    return report;
  }

private:
  void send(int step, int from, int to, int64_t bytes) {
    if (from == to || bytes == 0)
      return;
    report.perRank[from].bytesOut += bytes;
    report.perRank[to].bytesIn += bytes;
    report.stepBytes[step] += bytes;
    pairs[{step, from, to}] += bytes;
    transient[from] += bytes;
    transient[to] += bytes;
  }

  void create(int id, bool materialised) {
    const Array &array = plan.arrays[id];
    std::vector<int64_t> bytes = heldBytes(array, layouts[id]);
    for (int r = 0; r < ranks; ++r)
      live[r] += bytes[r];
    if (!materialised)
      return;
    for (int64_t k = 0; k < layouts[id].nchunks; ++k) {
      RankStats &s = report.perRank[layouts[id].owner(k)];
      s.chunks += 1;
      s.elements += storedElements(array, layouts[id], k);
    }
  }

  void move(int step, const Step &s) {
    int src = s.inputs[0], dst = s.outputs[0];
    const Layout &from = layouts[src], &to = layouts[dst];
    std::vector<Overlaps> perDim;
    for (size_t d = 0; d < to.counts.size(); ++d)
      perDim.push_back(overlapsAlong(to, d, from, s.maps[d]));
    int64_t bytes = plan.arrays[dst].elementBytes;
    std::vector<int64_t> srcCoord(from.counts.size());
    for (int64_t k = 0; k < to.nchunks; ++k) {
      std::vector<int64_t> c = to.coords(k);
      int owner = to.owner(k);
      // Every combination of one overlap per dimension is one box.
      std::vector<size_t> pick(c.size(), 0);
      bool empty = false;
      for (size_t d = 0; d < c.size(); ++d)
        empty |= perDim[d][c[d]].empty();
      while (!empty) {
        int64_t count = 1;
        for (size_t d = 0; d < c.size(); ++d) {
          auto [j, n] = perDim[d][c[d]][pick[d]];
          srcCoord[s.maps[d].srcDim] = j;
          count *= n;
        }
        send(step, from.owner(from.linear(srcCoord)), owner, count * bytes);
        size_t d = c.size();
        while (d > 0 && ++pick[d - 1] == perDim[d - 1][c[d - 1]].size())
          pick[--d] = 0;
        if (d == 0)
          break;
      }
    }
  }

  void halo(int step, const Step &s) {
    int src = s.inputs[0], dst = s.outputs[0];
    const Array &array = plan.arrays[dst];
    const Layout &layout = layouts[src];
    size_t axis = array.haloAxis;
    int64_t n = array.shape[axis];
    for (int64_t k = 0; k < layout.nchunks; ++k) {
      std::vector<int64_t> c = layout.coords(k);
      int64_t row = array.elementBytes;
      for (size_t d = 0; d < c.size(); ++d)
        if (d != axis)
          row *= layout.extent(d, c[d]);
      int64_t lo = layout.bounds[axis][c[axis]], hi = layout.bounds[axis][c[axis] + 1];
      for (int64_t p = lo - array.haloWidth; p < hi + array.haloWidth; ++p) {
        if (p == lo)
          p = hi; // the chunk's own rows
        if (p >= hi + array.haloWidth)
          break;
        int64_t q = padSource(p, n, s.label);
        if (q < 0)
          continue;
        std::vector<int64_t> from = c;
        from[axis] = layout.find(axis, q);
        send(step, layout.owner(layout.linear(from)), layout.owner(k), row);
      }
    }
  }

  void step(int index, const Step &s) {
    report.stepBytes.push_back(0);
    transient.assign(ranks, 0);
    switch (s.kind) {
    case StepKind::Alloc:
    case StepKind::Load:
      for (int id : s.outputs)
        create(id, true);
      break;
    case StepKind::Halo:
      for (int id : s.outputs)
        create(id, false);
      halo(index, s);
      break;
    case StepKind::Free:
      for (int id : s.inputs) {
        std::vector<int64_t> bytes = heldBytes(plan.arrays[id], layouts[id]);
        for (int r = 0; r < ranks; ++r)
          live[r] -= bytes[r];
      }
      break;
    case StepKind::Move:
      move(index, s);
      break;
    case StepKind::Stage:
      // Every rank keeps a slot per chunk for each partial result.
      for (int r = 0; r < ranks; ++r)
        transient[r] += s.partials * s.chunks * 8;
      break;
    case StepKind::Combine:
      // Each owner's partials reach every other rank.
      for (int64_t k = 0; k < s.chunks; ++k)
        for (int r = 0; r < ranks; ++r)
          send(index, ownerOfChunk(k, s.chunks, ranks), r,
               8 * std::max<int64_t>(1, s.partials));
      break;
    case StepKind::Fetch:
      if (!s.inputs.empty()) {
        const Layout &layout = layouts[s.inputs[0]];
        std::vector<int64_t> at(layout.counts.size(), 0);
        for (size_t d = 0; d < at.size() && d < s.maps.size(); ++d)
          at[d] = layout.find(d, s.maps[d].lo);
        int owner = layout.owner(layout.linear(at));
        for (int r = 0; r < ranks; ++r)
          send(index, owner, r, plan.arrays[s.inputs[0]].elementBytes);
      }
      break;
    case StepKind::Save:
    case StepKind::Call:
      break;
    }
    for (int r = 0; r < ranks; ++r)
      report.perRank[r].peakBytes =
          std::max(report.perRank[r].peakBytes, live[r] + transient[r]);
  }

  const Plan &plan;
  int ranks;
  Report report;
  std::vector<Layout> layouts;
  std::vector<int64_t> live, transient;
  std::map<std::tuple<int, int, int>, int64_t> pairs;
};

} // namespace

Report bridge::plan::model(const Plan &plan, int ranks) {
  return Modeller(plan, ranks < 1 ? 1 : ranks).run();
}
