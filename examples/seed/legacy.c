/* The "legacy" MPI function of the seed pipeline (pipeline.bdsl):
 *
 *   extern fn consume(a: f64[]) -> f64
 *
 * is linked as the C function below (bridge/legacy.h, spec section 7). Every
 * rank enters it, also a rank that holds no chunks, so it may use collectives
 * on `comm`. It reports on standard error (standard output is reserved for the
 * program's `print`), sums the chunks it holds and returns the global sum.
 *
 * To return the same bits for any number of ranks, it does not add up one
 * partial sum per rank (that order would change with the rank count): each
 * chunk's sum goes into a slot indexed by the global chunk index, one
 * MPI_Allreduce fills every slot on every rank (each slot has exactly one
 * non-zero contributor), and the slots are added in chunk order. */
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <bridge/legacy.h>

/* Compensated (Neumaier) sum of n doubles: accurate to about one rounding. */
static double magnitude(double v) { return v < 0 ? -v : v; }

static double accurate_sum(const double *v, int64_t n) {
  double s = 0.0, c = 0.0;
  for (int64_t i = 0; i < n; ++i) {
    double t = s + v[i];
    if (magnitude(s) >= magnitude(v[i]))
      c += (s - t) + v[i];
    else
      c += (v[i] - t) + s;
    s = t;
  }
  return s + c;
}

double consume(const bridge_array *a, MPI_Comm comm) {
  int rank = 0, size = 0;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  fprintf(stderr, "rank %d of %d: %lld chunks\n", rank, size, (long long)a->nchunks);

  /* The chunk grid: every chunk but the last has the largest extent. */
  int64_t extent = 0, max_extent = 0;
  for (int64_t c = 0; c < a->nchunks; ++c)
    if (a->chunks[c].shape[0] > extent)
      extent = a->chunks[c].shape[0];
  MPI_Allreduce(&extent, &max_extent, 1, MPI_INT64_T, MPI_MAX, comm);
  int64_t nchunks = max_extent > 0 ? (a->shape[0] + max_extent - 1) / max_extent : 0;

  double *sums = calloc((size_t)nchunks + 1, sizeof *sums);
  double *all = calloc((size_t)nchunks + 1, sizeof *all);
  for (int64_t c = 0; c < a->nchunks; ++c) {
    const bridge_chunk *chunk = &a->chunks[c];
    sums[chunk->index] = accurate_sum((const double *)chunk->data, bridge_chunk_size(chunk));
  }

  /* All ranks meet here: the call would hang if one of them skipped it. */
  MPI_Allreduce(sums, all, (int)nchunks, MPI_DOUBLE, MPI_SUM, comm);

  double total = accurate_sum(all, nchunks);
  free(sums);
  free(all);
  return total;
}
