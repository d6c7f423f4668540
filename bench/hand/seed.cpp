// The seed pipeline written by hand in C++ and MPI (bench/seed.bdsl):
//
//   x = random([N], chunks=[C], seed=S);  total = consume(x);  print total
//
// One fused loop per rank fills the rank's block from the generator; the block
// is then handed to the legacy function. Prints the total on rank 0 (%.17g) and
// its own pipeline time on standard error (MPI_Wtime, after MPI_Init to after
// consume, the largest over the ranks).
#include "common.h"

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  double t0 = MPI_Wtime();
  hand::Args a = hand::parseArgs(argc, argv);
  hand::Block b = hand::myBlock(a);

  double *x = static_cast<double *>(malloc(size_t(b.size() > 0 ? b.size() : 1) * sizeof(double)));
  const int64_t lo = b.lo, n = b.size();
  const uint64_t seed = a.seed;
  for (int64_t i = 0; i < n; ++i)
    x[i] = hand::u01(seed, uint64_t(lo + i));

  return hand::finish(hand::handOff(a, b, x, MPI_COMM_WORLD), t0, x);
}
