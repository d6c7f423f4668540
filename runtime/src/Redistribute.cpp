//===- Redistribute.cpp - Moving elements between two chunked arrays ------===//
//
// Every rank can compute every chunk's owner, so both ends of each transfer
// plan it alone, without exchanging metadata:
//
// 1. Per destination dimension d and destination chunk coordinate j, the
//    stored coordinates of that chunk along d split into runs, each reading
//    one source chunk coordinate k along dimension src_dim(d) with a constant
//    source step (affine maps give one run per source chunk they cross).
// 2. A (destination chunk, source chunk) pair moves the boxes formed by one
//    matching run per dimension. Receivers enumerate the pairs of the
//    destination chunks they store; senders those of the source chunks they
//    store, through an inverse index of the runs.
// 3. Pairs sorted by (peer, destination, source) give each peer one message
//    (split in pieces below 1 GiB for MPI's int counts) whose layout both
//    ends agree on. Local pairs copy directly.
//
// Memory beyond the arrays: the message buffers and the per-dimension runs.
//
//===----------------------------------------------------------------------===//

#include "DistInternal.h"

#include "bridge/layout/AffineRun.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

using namespace bridge::rt;
using bridge::layout::Tiling;

namespace {

constexpr int kTag = 0x6272; // Runtime communicator, point-to-point only here.

struct Run {
  int64_t k;       // Source chunk coordinate along the source dimension.
  int64_t dst;     // First stored index in the destination chunk.
  int64_t src;     // First stored index in the source chunk.
  int64_t srcStep; // Source index step per destination step.
  int64_t count;
};

/// Runs of one destination dimension, for every chunk coordinate along it.
struct DimPlan {
  Vec<Run> runs;
  Vec<int64_t> rowStart; // Chunk coordinate j: runs [rowStart[j], [j+1]).
  // Inverse: source coordinate k -> destination coordinates (ascending).
  Vec<int64_t> invStart; // count_src + 1 entries.
  Vec<int64_t> invJ;
};

struct KJ {
  int64_t k, j;
};

int compareKJ(const void *a, const void *b) {
  const KJ &x = *static_cast<const KJ *>(a), &y = *static_cast<const KJ *>(b);
  if (x.k != y.k)
    return x.k < y.k ? -1 : 1;
  return x.j < y.j ? -1 : x.j > y.j;
}

void addRun(Vec<Run> &runs, int64_t rowBegin, int64_t k, int64_t dst,
            int64_t src) {
  if (runs.size() > rowBegin) {
    Run &last = runs[runs.size() - 1];
    if (last.k == k && last.dst + last.count == dst &&
        (last.count == 1 || src == last.src + last.srcStep * last.count)) {
      if (last.count == 1)
        last.srcStep = src - last.src;
      ++last.count;
      return;
    }
  }
  runs.push(Run{k, dst, src, 1, 1});
}

void planDim(DimPlan &plan, const bridge_rt_dist *dst, int d,
             const bridge_rt_dist *src, const DimMap &m) {
  const Tiling &da = dst->grid.axes[d];
  const Tiling &sa = src->grid.axes[m.srcDim];
  int64_t hw = d == dst->haloAxis ? dst->haloWidth : 0;
  int64_t srcHalo = m.srcDim == src->haloAxis ? src->haloWidth : 0;
  plan.rowStart.resize(da.count + 1);
  for (int64_t j = 0; j < da.count; ++j) {
    int64_t rowBegin = plan.runs.size();
    plan.rowStart[j] = rowBegin;
    int64_t b0 = da.begin(j), e0 = da.end(j);
    if (b0 == e0 || sa.extent == 0)
      continue; // No storage, or nothing to read.
    int64_t A = b0 - hw, B = e0 + hw;
    if (m.coord) {
      for (int64_t t = A; t < B; ++t) {
        int64_t s = m.coord(m.ctx, t);
        if (s < 0)
          continue;
        int64_t k = sa.find(s);
        addRun(plan.runs, rowBegin, k, t - A, s - sa.begin(k) + srcHalo);
      }
      continue;
    }
    int64_t a = A > m.lo ? A : m.lo, b = B < m.hi ? B : m.hi;
    for (int64_t t = a; t < b;) {
      bridge::layout::AffineRun run =
          bridge::layout::affineRunAt(sa, m.offset, m.step, t, b);
      int64_t s = m.offset + m.step * t;
      plan.runs.push(Run{run.chunk, t - A, s - sa.begin(run.chunk) + srcHalo,
                         m.step, run.end - t});
      t = run.end;
    }
  }
  plan.rowStart[da.count] = plan.runs.size();

  // The inverse index, from the (k, j) pairs sorted and deduplicated.
  Vec<KJ> kj;
  for (int64_t j = 0; j < da.count; ++j)
    for (int64_t r = plan.rowStart[j]; r < plan.rowStart[j + 1]; ++r)
      kj.push(KJ{plan.runs[r].k, j});
  qsort(kj.data(), size_t(kj.size()), sizeof(KJ), compareKJ);
  plan.invStart.resize(sa.count + 1);
  for (int64_t k = 0; k <= sa.count; ++k)
    plan.invStart[k] = 0;
  for (int64_t i = 0; i < kj.size(); ++i) {
    if (i > 0 && kj[i].k == kj[i - 1].k && kj[i].j == kj[i - 1].j)
      continue;
    plan.invJ.push(kj[i].j);
    ++plan.invStart[kj[i].k + 1];
  }
  for (int64_t k = 0; k < sa.count; ++k)
    plan.invStart[k + 1] += plan.invStart[k];
}

struct Pair {
  int32_t peer;
  int64_t dst, src; // Chunk indices.
};

int comparePair(const void *a, const void *b) {
  const Pair &x = *static_cast<const Pair *>(a);
  const Pair &y = *static_cast<const Pair *>(b);
  if (x.peer != y.peer)
    return x.peer < y.peer ? -1 : 1;
  if (x.dst != y.dst)
    return x.dst < y.dst ? -1 : 1;
  return x.src < y.src ? -1 : x.src > y.src;
}

struct Engine {
  bridge_rt_dist *dst;
  const bridge_rt_dist *src;
  const DimMap *maps; // BRIDGE_MAX_DIMS entries.
  DimPlan plans[BRIDGE_MAX_DIMS];
  int64_t esize;

  /// The runs of dimension d for destination coordinate j that read source
  /// coordinate k: indices into plans[d].runs, written to `out`.
  int matching(int d, int64_t j, int64_t k, Vec<int64_t> &out) const {
    out.clear();
    const DimPlan &p = plans[d];
    for (int64_t r = p.rowStart[j]; r < p.rowStart[j + 1]; ++r)
      if (p.runs[r].k == k)
        out.push(r);
    return int(out.size());
  }

  /// Bytes that source chunk `s` sends to destination chunk `c`.
  int64_t pairBytes(int64_t c, int64_t s) const {
    int64_t jc[BRIDGE_MAX_DIMS], ks[BRIDGE_MAX_DIMS];
    dst->grid.coords(c, jc);
    src->grid.coords(s, ks);
    int64_t bytes = esize;
    for (int d = 0; d < BRIDGE_MAX_DIMS; ++d) {
      const DimPlan &p = plans[d];
      int64_t k = ks[maps[d].srcDim], n = 0;
      for (int64_t r = p.rowStart[jc[d]]; r < p.rowStart[jc[d] + 1]; ++r)
        if (p.runs[r].k == k)
          n += p.runs[r].count;
      bytes *= n;
    }
    return bytes;
  }

  /// Visits the boxes of pair (c, s) in their canonical order. `dstBase` or
  /// `srcBase` is null for the side that is a message buffer at `*cursor`.
  void movePair(int64_t c, int64_t s, char *dstBase, const char *srcBase,
                char **cursor) const;
};

template <typename T>
void copyStrided(char *dst, int64_t dstStride, const char *src,
                 int64_t srcStride, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    T v;
    memcpy(&v, src + i * srcStride, sizeof(T));
    memcpy(dst + i * dstStride, &v, sizeof(T));
  }
}

/// Copies a box of count[0..3] elements between two strided layouts.
void copyBox(char *dst, const int64_t *dstStride, const char *src,
             const int64_t *srcStride, const int64_t *count, int64_t esize) {
  bool contiguous = dstStride[3] == esize && srcStride[3] == esize;
  for (int64_t i0 = 0; i0 < count[0]; ++i0)
    for (int64_t i1 = 0; i1 < count[1]; ++i1)
      for (int64_t i2 = 0; i2 < count[2]; ++i2) {
        char *d = dst + i0 * dstStride[0] + i1 * dstStride[1] +
                  i2 * dstStride[2];
        const char *s = src + i0 * srcStride[0] + i1 * srcStride[1] +
                        i2 * srcStride[2];
        if (contiguous) {
          memcpy(d, s, size_t(count[3] * esize));
          continue;
        }
        switch (esize) {
        case 8:
          copyStrided<uint64_t>(d, dstStride[3], s, srcStride[3], count[3]);
          break;
        case 4:
          copyStrided<uint32_t>(d, dstStride[3], s, srcStride[3], count[3]);
          break;
        default:
          copyStrided<uint8_t>(d, dstStride[3], s, srcStride[3], count[3]);
          break;
        }
      }
}

void Engine::movePair(int64_t c, int64_t s, char *dstBase,
                      const char *srcBase, char **cursor) const {
  int64_t jc[BRIDGE_MAX_DIMS], ks[BRIDGE_MAX_DIMS];
  dst->grid.coords(c, jc);
  src->grid.coords(s, ks);
  int64_t dstStorage[BRIDGE_MAX_DIMS] = {0, 0, 0, 0};
  int64_t srcStorage[BRIDGE_MAX_DIMS] = {0, 0, 0, 0};
  if (dstBase)
    storedStrides(dst, storedChunk(dst, c), dstStorage);
  if (srcBase)
    storedStrides(src, storedChunk(src, s), srcStorage);

  Vec<int64_t> match[BRIDGE_MAX_DIMS];
  for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
    if (matching(d, jc[d], ks[maps[d].srcDim], match[d]) == 0)
      return;
  int64_t pick[BRIDGE_MAX_DIMS] = {0, 0, 0, 0};
  for (;;) {
    int64_t count[BRIDGE_MAX_DIMS], dstStride[BRIDGE_MAX_DIMS],
        srcStride[BRIDGE_MAX_DIMS];
    char *d0 = dstBase;
    const char *s0 = srcBase;
    for (int d = 0; d < BRIDGE_MAX_DIMS; ++d) {
      const Run &r = plans[d].runs[match[d][pick[d]]];
      count[d] = r.count;
      if (dstBase) {
        d0 += r.dst * dstStorage[d];
        dstStride[d] = dstStorage[d];
      }
      if (srcBase) {
        int sd = maps[d].srcDim;
        s0 += r.src * srcStorage[sd];
        srcStride[d] = r.srcStep * srcStorage[sd];
      }
    }
    // The buffer side: the box row-major and dense.
    int64_t bufStride[BRIDGE_MAX_DIMS];
    bufStride[3] = esize;
    for (int d = 2; d >= 0; --d)
      bufStride[d] = bufStride[d + 1] * count[d + 1];
    int64_t boxBytes = bufStride[0] * count[0];
    if (!dstBase) {
      d0 = *cursor;
      memcpy(dstStride, bufStride, sizeof(bufStride));
    }
    if (!srcBase) {
      s0 = *cursor;
      memcpy(srcStride, bufStride, sizeof(bufStride));
    }
    if (dstBase || srcBase)
      copyBox(d0, dstStride, s0, srcStride, count, esize);
    if (!dstBase || !srcBase)
      *cursor += boxBytes;
    // Next box: odometer over the matching runs, last dimension fastest.
    int d = BRIDGE_MAX_DIMS - 1;
    while (d >= 0 && ++pick[d] == match[d].size())
      pick[d--] = 0;
    if (d < 0)
      return;
  }
}

/// Posts the transfers of `bytes` with this file's tag; counts what it sends.
void post(Vec<MPI_Request> &reqs, bool send, char *buf, int64_t bytes,
          int peer, const char *fn) {
  postPieces(reqs, send, buf, bytes, peer, kTag, fn);
  if (send)
    bridge::rt::noteBytesSent(bytes);
}

} // namespace

namespace bridge::rt {

void redistribute(bridge_rt_dist *dst, const bridge_rt_dist *src,
                  const DimMap *userMaps, const char *fn) {
  int ndim = dst->view.ndim;
  Engine e;
  e.dst = dst;
  e.src = src;
  e.esize = elemSize(dst);
  DimMap maps[BRIDGE_MAX_DIMS];
  for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
    maps[d] = d < ndim ? userMaps[d] : DimMap{d, 0, 1, 0, 1, nullptr, nullptr};
  e.maps = maps;
  for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
    planDim(e.plans[d], dst, d, src, maps[d]);

  int me = bridge_rt_rank();
  Vec<Pair> recvs, sends;
  // Destination side: the source chunks each stored chunk reads.
  for (StoredChunks it(dst); !it.done(); it.next()) {
    int64_t c = it->index;
    int64_t jc[BRIDGE_MAX_DIMS];
    dst->grid.coords(c, jc);
    // Distinct source coordinates per dimension (runs of a row ascend in k
    // for affine maps; explicit ones may revisit, so deduplicate).
    Vec<int64_t> ks[BRIDGE_MAX_DIMS];
    bool none = false;
    for (int d = 0; d < BRIDGE_MAX_DIMS && !none; ++d) {
      const DimPlan &p = e.plans[d];
      for (int64_t r = p.rowStart[jc[d]]; r < p.rowStart[jc[d] + 1]; ++r) {
        int64_t k = p.runs[r].k;
        bool seen = false;
        for (int64_t x = 0; x < ks[d].size() && !seen; ++x)
          seen = ks[d][x] == k;
        if (!seen)
          ks[d].push(k);
      }
      none = ks[d].size() == 0;
    }
    if (none)
      continue;
    int64_t pick[BRIDGE_MAX_DIMS] = {0, 0, 0, 0};
    for (;;) {
      int64_t kc[BRIDGE_MAX_DIMS];
      for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
        kc[maps[d].srcDim] = ks[d][pick[d]];
      int64_t s = src->grid.index(kc);
      recvs.push(Pair{chunkOwner(src, s), c, s});
      int d = BRIDGE_MAX_DIMS - 1;
      while (d >= 0 && ++pick[d] == ks[d].size())
        pick[d--] = 0;
      if (d < 0)
        break;
    }
  }
  // Source side: the remote destination chunks each stored chunk feeds.
  for (StoredChunks it(src); !it.done(); it.next()) {
    int64_t s = it->index;
    int64_t ks[BRIDGE_MAX_DIMS];
    src->grid.coords(s, ks);
    const int64_t *js[BRIDGE_MAX_DIMS];
    int64_t nj[BRIDGE_MAX_DIMS];
    bool none = false;
    for (int d = 0; d < BRIDGE_MAX_DIMS; ++d) {
      const DimPlan &p = e.plans[d];
      int64_t k = ks[maps[d].srcDim];
      js[d] = p.invJ.data() + p.invStart[k];
      nj[d] = p.invStart[k + 1] - p.invStart[k];
      none |= nj[d] == 0;
    }
    if (none)
      continue;
    int64_t pick[BRIDGE_MAX_DIMS] = {0, 0, 0, 0};
    for (;;) {
      int64_t jc[BRIDGE_MAX_DIMS];
      for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
        jc[d] = js[d][pick[d]];
      int64_t c = dst->grid.index(jc);
      int32_t owner = chunkOwner(dst, c);
      if (owner != me)
        sends.push(Pair{owner, c, s});
      int d = BRIDGE_MAX_DIMS - 1;
      while (d >= 0 && ++pick[d] == nj[d])
        pick[d--] = 0;
      if (d < 0)
        break;
    }
  }
  qsort(recvs.data(), size_t(recvs.size()), sizeof(Pair), comparePair);
  qsort(sends.data(), size_t(sends.size()), sizeof(Pair), comparePair);

  // Message sizes and buffers, one per peer and direction.
  int64_t recvBytes = 0, sendBytes = 0;
  for (Pair &p : recvs)
    if (p.peer != me)
      recvBytes += e.pairBytes(p.dst, p.src);
  for (Pair &p : sends)
    sendBytes += e.pairBytes(p.dst, p.src);
  Buffer recvBuf(recvBytes), sendBuf(sendBytes);

  Vec<MPI_Request> reqs;
  // Receives first, then pack and send, then copy locally while messages fly.
  {
    int64_t at = 0;
    for (int64_t i = 0; i < recvs.size();) {
      int peer = recvs[i].peer;
      int64_t bytes = 0, j = i;
      for (; j < recvs.size() && recvs[j].peer == peer; ++j)
        if (peer != me)
          bytes += e.pairBytes(recvs[j].dst, recvs[j].src);
      if (peer != me && bytes > 0)
        post(reqs, false, recvBuf.bytes() + at, bytes, peer, fn);
      at += bytes;
      i = j;
    }
  }
  {
    char *cursor = sendBuf.bytes();
    for (int64_t i = 0; i < sends.size();) {
      int peer = sends[i].peer;
      char *begin = cursor;
      int64_t j = i;
      for (; j < sends.size() && sends[j].peer == peer; ++j) {
        e.movePair(sends[j].dst, sends[j].src, nullptr,
                   chunkData(src, sends[j].src), &cursor);
      }
      if (cursor > begin)
        post(reqs, true, begin, cursor - begin, peer, fn);
      i = j;
    }
  }
  for (Pair &p : recvs)
    if (p.peer == me)
      e.movePair(p.dst, p.src, chunkData(dst, p.dst), chunkData(src, p.src),
                 nullptr);
  if (reqs.size() > 0) {
    Vec<MPI_Status> statuses;
    statuses.resize(reqs.size());
    if (reqs.size() > INT_MAX)
      failf("%s: %lld messages exceed MPI's request count", fn,
            (long long)reqs.size());
    checkMPI(MPI_Waitall(int(reqs.size()), reqs.data(), statuses.data()), fn);
  }
  {
    char *cursor = recvBuf.bytes();
    for (Pair &p : recvs)
      if (p.peer != me)
        e.movePair(p.dst, p.src, chunkData(dst, p.dst), nullptr, &cursor);
  }
}

} // namespace bridge::rt

extern "C" void bridge_rt_redistribute(bridge_rt_dist *dst,
                                       const bridge_rt_dist *src,
                                       const bridge_rt_axis_map *maps) {
  const char *fn = "bridge_rt_redistribute";
  bridge::rt::SpanScope span("redistribute", "transfer");
  if (!dst || !src || !maps)
    failf("%s: null argument", fn);
  if (dst == src)
    failf("%s: the destination is the source", fn);
  if (dst->view.dtype != src->view.dtype)
    failf("%s: element types differ (dtype %d from dtype %d)", fn,
          int(dst->view.dtype), int(src->view.dtype));
  int ndim = dst->view.ndim;
  // A source of fewer dimensions is read through its unused unit axes.
  if (src->view.ndim > ndim)
    failf("%s: %d destination dimensions from %d source dimensions", fn, ndim,
          int(src->view.ndim));
  if (dst->placement == BRIDGE_RT_CYCLIC || src->placement == BRIDGE_RT_CYCLIC) {
    // The block-cyclic layout is entered and left whole, never reshaped.
    for (int d = 0; d < ndim; ++d)
      if (maps[d].src_dim != d || maps[d].offset != 0 || maps[d].step != 1 ||
          maps[d].lo != 0 || maps[d].hi != dst->view.shape[d])
        failf("%s: a block-cyclic array moves only as a whole (dimension %d)",
              fn, d);
    bridge::rt::cyclicMove(dst, src, fn);
    return;
  }
  DimMap dm[BRIDGE_MAX_DIMS];
  bool used[BRIDGE_MAX_DIMS] = {false, false, false, false};
  for (int d = 0; d < ndim; ++d) {
    const bridge_rt_axis_map &m = maps[d];
    if (m.src_dim < 0 || m.src_dim >= ndim || used[m.src_dim])
      failf("%s: the source dimensions of the maps are not a permutation "
            "(dimension %d reads %d)",
            fn, d, int(m.src_dim));
    used[m.src_dim] = true;
    if (m.lo < 0 || m.lo > m.hi || m.hi > dst->view.shape[d])
      failf("%s: range [%lld, %lld) of dimension %d is outside the "
            "destination's extent %lld",
            fn, (long long)m.lo, (long long)m.hi, d,
            (long long)dst->view.shape[d]);
    if (m.lo < m.hi) {
      __int128 atLo = __int128(m.offset) + __int128(m.step) * m.lo;
      __int128 atHi = __int128(m.offset) + __int128(m.step) * (m.hi - 1);
      // A flip (a negative step) reads backwards.
      __int128 first = m.step < 0 ? atHi : atLo, last = m.step < 0 ? atLo : atHi;
      if (first < 0 || last >= src->view.shape[m.src_dim])
        failf("%s: dimension %d reads source coordinates [%lld, %lld] "
              "outside the extent %lld of source dimension %d",
              fn, d, (long long)first, (long long)last,
              (long long)src->view.shape[m.src_dim], int(m.src_dim));
    }
    dm[d] = DimMap{m.src_dim, m.offset, m.step, m.lo, m.hi, nullptr, nullptr};
  }
  bridge::rt::redistribute(dst, src, dm, fn);
}

void bridge::rt::postPieces(Vec<MPI_Request> &reqs, bool send, char *buf,
                            int64_t bytes, int peer, int tag, const char *fn) {
  constexpr int64_t kPiece = int64_t(1) << 30;
  for (int64_t at = 0; at < bytes; at += kPiece) {
    int n = int(bytes - at < kPiece ? bytes - at : kPiece);
    MPI_Request req;
    int rc = send ? MPI_Isend(buf + at, n, MPI_BYTE, peer, tag, comm(), &req)
                  : MPI_Irecv(buf + at, n, MPI_BYTE, peer, tag, comm(), &req);
    checkMPI(rc, fn);
    reqs.push(req);
  }
}
