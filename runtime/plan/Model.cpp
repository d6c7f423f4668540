//===- Model.cpp - What a plan does on a given number of ranks ------------===//
//
// Applies the runtime's placement rules (contiguous runs of chunks; one slab
// of axis 0 per rank for `block`) to every array of a plan, and counts what
// each step moves between ranks and what each rank holds at its peak.
//
//===----------------------------------------------------------------------===//
#include "bridge/plan.h"

#include "bridge/layout/AffineRun.h"
#include "bridge/layout/CombineTree.h"
#include "bridge/layout/Grid.h"
#include "bridge/layout/Pad.h"
#include "bridge/layout/Placement.h"

#include <algorithm>
#include <cassert>
#include <map>

using namespace bridge::plan;
namespace layout = bridge::layout;

namespace {

/// Where one array's chunks lie for a given rank count.
struct PlacedArray {
  layout::Grid grid;
  layout::Placement placement = layout::Placement::Contiguous;
  int ranks = 1;

  PlacedArray(const Array &array, int ranks) : ranks(ranks) {
    int32_t ndim = static_cast<int32_t>(array.shape.size());
    if (array.block) {
      placement = layout::Placement::Block;
      grid = layout::makeBlockGrid(ndim, array.shape.data(), ranks);
      return;
    }
    [[maybe_unused]] bool fits = layout::makeRegularGrid(
        ndim, array.shape.data(), array.chunks.data(), &grid);
    assert(fits && "parse() refuses grids of more than INT64_MAX chunks");
  }

  int owner(int64_t chunk) const {
    return layout::chunkOwner(placement, chunk, grid.nchunks, ranks);
  }
};

/// Elements of `array`'s chunk `chunk` as stored (halo included).
int64_t storedElements(const Array &array, const PlacedArray &placed,
                       int64_t chunk) {
  int64_t start[layout::kMaxDims], extent[layout::kMaxDims];
  placed.grid.box(chunk, start, extent);
  int64_t n = 1;
  for (int32_t d = 0; d < placed.grid.ndim; ++d)
    n *= extent[d] + (d == array.haloAxis ? 2 * array.haloWidth : 0);
  return n;
}

/// Per-rank bytes an array holds.
std::vector<int64_t> heldBytes(const Array &array, const PlacedArray &placed) {
  std::vector<int64_t> bytes(placed.ranks, 0);
  for (int64_t k = 0; k < placed.grid.nchunks; ++k)
    bytes[placed.owner(k)] += storedElements(array, placed, k) * array.elementBytes;
  return bytes;
}

/// Counts, per destination dimension and chunk coordinate, how many
/// destination coordinates read each source chunk coordinate.
using Overlaps = std::vector<std::vector<std::pair<int64_t, int64_t>>>;

Overlaps overlapsAlong(const PlacedArray &dst, int dim, const PlacedArray &src,
                       const AxisMap &map) {
  const layout::Tiling &to = dst.grid.axes[dim];
  const layout::Tiling &from = src.grid.axes[map.srcDim];
  Overlaps out(to.count);
  for (int64_t i = 0; i < to.count; ++i) {
    int64_t t0 = std::max(to.begin(i), map.lo);
    int64_t t1 = std::min(to.end(i), map.hi);
    for (int64_t t = t0; t < t1;) {
      layout::AffineRun run =
          layout::affineRunAt(from, map.offset, map.step, t, t1);
      out[i].push_back({run.chunk, run.end - t});
      t = run.end;
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
      placedArrays.emplace_back(array, ranks);
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
    std::vector<int64_t> bytes = heldBytes(array, placedArrays[id]);
    for (int r = 0; r < ranks; ++r)
      live[r] += bytes[r];
    if (!materialised)
      return;
    for (int64_t k = 0; k < placedArrays[id].grid.nchunks; ++k) {
      RankStats &s = report.perRank[placedArrays[id].owner(k)];
      s.chunks += 1;
      s.elements += storedElements(array, placedArrays[id], k);
    }
  }

  void move(int step, const Step &s) {
    int src = s.inputs[0], dst = s.outputs[0];
    const PlacedArray &from = placedArrays[src], &to = placedArrays[dst];
    int32_t ndim = to.grid.ndim;
    std::vector<Overlaps> perDim;
    for (int32_t d = 0; d < ndim; ++d)
      perDim.push_back(overlapsAlong(to, d, from, s.maps[d]));
    int64_t bytes = plan.arrays[dst].elementBytes;
    int64_t srcCoord[layout::kMaxDims] = {0, 0, 0, 0};
    for (int64_t k = 0; k < to.grid.nchunks; ++k) {
      int64_t c[layout::kMaxDims];
      to.grid.coords(k, c);
      int owner = to.owner(k);
      // Every combination of one overlap per dimension is one box.
      std::vector<size_t> pick(ndim, 0);
      bool empty = false;
      for (int32_t d = 0; d < ndim; ++d)
        empty |= perDim[d][c[d]].empty();
      while (!empty) {
        int64_t count = 1;
        for (int32_t d = 0; d < ndim; ++d) {
          auto [j, n] = perDim[d][c[d]][pick[d]];
          srcCoord[s.maps[d].srcDim] = j;
          count *= n;
        }
        send(step, from.owner(from.grid.index(srcCoord)), owner,
             count * bytes);
        int32_t d = ndim;
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
    const PlacedArray &placed = placedArrays[src];
    int32_t axis = array.haloAxis;
    if (axis < 0)
      return; // Zero widths: nothing moves.
    const layout::Tiling &along = placed.grid.axes[axis];
    int64_t n = array.shape[axis];
    layout::PadMode mode;
    [[maybe_unused]] bool known = layout::padModeNamed(s.label.c_str(), &mode);
    assert(known && "parse() refuses halos of unknown modes");
    for (int64_t k = 0; k < placed.grid.nchunks; ++k) {
      int64_t c[layout::kMaxDims], start[layout::kMaxDims],
          extent[layout::kMaxDims];
      placed.grid.coords(k, c);
      placed.grid.box(k, start, extent);
      int64_t row = array.elementBytes;
      for (int32_t d = 0; d < placed.grid.ndim; ++d)
        if (d != axis)
          row *= extent[d];
      int64_t lo = start[axis], hi = lo + extent[axis];
      for (int64_t p = lo - array.haloWidth; p < hi + array.haloWidth; ++p) {
        if (p == lo)
          p = hi; // the chunk's own rows
        if (p >= hi + array.haloWidth)
          break;
        int64_t q = layout::padSource(p, n, mode);
        if (q < 0)
          continue;
        int64_t from[layout::kMaxDims];
        std::copy(c, c + layout::kMaxDims, from);
        from[axis] = along.find(q);
        send(step, placed.owner(placed.grid.index(from)), placed.owner(k), row);
      }
    }
  }

  /// The sends of the combining tree, as the runtime counts them, then the
  /// root's broadcast from its owner to every other rank.
  void combine(int step, const Step &s) {
    auto placement = layout::Placement::Contiguous;
    int64_t bytes = layout::combineValueBytes(s.partials == 4);
    layout::CombineStep steps[layout::kMaxCombineSteps];
    for (int r = 0; r < ranks; ++r) {
      int32_t n = layout::combineSteps(placement, s.chunks, r, ranks, steps);
      for (int32_t i = 0; i < n; ++i)
        if (steps[i].kind == layout::CombineStepKind::Send)
          send(step, r, steps[i].peer, bytes);
    }
    int root = layout::combineRootOwner(placement, s.chunks, ranks);
    for (int r = 0; root >= 0 && r < ranks; ++r)
      send(step, root, r, bytes);
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
        std::vector<int64_t> bytes = heldBytes(plan.arrays[id], placedArrays[id]);
        for (int r = 0; r < ranks; ++r)
          live[r] -= bytes[r];
      }
      break;
    case StepKind::Move:
      move(index, s);
      break;
    case StepKind::Stage:
      // Every rank keeps a stack of tree nodes for each partial result.
      for (int r = 0; r < ranks; ++r)
        transient[r] +=
            s.partials * layout::combineStackBound(s.chunks) * 8;
      break;
    case StepKind::Combine:
      combine(index, s);
      break;
    case StepKind::Fetch:
      if (!s.inputs.empty()) {
        const PlacedArray &placed = placedArrays[s.inputs[0]];
        int64_t at[layout::kMaxDims] = {0, 0, 0, 0};
        for (int32_t d = 0; d < placed.grid.ndim; ++d)
          if (static_cast<size_t>(d) < s.maps.size())
            at[d] = placed.grid.axes[d].find(s.maps[d].lo);
        int owner = placed.owner(placed.grid.index(at));
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
  std::vector<PlacedArray> placedArrays;
  std::vector<int64_t> live, transient;
  std::map<std::tuple<int, int, int>, int64_t> pairs;
};

} // namespace

Report bridge::plan::model(const Plan &plan, int ranks) {
  return Modeller(plan, ranks < 1 ? 1 : ranks).run();
}
