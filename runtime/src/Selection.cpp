//===- Selection.cpp - x[mask] and unique(x), of data-dependent length ----===//
//
// Both results are made in two collective calls around the creation of the
// destination, whose length only the first call learns. The first leaves on
// each rank a bridge_rt_selection: the units (elements, or rows of a row
// mask) of the result this rank holds, in order, and every rank's count, so
// that ranks in order then units in order are the result's order.
//
// - x[mask]: a rank owns a contiguous run of chunks, and a chunk holds every
//   axis but the first whole, so packing the selected units of its chunks in
//   chunk order is its part of the result in row-major order.
// - unique(x): each rank sorts and dedupes its elements as order-preserving
//   integer keys; a sample sort (samples in proportion to each rank's
//   distinct values, P - 1 splitters, one all-to-all) gives every value to
//   one rank, which merges what it receives and dedupes again. Equal values
//   share a bucket, so no value is held twice.
// - Placing: every rank knows every rank's units and every destination
//   chunk's owner, so both ends of each transfer plan it alone; one
//   all-to-all moves the units to the owners of the destination's chunks.
//
// Memory beyond the arrays: the rank's part of the result, its keys and
// their exchange buffers, and O(ranks) counts and samples.
//
//===----------------------------------------------------------------------===//

#include "DistInternal.h"
#include "DistinctKeys.h"
#include "SortKey.h"

#include <limits.h>
#include <math.h>
#include <string.h>

#include <algorithm>

using namespace bridge::rt;

struct bridge_rt_selection {
  int32_t dtype;
  int32_t unitDims;                   // Axes of a unit: the result's axes 1...
  int64_t unitShape[BRIDGE_MAX_DIMS]; // ...and their extents.
  int64_t unitBytes;
  char *data;      // This rank's units, in order (bridge_rt_alloc).
  int64_t held, capacity; // Units in `data`, and room, while stages append.
  int64_t *counts; // Every rank's units, bridge_rt_size() entries (malloc).
  int64_t total;
  // unique(x) that stages fill: the sort keys of the values met so far,
  // each once, until the close distributes them (null for x[mask]).
  bridge::rt::DistinctKeys *distinct;
};

namespace {

/// An empty selection of units of `unitDims` axes of `unitShape` and `dtype`.
bridge_rt_selection *newSelection(int32_t dtype, int32_t unitDims,
                                  const int64_t *unitShape) {
  auto *sel = static_cast<bridge_rt_selection *>(
      calloc(1, sizeof(bridge_rt_selection)));
  int size = bridge_rt_size();
  int64_t *counts =
      static_cast<int64_t *>(malloc(size_t(size) * sizeof(int64_t)));
  if (!sel || !counts)
    failf("out of memory allocating a selection for %d ranks", size);
  sel->dtype = dtype;
  sel->unitDims = unitDims;
  sel->unitBytes = bridge_dtype_size(dtype);
  for (int32_t d = 0; d < unitDims; ++d) {
    sel->unitShape[d] = unitShape[d];
    sel->unitBytes *= unitShape[d];
  }
  sel->counts = counts;
  return sel;
}

void destroySelection(bridge_rt_selection *sel) {
  bridge_rt_free(sel->data);
  delete sel->distinct;
  free(sel->counts);
  free(sel);
}

/// Records that this rank holds `mine` units, learns every rank's count and
/// returns the total.
int64_t shareCounts(bridge_rt_selection *sel, int64_t mine, const char *fn) {
  int size = bridge_rt_size();
  checkMPI(
      MPI_Allgather(&mine, 1, MPI_INT64_T, sel->counts, 1, MPI_INT64_T, comm()),
      fn);
  noteBytesSent(int64_t(sizeof mine) * (size - 1));
  sel->total = 0;
  for (int r = 0; r < size; ++r)
    sel->total += sel->counts[r];
  return sel->total;
}

/// An MPI count or displacement, which is an int.
int toInt(int64_t n, const char *what, const char *fn) {
  if (n > INT_MAX)
    failf("%s: %lld %s between two ranks exceed MPI's int counts", fn,
          (long long)n, what);
  return int(n);
}

//--- x[mask] ---------------------------------------------------------------//

void checkMaskOperands(const bridge_rt_dist *src, const bridge_rt_dist *mask,
                       const char *fn) {
  if (mask->view.dtype != BRIDGE_BOOL)
    failf("%s: the mask has dtype %d, not bool", fn, int(mask->view.dtype));
  if (src->placement != BRIDGE_RT_CONTIGUOUS ||
      mask->placement != BRIDGE_RT_CONTIGUOUS || src->haloAxis >= 0 ||
      mask->haloAxis >= 0)
    failf("%s: the array and the mask must be contiguous chunk grids "
          "without halos",
          fn);
  if (mask->view.ndim > src->view.ndim)
    failf("%s: a %d-D mask over a %d-D array", fn, int(mask->view.ndim),
          int(src->view.ndim));
  for (int32_t d = 0; d < mask->view.ndim; ++d)
    if (mask->view.shape[d] != src->view.shape[d])
      failf("%s: the mask's extent %lld along axis %d differs from the "
            "array's %lld",
            fn, (long long)mask->view.shape[d], int(d),
            (long long)src->view.shape[d]);
  if (src->grid.nchunks != mask->grid.nchunks)
    failf("%s: the array has %lld chunks, the mask %lld", fn,
          (long long)src->grid.nchunks, (long long)mask->grid.nchunks);
  // Row-major chunk order is row-major element order only when the chunks
  // split axis 0 alone.
  const bridge_rt_dist *both[2] = {src, mask};
  for (const bridge_rt_dist *a : both)
    for (int32_t d = 1; d < a->grid.ndim; ++d)
      if (a->grid.axes[d].count > 1)
        failf("%s: the %s is chunked along axis %d; only axis 0 may be", fn,
              a == src ? "array" : "mask", int(d));
}

/// Calls f(first, n) for each run of `n` consecutive set entries of the
/// `size` mask entries at `mask`, starting at entry `first`.
template <typename F> void forEachRun(const uint8_t *mask, int64_t size, F f) {
  for (int64_t i = 0; i < size;) {
    if (!mask[i]) {
      ++i;
      continue;
    }
    int64_t first = i;
    while (i < size && mask[i])
      ++i;
    f(first, i - first);
  }
}

//--- unique(x) -------------------------------------------------------------//

/// Samples per rank that choose the splitters, in total over the ranks.
constexpr int64_t kSamplesPerRank = 32;

/// The sort key of the element of `dtype` at `p`, -0.0 counted as 0.0.
uint64_t keyOf(int32_t dtype, const char *p) {
  uint64_t key = sortKey(dtype, p);
  if (dtype == BRIDGE_F64 && key == ~kSign64)
    return kSign64;
  if (dtype == BRIDGE_F32 && key == uint64_t(~kSign32))
    return kSign32;
  return key;
}

/// The element of `dtype` that `key` stands for, written to `out`; NaN as the
/// dtype's quiet NaN.
void storeKey(int32_t dtype, uint64_t key, char *out) {
  switch (dtype) {
  case BRIDGE_F64: {
    double v = keyToF64(key);
    if (isnan(v))
      v = NAN;
    memcpy(out, &v, sizeof v);
    break;
  }
  case BRIDGE_F32: {
    float v = keyToF32(key);
    if (isnan(v))
      v = NAN;
    memcpy(out, &v, sizeof v);
    break;
  }
  case BRIDGE_I64: {
    int64_t v = keyToInt(dtype, key);
    memcpy(out, &v, sizeof v);
    break;
  }
  case BRIDGE_I32: {
    int32_t v = int32_t(keyToInt(dtype, key));
    memcpy(out, &v, sizeof v);
    break;
  }
  default:
    *reinterpret_cast<uint8_t *>(out) = uint8_t(key);
    break;
  }
}

/// Merges the sorted runs [at[i], at[i + 1]) of `a` into one, pairwise, with
/// `b` (as large) as scratch; returns the buffer that holds the result.
uint64_t *mergeRuns(uint64_t *a, uint64_t *b, Vec<int64_t> &at) {
  int64_t runs = at.size() - 1;
  while (runs > 1) {
    int64_t merged = 0;
    for (int64_t i = 0; i < runs; i += 2) {
      if (i + 1 < runs)
        std::merge(a + at[i], a + at[i + 1], a + at[i + 1], a + at[i + 2],
                   b + at[i]);
      else
        std::copy(a + at[i], a + at[i + 1], b + at[i]);
      at[merged++] = at[i];
    }
    at[merged] = at[runs];
    at.resize(merged + 1);
    runs = merged;
    std::swap(a, b);
  }
  return a;
}

/// The P - 1 splitters of the sample sort, the same on every rank, from
/// samples of the `n` sorted distinct keys at `keys`: about
/// kSamplesPerRank * P in all, each rank's share in proportion to its
/// distinct keys (`all` over the ranks, > 0), so that the buckets hold about
/// as many keys each. Equal splitters leave buckets empty.
void chooseSplitters(const uint64_t *keys, int64_t n, int64_t all,
                     Vec<uint64_t> &splitters, const char *fn) {
  int size = bridge_rt_size();
  int64_t wanted = std::min<int64_t>(all, kSamplesPerRank * size);
  int mine = int((__int128)n * wanted / all);
  Vec<uint64_t> samples;
  samples.resize(mine);
  for (int i = 0; i < mine; ++i)
    samples[i] = keys[int64_t((__int128)(2 * i + 1) * n / (2 * mine))];
  Vec<int> sampleCounts, sampleAt;
  sampleCounts.resize(size);
  sampleAt.resize(size);
  checkMPI(
      MPI_Allgather(&mine, 1, MPI_INT, sampleCounts.data(), 1, MPI_INT, comm()),
      fn);
  int64_t total = 0;
  for (int r = 0; r < size; ++r) {
    sampleAt[r] = int(total);
    total += sampleCounts[r];
  }
  Vec<uint64_t> gathered;
  gathered.resize(total);
  checkMPI(MPI_Allgatherv(samples.data(), mine, MPI_UINT64_T, gathered.data(),
                          sampleCounts.data(), sampleAt.data(), MPI_UINT64_T,
                          comm()),
           fn);
  noteBytesSent((int64_t(sizeof(int)) + mine * 8) * (size - 1));
  std::sort(gathered.begin(), gathered.end());
  splitters.resize(size - 1);
  for (int b = 0; b + 1 < size; ++b)
    splitters[b] = total ? gathered[(b + 1) * total / size] : ~uint64_t(0);
}

/// Gives each of the `n` sorted distinct keys at `keys` to the rank of its
/// bucket; returns in `out` (holding *got keys) the sorted distinct keys of
/// this rank's bucket. Collective.
void exchangeByBucket(const uint64_t *keys, int64_t n,
                      const Vec<uint64_t> &splitters, Vec<uint64_t> &out,
                      int64_t *got, const char *fn) {
  int size = bridge_rt_size(), me = bridge_rt_rank();
  // Bucket b holds the keys k with splitters[b - 1] <= k < splitters[b]: a
  // function of the key alone, so equal keys meet on one rank.
  Vec<int64_t> sendCounts, recvCounts;
  sendCounts.resize(size);
  recvCounts.resize(size);
  int64_t from = 0;
  for (int b = 0; b < size; ++b) {
    int64_t to =
        b + 1 < size
            ? std::upper_bound(keys + from, keys + n, splitters[b]) - keys
            : n;
    sendCounts[b] = to - from;
    from = to;
  }
  checkMPI(MPI_Alltoall(sendCounts.data(), 1, MPI_INT64_T, recvCounts.data(), 1,
                        MPI_INT64_T, comm()),
           fn);
  Vec<int> sendN, sendAt, recvN, recvAt;
  sendN.resize(size);
  sendAt.resize(size);
  recvN.resize(size);
  recvAt.resize(size);
  Vec<int64_t> runs;
  runs.resize(size + 1);
  int64_t sent = 0, received = 0, sentAway = 0;
  for (int r = 0; r < size; ++r) {
    sendN[r] = toInt(sendCounts[r], "values", fn);
    sendAt[r] = toInt(sent, "values", fn);
    recvN[r] = toInt(recvCounts[r], "values", fn);
    recvAt[r] = toInt(received, "values", fn);
    runs[r] = received;
    sent += sendCounts[r];
    received += recvCounts[r];
    if (r != me)
      sentAway += sendCounts[r];
  }
  runs[size] = received;
  Vec<uint64_t> scratch;
  out.resize(received);
  scratch.resize(received);
  checkMPI(MPI_Alltoallv(keys, sendN.data(), sendAt.data(), MPI_UINT64_T,
                         scratch.data(), recvN.data(), recvAt.data(),
                         MPI_UINT64_T, comm()),
           fn);
  noteBytesSent(int64_t(sizeof(int64_t)) * (size - 1) + sentAway * 8);
  // Each rank's run is sorted and distinct; merged, a value may repeat once
  // per sender.
  uint64_t *merged = mergeRuns(scratch.data(), out.data(), runs);
  if (merged != out.data())
    memcpy(out.data(), merged, size_t(received) * sizeof(uint64_t));
  *got = std::unique(out.begin(), out.end()) - out.begin();
}

/// unique's second half: this rank's `n` sorted distinct keys at `keys` go
/// to the ranks of their buckets (a sample sort), which write them into
/// `sel` as values; returns the total over the ranks.
int64_t distributeUnique(bridge_rt_selection *sel, const uint64_t *keys,
                         int64_t n, const char *fn) {
  int size = bridge_rt_size();
  Vec<uint64_t> bucket;
  int64_t mine = n;
  const uint64_t *result = keys;
  if (size > 1) {
    int64_t all = 0;
    checkMPI(MPI_Allreduce(&n, &all, 1, MPI_INT64_T, MPI_SUM, comm()), fn);
    noteBytesSent(int64_t(sizeof all) * (size - 1));
    if (all > 0) {
      Vec<uint64_t> splitters;
      chooseSplitters(keys, n, all, splitters, fn);
      exchangeByBucket(keys, n, splitters, bucket, &mine, fn);
      result = bucket.data();
    }
  }
  int64_t esize = sel->unitBytes;
  sel->data = static_cast<char *>(bridge_rt_alloc(mine * esize));
  for (int64_t i = 0; i < mine; ++i)
    storeKey(sel->dtype, result[i], sel->data + i * esize);
  return shareCounts(sel, mine, fn);
}

} // namespace

extern "C" bridge_rt_selection *
bridge_rt_select_mask(const bridge_rt_dist *src, const bridge_rt_dist *mask,
                      int64_t *count) {
  const char *fn = "bridge_rt_select_mask";
  SpanScope span("select mask", "combine");
  checkMaskOperands(src, mask, fn);
  int32_t unitDims = src->view.ndim - mask->view.ndim;
  bridge_rt_selection *sel = newSelection(src->view.dtype, unitDims,
                                          src->view.shape + mask->view.ndim);

  // Count the selected units, then pack them run by run.
  int64_t mine = 0;
  for (int64_t c = mask->lo; c < mask->hi; ++c) {
    bridge_chunk m = storedChunk(mask, c);
    bridge_chunk s = storedChunk(src, c);
    if (!m.data || !s.data || m.start[0] != s.start[0] ||
        m.shape[0] != s.shape[0])
      failf("%s: chunk %lld of the array does not cover the rows of the "
            "mask's",
            fn, (long long)c);
    forEachRun(static_cast<const uint8_t *>(m.data), bridge_chunk_size(&m),
               [&](int64_t, int64_t n) { mine += n; });
  }
  sel->data = static_cast<char *>(bridge_rt_alloc(mine * sel->unitBytes));
  char *out = sel->data;
  int64_t unitBytes = sel->unitBytes;
  for (int64_t c = mask->lo; c < mask->hi; ++c) {
    bridge_chunk m = storedChunk(mask, c);
    const char *in = chunkData(src, c);
    forEachRun(static_cast<const uint8_t *>(m.data), bridge_chunk_size(&m),
               [&](int64_t first, int64_t n) {
                 memcpy(out, in + first * unitBytes, size_t(n * unitBytes));
                 out += n * unitBytes;
               });
  }
  *count = shareCounts(sel, mine, fn);
  return sel;
}

extern "C" bridge_rt_selection *bridge_rt_selection_open(int32_t dtype) {
  if (bridge_dtype_size(dtype) == 0)
    failf("bridge_rt_selection_open: unknown dtype %d", int(dtype));
  return newSelection(dtype, 0, nullptr);
}

extern "C" bridge_rt_selection *bridge_rt_unique_open(int32_t dtype) {
  bridge_rt_selection *sel = bridge_rt_selection_open(dtype);
  sel->distinct = new bridge::rt::DistinctKeys();
  return sel;
}

/// Adds the sort keys of the `n` values at `values` to a distinct selection,
/// a block at a time.
static void addDistinct(bridge_rt_selection *sel, const void *values,
                        int64_t n) {
  constexpr int64_t kBlock = 1024;
  uint64_t keys[kBlock];
  const char *in = static_cast<const char *>(values);
  for (int64_t first = 0; first < n; first += kBlock) {
    int64_t count = std::min(kBlock, n - first);
    for (int64_t i = 0; i < count; ++i)
      keys[i] = keyOf(sel->dtype, in + (first + i) * sel->unitBytes);
    sel->distinct->add(keys, count);
  }
}

extern "C" void bridge_rt_select_chunk(bridge_rt_selection *sel,
                                       const void *values, const void *mask,
                                       int64_t n) {
  const char *fn = "bridge_rt_select_chunk";
  if (!sel || sel->unitDims != 0 || n < 0)
    failf("%s: not a selection of elements, or %lld of them", fn,
          (long long)n);
  if (!sel->distinct != bool(mask))
    failf("%s: a mask must come with a selection of elements, and only then",
          fn);
  if (sel->distinct)
    return addDistinct(sel, values, n);
  // Room for the whole chunk, growing by half at least.
  if (sel->held + n > sel->capacity) {
    int64_t want = std::max(sel->held + n, sel->capacity + sel->capacity / 2);
    char *grown = static_cast<char *>(bridge_rt_alloc(want * sel->unitBytes));
    if (sel->held)
      memcpy(grown, sel->data, size_t(sel->held * sel->unitBytes));
    bridge_rt_free(sel->data);
    sel->data = grown;
    sel->capacity = want;
  }
  const char *in = static_cast<const char *>(values);
  int64_t unitBytes = sel->unitBytes;
  forEachRun(static_cast<const uint8_t *>(mask), n,
             [&](int64_t first, int64_t run) {
               memcpy(sel->data + sel->held * unitBytes,
                      in + first * unitBytes, size_t(run * unitBytes));
               sel->held += run;
             });
}

extern "C" void bridge_rt_selection_close(bridge_rt_selection *sel,
                                          int64_t *count) {
  const char *fn = "bridge_rt_selection_close";
  if (!sel->distinct) {
    SpanScope span("select mask", "combine");
    *count = shareCounts(sel, sel->held, fn);
    return;
  }
  SpanScope span("unique", "combine");
  int64_t n = 0;
  const uint64_t *keys = sel->distinct->finish(&n);
  *count = distributeUnique(sel, keys, n, fn);
  delete sel->distinct;
  sel->distinct = nullptr;
}

extern "C" void bridge_rt_selection_place(bridge_rt_selection *sel,
                                          bridge_rt_dist *dst) {
  const char *fn = "bridge_rt_selection_place";
  SpanScope span("place selection", "transfer");
  if (!sel)
    failf("%s: no selection", fn);
  bool fits = dst->placement == BRIDGE_RT_CONTIGUOUS && dst->haloAxis < 0 &&
              dst->view.dtype == sel->dtype &&
              dst->view.ndim == 1 + sel->unitDims &&
              dst->view.shape[0] == sel->total;
  for (int32_t d = 0; fits && d < sel->unitDims; ++d)
    fits = dst->view.shape[d + 1] == sel->unitShape[d] &&
           dst->grid.axes[d + 1].count <= 1;
  if (!fits)
    failf("%s: the destination is not a contiguous %d-D array of dtype %d "
          "with %lld rows chunked along axis 0 only",
          fn, int(1 + sel->unitDims), int(sel->dtype), (long long)sel->total);
  if (dst->grid.nchunks == 0) {
    destroySelection(sel);
    return;
  }

  // Rank r holds units [first[r], first[r] + counts[r]); rank q owns the
  // rows of its run of chunks. Chunks along axis 0 are the grid's chunks.
  int size = bridge_rt_size(), me = bridge_rt_rank();
  const bridge::layout::Tiling &rows = dst->grid.axes[0];
  auto rowsOf = [&](int q, int64_t *begin, int64_t *end) {
    int64_t lo, hi;
    ownedRange(BRIDGE_RT_CONTIGUOUS, dst->grid.nchunks, q, size, &lo, &hi);
    *begin = lo < hi ? rows.begin(lo) : 0;
    *end = lo < hi ? rows.end(hi - 1) : 0;
  };
  int64_t first = 0;
  for (int r = 0; r < me; ++r)
    first += sel->counts[r];
  int64_t last = first + sel->counts[me];
  int64_t myBegin, myEnd;
  rowsOf(me, &myBegin, &myEnd);
  Vec<int> sendN, sendAt, recvN, recvAt;
  sendN.resize(size);
  sendAt.resize(size);
  recvN.resize(size);
  recvAt.resize(size);
  int64_t sentAway = 0, from = 0;
  for (int q = 0; q < size; ++q) {
    int64_t begin, end;
    rowsOf(q, &begin, &end);
    int64_t lo = std::max(begin, first), hi = std::min(end, last);
    sendN[q] = toInt(hi > lo ? hi - lo : 0, "units", fn);
    sendAt[q] = toInt(hi > lo ? lo - first : 0, "units", fn);
    if (q != me)
      sentAway += sendN[q];
    lo = std::max(myBegin, from);
    hi = std::min(myEnd, from + sel->counts[q]);
    recvN[q] = toInt(hi > lo ? hi - lo : 0, "units", fn);
    recvAt[q] = toInt(hi > lo ? lo - myBegin : 0, "units", fn);
    from += sel->counts[q];
  }

  // The owned chunks usually lie back to back, and then receive in place.
  const bridge_array &view = ownedView(dst);
  int64_t bytes = (myEnd - myBegin) * sel->unitBytes;
  bool inPlace = true;
  for (int64_t c = 0, at = 0; c < view.nchunks; ++c) {
    inPlace &= static_cast<char *>(view.chunks[c].data) ==
               static_cast<char *>(view.chunks[0].data) + at;
    at += view.chunks[c].shape[0] * sel->unitBytes;
  }
  Buffer staging(inPlace ? 0 : bytes);
  char *recv = inPlace && view.nchunks
                   ? static_cast<char *>(view.chunks[0].data)
                   : staging.bytes();

  MPI_Datatype unit;
  checkMPI(MPI_Type_contiguous(toInt(sel->unitBytes, "bytes in a unit", fn),
                               MPI_BYTE, &unit),
           fn);
  checkMPI(MPI_Type_commit(&unit), fn);
  checkMPI(MPI_Alltoallv(sel->data, sendN.data(), sendAt.data(), unit, recv,
                         recvN.data(), recvAt.data(), unit, comm()),
           fn);
  checkMPI(MPI_Type_free(&unit), fn);
  noteBytesSent(sentAway * sel->unitBytes);
  if (!inPlace)
    for (int64_t c = 0, at = 0; c < view.nchunks; ++c) {
      int64_t chunkBytes = view.chunks[c].shape[0] * sel->unitBytes;
      memcpy(view.chunks[c].data, recv + at, size_t(chunkBytes));
      at += chunkBytes;
    }
  destroySelection(sel);
}
