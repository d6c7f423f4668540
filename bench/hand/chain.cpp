// bench/stencil/chain.bdsl written by hand in C++ and MPI:
//
//   x = random([N], chunks=[C], seed=S)
//   a = convolve(x, w, "wrap") * 2 - 1;  b = convolve(a, w, "wrap") * 2 - 1
//   print sum(convolve(b, w, "wrap"))          with w = [0.25, 0.5, 0.25]
//
// Two buffers with ghost elements, used in turn: x in the first, a in the
// second, b in the first again; a ghost exchange in a ring before each
// stencil, the last one fused with the sum.
#include "stencil.h"

static void step(const double *in, double *out, int64_t n) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i)
    out[1 + i] = hand::stencil3(in + i) * 2.0 - 1.0;
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  hand::Args a = hand::parseArgs(argc, argv);
  hand::Block b = hand::myBlock(a);
  const int64_t lo = b.lo, n = b.size();
  const uint64_t seed = a.seed;

  double *first = hand::allocRows(n, 1), *second = hand::allocRows(n, 1);
  for (int64_t i = 0; i < n; ++i)
    first[1 + i] = hand::u01(seed, uint64_t(lo + i));
  hand::exchangeGhosts(first, n, 1, true, MPI_COMM_WORLD);
  step(first, second, n);
  hand::exchangeGhosts(second, n, 1, true, MPI_COMM_WORLD);
  step(second, first, n);
  hand::exchangeGhosts(first, n, 1, true, MPI_COMM_WORLD);

  double total = hand::sumStencil(first, n);
  free(first);
  free(second);
  return hand::finishStencil(total);
}
