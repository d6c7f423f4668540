/* Stands in for a generated program calling legacy Fortran: starts the
 * bridge runtime, builds each rank's bridge_array the way the runtime does (chunks of a row-major grid,
 * balanced contiguous runs of chunk indices per rank), in row-major or
 * column-major order, and calls the routines of fortran_legacy.f90 through
 * the C binding that `extern fortran fn` links (docs/legacy-abi.md): arrays
 * by pointer, scalars by value, a result array just before the
 * communicator, and the runtime's legacy communicator as its Fortran handle.
 *
 *   fortran_driver              prints one value per line on rank 0
 *   fortran_driver --misuse M   lets the Fortran code misuse an array (mode M)
 *
 * Data: element with global row-major index f holds v = (37 f) mod 101 as
 * v / 8 - 6 (f64, f32), v - 50 (i64, i32) or v mod 3 == 0 (bool). */
#include <bridge/legacy.h> /* all a legacy file needs: includes <mpi.h> */
#include <bridge/runtime.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double weighted_sum(const bridge_array *x, int32_t column_major, MPI_Fint comm);
double explicit_sum_2d(const bridge_array *x, int32_t column_major,
                       MPI_Fint comm);
int32_t count_above(const bridge_array *x, double tol, MPI_Fint comm);
void affine(const bridge_array *x, double alpha, int64_t shift,
            bridge_array *out, MPI_Fint comm);
void misuse(const bridge_array *x, int32_t mode, MPI_Fint comm);

typedef struct {
  bridge_array array;
  bridge_chunk *table;
} held_array;

static void set_value(void *data, int64_t at, int32_t dtype, int64_t flat) {
  int64_t v = (37 * flat) % 101;
  switch (dtype) {
  case BRIDGE_F64: ((double *)data)[at] = (double)v / 8.0 - 6.0; break;
  case BRIDGE_F32: ((float *)data)[at] = (float)v / 8.0f - 6.0f; break;
  case BRIDGE_I64: ((int64_t *)data)[at] = v - 50; break;
  case BRIDGE_I32: ((int32_t *)data)[at] = (int32_t)(v - 50); break;
  case BRIDGE_BOOL: ((uint8_t *)data)[at] = v % 3 == 0; break;
  }
}

/* This rank's part of an array of global `shape` in chunks of `chunk`. With
 * column_major, each chunk's data run along axis 0 first; every other field
 * is the same as for row-major data. With fill == 0 the data are zeros (a
 * result array for the legacy code to fill). */
static held_array make_array(int ndim, const int64_t *shape,
                             const int64_t *chunk, int32_t dtype,
                             int column_major, int fill) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);

  held_array h;
  memset(&h, 0, sizeof h);
  h.array.dtype = dtype;
  h.array.ndim = ndim;
  int64_t grid[BRIDGE_MAX_DIMS], nchunks = 1;
  for (int d = 0; d < BRIDGE_MAX_DIMS; ++d) {
    h.array.shape[d] = d < ndim ? shape[d] : 1;
    grid[d] = d < ndim ? (shape[d] + chunk[d] - 1) / chunk[d] : 1;
    nchunks *= grid[d];
  }
  int64_t first = nchunks * rank / size, last = nchunks * (rank + 1) / size;
  h.array.nchunks = last - first;
  h.table = calloc((size_t)(last - first) + 1, sizeof(bridge_chunk));
  h.array.chunks = last > first ? h.table : NULL;

  for (int64_t c = first; c < last; ++c) {
    bridge_chunk *ch = &h.table[c - first];
    ch->index = c;
    int64_t rest = c;
    for (int d = BRIDGE_MAX_DIMS - 1; d >= 0; --d) {
      int64_t at = rest % grid[d];
      rest /= grid[d];
      ch->start[d] = d < ndim ? at * chunk[d] : 0;
      ch->shape[d] = d < ndim ? (shape[d] - ch->start[d] < chunk[d]
                                     ? shape[d] - ch->start[d]
                                     : chunk[d])
                              : 1;
    }
    int64_t count = bridge_chunk_size(ch);
    ch->data = calloc((size_t)count, (size_t)bridge_dtype_size(dtype));
    if (!fill)
      continue;
    for (int64_t e = 0; e < count; ++e) {
      /* e is the row-major position inside the chunk. */
      int64_t local[BRIDGE_MAX_DIMS], r = e;
      for (int d = BRIDGE_MAX_DIMS - 1; d >= 0; --d) {
        local[d] = r % ch->shape[d];
        r /= ch->shape[d];
      }
      int64_t flat = 0, colpos = 0;
      for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
        flat = flat * h.array.shape[d] + ch->start[d] + local[d];
      for (int d = BRIDGE_MAX_DIMS - 1; d >= 0; --d)
        colpos = colpos * ch->shape[d] + local[d];
      set_value(ch->data, column_major ? colpos : e, dtype, flat);
    }
  }
  return h;
}

static void free_array(held_array *h) {
  for (int64_t c = 0; c < h->array.nchunks; ++c)
    free(h->table[c].data);
  free(h->table);
}

/* The weighted sum of a row-major f64 array, computed here in C, over all
 * ranks: the same weights as fortran_legacy.f90. */
static double c_weighted_sum(const bridge_array *a) {
  static const double coef[BRIDGE_MAX_DIMS] = {1, 3, 7, 13};
  double mine = 0, all = 0;
  for (int64_t c = 0; c < a->nchunks; ++c) {
    const bridge_chunk *ch = &a->chunks[c];
    const double *v = ch->data;
    for (int64_t e = 0; e < bridge_chunk_size(ch); ++e) {
      double w = 1;
      int64_t r = e;
      for (int d = BRIDGE_MAX_DIMS - 1; d >= 0; --d) {
        w += coef[d] * (double)(ch->start[d] + r % ch->shape[d]);
        r /= ch->shape[d];
      }
      mine += v[e] * w;
    }
  }
  MPI_Allreduce(&mine, &all, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return all;
}

typedef struct {
  int ndim;
  int64_t shape[BRIDGE_MAX_DIMS];
  int64_t chunk[BRIDGE_MAX_DIMS];
} geometry;

/* Array shapes of rank 1 to 4 with ragged chunks, and one array of a single
 * chunk (so most ranks hold nothing). */
static const geometry kGeometries[] = {
    {1, {37}, {10}},
    {2, {7, 5}, {3, 2}},
    {3, {4, 3, 5}, {3, 2, 2}},
    {4, {3, 4, 2, 5}, {2, 3, 1, 4}},
};
static const geometry kOneChunk = {2, {7, 5}, {7, 5}};

typedef struct {
  int32_t dtype, geometry, column_major;
} test_case;

int main(int argc, char **argv) {
  bridge_rt_init(argc, argv);
  int rank = bridge_rt_rank();
  MPI_Comm legacy;
  bridge_rt_legacy_comm(&legacy);
  MPI_Fint comm = MPI_Comm_c2f(legacy);
  const geometry *g2 = &kGeometries[1];

  if (argc == 3 && strcmp(argv[1], "--misuse") == 0) {
    held_array x = make_array(g2->ndim, g2->shape, g2->chunk, BRIDGE_F64, 0, 1);
    misuse(&x.array, atoi(argv[2]), comm);
    fprintf(stderr, "misuse returned\n");
    return bridge_rt_finalize();
  }

  /* Every element type and rank, row-major; then column-major f64 of every
   * rank, i32 2-D and bool 3-D. */
  static const int32_t kTypes[] = {BRIDGE_F64, BRIDGE_F32, BRIDGE_I64,
                                   BRIDGE_I32, BRIDGE_BOOL};
  test_case cases[32];
  int ncases = 0;
  for (int t = 0; t < 5; ++t)
    for (int g = 0; g < 4; ++g)
      cases[ncases++] = (test_case){kTypes[t], g, 0};
  for (int g = 0; g < 4; ++g)
    cases[ncases++] = (test_case){BRIDGE_F64, g, 1};
  cases[ncases++] = (test_case){BRIDGE_I32, 1, 1};
  cases[ncases++] = (test_case){BRIDGE_BOOL, 2, 1};

  for (int i = 0; i < ncases; ++i) {
    const geometry *g = &kGeometries[cases[i].geometry];
    held_array x = make_array(g->ndim, g->shape, g->chunk, cases[i].dtype,
                              cases[i].column_major, 1);
    double s = weighted_sum(&x.array, cases[i].column_major, comm);
    if (rank == 0)
      printf("%.17g\n", s);
    free_array(&x);
  }

  /* Legacy-style indexing, row- and column-major, also with one chunk. */
  for (int one = 0; one < 2; ++one)
    for (int cm = 0; cm < 2; ++cm) {
      const geometry *g = one ? &kOneChunk : g2;
      held_array x = make_array(g->ndim, g->shape, g->chunk, BRIDGE_F64, cm, 1);
      double s = explicit_sum_2d(&x.array, cm, comm);
      if (rank == 0)
        printf("%.17g\n", s);
      free_array(&x);
    }

  /* A scalar argument and an i32 result, 1-D and 2-D. */
  for (int g = 0; g < 2; ++g) {
    const geometry *geo = &kGeometries[g];
    held_array x = make_array(geo->ndim, geo->shape, geo->chunk, BRIDGE_F64, 0, 1);
    int32_t n = count_above(&x.array, 2.5, comm);
    if (rank == 0)
      printf("%d\n", n);
    free_array(&x);
  }

  /* A result array with the chunks of the argument. */
  for (int one = 0; one < 2; ++one) {
    const geometry *g = one ? &kOneChunk : g2;
    held_array x = make_array(g->ndim, g->shape, g->chunk, BRIDGE_F64, 0, 1);
    held_array out = make_array(g->ndim, g->shape, g->chunk, BRIDGE_F64, 0, 0);
    affine(&x.array, 0.5, 3, &out.array, comm);
    double s = c_weighted_sum(&out.array);
    if (rank == 0)
      printf("%.17g\n", s);
    free_array(&x);
    free_array(&out);
  }

  return bridge_rt_finalize();
}
