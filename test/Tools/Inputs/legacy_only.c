/* A legacy function whose file includes nothing but bridge/legacy.h: the
 * header brings <mpi.h> (spec bdsl-runtime-values.md section 4). */
#include <bridge/legacy.h>

double total(const bridge_array *a, MPI_Comm comm) {
  double mine = 0, all = 0;
  for (int64_t c = 0; c < a->nchunks; ++c) {
    const double *v = (const double *)a->chunks[c].data;
    for (int64_t i = 0; i < bridge_chunk_size(&a->chunks[c]); ++i)
      mine += v[i];
  }
  MPI_Allreduce(&mine, &all, 1, MPI_DOUBLE, MPI_SUM, comm);
  return all;
}
