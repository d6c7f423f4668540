// The exact median written by hand in C++ and MPI (bench/median.bdsl):
//
//   print median(random([N], chunks=[CHUNK], seed=S))
//
// Rank r of P owns the chunks [floor(K*r/P), floor(K*(r+1)/P)) in one buffer,
// as common.h places them. The median is numpy.median's: the mean of the
// order statistics (N-1)/2 and N/2 (one element when N is odd), found exactly
// by radix selection over the order-preserving 64-bit key of each element
// (the sign bit flipped for positives, every bit for negatives), 16 bits a
// pass, most significant first:
//   pass 1: generate the block and count each element's top digit in the
//           same loop; one MPI_Allreduce of the counts; each target's bucket
//           becomes its prefix;
//   pass 2: scan the block once more, copying the keys that match a
//           target's prefix (their number is known from pass 1's local
//           counts) and counting their next digit;
//   passes 3-4: count over those copies only.
// While both targets share a prefix (almost always until the last pass) they
// share one histogram, so a pass reduces 2^16 counts, else 2 * 2^16. The
// data holds no NaN (u01 lies in [0, 1)), so NaN keys are not special-cased.
//
// Prints the median on rank 0 (%.17g), and on stderr the slowest rank's
// phase (MPI_Init returned -> median known) and the bytes each rank gave to
// MPI_Allreduce.
//
// Arguments: --n N --chunk CHUNK --seed S.
#include <cmath>
#include <vector>

#include "common.h"

namespace {

constexpr int kDigitBits = 16;
constexpr int64_t kBuckets = int64_t(1) << kDigitBits;
constexpr int kPasses = 64 / kDigitBits;
constexpr uint64_t kSign = uint64_t(1) << 63;

inline uint64_t keyOf(double v) {
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  return bits & kSign ? ~bits : bits ^ kSign;
}

inline double valueOf(uint64_t key) {
  uint64_t bits = key & kSign ? key ^ kSign : ~key;
  double v;
  memcpy(&v, &bits, sizeof v);
  return v;
}

/// One order statistic: its rank among the keys matching `prefix`, which
/// holds the digits chosen so far.
struct Target {
  int64_t rank;
  uint64_t prefix = 0;
};

/// Sums the histograms (one per distinct prefix) over the ranks, and moves
/// each target into the bucket that holds it. Returns the bytes this rank
/// handed to MPI_Allreduce.
int64_t choose(std::vector<int64_t> &local, int histograms, Target *t,
               const int *histogramOf, int shift, std::vector<int64_t> &global,
               std::vector<int64_t> &localPicked) {
  int64_t n = histograms * kBuckets;
  global.assign(size_t(n), 0);
  MPI_Allreduce(local.data(), global.data(), int(n), MPI_INT64_T, MPI_SUM,
                MPI_COMM_WORLD);
  for (int i = 0; i < 2; ++i) {
    const int64_t *g = global.data() + histogramOf[i] * kBuckets;
    int64_t bucket = 0;
    while (t[i].rank >= g[bucket])
      t[i].rank -= g[bucket++];
    t[i].prefix |= uint64_t(bucket) << shift;
    localPicked[size_t(i)] = local[size_t(histogramOf[i] * kBuckets + bucket)];
  }
  return n * int64_t(sizeof(int64_t));
}

} // namespace

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  double t0 = MPI_Wtime();
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  hand::Args a = hand::parseArgs(argc, argv);
  hand::Block b = hand::blockOf(a, rank, size);
  const int64_t n = b.size();

  double *x = static_cast<double *>(malloc(size_t(n > 0 ? n : 1) * sizeof(double)));
  Target t[2] = {{(a.n - 1) / 2}, {a.n / 2}};
  std::vector<int64_t> local(size_t(2 * kBuckets)), global;
  std::vector<int64_t> picked(2);
  int64_t bytes = 0;

  // Pass 1: generate and count the top digit; both targets share it.
  std::fill(local.begin(), local.begin() + kBuckets, 0);
  const int topShift = 64 - kDigitBits;
  for (int64_t i = 0; i < n; ++i) {
    double v = hand::u01(a.seed, uint64_t(b.lo + i));
    x[i] = v;
    ++local[size_t(keyOf(v) >> topShift)];
  }
  int histogramOf[2] = {0, 0};
  bytes += choose(local, 1, t, histogramOf, topShift, global, picked);

  // Pass 2 copies the keys under each distinct prefix; later passes count
  // over the copies.
  const bool samePrefix = t[0].prefix == t[1].prefix;
  std::vector<uint64_t> keys[2];
  for (int i = 0; i < (samePrefix ? 1 : 2); ++i)
    keys[i].reserve(size_t(picked[size_t(i)]));
  for (int pass = 1; pass < kPasses; ++pass) {
    const int high = 64 - pass * kDigitBits, shift = high - kDigitBits;
    const int histograms = t[0].prefix == t[1].prefix ? 1 : 2;
    histogramOf[0] = 0;
    histogramOf[1] = histograms - 1;
    std::fill(local.begin(), local.end(), 0);
    if (pass == 1) {
      for (int64_t i = 0; i < n; ++i) {
        uint64_t k = keyOf(x[i]);
        for (int h = 0; h < histograms; ++h) {
          if ((k >> high) != (t[h].prefix >> high))
            continue;
          keys[h].push_back(k);
          ++local[size_t(h * kBuckets + int64_t((k >> shift) & (kBuckets - 1)))];
        }
      }
    } else {
      // Targets that parted leave one copy for both: each counts over the
      // copy its prefix was taken from.
      for (int h = 0; h < histograms; ++h) {
        const std::vector<uint64_t> &from = keys[samePrefix ? 0 : h];
        int64_t *mine = local.data() + h * kBuckets;
        for (uint64_t k : from)
          if ((k >> high) == (t[h].prefix >> high))
            ++mine[(k >> shift) & (kBuckets - 1)];
      }
    }
    bytes += choose(local, histograms, t, histogramOf, shift, global, picked);
  }

  double lo = valueOf(t[0].prefix), hi = valueOf(t[1].prefix);
  double median = a.n % 2 ? lo : (lo + hi) / 2.0;
  if (rank == 0)
    fprintf(stderr, "HAND allreduce bytes per rank=%lld\n", (long long)bytes);
  return hand::finish(median, t0, x);
}
