/* Legacy functions for the cluster tests (test/Cluster). Standard output
 * belongs to the program's `print`; these write nothing there. */
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <bridge/legacy.h>

static int64_t count_all(const bridge_array *a, MPI_Comm comm) {
  int64_t local = 0, total = 0;
  for (int64_t c = 0; c < a->nchunks; ++c)
    local += bridge_chunk_size(&a->chunks[c]);
  MPI_Allreduce(&local, &total, 1, MPI_INT64_T, MPI_SUM, comm);
  return total;
}

static void sleep_ms(int64_t ms) {
  struct timespec t = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
  nanosleep(&t, NULL);
}

/* extern fn count_and_hold(a: f64[]) -> i64
 * The elements of all ranks. With HOLD_MS set, every rank first stays in the
 * call for that many milliseconds (at most a minute), and with HOLD_FILE set
 * too, rank 0 creates that file as the wait begins: a test can then cancel
 * the job or kill a host while the job is in the middle of its work. */
int64_t count_and_hold(const bridge_array *a, MPI_Comm comm) {
  const char *ms = getenv("HOLD_MS");
  const char *file = getenv("HOLD_FILE");
  int64_t wait = ms ? atoll(ms) : 0;
  if (wait > 60000)
    wait = 60000;
  if (wait > 0) {
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    if (rank == 0 && file && *file) {
      FILE *f = fopen(file, "w");
      if (f)
        fclose(f);
    }
    for (; wait > 0; wait -= 100)
      sleep_ms(wait < 100 ? wait : 100);
  }
  return count_all(a, comm);
}

/* extern fn nap(a: f64[], ms: i64) -> i64
 * Sleeps `ms` milliseconds on every rank, then counts the elements: a step
 * that takes a known time, for the progress tests. */
int64_t nap(const bridge_array *a, int64_t ms, MPI_Comm comm) {
  sleep_ms(ms);
  return count_all(a, comm);
}
