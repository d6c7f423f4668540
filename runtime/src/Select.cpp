//===- Select.cpp - Exact quantiles by distributed radix selection --------===//
//
// Each element maps to an unsigned key whose order is the elements' order
// (floats: the sign bit flipped, or every bit for negatives; NaN the largest
// key, as NumPy sorts it last; integers: the sign bit flipped). A target
// order statistic k is found most significant digit first: each pass every
// rank counts, per bucket of the next kRadixBits key bits, its elements whose
// key matches the target's prefix so far; the counts are summed over the
// ranks and the bucket holding the k-th element extends the prefix. After
// the last pass the prefix is the k-th key. The counts, and so the result,
// do not depend on how the elements are spread over ranks.
//
// Once a target's prefix matches few local elements, their keys are copied
// out, and later passes scan that copy instead of every chunk.
//
//===----------------------------------------------------------------------===//

#include "DistInternal.h"
#include "SortKey.h"
#include "bridge/layout/RadixSelect.h"

#include <math.h>
#include <string.h>

#include <algorithm>

using namespace bridge::rt;
using bridge::layout::kRadixBits;
using bridge::layout::kRadixBuckets;

namespace {

/// An element, by its key, as the value NumPy computes with.
struct Element {
  uint64_t key;
  int32_t dtype;

  double f64() const { return keyToF64(key); }
  float f32() const { return keyToF32(key); }
  int64_t i64() const { return keyToInt(dtype, key); }
  bool isFloat() const { return dtype == BRIDGE_F64 || dtype == BRIDGE_F32; }
  double value() const {
    switch (dtype) {
    case BRIDGE_F64:
      return f64();
    case BRIDGE_F32:
      return f32();
    case BRIDGE_I64:
    case BRIDGE_I32:
      return double(i64());
    default:
      return double(key);
    }
  }
};

/// numpy.median: the mean of the middle element(s), accumulated in f32 for
/// f32 and in f64 otherwise; `a` alone when they are one.
double medianOf(Element a, Element b, bool one) {
  if (one)
    return a.value();
  if (a.dtype == BRIDGE_F32)
    return double((a.f32() + b.f32()) / 2.0f);
  return (a.value() + b.value()) / 2.0;
}

/// NumPy 1.24's _lerp: b - a in the array's type, the rest in f64.
double lerp(Element a, Element b, double t) {
  double diff;
  switch (a.dtype) {
  case BRIDGE_F64:
    diff = b.f64() - a.f64();
    break;
  case BRIDGE_F32:
    diff = double(b.f32() - a.f32());
    break;
  case BRIDGE_I64:
    diff = double(int64_t(uint64_t(b.i64()) - uint64_t(a.i64())));
    break;
  case BRIDGE_I32:
    diff = double(int32_t(uint32_t(b.i64()) - uint32_t(a.i64())));
    break;
  default:
    diff = double(int64_t(b.key) - int64_t(a.key));
    break;
  }
  if (t >= 0.5)
    return b.value() - diff * (1.0 - t);
  return a.value() + diff * t;
}

/// NumPy 1.24's linear method: the two order statistics around the virtual
/// index (n - 1) q, as _get_indexes finds them, and the weight of the second
/// (against the index _get_indexes gives the first).
struct QuantileIndex {
  int64_t previous, next;
  double gamma;
};

QuantileIndex linearIndex(int64_t n, double q) {
  double virtualIndex = double(n - 1) * q;
  double previous = floor(virtualIndex);
  int64_t lo = int64_t(previous), hi = lo + 1;
  if (virtualIndex >= double(n - 1)) {
    previous = -1.0;
    lo = hi = n - 1;
  } else if (virtualIndex < 0) {
    previous = 0.0;
    lo = hi = 0;
  }
  return {lo, hi, virtualIndex - previous};
}

/// numpy.median's middle element(s) of `n`, or the neighbours of quantile
/// `q`'s virtual index.
QuantileIndex quantileIndex(int64_t n, bool median, double q) {
  if (median)
    return {(n - 1) / 2, n / 2, 0.0};
  return linearIndex(n, q);
}

/// The quantile from its order statistics `a` (previous) and `b` (next).
double quantileOf(Element a, Element b, int64_t n, bool median,
                  const QuantileIndex &index) {
  if (median)
    return medianOf(a, b, n % 2 == 1);
  return lerp(a, b, index.gamma);
}

/// One order statistic being selected.
struct Target {
  int64_t rank;       // of the element among those matching `prefix`
  uint64_t prefix;    // the key bits chosen so far, in place
  int64_t localMatch; // local elements matching `prefix`
  uint64_t *keys;     // a copy of those elements' keys, once few (malloc'd)
  int64_t nkeys;
  bool copied;
};

/// Keys of `n` elements of `dtype` from `data`, into `keys`.
void keysOf(int32_t dtype, const void *data, int64_t n, uint64_t *keys) {
  const char *p = static_cast<const char *>(data);
  int64_t esize = bridge_dtype_size(dtype);
  for (int64_t i = 0; i < n; ++i)
    keys[i] = sortKey(dtype, p + i * esize);
}

class Selection {
public:
  Selection(const bridge_rt_dist *src, Target *targets, int64_t ntargets)
      : src(src), targets(targets), ntargets(ntargets),
        keyBits(bridge::layout::radixKeyBits(elemSize(src))) {
    for (bridge::rt::StoredChunks it(src); !it.done(); it.next())
      localCount += bridge_chunk_size(&*it);
    for (int64_t t = 0; t < ntargets; ++t)
      targets[t].localMatch = localCount;
  }

  void run(const char *fn) {
    int32_t passes = bridge::layout::radixPasses(elemSize(src));
    int64_t ncounts = ntargets * kRadixBuckets;
    Vec<int64_t> counts, local;
    counts.resize(ncounts);
    local.resize(ncounts);
    for (int32_t pass = 0; pass < passes; ++pass) {
      int32_t high = keyBits - pass * kRadixBits;
      int32_t bits = high < kRadixBits ? high : kRadixBits;
      int32_t shift = high - bits;
      memset(local.data(), 0, size_t(ncounts) * sizeof(int64_t));
      countPass(high, shift, local.data());
      memcpy(counts.data(), local.data(), size_t(ncounts) * sizeof(int64_t));
      sumOverRanks(counts.data(), ncounts, fn);
      for (int64_t t = 0; t < ntargets; ++t) {
        const int64_t *global = counts.data() + t * kRadixBuckets;
        Target &target = targets[t];
        int64_t bucket = 0;
        while (target.rank >= global[bucket]) {
          target.rank -= global[bucket];
          ++bucket;
        }
        target.prefix |= uint64_t(bucket) << shift;
        target.localMatch = local[t * kRadixBuckets + bucket];
      }
    }
  }

private:
  /// Counts into `out` (kRadixBuckets per target) the local keys matching
  /// each target's prefix above bit `high`, by bits [shift, high). Targets
  /// with the same prefix share their counts; those without a copy of their
  /// keys share one scan of the chunks.
  void countPass(int32_t high, int32_t shift, int64_t *out) {
    uint64_t bucketMask = uint64_t(kRadixBuckets - 1);
    auto matches = [&](uint64_t key, uint64_t prefix) {
      return high >= 64 || (key >> high) == (prefix >> high);
    };
    // The first target of each prefix counts; the scanned ones in one pass
    // over the chunks, copying their keys out once they are at most an
    // eighth of the local elements.
    Vec<int64_t> scanned;
    for (int64_t t = 0; t < ntargets; ++t) {
      Target &target = targets[t];
      if (firstWithPrefix(t) != t)
        continue;
      int64_t *mine = out + t * kRadixBuckets;
      if (target.copied) {
        for (int64_t i = 0; i < target.nkeys; ++i)
          if (matches(target.keys[i], target.prefix))
            ++mine[(target.keys[i] >> shift) & bucketMask];
        continue;
      }
      scanned.push(t);
      if (target.localMatch <= localCount / 8) {
        target.keys = static_cast<uint64_t *>(
            malloc(size_t(target.localMatch ? target.localMatch : 1) *
                   sizeof(uint64_t)));
        if (!target.keys)
          failf("out of memory selecting among %lld elements",
                (long long)target.localMatch);
        target.nkeys = 0;
      }
    }
    if (scanned.size())
      scanChunks(scanned, shift, out, matches);
    for (int64_t t : scanned)
      targets[t].copied = targets[t].keys != nullptr;
    for (int64_t t = 0; t < ntargets; ++t) {
      int64_t same = firstWithPrefix(t);
      if (same != t)
        memcpy(out + t * kRadixBuckets, out + same * kRadixBuckets,
               size_t(kRadixBuckets) * sizeof(int64_t));
    }
  }

  template <typename Matches>
  void scanChunks(Vec<int64_t> &scanned, int32_t shift, int64_t *out,
                  Matches matches) {
    constexpr int64_t kBlock = 4096;
    uint64_t keys[kBlock];
    uint64_t bucketMask = uint64_t(kRadixBuckets - 1);
    for (bridge::rt::StoredChunks it(src); !it.done(); it.next()) {
      const bridge_chunk &chunk = *it;
      int64_t n = bridge_chunk_size(&chunk);
      int64_t esize = elemSize(src);
      for (int64_t lo = 0; lo < n; lo += kBlock) {
        int64_t m = n - lo < kBlock ? n - lo : kBlock;
        keysOf(src->view.dtype,
               static_cast<const char *>(chunk.data) + lo * esize, m, keys);
        for (int64_t t : scanned) {
          Target &target = targets[t];
          int64_t *mine = out + t * kRadixBuckets;
          for (int64_t i = 0; i < m; ++i) {
            if (!matches(keys[i], target.prefix))
              continue;
            ++mine[(keys[i] >> shift) & bucketMask];
            if (target.keys)
              target.keys[target.nkeys++] = keys[i];
          }
        }
      }
    }
  }

  int64_t firstWithPrefix(int64_t t) const {
    for (int64_t s = 0; s < t; ++s)
      if (targets[s].prefix == targets[t].prefix)
        return s;
    return t;
  }

  /// Sums over the ranks: a reduce to rank 0 and its broadcast, counted as
  /// what each rank sends (bridge/layout/RadixSelect.h).
  static void sumOverRanks(int64_t *counts, int64_t n, const char *fn) {
    int size = bridge_rt_size();
    if (size == 1)
      return;
    int rank = bridge_rt_rank();
    int64_t bytes = n * int64_t(sizeof(int64_t));
    checkMPI(MPI_Reduce(rank == 0 ? MPI_IN_PLACE : counts, counts, int(n),
                        MPI_INT64_T, MPI_SUM, 0, comm()),
             fn);
    checkMPI(MPI_Bcast(counts, int(n), MPI_INT64_T, 0, comm()), fn);
    noteBytesSent(rank == 0 ? bytes * (size - 1) : bytes);
  }

  const bridge_rt_dist *src;
  Target *targets;
  int64_t ntargets;
  int32_t keyBits;
  int64_t localCount = 0;
};

} // namespace

extern "C" void bridge_rt_dist_quantile(const bridge_rt_dist *src,
                                        int32_t median, int64_t nq,
                                        const double *q, double *out) {
  const char *fn = "bridge_rt_dist_quantile";
  SpanScope span(median ? "median" : "quantile", "combine");
  int32_t dtype = src->view.dtype;
  bool isFloat = dtype == BRIDGE_F64 || dtype == BRIDGE_F32;
  int64_t quantiles = median ? 1 : nq;
  if (quantiles < 1)
    failf("%s: no quantile to compute", fn);
  int64_t n = 1;
  for (int d = 0; d < src->view.ndim; ++d)
    n *= src->view.shape[d];
  if (n == 0) {
    for (int64_t i = 0; i < quantiles; ++i)
      out[i] = NAN;
    return;
  }
  int64_t ntargets = bridge::layout::radixTargets(quantiles, isFloat);
  Vec<Target> targets;
  targets.resize(ntargets);
  Vec<QuantileIndex> indices;
  indices.resize(quantiles);
  for (int64_t i = 0; i < quantiles; ++i)
    indices[i] = quantileIndex(n, median, median ? 0.0 : q[i]);
  for (int64_t t = 0; t < ntargets; ++t) {
    targets[t] = Target{0, 0, 0, nullptr, 0, false};
    int64_t i = t / 2;
    targets[t].rank = t == 2 * quantiles ? n - 1
                      : t % 2            ? indices[i].next
                                         : indices[i].previous;
  }
  Selection(src, targets.data(), ntargets).run(fn);

  bool hasNaN = isFloat && isnan(Element{targets[ntargets - 1].prefix, dtype}
                                     .value());
  for (int64_t i = 0; i < quantiles; ++i) {
    Element a{targets[2 * i].prefix, dtype}, b{targets[2 * i + 1].prefix,
                                                dtype};
    out[i] = hasNaN ? NAN : quantileOf(a, b, n, median, indices[i]);
  }
  for (int64_t t = 0; t < ntargets; ++t)
    free(targets[t].keys);
}

extern "C" double bridge_rt_line_quantile(const void *first, int32_t dtype,
                                          int64_t stride, int64_t count,
                                          int32_t median, double q) {
  if (count <= 0)
    return NAN;
  static Vec<uint64_t> keys;
  keys.resize(count);
  // sortKey gives every NaN the largest key of its width.
  uint64_t nanKey = dtype == BRIDGE_F64   ? ~uint64_t(0)
                    : dtype == BRIDGE_F32 ? uint64_t(~uint32_t(0))
                                          : 0;
  const char *p = static_cast<const char *>(first);
  int64_t step = stride * bridge_dtype_size(dtype);
  for (int64_t i = 0; i < count; ++i) {
    keys[i] = sortKey(dtype, p + i * step);
    if (nanKey && keys[i] == nanKey)
      return NAN;
  }
  QuantileIndex index = quantileIndex(count, median, q);
  uint64_t *begin = keys.data(), *end = begin + count;
  std::nth_element(begin, begin + index.previous, end);
  Element a{begin[index.previous], dtype}, b = a;
  if (index.next != index.previous)
    b.key = *std::min_element(begin + index.previous + 1, end);
  return quantileOf(a, b, count, median, index);
}
