/* A legacy MPI routine: the correlation matrix of standardised features.
 *
 * z arrives as one slab of rows per rank (the `block` layout). Each rank sums
 * z^T z over its rows, MPI_Allreduce adds the ranks' sums, and dividing by
 * the number of rows gives the correlation matrix, which rank 0 writes to
 * corr.npy (f64, shape (m, m)). Returns its trace (m for standardised
 * columns), the same on every rank. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bridge/legacy.h>

/* Writes the m x m matrix c to a .npy file; 0 on success. */
static int write_npy(const char *path, const double *c, int64_t m) {
  char header[128];
  int len = snprintf(header, sizeof header,
                     "\x93NUMPY\x01%c%c%c{'descr': '<f8', 'fortran_order': False, "
                     "'shape': (%lld, %lld), }",
                     0, 0, 0, (long long)m, (long long)m);
  if (len < 0 || len >= (int)sizeof header)
    return 1;
  memset(header + len, ' ', sizeof header - (size_t)len);
  header[127] = '\n';
  header[8] = (char)(sizeof header - 10);
  header[9] = 0;
  FILE *f = fopen(path, "wb");
  if (!f)
    return 1;
  int bad = fwrite(header, 1, sizeof header, f) != sizeof header ||
            fwrite(c, sizeof *c, (size_t)(m * m), f) != (size_t)(m * m);
  return fclose(f) != 0 || bad;
}

double correlation(const bridge_array *z, MPI_Comm comm) {
  int64_t n = z->shape[0], m = z->shape[1];
  double *sums = calloc((size_t)(m * m), sizeof *sums);
  double *corr = malloc((size_t)(m * m) * sizeof *corr);
  for (int64_t k = 0; k < z->nchunks; ++k) {
    const bridge_chunk *slab = &z->chunks[k];
    const double *rows = (const double *)slab->data;
    for (int64_t r = 0; r < slab->shape[0]; ++r)
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < m; ++j)
          sums[i * m + j] += rows[r * m + i] * rows[r * m + j];
  }
  MPI_Allreduce(sums, corr, (int)(m * m), MPI_DOUBLE, MPI_SUM, comm);
  double trace = 0.0;
  for (int64_t i = 0; i < m * m; ++i)
    corr[i] /= (double)n;
  for (int64_t i = 0; i < m; ++i)
    trace += corr[i * m + i];
  int rank, failed = 0;
  MPI_Comm_rank(comm, &rank);
  if (rank == 0 && write_npy("corr.npy", corr, m) != 0) {
    fprintf(stderr, "correlation: cannot write corr.npy\n");
    failed = 1;
  }
  MPI_Bcast(&failed, 1, MPI_INT, 0, comm);
  free(sums);
  free(corr);
  return failed ? -1.0 : trace;
}
