// bench/stencil/stencil2d.bdsl written by hand in C++ and MPI:
//
//   m = random([R, 100], chunks=[CR, 100], seed=S)
//   a = convolve(m, w, "edge", axis=0);  b = convolve(a, w, "edge", axis=1)
//   print consume(b)                           with w = [0.25, 0.5, 0.25]
//
// A rank's block of rows with a ghost row on each side (exchanged with the
// neighbouring ranks, the first and last rank repeating their edge row); a
// second buffer takes the stencil along axis 0, the first buffer's block the
// stencil along each row; its chunks are handed to the legacy function.
// Options: --n R --chunk CR --seed S (rows, rows per chunk).
#include "stencil.h"

static constexpr int64_t kCols = 100;

// b of each row of a, "edge" at both ends of the row.
static void alongRow(const double *a, double *b) {
  b[0] = hand::kW0 * a[0] + hand::kW1 * a[0] + hand::kW2 * a[1];
#pragma omp simd
  for (int64_t j = 1; j < kCols - 1; ++j)
    b[j] = hand::stencil3(a + j - 1);
  b[kCols - 1] = hand::kW0 * a[kCols - 2] + hand::kW1 * a[kCols - 1] + hand::kW2 * a[kCols - 1];
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  hand::Args a = hand::parseArgs(argc, argv);
  hand::Block b = hand::myBlock(a);
  const int64_t lo = b.lo, rows = b.size();
  const uint64_t seed = a.seed;

  double *m = hand::allocRows(rows, kCols), *col = hand::allocRows(rows, kCols);
  for (int64_t i = 0; i < rows * kCols; ++i)
    m[kCols + i] = hand::u01(seed, uint64_t(lo * kCols + i));
  hand::exchangeGhosts(m, rows, kCols, /*wrap=*/false, MPI_COMM_WORLD);
  for (int64_t i = 0; i < rows; ++i) {
    const double *above = m + i * kCols, *here = above + kCols, *below = here + kCols;
    double *out = col + (1 + i) * kCols;
#pragma omp simd
    for (int64_t j = 0; j < kCols; ++j)
      out[j] = hand::kW0 * above[j] + hand::kW1 * here[j] + hand::kW2 * below[j];
  }
  for (int64_t i = 0; i < rows; ++i)
    alongRow(col + (1 + i) * kCols, m + (1 + i) * kCols);
  free(col);

  // The chunks of [R, 100] in chunks [CR, 100] that this rank holds.
  double total = hand::handOff(a, b, m + kCols, MPI_COMM_WORLD, kCols);
  free(m);
  return hand::finishStencil(total);
}
