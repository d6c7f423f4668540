/* Legacy MPI functions that return arrays (bdsl-runtime-values.md section 4),
 * for legacy-result.bdsl: the program passes the result as one more
 * bridge_array after the declared parameters and before the communicator.
 * Each function checks that the result it is handed lines up with its input
 * (the same chunk indices in the same order, the same boxes, the declared
 * element type) and fills it with NaN (or -1) when it does not, so that a
 * wrong hand-over shows in the values the test compares with NumPy. */
#include <math.h>
#include <mpi.h>
#include <stdint.h>

#include <bridge/legacy.h>

/* Whether `out` holds chunks with the same indices, starts and extents as
 * `in`, in the same order, of element type `dtype`. */
static int lines_up(const bridge_array *in, const bridge_array *out, int32_t dtype) {
  if (out->dtype != dtype || out->ndim != in->ndim || out->nchunks != in->nchunks)
    return 0;
  for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
    if (out->shape[d] != in->shape[d])
      return 0;
  for (int64_t k = 0; k < in->nchunks; ++k) {
    const bridge_chunk *a = &in->chunks[k], *b = &out->chunks[k];
    if (a->index != b->index)
      return 0;
    for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
      if (a->start[d] != b->start[d] || a->shape[d] != b->shape[d])
        return 0;
  }
  return 1;
}

/* Global row-major flat index of element e of chunk c. */
static int64_t flat_index(const bridge_array *a, const bridge_chunk *c, int64_t e) {
  int64_t idx[BRIDGE_MAX_DIMS];
  for (int d = BRIDGE_MAX_DIMS - 1; d >= 0; --d) {
    idx[d] = c->start[d] + e % c->shape[d];
    e /= c->shape[d];
  }
  int64_t g = 0;
  for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
    g = g * a->shape[d] + idx[d];
  return g;
}

/* extern fn prefix_sum(x: f64[] block) -> f64[] block
 * The running sum of a 1-D array (np.cumsum): each rank sums its slab, and
 * MPI_Exscan gives the sum of the slabs before it. */
void prefix_sum(const bridge_array *x, bridge_array *out, MPI_Comm comm) {
  int ok = lines_up(x, out, BRIDGE_F64) && x->ndim == 1 && x->nchunks <= 1;
  double local = 0.0, before = 0.0;
  for (int64_t k = 0; k < x->nchunks; ++k) {
    const double *in = x->chunks[k].data;
    for (int64_t e = 0; e < x->chunks[k].shape[0]; ++e)
      local += in[e];
  }
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  MPI_Exscan(&local, &before, 1, MPI_DOUBLE, MPI_SUM, comm);
  if (rank == 0)
    before = 0.0; /* MPI_Exscan leaves rank 0's result undefined. */
  for (int64_t k = 0; k < out->nchunks; ++k) {
    double *o = out->chunks[k].data;
    const double *in = x->chunks[k].data;
    double run = before;
    for (int64_t e = 0; e < out->chunks[k].shape[0]; ++e) {
      run += in[e];
      o[e] = ok ? run : NAN;
    }
  }
}

/* extern fn shift_rows(x: f64[] block, a: f64) -> f64[] block
 * a * x + the element's row (its index along axis 0), for any rank. */
void shift_rows(const bridge_array *x, double a, bridge_array *out, MPI_Comm comm) {
  (void)comm;
  int ok = lines_up(x, out, BRIDGE_F64) && x->nchunks <= 1;
  for (int64_t k = 0; k < out->nchunks; ++k) {
    const bridge_chunk *c = &out->chunks[k];
    const double *in = x->chunks[k].data;
    double *o = c->data;
    int64_t row = 1;
    for (int d = 1; d < BRIDGE_MAX_DIMS; ++d)
      row *= c->shape[d];
    for (int64_t e = 0; e < bridge_chunk_size(c); ++e)
      o[e] = ok ? a * in[e] + (double)(c->start[0] + e / row) : NAN;
  }
}

/* extern fn square_plus_index(x: f64[]) -> f64[]
 * x * x + the element's global row-major index, chunk by chunk. */
void square_plus_index(const bridge_array *x, bridge_array *out, MPI_Comm comm) {
  (void)comm;
  int ok = lines_up(x, out, BRIDGE_F64);
  for (int64_t k = 0; k < out->nchunks; ++k) {
    const bridge_chunk *c = &out->chunks[k];
    const double *in = x->chunks[k].data;
    double *o = c->data;
    for (int64_t e = 0; e < bridge_chunk_size(c); ++e)
      o[e] = ok ? in[e] * in[e] + (double)flat_index(out, c, e) : NAN;
  }
}

/* extern fn global_index_i64(x: f64[]) -> i64[]
 * Each element's global row-major index (-1 everywhere on a bad hand-over). */
void global_index_i64(const bridge_array *x, bridge_array *out, MPI_Comm comm) {
  (void)comm;
  int ok = lines_up(x, out, BRIDGE_I64);
  for (int64_t k = 0; k < out->nchunks; ++k) {
    const bridge_chunk *c = &out->chunks[k];
    int64_t *o = c->data;
    for (int64_t e = 0; e < bridge_chunk_size(c); ++e)
      o[e] = ok ? flat_index(out, c, e) : -1;
  }
}
