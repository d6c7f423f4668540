// The multi-stage pipeline written by hand in C++ and MPI (bench/multi.bdsl):
//
//   x = random([N], chunks=[C], seed=S)
//   y = clip((x - mean(x)) / std(x), -3, 3)
//   z = y*y + 0.5*y
//   total = consume(z);  print total
//
// Two passes over the rank's block, the fewest the data dependence allows
// (mean and std are needed before any z):
//   pass 1: generate x into the block and accumulate sum(x) and sum(x*x) in the
//           same loop (one fused pass for both moments), then one MPI_Allreduce
//           of the two sums; mean = S/N, std = sqrt(SS/N - mean^2) (population);
//   pass 2: z = y*y + 0.5*y with y = clip((x - mean) * (1/std), -3, 3), in place.
// The moment loop is vectorised with `omp simd reduction` (-fopenmp-simd, no
// threads). With --regen, pass 1 does not store x and pass 2 regenerates it
// (one write of the block instead of write + read + write).
#include <cmath>

#include "common.h"

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  double t0 = MPI_Wtime();
  bool regen = false;
  if (argc > 1 && !strcmp(argv[argc - 1], "--regen")) {
    regen = true;
    --argc;
  }
  hand::Args a = hand::parseArgs(argc, argv);
  hand::Block b = hand::myBlock(a);

  double *x = static_cast<double *>(malloc(size_t(b.size() > 0 ? b.size() : 1) * sizeof(double)));
  const int64_t lo = b.lo, n = b.size();
  const uint64_t seed = a.seed;

  double s = 0, ss = 0;
  if (regen) {
#pragma omp simd reduction(+ : s, ss)
    for (int64_t i = 0; i < n; ++i) {
      double v = hand::u01(seed, uint64_t(lo + i));
      s += v;
      ss += v * v;
    }
  } else {
#pragma omp simd reduction(+ : s, ss)
    for (int64_t i = 0; i < n; ++i) {
      double v = hand::u01(seed, uint64_t(lo + i));
      x[i] = v;
      s += v;
      ss += v * v;
    }
  }
  double local[2] = {s, ss}, global[2];
  MPI_Allreduce(local, global, 2, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  const double mean = global[0] / double(a.n);
  const double var = global[1] / double(a.n) - mean * mean;
  const double inv = 1.0 / std::sqrt(var);

  if (regen) {
    for (int64_t i = 0; i < n; ++i) {
      double y = (hand::u01(seed, uint64_t(lo + i)) - mean) * inv;
      y = y < -3.0 ? -3.0 : (y > 3.0 ? 3.0 : y);
      x[i] = y * y + 0.5 * y;
    }
  } else {
    for (int64_t i = 0; i < n; ++i) {
      double y = (x[i] - mean) * inv;
      y = y < -3.0 ? -3.0 : (y > 3.0 ? 3.0 : y);
      x[i] = y * y + 0.5 * y;
    }
  }

  return hand::finish(hand::handOff(a, b, x, MPI_COMM_WORLD), t0, x);
}
