/* A legacy MPI library in C: how spread out a distributed array is. For
 * MPI it includes only bridge/legacy.h, which includes <mpi.h>. */
#include <math.h>

#include <bridge/legacy.h>

/* The root mean square of all elements, over all ranks. */
double spread_rms(const bridge_array *a, MPI_Comm comm) {
  double mine[2] = {0.0, 0.0}, all[2];
  for (int64_t c = 0; c < a->nchunks; ++c) {
    const bridge_chunk *chunk = &a->chunks[c];
    const double *v = (const double *)chunk->data;
    for (int64_t i = 0; i < bridge_chunk_size(chunk); ++i)
      mine[0] += v[i] * v[i];
    mine[1] += (double)bridge_chunk_size(chunk);
  }
  MPI_Allreduce(mine, all, 2, MPI_DOUBLE, MPI_SUM, comm);
  return sqrt(all[0] / all[1]);
}

/* How many elements lie in [lo, hi], over all ranks. */
int64_t spread_count_within(const bridge_array *a, double lo, double hi,
                            MPI_Comm comm) {
  int64_t mine = 0, all = 0;
  for (int64_t c = 0; c < a->nchunks; ++c) {
    const bridge_chunk *chunk = &a->chunks[c];
    const double *v = (const double *)chunk->data;
    for (int64_t i = 0; i < bridge_chunk_size(chunk); ++i)
      mine += v[i] >= lo && v[i] <= hi;
  }
  MPI_Allreduce(&mine, &all, 1, MPI_INT64_T, MPI_SUM, comm);
  return all;
}
