// Shared pieces of the hand-written stencil programs (stencil1d.cpp,
// chain.cpp, stencil2d.cpp): a rank's block of rows with one ghost row on
// each side, filled from the neighbouring ranks with MPI_Sendrecv, and the
// 3-point stencil of bench/stencil/*.bdsl.
#pragma once

#include "common.h"

namespace hand {

constexpr double kW0 = 0.25, kW1 = 0.5, kW2 = 0.25;

static inline double stencil3(const double *v) { return kW0 * v[0] + kW1 * v[1] + kW2 * v[2]; }

// buf holds rows+2 rows of `width` elements: ghost, the block, ghost. Fills
// the ghost rows from the neighbouring ranks' edge rows. `wrap`: the ranks
// form a ring; otherwise the first and last rank repeat their own edge row
// (numpy.pad's "edge"). Every rank holds at least one row.
static inline void exchangeGhosts(double *buf, int64_t rows, int64_t width, bool wrap, MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  int up = rank > 0 ? rank - 1 : (wrap ? size - 1 : MPI_PROC_NULL);
  int down = rank + 1 < size ? rank + 1 : (wrap ? 0 : MPI_PROC_NULL);
  double *first = buf + width, *last = buf + rows * width;
  double *top = buf, *bottom = buf + (rows + 1) * width;
  MPI_Sendrecv(last, int(width), MPI_DOUBLE, down, 0, top, int(width), MPI_DOUBLE, up, 0, comm,
               MPI_STATUS_IGNORE);
  MPI_Sendrecv(first, int(width), MPI_DOUBLE, up, 1, bottom, int(width), MPI_DOUBLE, down, 1, comm,
               MPI_STATUS_IGNORE);
  if (up == MPI_PROC_NULL) memcpy(top, first, size_t(width) * sizeof(double));
  if (down == MPI_PROC_NULL) memcpy(bottom, last, size_t(width) * sizeof(double));
}

static inline double *allocRows(int64_t rows, int64_t width) {
  return static_cast<double *>(malloc(size_t(rows + 2) * size_t(width) * sizeof(double)));
}

// Prints the result on rank 0 (%.17g) and finalises MPI.
static inline int finishStencil(double total) {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank == 0) printf("%.17g\n", total);
  MPI_Finalize();
  return 0;
}

// The stencil summed over a 1-D block of n elements whose ghosts are filled,
// then over the ranks.
static inline double sumStencil(const double *buf, int64_t n) {
  double local = 0;
#pragma omp simd reduction(+ : local)
  for (int64_t i = 0; i < n; ++i)
    local += stencil3(buf + i);
  double total = 0;
  MPI_Allreduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return total;
}

} // namespace hand
