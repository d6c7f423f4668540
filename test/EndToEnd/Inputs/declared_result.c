/* Legacy MPI functions whose array results have a shape and chunks of their
 * own (`-> f64[] LAYOUT shape=... chunks=...`), for legacy-result-shape.bdsl. */
#include <mpi.h>
#include <stdint.h>
#include <stdlib.h>

#include <bridge/legacy.h>

/* extern fn column_sums(x: f64[] block) -> f64[] block shape=[m] chunks=[c]
 * The sums of the columns of a 2-D array: each rank sums its slab of rows,
 * MPI_Allreduce adds them up, and each rank writes its slab of the result. */
void column_sums(const bridge_array *x, bridge_array *out, MPI_Comm comm) {
  int64_t m = x->shape[1];
  double *mine = calloc((size_t)m, sizeof(double));
  double *all = calloc((size_t)m, sizeof(double));
  for (int64_t k = 0; k < x->nchunks; ++k) {
    const bridge_chunk *c = &x->chunks[k];
    const double *rows = c->data;
    for (int64_t i = 0; i < c->shape[0]; ++i)
      for (int64_t j = 0; j < m; ++j)
        mine[j] += rows[i * m + j];
  }
  MPI_Allreduce(mine, all, (int)m, MPI_DOUBLE, MPI_SUM, comm);
  for (int64_t k = 0; k < out->nchunks; ++k) {
    const bridge_chunk *c = &out->chunks[k];
    double *o = c->data;
    for (int64_t j = 0; j < c->shape[0]; ++j)
      o[j] = out->ndim == 1 && out->shape[0] == m ? all[c->start[0] + j] : -1.0;
  }
  free(mine);
  free(all);
}

/* extern fn ramp(n: i64, step: f64) -> f64[] shape=[n] chunks=[7]
 * out[i] = i * step, written chunk by chunk: no array argument at all. */
void ramp(int64_t n, double step, bridge_array *out, MPI_Comm comm) {
  (void)comm;
  for (int64_t k = 0; k < out->nchunks; ++k) {
    const bridge_chunk *c = &out->chunks[k];
    double *o = c->data;
    for (int64_t i = 0; i < c->shape[0]; ++i)
      o[i] = out->shape[0] == n ? (double)(c->start[0] + i) * step : -1.0;
  }
}
