/* Legacy MPI functions that fail in the ways test/Fault exercises. Each fails
 * on one rank `r` while the other ranks wait for it in MPI_Allreduce on the
 * legacy communicator, the worst case for a hang: the job must still end on
 * every rank within seconds. Standard output belongs to the program's
 * `print`; these write nothing there. */
#include <mpi.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <bridge/legacy.h>

static int rank_of(MPI_Comm comm) {
  int r = -1;
  MPI_Comm_rank(comm, &r);
  return r;
}

/* Every rank but the failing one waits here: the failing rank never comes. */
static void wait_for_everyone(MPI_Comm comm) {
  int one = 1, sum = 0;
  MPI_Allreduce(&one, &sum, 1, MPI_INT, MPI_SUM, comm);
}

/* Sums this rank's chunks, so the call has done some work before failing. */
static double local_sum(const bridge_array *a) {
  double s = 0;
  for (int64_t i = 0; i < a->nchunks; ++i) {
    const double *d = (const double *)a->chunks[i].data;
    int64_t n = bridge_chunk_size(&a->chunks[i]);
    for (int64_t k = 0; k < n; ++k)
      s += d[k];
  }
  return s;
}

/* extern fn status_on_rank(a: f64[], r: i64) -> i32
 * Returns status 3 on rank r; the others wait in a collective. */
int32_t status_on_rank(const bridge_array *a, int64_t r, MPI_Comm comm) {
  (void)local_sum(a);
  if (rank_of(comm) == r)
    return 3;
  wait_for_everyone(comm);
  return 0;
}

/* extern fn abort_on_rank(a: f64[], r: i64) -> i32
 * Calls abort() on rank r, as a failed assert() in legacy code would. */
int32_t abort_on_rank(const bridge_array *a, int64_t r, MPI_Comm comm) {
  (void)local_sum(a);
  if (rank_of(comm) == r) {
    fprintf(stderr, "abort_on_rank: rank %d calls abort()\n", (int)r);
    fflush(stderr);
    abort();
  }
  wait_for_everyone(comm);
  return 0;
}

/* extern fn signal_on_rank(a: f64[], r: i64) -> i32
 * Rank r receives the signal numbered $FAULT_SIGNAL (default 9: SIGKILL, as
 * the OOM killer sends; 15: SIGTERM, as a scheduler sends; 11: SIGSEGV, as a
 * bad pointer raises). */
int32_t signal_on_rank(const bridge_array *a, int64_t r, MPI_Comm comm) {
  (void)local_sum(a);
  if (rank_of(comm) == r) {
    const char *env = getenv("FAULT_SIGNAL");
    int sig = env ? atoi(env) : SIGKILL;
    fprintf(stderr, "signal_on_rank: rank %d receives signal %d\n", (int)r, sig);
    fflush(stderr);
    kill(getpid(), sig);
    /* Only a signal that does not end the process gets here. */
    pause();
  }
  wait_for_everyone(comm);
  return 0;
}

/* extern fn exit_on_rank(a: f64[], r: i64) -> i32
 * Calls exit(0) on rank r without MPI_Finalize: a library that "gives up". */
int32_t exit_on_rank(const bridge_array *a, int64_t r, MPI_Comm comm) {
  (void)local_sum(a);
  if (rank_of(comm) == r)
    exit(0);
  wait_for_everyone(comm);
  return 0;
}
