/* A legacy MPI library: the mean and variance of a distributed array.
 * Built as an ordinary static library (see CMakeLists.txt); bridgec's
 * pipeline calls it with each rank's chunks (bridge/legacy.h). */
#include <mpi.h>
#include <stdint.h>

#include <bridge/legacy.h>

static void local_sums(const bridge_array *a, double shift, double *s1,
                       double *s2, int64_t *n) {
  *s1 = *s2 = 0.0;
  *n = 0;
  for (int64_t c = 0; c < a->nchunks; ++c) {
    const bridge_chunk *chunk = &a->chunks[c];
    const double *v = (const double *)chunk->data;
    int64_t count = bridge_chunk_size(chunk);
    for (int64_t i = 0; i < count; ++i) {
      double d = v[i] - shift;
      *s1 += d;
      *s2 += d * d;
    }
    *n += count;
  }
}

double moments_mean(const bridge_array *a, MPI_Comm comm) {
  double s1, s2, total[2];
  int64_t n;
  local_sums(a, 0.0, &s1, &s2, &n);
  double mine[2] = {s1, (double)n};
  MPI_Allreduce(mine, total, 2, MPI_DOUBLE, MPI_SUM, comm);
  return total[0] / total[1];
}

double moments_var(const bridge_array *a, double mean, MPI_Comm comm) {
  double s1, s2, total[3];
  int64_t n;
  local_sums(a, mean, &s1, &s2, &n);
  double mine[3] = {s1, s2, (double)n};
  MPI_Allreduce(mine, total, 3, MPI_DOUBLE, MPI_SUM, comm);
  double d = total[0] / total[2];
  return total[1] / total[2] - d * d;
}
