// A covariance matrix written by hand in C++ and MPI (bench/covariance.bdsl):
//
//   x = random([ROWS, COLS], chunks=[CHUNK, COLS], seed=S)
//   z = x - mean(x, axis=0)
//   c = transpose(z) @ z / (ROWS - 1)
//   print sum(c); print c[0, 0]
//
// Rank r of P owns the chunks of whole rows [floor(K*r/P), floor(K*(r+1)/P))
// in one buffer, as common.h places them. Two passes, the fewest the data
// dependence allows:
//   pass 1: generate the rank's rows into the buffer and accumulate each
//           column's sum in the same loop; one MPI_Allreduce of the COLS sums
//           gives the means;
//   pass 2: centre the rows in place and add their outer products to the
//           rank's COLS x COLS partial (four rows a sweep, the inner loop
//           along the rows, vectorised with `omp simd`); one MPI_Allreduce
//           of the partials, then the scaling by 1 / (ROWS - 1).
// The whole matrix is accumulated (not only one triangle), as the generated
// program does.
//
// Prints sum(c) and c[0, 0] on rank 0 (%.17g), and on stderr the slowest
// rank's phase (MPI_Init returned -> c known) and the bytes each rank gave to
// MPI_Allreduce.
//
// Arguments: --rows R --cols C --chunk ROWS_PER_CHUNK --seed S.
#include <vector>

#include "common.h"

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  double t0 = MPI_Wtime();
  hand::RowsArgs s = hand::parseRowsArgs(argc, argv, {1000000, 100, 10000, 7});
  hand::Args rowsArgs = s.rowPlacement();
  hand::Block b = hand::myBlock(rowsArgs);
  const int64_t cols = s.cols, lo = b.lo, rows = b.size();

  double *x = static_cast<double *>(
      malloc(size_t(rows > 0 ? rows * cols : 1) * sizeof(double)));
  std::vector<double> localSum(size_t(cols), 0.0), mean(size_t(cols), 0.0);
  double *sum = localSum.data();
  for (int64_t r = 0; r < rows; ++r) {
    double *row = x + r * cols;
    const uint64_t first = uint64_t((lo + r) * cols);
#pragma omp simd
    for (int64_t j = 0; j < cols; ++j) {
      double v = hand::u01(s.seed, first + uint64_t(j));
      row[j] = v;
      sum[j] += v;
    }
  }
  MPI_Allreduce(localSum.data(), mean.data(), int(cols), MPI_DOUBLE, MPI_SUM,
                MPI_COMM_WORLD);
  for (double &m : mean)
    m /= double(s.rows);

  std::vector<double> local(size_t(cols * cols), 0.0), gram(size_t(cols * cols), 0.0);
  double *partial = local.data();
  const double *mu = mean.data();
  for (int64_t r = 0; r < rows; ++r) {
    double *row = x + r * cols;
#pragma omp simd
    for (int64_t j = 0; j < cols; ++j)
      row[j] -= mu[j];
  }
  // Four rows a sweep over the partial, so that each of its rows is loaded
  // and stored once for four updates.
  int64_t r = 0;
  for (; r + 4 <= rows; r += 4) {
    const double *z0 = x + r * cols, *z1 = z0 + cols, *z2 = z1 + cols,
                 *z3 = z2 + cols;
    for (int64_t i = 0; i < cols; ++i) {
      const double a0 = z0[i], a1 = z1[i], a2 = z2[i], a3 = z3[i];
      double *out = partial + i * cols;
#pragma omp simd
      for (int64_t j = 0; j < cols; ++j)
        out[j] += a0 * z0[j] + a1 * z1[j] + a2 * z2[j] + a3 * z3[j];
    }
  }
  for (; r < rows; ++r) {
    const double *z = x + r * cols;
    for (int64_t i = 0; i < cols; ++i) {
      const double a = z[i];
      double *out = partial + i * cols;
#pragma omp simd
      for (int64_t j = 0; j < cols; ++j)
        out[j] += a * z[j];
    }
  }
  MPI_Allreduce(local.data(), gram.data(), int(cols * cols), MPI_DOUBLE,
                MPI_SUM, MPI_COMM_WORLD);
  double total = 0;
  for (double &v : gram) {
    v /= double(s.rows - 1);
    total += v;
  }

  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  double t = MPI_Wtime() - t0, tmax = 0;
  MPI_Reduce(&t, &tmax, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
  if (rank == 0) {
    printf("%.17g\n%.17g\n", total, gram[0]);
    fprintf(stderr, "HAND phase=%.6f allreduce bytes per rank=%lld\n", tmax,
            (long long)((cols + cols * cols) * sizeof(double)));
  }
  free(x);
  MPI_Finalize();
  return 0;
}
