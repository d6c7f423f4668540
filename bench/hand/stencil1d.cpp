// bench/stencil/stencil1d.bdsl written by hand in C++ and MPI:
//
//   print sum(convolve(random([N], chunks=[C], seed=S), [0.25, 0.5, 0.25], boundary="wrap"))
//
// Each rank generates its block into a buffer with one ghost element on each
// side, exchanges the ghosts with its neighbours in a ring, and sums the
// stencil over its block in one loop; one MPI_Allreduce.
#include "stencil.h"

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  hand::Args a = hand::parseArgs(argc, argv);
  hand::Block b = hand::myBlock(a);
  const int64_t lo = b.lo, n = b.size();
  const uint64_t seed = a.seed;

  double *x = hand::allocRows(n, 1);
  for (int64_t i = 0; i < n; ++i)
    x[1 + i] = hand::u01(seed, uint64_t(lo + i));
  hand::exchangeGhosts(x, n, 1, /*wrap=*/true, MPI_COMM_WORLD);

  double total = hand::sumStencil(x, n);
  free(x);
  return hand::finishStencil(total);
}
