/* Legacy functions for the tools tests. */
#include <mpi.h>
#include <stdint.h>
#include <time.h>

#include <bridge/legacy.h>

/* The global sum of the chunks (only for small, exactly summable data). */
double total(const bridge_array *a, MPI_Comm comm) {
  double mine = 0.0, all = 0.0;
  for (int64_t c = 0; c < a->nchunks; ++c) {
    const double *v = (const double *)a->chunks[c].data;
    for (int64_t i = 0; i < bridge_chunk_size(&a->chunks[c]); ++i)
      mine += v[i];
  }
  MPI_Allreduce(&mine, &all, 1, MPI_DOUBLE, MPI_SUM, comm);
  return all;
}

/* Sleeps, so a run lasts long enough for the progress line to appear. */
int32_t nap(double seconds, MPI_Comm comm) {
  struct timespec t = {(time_t)seconds,
                       (long)((seconds - (double)(time_t)seconds) * 1e9)};
  nanosleep(&t, 0);
  MPI_Barrier(comm);
  return 0;
}
