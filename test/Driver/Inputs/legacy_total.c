/* A legacy function in C: the global sum of a distributed f64 array, scaled. */
#include <mpi.h>
#include "bridge/legacy.h"
double total(const bridge_array *x, double scale, MPI_Comm comm) {
  double local = 0;
  for (int64_t c = 0; c < x->nchunks; ++c) {
    const bridge_chunk *ch = &x->chunks[c];
    const double *d = ch->data;
    for (int64_t i = 0; i < ch->shape[0]; ++i) local += d[i];
  }
  double sum = 0;
  MPI_Allreduce(&local, &sum, 1, MPI_DOUBLE, MPI_SUM, comm);
  return sum * scale;
}
