/* Legacy functions for the checkpoint tests. */
#include <mpi.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <bridge/legacy.h>

/* Counts the elements every rank was handed; with CRASH_RANK set, that rank
 * kills itself first, as a node failure would, once every rank has got here
 * (and so has stored what came before). */
int64_t count_or_crash(const bridge_array *a, MPI_Comm comm) {
  int rank;
  MPI_Comm_rank(comm, &rank);
  const char *crash = getenv("CRASH_RANK");
  if (crash) {
    MPI_Barrier(comm);
    if (atoi(crash) == rank)
      raise(SIGKILL);
  }
  int64_t local = 0, total = 0;
  for (int64_t c = 0; c < a->nchunks; ++c)
    local += bridge_chunk_size(&a->chunks[c]);
  MPI_Allreduce(&local, &total, 1, MPI_INT64_T, MPI_SUM, comm);
  return total;
}

/* extern fn cumulative(x: f64[] block) -> f64[] block
 * The running sum of a 1-D array (np.cumsum), as an expensive solver would
 * return it; says on standard error that it ran, so a test can tell a
 * restored result from a recomputed one. */
void cumulative(const bridge_array *x, bridge_array *out, MPI_Comm comm) {
  int rank;
  MPI_Comm_rank(comm, &rank);
  double local = 0.0, before = 0.0;
  for (int64_t k = 0; k < x->nchunks; ++k)
    for (int64_t e = 0; e < x->chunks[k].shape[0]; ++e)
      local += ((const double *)x->chunks[k].data)[e];
  MPI_Exscan(&local, &before, 1, MPI_DOUBLE, MPI_SUM, comm);
  if (rank == 0) {
    before = 0.0; /* MPI_Exscan leaves rank 0's result undefined. */
    fprintf(stderr, "cumulative ran\n");
  }
  for (int64_t k = 0; k < out->nchunks; ++k) {
    const double *in = x->chunks[k].data;
    double *o = out->chunks[k].data;
    for (int64_t e = 0; e < out->chunks[k].shape[0]; ++e)
      o[e] = before += in[e];
  }
}
