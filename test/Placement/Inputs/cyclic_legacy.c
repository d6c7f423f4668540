/* Legacy functions over the block-cyclic layout, for cyclic-bytes.bdsl. They
 * use only the layout fields of bridge_array (no ScaLAPACK): a wrong local
 * matrix, leading dimension or grid position shows in the values the test
 * compares with NumPy. */
#include <string.h>

#include <bridge/legacy.h>

/* Global index of local row (or column) l on grid row (or column) p of P,
 * blocks of b: the inverse of ScaLAPACK's INDXG2L. */
static int64_t global_of(int64_t l, int64_t b, int32_t p, int32_t P) {
  return (l / b * P + p) * b + l % b;
}

/* out[i, j] = i * cols + j, written through the local matrix. */
void global_index(const bridge_array *a, bridge_array *out, MPI_Comm comm) {
  (void)comm;
  if (a->layout != BRIDGE_LAYOUT_CYCLIC || out->layout != BRIDGE_LAYOUT_CYCLIC ||
      out->local[0] != a->local[0] || out->local[1] != a->local[1])
    return; /* the result stays unwritten and the test fails */
  if (out->nchunks == 0)
    return;
  double *x = (double *)out->chunks[0].data;
  for (int64_t c = 0; c < out->local[1]; ++c)
    for (int64_t r = 0; r < out->local[0]; ++r) {
      int64_t i = global_of(r, out->block[0], out->coords[0], out->grid[0]);
      int64_t j = global_of(c, out->block[1], out->coords[1], out->grid[1]);
      x[r + c * out->lld] = (double)(i * out->shape[1] + j);
    }
}

/* out = a, local matrix by local matrix. */
void copy_local(const bridge_array *a, bridge_array *out, MPI_Comm comm) {
  (void)comm;
  if (a->nchunks == 1 && out->nchunks == 1 && a->lld == out->lld &&
      a->local[1] == out->local[1])
    memcpy(out->chunks[0].data, a->chunks[0].data,
           sizeof(double) * (size_t)(a->lld * a->local[1]));
}
