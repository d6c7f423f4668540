/* Legacy functions for the placement tests: each checks the layout it was
 * promised and returns a checksum of its data. */
#include <mpi.h>
#include <bridge/legacy.h>

static double checksum(const bridge_array *a, MPI_Comm comm) {
  double local = 0;
  for (int64_t c = 0; c < a->nchunks; ++c) {
    const double *data = a->chunks[c].data;
    for (int64_t i = 0; i < bridge_chunk_size(&a->chunks[c]); ++i)
      local += data[i];
  }
  double total = 0;
  MPI_Allreduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, comm);
  return total;
}

double touch(const bridge_array *a, MPI_Comm comm) { return checksum(a, comm); }

double slab(const bridge_array *a, MPI_Comm comm) {
  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  int64_t lo = a->shape[0] * rank / size, hi = a->shape[0] * (rank + 1) / size;
  int bad = a->nchunks != (hi > lo) ||
            (a->nchunks && (a->chunks[0].index != rank ||
                            a->chunks[0].start[0] != lo ||
                            a->chunks[0].shape[0] != hi - lo));
  int anyBad = 0;
  MPI_Allreduce(&bad, &anyBad, 1, MPI_INT, MPI_MAX, comm);
  return anyBad ? -1.0 : checksum(a, comm);
}
