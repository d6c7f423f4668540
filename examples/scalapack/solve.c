/* Solves A x = b with ScaLAPACK's pdgesv: A (n x n) and b (n x 1) arrive as
 * this rank's local matrices of the 2-D block-cyclic layout, the result x
 * leaves the same way. Every rank enters, on or off the process grid. */
#include <stdio.h>
#include <stdlib.h>

#include <bridge/legacy.h>

/* BLACS and ScaLAPACK (libscalapack-openmpi). */
int Csys2blacs_handle(MPI_Comm comm);
void Cblacs_gridinit(int *context, const char *order, int nprow, int npcol);
void Cblacs_gridexit(int context);
void descinit_(int *desc, const int *m, const int *n, const int *mb,
               const int *nb, const int *irsrc, const int *icsrc,
               const int *context, const int *lld, int *info);
void pdgesv_(const int *n, const int *nrhs, double *a, const int *ia,
             const int *ja, const int *desca, int *ipiv, double *b,
             const int *ib, const int *jb, const int *descb, int *info);

/* The descriptor ScaLAPACK wants for `x`, from the fields the layout sets. */
static void describe(const bridge_array *x, int context, int desc[9]) {
  int m = (int)x->shape[0], n = (int)x->shape[1];
  int mb = (int)x->block[0], nb = (int)x->block[1];
  int zero = 0, lld = (int)x->lld, info = 0;
  descinit_(desc, &m, &n, &mb, &nb, &zero, &zero, &context, &lld, &info);
  if (info != 0) {
    fprintf(stderr, "solve: descinit_ failed with info %d\n", info);
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
}

/* This rank's local matrix, or a stand-in where it holds none. */
static double *local(const bridge_array *x, double *none) {
  return x->nchunks ? (double *)x->chunks[0].data : none;
}

void solve(const bridge_array *a, const bridge_array *b, bridge_array *x,
           MPI_Comm comm) {
  if (a->layout != BRIDGE_LAYOUT_CYCLIC || b->layout != BRIDGE_LAYOUT_CYCLIC ||
      x->layout != BRIDGE_LAYOUT_CYCLIC) {
    fprintf(stderr, "solve: expected block-cyclic arrays\n");
    MPI_Abort(comm, 1);
  }
  if (a->coords[0] < 0)
    return; /* off the process grid: nothing to hold, nothing to compute */

  int context = Csys2blacs_handle(comm);
  Cblacs_gridinit(&context, "Row", a->grid[0], a->grid[1]);
  int desca[9], descb[9];
  describe(a, context, desca);
  describe(b, context, descb);

  /* pdgesv overwrites b with the solution: work on x. */
  double none = 0.0;
  const double *bl = local(b, &none);
  double *xl = local(x, &none);
  for (int64_t k = 0; k < x->local[0] * x->local[1]; ++k)
    xl[k] = bl[k];

  int n = (int)a->shape[0], nrhs = (int)b->shape[1], one = 1, info = 0;
  int *ipiv = malloc(sizeof(int) * (size_t)(a->local[0] + a->block[0]));
  pdgesv_(&n, &nrhs, local(a, &none), &one, &one, desca, ipiv, xl, &one, &one,
          descb, &info);
  free(ipiv);
  if (info != 0) {
    fprintf(stderr, "solve: pdgesv_ failed with info %d\n", info);
    MPI_Abort(comm, 1);
  }
  Cblacs_gridexit(context);
}
