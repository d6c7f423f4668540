/* Legacy functions for the checkpoint tests. */
#include <mpi.h>
#include <signal.h>
#include <stdlib.h>
#include <bridge/legacy.h>

/* Counts the elements every rank was handed; with CRASH_RANK set, that rank
 * kills itself first, as a node failure would. */
int64_t count_or_crash(const bridge_array *a, MPI_Comm comm) {
  int rank;
  MPI_Comm_rank(comm, &rank);
  const char *crash = getenv("CRASH_RANK");
  if (crash && atoi(crash) == rank)
    raise(SIGKILL);
  int64_t local = 0, total = 0;
  for (int64_t c = 0; c < a->nchunks; ++c)
    local += bridge_chunk_size(&a->chunks[c]);
  MPI_Allreduce(&local, &total, 1, MPI_INT64_T, MPI_SUM, comm);
  return total;
}
