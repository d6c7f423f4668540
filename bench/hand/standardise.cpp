// Per-column standardisation written by hand in C++ and MPI
// (bench/standardise.bdsl):
//
//   a = random([ROWS, COLS], chunks=[CHUNK, COLS], seed=S)
//   z = (a - mean(a, axis=0)) / std(a, axis=0)
//   total = consume(z);  print total
//
// Rank r of P owns the chunks of whole rows [floor(K*r/P), floor(K*(r+1)/P))
// in one buffer, as common.h places them. Two passes, the fewest the data
// dependence allows:
//   pass 1: generate the rank's rows into the buffer and accumulate each
//           column's sum and sum of squares in the same loop, then one
//           MPI_Allreduce of the 2 * COLS sums; mean = S/N, std =
//           sqrt(SS/N - mean^2) (population);
//   pass 2: z = (a - mean) * (1/std), in place.
// The row loops over the columns are vectorised with `omp simd`.
//
// Arguments: --rows R --cols C --chunk ROWS_PER_CHUNK --seed S.
#include <cmath>
#include <vector>

#include "common.h"

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  double t0 = MPI_Wtime();
  hand::RowsArgs s = hand::parseRowsArgs(argc, argv, {100000, 1000, 10000, 7});
  hand::Args rowsArgs = s.rowPlacement();
  hand::Block b = hand::myBlock(rowsArgs);
  const int64_t cols = s.cols, lo = b.lo, rows = b.size();

  double *a = static_cast<double *>(
      malloc(size_t(rows > 0 ? rows * cols : 1) * sizeof(double)));
  std::vector<double> local(size_t(2 * cols), 0.0), global(size_t(2 * cols));
  double *sum = local.data(), *sumsq = local.data() + cols;
  for (int64_t r = 0; r < rows; ++r) {
    double *row = a + r * cols;
    const uint64_t first = uint64_t((lo + r) * cols);
#pragma omp simd
    for (int64_t j = 0; j < cols; ++j) {
      double v = hand::u01(s.seed, first + uint64_t(j));
      row[j] = v;
      sum[j] += v;
      sumsq[j] += v * v;
    }
  }
  MPI_Allreduce(local.data(), global.data(), int(2 * cols), MPI_DOUBLE, MPI_SUM,
                MPI_COMM_WORLD);
  std::vector<double> mean(size_t(cols), 0.0), inv(size_t(cols), 0.0);
  for (int64_t j = 0; j < cols; ++j) {
    mean[size_t(j)] = global[size_t(j)] / double(s.rows);
    double var = global[size_t(cols + j)] / double(s.rows) -
                 mean[size_t(j)] * mean[size_t(j)];
    inv[size_t(j)] = 1.0 / std::sqrt(var);
  }
  for (int64_t r = 0; r < rows; ++r) {
    double *row = a + r * cols;
#pragma omp simd
    for (int64_t j = 0; j < cols; ++j)
      row[j] = (row[j] - mean[size_t(j)]) * inv[size_t(j)];
  }

  // The rank's chunks of whole rows, handed over as a 2-D array.
  return hand::finish(hand::handOff(rowsArgs, b, a, MPI_COMM_WORLD, cols), t0, a);
}
