//===- HaloFill.cpp - Filling a halo array's margins from its interior ----===//
//
// A producer writes the interior of each chunk of a halo array; this file
// fills the margins as bridge_rt_dist_halo would, without copying the
// interior again. Along the halo axis a "slab" is the set of a chunk's stored
// elements at one coordinate: margin slab t of chunk j copies interior slab
// u = padSource(t) of the chunk k in j's row of chunks along the axis.
//
// When the width fits in every chunk along the axis, an in-range margin
// coordinate lies in a neighbour and only the two end chunks have margins
// outside the array, so a chunk k is read by its neighbours and the end
// chunks only. Both ends then enumerate the (reader chunk j, margin t) slabs
// that cross ranks in ascending (j, t) order, one message per peer without
// headers. A producer that shares its chunks as it writes them
// (share_margins) starts the exchange at its first chunk: the receives wait
// in the background and each peer's slabs leave as soon as the chunks they
// come from are written, so they travel while the producer computes the
// rest. Wider halos go through the redistribution engine instead.
//
//===----------------------------------------------------------------------===//

#include "DistInternal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <new>
#include <utility>

using namespace bridge::rt;
using bridge::layout::Tiling;

/// The margin slabs of one halo array that cross ranks, one message per peer
/// each way: receives posted at once, each send as soon as the chunks it
/// reads are written, in whatever order the producer writes them.
struct bridge::rt::HaloExchange {
  HaloExchange(int tag, int32_t mode) : tag(tag), mode(mode) {}
  ~HaloExchange() {
    bridge_rt_free(recvBuf);
    bridge_rt_free(sendBuf);
  }
  HaloExchange(const HaloExchange &) = delete;
  HaloExchange &operator=(const HaloExchange &) = delete;

  /// One margin slab that crosses ranks: slab t of chunk j (owned by `peer`
  /// when sending, by this rank when receiving) reads slab u of chunk k.
  struct Slab {
    int32_t peer;
    int64_t j, t, k, u;
  };
  Vec<Slab> recvs, sends; // In (peer, j, t) order.
  /// Per peer this rank sends to: its slabs [begin, end) in `sends`, their
  /// bytes at `at` in the send buffer, how many of the chunks they read are
  /// still unwritten.
  struct Group {
    int64_t begin, end, at, bytes, unwritten;
    bool posted;
  };
  Vec<Group> groups;
  /// The chunks each group reads: (chunk, group) pairs, each once, by chunk.
  struct Source {
    int64_t chunk, group;
  };
  Vec<Source> sources;
  char *recvBuf = nullptr, *sendBuf = nullptr;
  Vec<MPI_Request> reqs;
  int tag;
  int32_t mode;
};

namespace {

using Exchange = HaloExchange;
using Slab = HaloExchange::Slab;

// Point-to-point on the runtime communicator, apart from the tags of
// Redistribute.cpp and Reduce.cpp: a halo array's messages take one of
// kTags tags after kTagBase, by the order of creation of halo arrays, so
// that those of two halo arrays in flight never match.
constexpr int kTagBase = 0x6900, kTags = 256;

int compareSlabs(const void *a, const void *b) {
  const Slab &x = *static_cast<const Slab *>(a);
  const Slab &y = *static_cast<const Slab *>(b);
  if (x.peer != y.peer)
    return x.peer < y.peer ? -1 : 1;
  if (x.j != y.j)
    return x.j < y.j ? -1 : 1;
  if (x.t != y.t)
    return x.t < y.t ? -1 : 1;
  return 0;
}

/// How a chunk's storage splits around the halo axis: `outer` blocks, one per
/// index before the axis, each `rowBytes` apart, holding the slabs of
/// `sliceBytes` (the elements after the axis) one after another.
struct Geometry {
  int64_t outer, sliceBytes, rowBytes;
};

/// The geometry around `axis` of stored chunk `c` of `a`, from its strides
/// (where `a` reads its margins in place, its blocks lie the pitch of its
/// line apart).
Geometry geometry(const bridge_rt_dist *a, const bridge_chunk &c, int axis) {
  int64_t strides[BRIDGE_MAX_DIMS];
  storedStrides(a, c, strides);
  Geometry g{1, strides[axis], 0};
  for (int d = 0; d < axis; ++d)
    g.outer *= c.shape[d];
  g.rowBytes = axis > 0 ? strides[axis - 1] : strides[axis] * c.shape[axis];
  return g;
}

/// Copies `outer` blocks of `bytes` from `src` (`srcStride` apart) to `dst`
/// (`dstStride` apart).
void copyBlocks(char *dst, int64_t dstStride, const char *src,
                int64_t srcStride, int64_t outer, int64_t bytes) {
  for (int64_t o = 0; o < outer; ++o)
    memcpy(dst + o * dstStride, src + o * srcStride, size_t(bytes));
}

/// The filling of one halo array's margins (the fast path).
class Filler {
public:
  Filler(bridge_rt_dist *a, int32_t mode, const char *fn)
      : a(a), fn(fn), axis(a->haloAxis), w(a->haloWidth),
        tiling(a->grid.axes[axis]), pad{tiling.extent, mode},
        me(bridge_rt_rank()),
        stride(bridge::layout::lineStride(a->grid, axis)) {}

  /// Lists the slabs that cross ranks and posts the receives.
  void plan(Exchange &x) const;
  /// Notes that this rank's `chunk` is written and posts the sends of `x`
  /// that it completes.
  void written(Exchange &x, int64_t chunk) const;
  /// Posts the sends of `x` not posted yet: every chunk is written.
  void postRest(Exchange &x) const;
  /// Copies the margins from this rank's own chunks, waits for the
  /// messages of `x` and writes the margins received.
  void finish(Exchange &x);

private:
  /// The chunk in the row along the axis of `chunk` (at coordinate `cA`)
  /// at coordinate `kA`.
  int64_t inRow(int64_t chunk, int64_t cA, int64_t kA) const {
    return chunk + (kA - cA) * stride;
  }
  /// The source of margin slab t of chunk j (at jA): sets *k and returns u,
  /// or returns -1 for a zero slab.
  int64_t source(int64_t j, int64_t jA, int64_t t, int64_t *k) const {
    int64_t u = padCoord(&pad, t);
    if (u >= 0)
      *k = inRow(j, jA, tiling.find(u));
    return u;
  }
  /// The chunk's storage at slab t (a global coordinate along the axis).
  char *slab(const bridge_chunk &c, int64_t t, const Geometry &g) const {
    return static_cast<char *>(c.data) + (t - c.start[axis]) * g.sliceBytes;
  }
  bridge_chunk chunk(int64_t c) const { return storedChunk(a, c); }
  bool owns(int64_t c) const { return a->lo <= c && c < a->hi; }
  /// Away from the ends of the axis a chunk's margins are its neighbours'
  /// edge slabs, whatever the mode.
  bool isInner(int64_t cA) const { return cA > 0 && cA + 1 < tiling.count; }
  /// The bytes of one slab of chunk c (the chunks of a row along the axis
  /// have slabs of one size).
  int64_t slabBytes(int64_t c) const {
    Geometry g = geometry(a, chunk(c), axis);
    return g.outer * g.sliceBytes;
  }
  void post(Exchange &x, Exchange::Group &g) const;
  void unpack(const Exchange &x) const;

  /// Calls f(chunk, coordinates) for each owned chunk whose margins may
  /// come from another rank or whose slabs may go to one, in ascending
  /// order. A chunk reads only its neighbours along the axis and, at an end
  /// of the axis, the other end (the width fits in every chunk), so along
  /// axis 0 those are the first and last `stride` chunks of the rank's run
  /// and of the grid; along another axis, every owned chunk.
  template <typename F> void forEachEdgeChunk(F f) const {
    int64_t lo = a->lo, hi = a->hi, n = a->grid.nchunks;
    std::pair<int64_t, int64_t> runs[4] = {{lo, hi}, {0, 0}, {0, 0}, {0, 0}};
    int count = 1;
    if (axis == 0) {
      runs[0] = {0, stride};
      runs[1] = {lo, lo + stride};
      runs[2] = {hi - stride, hi};
      runs[3] = {n - stride, n};
      count = 4;
      std::sort(runs, runs + count);
    }
    int64_t next = lo, at[BRIDGE_MAX_DIMS];
    for (int r = 0; r < count; ++r) {
      int64_t first = std::max(runs[r].first, next);
      int64_t last = std::min(runs[r].second, hi);
      if (first >= last)
        continue;
      a->grid.coords(first, at);
      for (int64_t c = first; c < last; ++c, a->grid.next(at))
        f(c, at);
      next = last;
    }
  }

  /// Calls f(t) for the margin coordinates of a chunk at `cA` in ascending
  /// order.
  template <typename F> void forMargins(int64_t cA, F f) const {
    int64_t s = tiling.begin(cA), e = tiling.end(cA);
    for (int64_t t = s - w; t < s; ++t)
      f(t);
    for (int64_t t = e; t < e + w; ++t)
      f(t);
  }

  bridge_rt_dist *a;
  const char *fn;
  int axis;
  int64_t w;
  const Tiling &tiling;
  PadCoord pad;
  int32_t me;
  int64_t stride; // Chunk numbers between neighbours along the axis.
};

void Filler::plan(Exchange &x) const {
  // Slabs this rank receives: its own margins whose source another rank
  // owns.
  forEachEdgeChunk([&](int64_t j, const int64_t *at) {
    int64_t jA = at[axis];
    if (isInner(jA) && owns(j - stride) && owns(j + stride))
      return;
    forMargins(jA, [&](int64_t t) {
      int64_t k;
      if (source(j, jA, t, &k) < 0)
        return;
      int32_t peer = chunkOwner(a, k);
      if (peer != me)
        x.recvs.push(Slab{peer, j, t, k, -1});
    });
  });

  // Slabs this rank sends: margins of its chunks' readers (neighbours and
  // end chunks of the row) that read one of its chunks and live elsewhere.
  forEachEdgeChunk([&](int64_t k, const int64_t *at) {
    int64_t kA = at[axis];
    int64_t readers[4] = {kA - 1, kA + 1, 0, tiling.count - 1};
    for (int r = 0; r < 4; ++r) {
      int64_t jA = readers[r];
      bool seen = jA < 0 || jA >= tiling.count;
      for (int q = 0; q < r && !seen; ++q)
        seen = readers[q] == jA;
      if (seen)
        continue;
      int64_t j = inRow(k, kA, jA);
      if (owns(j))
        continue;
      int32_t peer = chunkOwner(a, j);
      forMargins(jA, [&](int64_t t) {
        int64_t from = -1;
        int64_t u = source(j, jA, t, &from);
        if (u >= 0 && from == k)
          x.sends.push(Slab{peer, j, t, k, u});
      });
    }
  });
  qsort(x.recvs.data(), size_t(x.recvs.size()), sizeof(Slab), compareSlabs);
  qsort(x.sends.data(), size_t(x.sends.size()), sizeof(Slab), compareSlabs);

  int64_t recvTotal = 0, sendTotal = 0;
  for (const Slab &s : x.recvs)
    recvTotal += slabBytes(s.j);
  Vec<Exchange::Source> reads; // With repeats.
  for (int64_t i = 0; i < x.sends.size();) {
    Exchange::Group g{i, i, sendTotal, 0, 0, false};
    for (; i < x.sends.size() && x.sends[i].peer == x.sends[g.begin].peer;
         ++i) {
      g.bytes += slabBytes(x.sends[i].k);
      reads.push(Exchange::Source{x.sends[i].k, x.groups.size()});
    }
    g.end = i;
    sendTotal += g.bytes;
    x.groups.push(g);
  }
  qsort(reads.data(), size_t(reads.size()), sizeof(Exchange::Source),
        [](const void *l, const void *r) {
          const auto &a = *static_cast<const Exchange::Source *>(l);
          const auto &b = *static_cast<const Exchange::Source *>(r);
          if (a.chunk != b.chunk)
            return a.chunk < b.chunk ? -1 : 1;
          return a.group < b.group ? -1 : a.group > b.group;
        });
  for (int64_t i = 0; i < reads.size(); ++i) {
    if (i > 0 && reads[i].chunk == reads[i - 1].chunk &&
        reads[i].group == reads[i - 1].group)
      continue;
    x.sources.push(reads[i]);
    ++x.groups[reads[i].group].unwritten;
  }
  x.recvBuf = static_cast<char *>(bridge_rt_alloc(recvTotal));
  x.sendBuf = static_cast<char *>(bridge_rt_alloc(sendTotal));

  for (int64_t i = 0, at = 0; i < x.recvs.size();) {
    int32_t peer = x.recvs[i].peer;
    int64_t begin = at;
    for (; i < x.recvs.size() && x.recvs[i].peer == peer; ++i)
      at += slabBytes(x.recvs[i].j);
    postPieces(x.reqs, false, x.recvBuf + begin, at - begin, peer, x.tag, fn);
  }
}

void Filler::written(Exchange &x, int64_t chunk) const {
  const Exchange::Source *first = x.sources.begin(), *last = x.sources.end();
  const Exchange::Source *at = std::lower_bound(
      first, last, chunk,
      [](const Exchange::Source &s, int64_t c) { return s.chunk < c; });
  for (; at != last && at->chunk == chunk; ++at) {
    Exchange::Group &g = x.groups[at->group];
    if (--g.unwritten == 0)
      post(x, g);
  }
}

void Filler::postRest(Exchange &x) const {
  for (Exchange::Group &g : x.groups)
    post(x, g);
}

void Filler::post(Exchange &x, Exchange::Group &g) const {
  if (g.posted)
    return;
  g.posted = true;
  char *to = x.sendBuf + g.at;
  for (int64_t i = g.begin; i < g.end; ++i) {
    const bridge_chunk &c = chunk(x.sends[i].k);
    Geometry geo = geometry(a, c, axis);
    copyBlocks(to, geo.sliceBytes, slab(c, x.sends[i].u, geo), geo.rowBytes,
               geo.outer, geo.sliceBytes);
    to += geo.outer * geo.sliceBytes;
  }
  postPieces(x.reqs, true, x.sendBuf + g.at, g.bytes, x.sends[g.begin].peer,
             x.tag, fn);
  noteBytesSent(g.bytes);
}

void Filler::unpack(const Exchange &x) const {
  const char *cursor = x.recvBuf;
  for (const Slab &s : x.recvs) {
    const bridge_chunk &c = chunk(s.j);
    Geometry g = geometry(a, c, axis);
    copyBlocks(slab(c, s.t, g), g.rowBytes, cursor, g.sliceBytes, g.outer,
               g.sliceBytes);
    cursor += g.outer * g.sliceBytes;
  }
}

/// Waits for every message of `x`.
void waitAll(Exchange &x, const char *fn) {
  if (x.reqs.size() == 0)
    return;
  if (x.reqs.size() > INT_MAX)
    failf("%s: %lld messages exceed MPI's request count", fn,
          (long long)x.reqs.size());
  Vec<MPI_Status> statuses;
  statuses.resize(x.reqs.size());
  checkMPI(MPI_Waitall(int(x.reqs.size()), x.reqs.data(), statuses.data()), fn);
  x.reqs.clear();
}

void Filler::finish(Exchange &x) {
  // Margins from this rank's own chunks, and the zeros of constant mode;
  // the producer may have shared the inner ones already, and margins read in
  // place need no copy.
  bool shared = a->marginsInPlace || a->sharedChunks == a->hi - a->lo;
  a->sharedChunks = 0;
  int64_t at[BRIDGE_MAX_DIMS];
  a->grid.coords(a->lo, at);
  for (int64_t j = a->lo; j < a->hi; ++j, a->grid.next(at)) {
    int64_t cA = at[axis];
    if (shared && isInner(cA))
      continue;
    bridge_chunk cj = chunkAt(a, j, at);
    Geometry gj = geometry(a, cj, axis);
    if (isInner(cA)) {
      // The w slabs before the interior are the previous chunk's last ones,
      // those after it the next chunk's first ones: one copy each.
      int64_t s = cj.start[axis] + w, e = s + cj.shape[axis] - 2 * w;
      for (auto [k, t] : {std::pair(cj.index - stride, s - w),
                          std::pair(cj.index + stride, e)}) {
        if (!owns(k))
          continue;
        const bridge_chunk &ck = chunk(k);
        Geometry gk = geometry(a, ck, axis);
        copyBlocks(slab(cj, t, gj), gj.rowBytes, slab(ck, t, gk), gk.rowBytes,
                   gj.outer, w * gj.sliceBytes);
      }
      continue;
    }
    forMargins(cA, [&](int64_t t) {
      int64_t k;
      int64_t u = source(j, cA, t, &k);
      char *dst = slab(cj, t, gj);
      if (u < 0) {
        for (int64_t o = 0; o < gj.outer; ++o)
          memset(dst + o * gj.rowBytes, 0, size_t(gj.sliceBytes));
        return;
      }
      if (chunkOwner(a, k) != me || (a->marginsInPlace && u == t))
        return;
      const bridge_chunk &ck = chunk(k);
      Geometry gk = geometry(a, ck, axis);
      copyBlocks(dst, gj.rowBytes, slab(ck, u, gk), gk.rowBytes, gj.outer,
                 gj.sliceBytes);
    });
  }

  waitAll(x, fn);
  unpack(x);
}

/// The exchange of `a`'s margins under `mode`, its receives posted: the one
/// the producer started, or a new one.
Exchange &startExchange(bridge_rt_dist *a, int32_t mode, const char *fn) {
  if (!a->early) {
    void *memory = bridge_rt_alloc(sizeof(Exchange));
    a->early = new (memory) Exchange(kTagBase + a->haloSerial % kTags, mode);
    Filler(a, mode, fn).plan(*a->early);
  }
  if (a->early->mode != mode)
    failf("%s: pad mode %d, but the producer shared the margins for mode %d",
          fn, int(mode), int(a->early->mode));
  return *a->early;
}

/// Whether bridge_rt_dist_fill_halo takes the Filler's path: the width fits
/// in every chunk along the axis.
bool fitsInChunks(const bridge_rt_dist *a) {
  const Tiling &t = a->grid.axes[a->haloAxis];
  int64_t w = a->haloWidth;
  return w <= t.chunk && w <= t.size(t.count - 1);
}

/// Any width: the interior goes into an ordinary array on the same grid,
/// from which the redistribution engine writes the whole halo array as
/// bridge_rt_dist_halo does.
void fillThroughCopy(bridge_rt_dist *a, int32_t mode, const char *fn) {
  int axis = a->haloAxis;
  int64_t w = a->haloWidth;
  bridge_rt_dist *interior =
      createDist(a->view.dtype, a->grid, a->placement, -1, 0, fn);
  for (StoredChunks it(interior); !it.done(); it.next()) {
    bridge_chunk from = storedChunk(a, it->index);
    Geometry gh = geometry(a, from, axis);
    Geometry gi = geometry(interior, *it, axis);
    copyBlocks(static_cast<char *>(it->data), gi.rowBytes,
               static_cast<const char *>(from.data) + w * gh.sliceBytes,
               gh.rowBytes, gi.outer, gi.rowBytes);
  }
  padInto(a, interior, mode, fn);
  bridge_rt_dist_destroy(interior);
}

} // namespace

extern "C" bridge_rt_dist *
bridge_rt_dist_create_halo(int32_t dtype, int32_t ndim, const int64_t *shape,
                           const int64_t *chunks, int32_t axis, int64_t width) {
  const char *fn = "bridge_rt_dist_create_halo";
  if (ndim < 1 || ndim > BRIDGE_MAX_DIMS)
    failf("%s: %d dimensions (expected 1 to %d)", fn, int(ndim),
          BRIDGE_MAX_DIMS);
  if (axis < 0 || axis >= ndim)
    failf("%s: axis %d of a %d-dimensional array", fn, int(axis), int(ndim));
  if (width < 0 || width > (INT64_MAX >> 3))
    failf("%s: invalid width %lld", fn, (long long)width);
  return createDist(dtype,
                    makeGrid(ndim, shape, chunks, BRIDGE_RT_CONTIGUOUS, fn),
                    BRIDGE_RT_CONTIGUOUS, axis, width, fn);
}

extern "C" void bridge_rt_dist_fill_halo(bridge_rt_dist *array, int32_t mode) {
  const char *fn = "bridge_rt_dist_fill_halo";
  bridge::rt::SpanScope span("halo", "transfer");
  if (!array)
    failf("%s: null array", fn);
  if (array->placement != BRIDGE_RT_CONTIGUOUS)
    failf("%s: placement %d (only contiguous halo arrays are filled in place)",
          fn, int(array->placement));
  if (array->haloAxis < 0)
    failf("%s: the array has no halo", fn);
  if (mode < BRIDGE_RT_PAD_EDGE || mode > BRIDGE_RT_PAD_CONSTANT)
    failf("%s: unknown pad mode %d", fn, int(mode));

  if (array->haloWidth == 0 || array->grid.nchunks == 0)
    return;
  // Every rank sees the same grid, so all take the same path.
  if (!fitsInChunks(array)) {
    fillThroughCopy(array, mode, fn);
    return;
  }
  Exchange &x = startExchange(array, mode, fn);
  Filler filler(array, mode, fn);
  filler.postRest(x);
  filler.finish(x);
  endHaloExchange(array);
}

void bridge::rt::endHaloExchange(bridge_rt_dist *a) {
  if (!a->early)
    return;
  waitAll(*a->early, "bridge_rt_dist_destroy");
  a->early->~HaloExchange();
  bridge_rt_free(a->early);
  a->early = nullptr;
}

extern "C" void bridge_rt_dist_share_margins(bridge_rt_dist *array,
                                             int64_t chunk, int32_t mode) {
  const char *fn = "bridge_rt_dist_share_margins";
  if (!array || array->haloAxis < 0)
    failf("%s: not a halo array", fn);
  if (chunk < array->lo || chunk >= array->hi)
    failf("%s: chunk %lld is not stored on this rank", fn, (long long)chunk);
  if (mode < BRIDGE_RT_PAD_EDGE || mode > BRIDGE_RT_PAD_CONSTANT)
    failf("%s: unknown pad mode %d", fn, int(mode));
  if (array->haloWidth == 0 || !fitsInChunks(array) ||
      array->view.nchunks != array->hi - array->lo)
    return;
  // The slabs that cross ranks leave as soon as their chunks are written.
  Filler(array, mode, fn).written(startExchange(array, mode, fn), chunk);
  if (array->marginsInPlace)
    return;
  int axis = array->haloAxis;
  int64_t w = array->haloWidth;
  const Tiling &tiling = array->grid.axes[axis];
  int64_t stride = bridge::layout::lineStride(array->grid, axis);
  int64_t at[BRIDGE_MAX_DIMS];
  array->grid.coords(chunk, at);
  int64_t kA = at[axis];
  bridge_chunk ck = chunkAt(array, chunk, at);
  Geometry gk = geometry(array, ck, axis);
  // The w slabs at global coordinate `from` along the axis, in both chunks.
  // A neighbour along the axis has this chunk's extents on the other axes.
  auto copy = [&](int64_t j, int64_t jA, int64_t from) {
    int64_t jStart = tiling.begin(jA) - w;
    int64_t jRowBytes = (tiling.size(jA) + 2 * w) * gk.sliceBytes;
    char *dst = chunkData(array, j) + (from - jStart) * gk.sliceBytes;
    const char *src = static_cast<const char *>(ck.data) +
                      (from - ck.start[axis]) * gk.sliceBytes;
    copyBlocks(dst, jRowBytes, src, gk.rowBytes, gk.outer, w * gk.sliceBytes);
  };
  auto innerAndOwned = [&](int64_t jA, int64_t j) {
    return jA > 0 && jA + 1 < tiling.count && j >= array->lo &&
           j < array->hi;
  };
  // The next chunk's left margin is this one's last w slabs, the previous
  // chunk's right margin its first w.
  if (innerAndOwned(kA + 1, chunk + stride))
    copy(chunk + stride, kA + 1, tiling.end(kA) - w);
  if (innerAndOwned(kA - 1, chunk - stride))
    copy(chunk - stride, kA - 1, tiling.begin(kA));
  ++array->sharedChunks;
}
