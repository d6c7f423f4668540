//===- Model.cpp - What a plan does on a given number of ranks ------------===//
//
// Applies the runtime's placement rules (contiguous runs of chunks; one slab
// of axis 0 per rank for `block`) to the arrays of a plan and counts, one rank
// at a time, what each step moves to and from that rank and what it holds at
// its peak. A rank's chunks are a run of the row-major grid, which is a few
// boxes of chunks (layout/ChunkRun.h): a move is counted box against box
// through the inverse of its axis maps, a halo through the neighbours each
// chunk coordinate reads, so the cost grows with neither the chunk count nor
// the rank count. A block-cyclic array (one local matrix per rank) is the
// exception: a move into or out of it is counted piece by piece, as the
// runtime sends them (layout::forEachPiece). An array moved out of that layout
// keeps a copy of the local matrices (the runtime's cyclicShadow), which it
// holds until freed and which makes a move back into the same layout local.
//
//===----------------------------------------------------------------------===//
#include "bridge/plan.h"

#include "bridge/layout/AffineRun.h"
#include "bridge/layout/ChunkRun.h"
#include "bridge/layout/CombineTree.h"
#include "bridge/layout/Cyclic.h"
#include "bridge/layout/Grid.h"
#include "bridge/layout/RadixSelect.h"
#include "bridge/layout/Pad.h"
#include "bridge/layout/Placement.h"

#include <algorithm>
#include <cassert>
#include <map>

using namespace bridge::plan;
namespace layout = bridge::layout;
using layout::ChunkBox;
using layout::kMaxDims;

namespace {

/// Numbers [lo, hi): chunks, elements or ranks.
struct Range {
  int64_t lo = 0, hi = 0;
  int64_t size() const { return hi > lo ? hi - lo : 0; }
};

Range intersect(Range a, Range b) {
  return {std::max(a.lo, b.lo), std::min(a.hi, b.hi)};
}

/// `a` without `b` (b.lo <= b.hi): at most two ranges, written to `out`.
int subtract(Range a, Range b, Range out[2]) {
  int n = 0;
  Range left{a.lo, std::min(a.hi, b.lo)}, right{std::max(a.lo, b.hi), a.hi};
  if (left.size())
    out[n++] = left;
  if (right.size())
    out[n++] = right;
  return n;
}

/// The bytes one rank receives and sends in one step.
struct Traffic {
  int64_t in = 0, out = 0;
};

/// A rank's chunks of one grid as boxes.
struct Share {
  ChunkBox boxes[layout::kMaxRunBoxes];
  int count = 0;
};

/// Where one array's chunks lie for a given rank count.
struct PlacedArray {
  const Array *array;
  layout::Grid grid;
  layout::Placement placement = layout::Placement::Contiguous;
  int ranks = 1;

  /// The blocks of a block-cyclic array, or the chunks of a 2-D array that
  /// moves to or from one.
  layout::MatrixTiles tiles;

  PlacedArray(const Array &array, int ranks) : array(&array), ranks(ranks) {
    int32_t ndim = static_cast<int32_t>(array.shape.size());
    if (array.cyclic) {
      int32_t p = int32_t(array.gridRows), q = int32_t(array.gridCols);
      if (p == 0)
        layout::defaultProcessGrid(ranks, &p, &q);
      tiles = layout::MatrixTiles::ofCyclic(
          {array.shape[0], array.shape[1], array.chunks[0], array.chunks[1],
           p, q});
    } else if (ndim == 2 && !array.block) {
      tiles = layout::MatrixTiles::ofChunks(array.shape.data(),
                                            array.chunks.data(), ranks);
    }
    if (array.block) {
      placement = layout::Placement::Block;
      grid = layout::makeBlockGrid(ndim, array.shape.data(), ranks);
      return;
    }
    [[maybe_unused]] bool fits = layout::makeRegularGrid(
        ndim, array.shape.data(), array.chunks.data(), &grid);
    assert(fits && "parse() refuses grids of more than INT64_MAX chunks");
  }

  /// The elements of `rank`'s local matrix (block-cyclic arrays).
  int64_t localElements(int rank) const {
    const layout::CyclicLayout &c = tiles.layout;
    if (rank >= int64_t(c.p) * c.q)
      return 0;
    return c.localRows(rank / c.q) * c.localCols(rank % c.q);
  }

  int owner(int64_t chunk) const {
    return layout::chunkOwner(placement, chunk, grid.nchunks, ranks);
  }
  Range owned(int rank) const {
    Range r;
    layout::ownedRange(placement, grid.nchunks, rank, ranks, &r.lo, &r.hi);
    return r;
  }
  Share share(Range chunks) const {
    Share s;
    if (chunks.size())
      s.count = layout::chunkRunBoxes(grid, chunks.lo, chunks.hi, s.boxes);
    return s;
  }
  Range elements(const ChunkBox &box, int32_t d) const {
    Range r;
    layout::boxElements(grid, box, d, &r.lo, &r.hi);
    return r;
  }
  /// Whether a halo's margins from the same rank are read in place: then
  /// the rank stores them once at each end of each line of chunks along the
  /// axis.
  bool marginsInPlace() const {
    return array->haloAxis >= 0 && placement == layout::Placement::Contiguous &&
           layout::marginsInPlace(grid, array->haloAxis);
  }
  /// Elements of the chunks of `box` as stored, with the margins of each
  /// chunk unless they are read in place.
  int64_t stored(const ChunkBox &box) const {
    int64_t n = 1;
    for (int32_t d = 0; d < kMaxDims; ++d) {
      int64_t chunks = box.hi[d] - box.lo[d];
      bool margins = d == array->haloAxis && !marginsInPlace();
      n *= elements(box, d).size() +
           (margins ? 2 * array->haloWidth * chunks : 0);
    }
    return n;
  }
  /// Elements of chunks `chunks` as a rank stores them, margins included.
  int64_t stored(Range chunks) const {
    Share s = share(chunks);
    int64_t n = 0;
    for (int i = 0; i < s.count; ++i)
      n += stored(s.boxes[i]);
    if (marginsInPlace())
      n +=
          2 * array->haloWidth *
          layout::lineSlabElements(grid, array->haloAxis, chunks.lo, chunks.hi);
    return n;
  }
};

/// Counts the elements of a move: destination coordinate t of dimension d
/// reads source coordinate offset + step * t of dimension srcDim, for t in
/// [lo, hi); a source dimension that no map names is read at chunk 0.
class MoveCounter {
public:
  MoveCounter(const Step &step, const PlacedArray &from, const PlacedArray &to)
      : step(step), from(from), to(to) {
    for (const AxisMap &map : step.maps) {
      assert(!mapped[map.srcDim] && "a move reads each source dimension once");
      mapped[map.srcDim] = true;
    }
  }

  /// The destination elements of `box` that the move writes.
  void written(const ChunkBox &box, Range out[kMaxDims]) const {
    for (int32_t d = 0; d < to.grid.ndim; ++d)
      out[d] = intersect(to.elements(box, d), mapRange(d));
  }
  /// All destination elements the move writes.
  void writtenAll(Range out[kMaxDims]) const {
    for (int32_t d = 0; d < to.grid.ndim; ++d)
      out[d] = intersect({0, to.grid.axes[d].extent}, mapRange(d));
  }
  static int64_t volume(const Range dst[kMaxDims], int32_t ndim) {
    int64_t n = 1;
    for (int32_t d = 0; d < ndim; ++d)
      n *= dst[d].size();
    return n;
  }
  /// The destination coordinates among `dst` whose source lies in the
  /// source chunks `src`, or false when there are none.
  bool readers(const Range dst[kMaxDims], const ChunkBox &src,
               Range out[kMaxDims]) const {
    for (int32_t e = 0; e < kMaxDims; ++e)
      if (!mapped[e] && src.lo[e] != 0)
        return false;
    for (int32_t d = 0; d < to.grid.ndim; ++d) {
      const AxisMap &map = step.maps[d];
      Range s = from.elements(src, map.srcDim), t;
      layout::affinePreimage(map.offset, map.step, s.lo, s.hi, &t.lo, &t.hi);
      out[d] = intersect(dst[d], t);
      if (!out[d].size())
        return false;
    }
    return true;
  }
  int64_t reads(const Range dst[kMaxDims], const ChunkBox &src) const {
    Range within[kMaxDims];
    return readers(dst, src, within) ? volume(within, to.grid.ndim) : 0;
  }
  /// Elements of the destination chunks `dst` read from source chunks `src`.
  int64_t reads(const Share &dst, const Share &src) const {
    int64_t n = 0;
    for (int i = 0; i < dst.count; ++i) {
      Range written[kMaxDims];
      this->written(dst.boxes[i], written);
      for (int j = 0; j < src.count; ++j)
        n += reads(written, src.boxes[j]);
    }
    return n;
  }

private:
  Range mapRange(int32_t d) const { return {step.maps[d].lo, step.maps[d].hi}; }

  const Step &step;
  const PlacedArray &from, &to;
  bool mapped[kMaxDims] = {false, false, false, false};
};

/// Every chunk whose coordinate along the halo axis lies in `coords`
/// receives `rows` rows (elements along the axis, times the chunk's other
/// extents) from the chunk `delta` coordinates away along that axis.
struct HaloLink {
  Range coords;
  int64_t delta = 0;
  int64_t rows = 0;
};

/// The neighbours that the chunks of tiling `along` read for a halo of
/// `width` rows on each side, padded as numpy.pad's `mode` over `n` elements.
/// Chunks away from the ends read the same neighbours at the same distances
/// (for slabs when no slab is thinner than the halo); those are one link
/// each, the chunks near the ends are listed one by one.
std::vector<HaloLink> haloLinks(const layout::Tiling &along, int64_t n,
                                int64_t width, layout::PadMode mode) {
  if (width == 0)
    return {};
  auto neighbours = [&](int64_t c) {
    std::map<int64_t, int64_t> rows;
    int64_t lo = along.begin(c), hi = along.end(c);
    auto read = [&](int64_t p) {
      int64_t q = layout::padSource(p, n, mode);
      if (q >= 0)
        rows[along.find(q) - c] += 1;
    };
    for (int64_t p = lo - width; p < lo; ++p)
      read(p);
    for (int64_t p = hi; p < hi + width; ++p)
      read(p);
    rows.erase(0); // a chunk's own rows move nowhere
    return rows;
  };
  // Chunks whose padded rows all lie inside the axis, in neighbours at fixed
  // distances.
  Range inner;
  if (along.chunk > 0) {
    inner.lo = (width + along.chunk - 1) / along.chunk;
    inner.hi = n >= width ? (n - width) / along.chunk : 0;
  } else if (along.count >= 3 && width <= n / along.count) {
    inner = {1, along.count - 1};
  }
  std::vector<HaloLink> links;
  if (inner.size())
    for (auto [delta, rows] : neighbours(inner.lo))
      links.push_back({inner, delta, rows});
  else
    inner = {along.count, along.count};
  auto listOne = [&](int64_t c) {
    for (auto [delta, rows] : neighbours(c))
      links.push_back({{c, c + 1}, delta, rows});
  };
  for (int64_t c = 0; c < inner.lo; ++c)
    listOne(c);
  for (int64_t c = inner.hi; c < along.count; ++c)
    listOne(c);
  return links;
}

//===-- Steps whose traffic does not depend on an array's placement -------===//

/// Stage: every rank keeps a stack of combining-tree nodes for each partial
/// result.
int64_t stageBuffers(const Step &step) {
  return step.partials * layout::combineStackBound(step.chunks) * 8;
}

/// Combine: the sends of the combining tree (layout/CombineTree.h), as the
/// runtime counts them; the root's owner then broadcasts the result.
struct CombineShare {
  Sends sends;
  int64_t received = 0;
};
CombineShare combineShare(const Step &step, int rank, int ranks) {
  constexpr auto placement = layout::Placement::Contiguous;
  int64_t bytes = layout::combineValueBytes(step.partials);
  layout::CombineStep steps[layout::kMaxCombineSteps];
  int32_t n = layout::combineSteps(placement, step.chunks, rank, ranks, steps);
  std::map<int, int64_t> to;
  CombineShare share;
  for (int32_t i = 0; i < n; ++i) {
    if (steps[i].kind == layout::CombineStepKind::Send)
      to[steps[i].peer] += bytes;
    else if (steps[i].kind == layout::CombineStepKind::Receive)
      share.received += bytes;
  }
  share.sends.to.assign(to.begin(), to.end());
  int root = layout::combineRootOwner(placement, step.chunks, ranks);
  if (root == rank)
    share.sends.toEveryOther = bytes;
  else if (root >= 0)
    share.received += bytes;
  return share;
}
Traffic combineTraffic(const Step &step, int rank, int ranks) {
  CombineShare share = combineShare(step, rank, ranks);
  int64_t out = share.sends.toEveryOther * (ranks - 1);
  for (auto [peer, bytes] : share.sends.to)
    out += bytes;
  return {share.received, out};
}
Sends combineSends(const Step &step, int rank, int ranks) {
  return combineShare(step, rank, ranks).sends;
}

/// The counts a selection sums over the ranks in all its passes, in bytes:
/// each pass a reduce to rank 0 and a broadcast from it, which count as
/// every other rank sending its counts to rank 0 and rank 0 sending the sums
/// to every other rank.
int64_t selectBytes(const Step &step, const Plan &plan) {
  int64_t elementBytes = plan.arrays[step.inputs[0]].elementBytes;
  return step.partials * int64_t(sizeof(int64_t)) *
         layout::radixPasses(elementBytes);
}
Traffic selectTraffic(const Step &step, int rank, int ranks,
                      const Plan &plan) {
  if (ranks == 1 || step.inputs.empty())
    return {};
  int64_t bytes = selectBytes(step, plan);
  if (rank == 0)
    return {bytes * (ranks - 1), bytes * (ranks - 1)};
  return {bytes, bytes};
}
Sends selectSends(const Step &step, int rank, int ranks, const Plan &plan) {
  Sends sends;
  if (ranks == 1 || step.inputs.empty())
    return sends;
  if (rank == 0)
    sends.toEveryOther = selectBytes(step, plan);
  else
    sends.to.push_back({0, selectBytes(step, plan)});
  return sends;
}

} // namespace

//===-- The model ---------------------------------------------------------===//

struct PlacementModel::Impl {
  const Plan &plan;
  int ranks;
  std::vector<PlacedArray> arrays;
  std::vector<std::vector<HaloLink>> links; // per step; halos only
  /// Per array: the block-cyclic array it was moved from, or -1.
  std::vector<int> shadowOf;

  Impl(const Plan &plan, int ranks) : plan(plan), ranks(ranks) {
    for (const Array &array : plan.arrays)
      arrays.emplace_back(array, ranks);
    links.resize(plan.steps.size());
    shadowOf.assign(plan.arrays.size(), -1);
    for (size_t i = 0; i < plan.steps.size(); ++i) {
      const Step &s = plan.steps[i];
      if (s.kind == StepKind::Move && plan.arrays[s.inputs[0]].cyclic &&
          !plan.arrays[s.outputs[0]].cyclic)
        shadowOf[s.outputs[0]] = s.inputs[0];
      if (s.kind != StepKind::Halo)
        continue;
      const Array &array = plan.arrays[s.outputs[0]];
      if (array.haloAxis < 0)
        continue; // Zero widths: nothing moves.
      layout::PadMode mode;
      [[maybe_unused]] bool known =
          layout::padModeNamed(s.label.c_str(), &mode);
      assert(known && "parse() refuses halos of unknown modes");
      links[i] = haloLinks(arrays[s.inputs[0]].grid.axes[array.haloAxis],
                           array.shape[array.haloAxis], array.haloWidth, mode);
    }
  }

  /// The bytes of the copy of local matrices that array `id` keeps.
  int64_t shadowBytes(int id, int rank) const {
    if (shadowOf[id] < 0)
      return 0;
    const PlacedArray &cyclic = arrays[shadowOf[id]];
    return cyclic.localElements(rank) * cyclic.array->elementBytes;
  }

  int64_t held(int id, int rank) const {
    const PlacedArray &placed = arrays[id];
    if (int64_t shadow = shadowBytes(id, rank))
      return shadow +
             placed.stored(placed.owned(rank)) * placed.array->elementBytes;
    if (placed.array->cyclic)
      return placed.localElements(rank) * placed.array->elementBytes;
    return placed.stored(placed.owned(rank)) * placed.array->elementBytes;
  }

  //===-- Counts ----------------------------------------------------------===//
  // Every rank but the owner of the output's one chunk sends it its
  // counters (runtime/src/Counts.cpp); no counters, no chunk, nothing sent.

  Traffic countTraffic(const Step &s, int rank) const {
    const PlacedArray &to = arrays[s.outputs[0]];
    int64_t bytes = to.array->shape[0] * int64_t(sizeof(int64_t));
    if (ranks == 1 || to.grid.nchunks == 0)
      return {};
    if (rank == to.owner(0))
      return {bytes * (ranks - 1), 0};
    return {0, bytes};
  }

  Sends countSends(const Step &s, int rank) const {
    const PlacedArray &to = arrays[s.outputs[0]];
    Sends sends;
    if (ranks > 1 && to.grid.nchunks > 0 && rank != to.owner(0))
      sends.to.push_back(
          {to.owner(0), to.array->shape[0] * int64_t(sizeof(int64_t))});
    return sends;
  }

  //===-- Compactions -----------------------------------------------------===//
  // Planned as if every unit were kept: numbered in chunk order, each element
  // keeps its number in the result, whose chunks split axis 0 only. Every
  // rank first tells every other how many units it holds (one int64).

  /// The elements of the chunks before `rank`'s, and of its own.
  Range flatRun(const PlacedArray &placed, int rank) const {
    Range own = placed.owned(rank);
    int64_t before = placed.stored(Range{0, own.lo});
    return {before, before + placed.stored(own)};
  }

  Traffic compactTraffic(const Step &s, int rank) const {
    const PlacedArray &from = arrays[s.inputs[0]], &to = arrays[s.outputs[0]];
    Range mine = flatRun(from, rank), dest = flatRun(to, rank);
    int64_t kept = intersect(mine, dest).size();
    int64_t bytes = to.array->elementBytes;
    int64_t counts = int64_t(sizeof(int64_t)) * (ranks - 1);
    return {(dest.size() - kept) * bytes + counts,
            (mine.size() - kept) * bytes + counts};
  }

  Sends compactSends(const Step &s, int rank) const {
    const PlacedArray &from = arrays[s.inputs[0]], &to = arrays[s.outputs[0]];
    Sends sends;
    sends.toEveryOther = ranks > 1 ? int64_t(sizeof(int64_t)) : 0;
    int64_t row = 1;
    for (size_t d = 1; d < to.array->shape.size(); ++d)
      row *= to.array->shape[d];
    // Units past the destination's end (a plan that does not fit) go nowhere.
    Range mine = intersect(flatRun(from, rank),
                           {0, to.array->shape[0] * row});
    if (!mine.size())
      return sends;
    auto ownerOf = [&](int64_t element) {
      int64_t at[kMaxDims] = {element / row, 0, 0, 0};
      return to.owner(to.grid.find(at));
    };
    for (int q = ownerOf(mine.lo), last = ownerOf(mine.hi - 1); q <= last; ++q)
      if (int64_t n = intersect(mine, flatRun(to, q)).size(); n && q != rank)
        sends.to.push_back({q, n * to.array->elementBytes});
    return sends;
  }

  //===-- Moves -----------------------------------------------------------===//

  /// Whether `s` moves a whole matrix into or out of a block-cyclic layout.
  bool isCyclicMove(const Step &s) const {
    return arrays[s.inputs[0]].array->cyclic ||
           arrays[s.outputs[0]].array->cyclic;
  }

  /// Whether `s` moves an array back into the block-cyclic layout it was
  /// moved out of, which copies locally.
  bool isShadowMove(const Step &s) const {
    int shadow = shadowOf[s.inputs[0]];
    if (shadow < 0 || !plan.arrays[s.outputs[0]].cyclic)
      return false;
    const Array &a = plan.arrays[shadow], &b = plan.arrays[s.outputs[0]];
    return a.elementBytes == b.elementBytes && a.shape == b.shape &&
           a.chunks == b.chunks && a.gridRows == b.gridRows &&
           a.gridCols == b.gridCols;
  }

  /// The bytes `rank` sends to each rank (itself included) in a block-cyclic
  /// move.
  std::vector<int64_t> cyclicSends(const Step &s, int rank) const {
    const PlacedArray &from = arrays[s.inputs[0]], &to = arrays[s.outputs[0]];
    std::vector<int64_t> bytes(size_t(ranks), 0);
    if (isShadowMove(s))
      return bytes;
    layout::forEachPiece(from.tiles, to.tiles,
                         [&](int32_t src, int32_t dst, int64_t r0, int64_t r1,
                             int64_t c0, int64_t c1) {
                           if (src == rank && dst < ranks)
                             bytes[size_t(dst)] += (r1 - r0) * (c1 - c0);
                         });
    for (int64_t &b : bytes)
      b *= to.array->elementBytes;
    return bytes;
  }

  Traffic cyclicTraffic(const Step &s, int rank) const {
    const PlacedArray &from = arrays[s.inputs[0]], &to = arrays[s.outputs[0]];
    Traffic t;
    if (isShadowMove(s))
      return t;
    layout::forEachPiece(from.tiles, to.tiles,
                         [&](int32_t src, int32_t dst, int64_t r0, int64_t r1,
                             int64_t c0, int64_t c1) {
                           int64_t n = (r1 - r0) * (c1 - c0);
                           if (src == rank && dst != rank)
                             t.out += n;
                           if (dst == rank && src != rank)
                             t.in += n;
                         });
    t.in *= to.array->elementBytes;
    t.out *= to.array->elementBytes;
    return t;
  }

  Traffic moveTraffic(const Step &s, int rank) const {
    if (isCyclicMove(s))
      return cyclicTraffic(s, rank);
    const PlacedArray &from = arrays[s.inputs[0]], &to = arrays[s.outputs[0]];
    MoveCounter counter(s, from, to);
    Share dst = to.share(to.owned(rank)), src = from.share(from.owned(rank));
    int64_t local = counter.reads(dst, src), written = 0, read = 0;
    for (int i = 0; i < dst.count; ++i) {
      Range box[kMaxDims];
      counter.written(dst.boxes[i], box);
      written += MoveCounter::volume(box, to.grid.ndim);
    }
    Range all[kMaxDims];
    counter.writtenAll(all);
    for (int j = 0; j < src.count; ++j)
      read += counter.reads(all, src.boxes[j]);
    int64_t bytes = to.array->elementBytes;
    return {(written - local) * bytes, (read - local) * bytes};
  }

  Sends moveSends(const Step &s, int rank) const {
    if (isCyclicMove(s)) {
      Sends sends;
      std::vector<int64_t> bytes = cyclicSends(s, rank);
      for (int q = 0; q < ranks; ++q)
        if (q != rank && bytes[size_t(q)])
          sends.to.push_back({q, bytes[size_t(q)]});
      return sends;
    }
    const PlacedArray &from = arrays[s.inputs[0]], &to = arrays[s.outputs[0]];
    MoveCounter counter(s, from, to);
    Share src = from.share(from.owned(rank));
    Range all[kMaxDims];
    counter.writtenAll(all);
    // The ranks owning the destination chunks that read each source box.
    std::vector<Range> receivers;
    for (int j = 0; j < src.count; ++j) {
      Range readers[kMaxDims];
      if (!counter.readers(all, src.boxes[j], readers))
        continue;
      int64_t first[kMaxDims] = {0, 0, 0, 0}, last[kMaxDims] = {0, 0, 0, 0};
      for (int32_t d = 0; d < to.grid.ndim; ++d) {
        first[d] = to.grid.axes[d].find(readers[d].lo);
        last[d] = to.grid.axes[d].find(readers[d].hi - 1);
      }
      receivers.push_back({to.owner(to.grid.index(first)),
                           int64_t(to.owner(to.grid.index(last))) + 1});
    }
    std::sort(receivers.begin(), receivers.end(),
              [](Range a, Range b) { return a.lo < b.lo; });
    Sends sends;
    int64_t next = 0;
    for (Range candidates : receivers)
      for (int64_t q = std::max(candidates.lo, next); q < candidates.hi; ++q) {
        next = q + 1;
        if (q == rank)
          continue;
        int64_t n = counter.reads(to.share(to.owned(int(q))), src);
        if (n)
          sends.to.push_back({int(q), n * to.array->elementBytes});
      }
    return sends;
  }

  //===-- Halos -----------------------------------------------------------===//

  /// Elements of one row through the halo axis (`axis`), summed over the
  /// chunks `chunks` whose coordinate along the axis lies in `coords`.
  static int64_t rowElements(const PlacedArray &placed, int32_t axis,
                             Range chunks, Range coords) {
    Share share = placed.share(chunks);
    int64_t sum = 0;
    for (int i = 0; i < share.count; ++i) {
      const ChunkBox &box = share.boxes[i];
      int64_t n = intersect({box.lo[axis], box.hi[axis]}, coords).size();
      for (int32_t d = 0; d < kMaxDims && n; ++d)
        if (d != axis)
          n *= placed.elements(box, d).size();
      sum += n;
    }
    return sum;
  }

  /// Chunk numbers between a chunk and its neighbour `delta` coordinates
  /// away along `axis`.
  static int64_t shiftOf(const PlacedArray &placed, int32_t axis,
                         int64_t delta) {
    return delta * layout::lineStride(placed.grid, axis);
  }

  Traffic haloTraffic(int index, int rank) const {
    const Step &s = plan.steps[index];
    const Array &array = plan.arrays[s.outputs[0]];
    const PlacedArray &placed = arrays[s.inputs[0]];
    Range own = placed.owned(rank), grid{0, placed.grid.nchunks};
    Traffic t;
    for (const HaloLink &link : links[index]) {
      int64_t shift = shiftOf(placed, array.haloAxis, link.delta);
      Range readFromOwn{own.lo - shift, own.hi - shift}, pieces[2];
      // Owned chunks whose neighbour is not owned receive; chunks not owned
      // whose neighbour is owned are sent to.
      for (int i = 0, n = subtract(own, readFromOwn, pieces); i < n; ++i)
        t.in += link.rows *
                rowElements(placed, array.haloAxis, pieces[i], link.coords);
      for (int i = 0, n = subtract(intersect(readFromOwn, grid), own, pieces);
           i < n; ++i)
        t.out += link.rows *
                 rowElements(placed, array.haloAxis, pieces[i], link.coords);
    }
    t.in *= array.elementBytes;
    t.out *= array.elementBytes;
    return t;
  }

  Sends haloSends(int index, int rank) const {
    const Step &s = plan.steps[index];
    const Array &array = plan.arrays[s.outputs[0]];
    const PlacedArray &placed = arrays[s.inputs[0]];
    Range own = placed.owned(rank), grid{0, placed.grid.nchunks};
    std::map<int, int64_t> bytes;
    for (const HaloLink &link : links[index]) {
      int64_t shift = shiftOf(placed, array.haloAxis, link.delta);
      Range readers = intersect({own.lo - shift, own.hi - shift}, grid);
      if (!readers.size())
        continue;
      int first = placed.owner(readers.lo), last = placed.owner(readers.hi - 1);
      for (int q = first; q <= last; ++q)
        if (q != rank)
          bytes[q] += link.rows * array.elementBytes *
                      rowElements(placed, array.haloAxis,
                                  intersect(placed.owned(q), readers),
                                  link.coords);
    }
    Sends sends;
    for (auto [q, n] : bytes)
      if (n)
        sends.to.push_back({q, n});
    return sends;
  }

  //===-- Fetches ---------------------------------------------------------===//

  /// The rank that owns the fetched element, which sends it to every other.
  int fetchOwner(const Step &s) const {
    const PlacedArray &placed = arrays[s.inputs[0]];
    int64_t at[kMaxDims] = {0, 0, 0, 0};
    for (int32_t d = 0; d < placed.grid.ndim; ++d)
      if (static_cast<size_t>(d) < s.maps.size())
        at[d] = placed.grid.axes[d].find(s.maps[d].lo);
    return placed.owner(placed.grid.index(at));
  }

  Traffic fetchTraffic(const Step &s, int rank) const {
    if (s.inputs.empty())
      return {};
    int64_t bytes = plan.arrays[s.inputs[0]].elementBytes;
    if (fetchOwner(s) == rank)
      return {0, bytes * (ranks - 1)};
    return {bytes, 0};
  }
};

PlacementModel::PlacementModel(const Plan &plan, int ranks)
    : impl(std::make_unique<Impl>(plan, ranks < 1 ? 1 : ranks)) {}

PlacementModel::~PlacementModel() = default;

const Plan &PlacementModel::plan() const { return impl->plan; }

int PlacementModel::ranks() const { return impl->ranks; }

RankModel PlacementModel::rank(int rank) const {
  const Plan &plan = impl->plan;
  RankModel m;
  m.stepIn.assign(plan.steps.size(), 0);
  m.stepOut.assign(plan.steps.size(), 0);
  int64_t live = 0;
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const Step &s = plan.steps[i];
    Traffic t;
    int64_t buffers = 0;
    switch (s.kind) {
    case StepKind::Alloc:
    case StepKind::Load:
      for (int id : s.outputs) {
        const PlacedArray &placed = impl->arrays[id];
        if (placed.array->cyclic) {
          int64_t elements = placed.localElements(rank);
          live += elements * placed.array->elementBytes;
          m.stats.chunks += elements ? 1 : 0;
          m.stats.elements += elements;
          continue;
        }
        Range own = placed.owned(rank);
        int64_t elements = placed.stored(own);
        live += elements * placed.array->elementBytes;
        m.stats.chunks += own.size();
        m.stats.elements += elements;
      }
      break;
    case StepKind::Halo:
      // A halo filled in place (input and output one array) holds nothing
      // new.
      if (s.outputs != s.inputs)
        for (int id : s.outputs)
          live += impl->held(id, rank);
      t = impl->haloTraffic(int(i), rank);
      break;
    case StepKind::Free:
      for (int id : s.inputs)
        live -= impl->held(id, rank);
      break;
    case StepKind::Move:
      t = impl->moveTraffic(s, rank);
      if (impl->shadowOf[s.outputs[0]] == s.inputs[0])
        live += impl->shadowBytes(s.outputs[0], rank);
      break;
    case StepKind::Stage:
      buffers = stageBuffers(s) + s.scratch;
      break;
    case StepKind::Combine:
      t = combineTraffic(s, rank, impl->ranks);
      break;
    case StepKind::Fetch:
      t = impl->fetchTraffic(s, rank);
      break;
    case StepKind::Select:
      t = selectTraffic(s, rank, impl->ranks, impl->plan);
      break;
    case StepKind::Compact:
      t = impl->compactTraffic(s, rank);
      break;
    case StepKind::Count:
      t = impl->countTraffic(s, rank);
      // Each rank's counters, while they are summed.
      buffers = impl->plan.arrays[s.outputs[0]].shape[0] * 8;
      break;
    case StepKind::Save:
    case StepKind::Call:
      break;
    }
    m.stepIn[i] = t.in;
    m.stepOut[i] = t.out;
    m.stats.bytesIn += t.in;
    m.stats.bytesOut += t.out;
    // Buffers for what crosses ranks live while the step runs.
    m.stats.peakBytes =
        std::max(m.stats.peakBytes, live + buffers + t.in + t.out);
  }
  return m;
}

Sends PlacementModel::sends(int step, int rank) const {
  const Step &s = impl->plan.steps[step];
  switch (s.kind) {
  case StepKind::Move:
    return impl->moveSends(s, rank);
  case StepKind::Halo:
    return impl->haloSends(step, rank);
  case StepKind::Combine:
    return combineSends(s, rank, impl->ranks);
  case StepKind::Select:
    return selectSends(s, rank, impl->ranks, impl->plan);
  case StepKind::Compact:
    return impl->compactSends(s, rank);
  case StepKind::Count:
    return impl->countSends(s, rank);
  case StepKind::Fetch: {
    Sends sends;
    if (!s.inputs.empty() && impl->fetchOwner(s) == rank)
      sends.toEveryOther = plan().arrays[s.inputs[0]].elementBytes;
    return sends;
  }
  default:
    return {};
  }
}
