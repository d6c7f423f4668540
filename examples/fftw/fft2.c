/* The legacy shim: a distributed 2-D FFT of a `block` array with FFTW's MPI
 * interface (libfftw3-mpi), called by pipeline.bdsl as
 *
 *   extern fn fft2(a: f64[] block) -> f64
 *
 * Every rank enters with its slab of rows (bridge's balanced layout: rank r
 * of P holds rows [floor(N0*r/P), floor(N0*(r+1)/P))). FFTW wants its own
 * slabs (fftw_mpi_local_size_2d: blocks of ceil(N0/P) rows). When the two
 * agree (P divides N0), each rank copies its slab into FFTW's buffer; when
 * they do not, the rows move once with MPI_Alltoallv. The complex spectrum
 * F = fft2(a) is written to spectrum.npy (complex128, shape (N0, N1)) with
 * MPI-IO, each rank writing its FFTW rows; the function returns sum |F|^2. */
#include <fftw3-mpi.h>
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bridge/legacy.h>

/* Rows [*lo, *hi) of bridge's block layout on rank r of p. */
static void bridge_rows(ptrdiff_t n0, int r, int p, ptrdiff_t *lo, ptrdiff_t *hi) {
  *lo = (ptrdiff_t)((int64_t)n0 * r / p);
  *hi = (ptrdiff_t)((int64_t)n0 * (r + 1) / p);
}

static ptrdiff_t overlap(ptrdiff_t a0, ptrdiff_t a1, ptrdiff_t b0, ptrdiff_t b1) {
  ptrdiff_t lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
  return hi > lo ? hi - lo : 0;
}

/* Writes F (this rank's rows [row0, row0 + nrows)) into a .npy file. */
static int write_npy(const char *path, const fftw_complex *f, ptrdiff_t row0,
                     ptrdiff_t nrows, ptrdiff_t n0, ptrdiff_t n1, MPI_Comm comm) {
  char header[128];
  int len = snprintf(header, sizeof header,
                     "\x93NUMPY\x01%c%c%c{'descr': '<c16', 'fortran_order': False, "
                     "'shape': (%td, %td), }",
                     0, 0, 0, n0, n1);
  /* Version 1.0, then HEADER_LEN (little-endian) = 118: the dict padded with
   * spaces to 128 bytes in all, ending in '\n'. */
  memset(header + len, ' ', sizeof header - (size_t)len);
  header[127] = '\n';
  header[8] = (char)(sizeof header - 10);
  header[9] = 0;

  int rank;
  MPI_Comm_rank(comm, &rank);
  MPI_File fh;
  MPI_File_delete(path, MPI_INFO_NULL); /* may fail: no old file */
  if (MPI_File_open(comm, path, MPI_MODE_CREATE | MPI_MODE_WRONLY, MPI_INFO_NULL,
                    &fh) != MPI_SUCCESS)
    return 1;
  int rc = MPI_SUCCESS;
  if (rank == 0)
    rc = MPI_File_write_at(fh, 0, header, (int)sizeof header, MPI_BYTE,
                           MPI_STATUS_IGNORE);
  MPI_Offset at = (MPI_Offset)sizeof header + (MPI_Offset)row0 * n1 * 16;
  if (rc == MPI_SUCCESS)
    rc = MPI_File_write_at_all(fh, at, f, (int)(nrows * n1 * 2), MPI_DOUBLE,
                               MPI_STATUS_IGNORE);
  MPI_File_close(&fh);
  return rc != MPI_SUCCESS;
}

double fft2(const bridge_array *a, MPI_Comm comm) {
  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const ptrdiff_t n0 = a->shape[0], n1 = a->shape[1];

  fftw_mpi_init();
  ptrdiff_t local_n0, local_0_start;
  ptrdiff_t alloc = fftw_mpi_local_size_2d(n0, n1, comm, &local_n0, &local_0_start);
  fftw_complex *buf = fftw_alloc_complex(alloc > 0 ? alloc : 1);
  fftw_plan plan = fftw_mpi_plan_dft_2d(n0, n1, buf, buf, comm, FFTW_FORWARD,
                                        FFTW_ESTIMATE);

  /* This rank's rows in bridge's layout (one chunk, or none if empty). */
  ptrdiff_t b0, b1;
  bridge_rows(n0, rank, size, &b0, &b1);
  const double *mine = a->nchunks ? (const double *)a->chunks[0].data : NULL;

  /* Do the layouts agree on every rank? */
  int same = (local_0_start == b0 && local_n0 == b1 - b0), all_same = 0;
  MPI_Allreduce(&same, &all_same, 1, MPI_INT, MPI_LAND, comm);

  double *rows = malloc(sizeof(double) * (size_t)(local_n0 * n1 + 1));
  if (all_same) {
    if (local_n0 > 0)
      memcpy(rows, mine, sizeof(double) * (size_t)(local_n0 * n1));
  } else {
    /* FFTW's row ranges of every rank, then one all-to-all of whole rows. */
    ptrdiff_t range[2] = {local_0_start, local_0_start + local_n0};
    ptrdiff_t *ranges = malloc(sizeof(ptrdiff_t) * 2 * (size_t)size);
    MPI_Allgather(range, 2 * (int)sizeof(ptrdiff_t), MPI_BYTE, ranges,
                  2 * (int)sizeof(ptrdiff_t), MPI_BYTE, comm);
    int *scount = calloc((size_t)size, sizeof(int)), *sdisp = calloc((size_t)size, sizeof(int));
    int *rcount = calloc((size_t)size, sizeof(int)), *rdisp = calloc((size_t)size, sizeof(int));
    for (int q = 0; q < size; ++q) {
      ptrdiff_t s = overlap(b0, b1, ranges[2 * q], ranges[2 * q + 1]);
      scount[q] = (int)(s * n1);
      sdisp[q] = (int)(((s ? (ranges[2 * q] > b0 ? ranges[2 * q] : b0) : b0) - b0) * n1);
      ptrdiff_t q0, q1;
      bridge_rows(n0, q, size, &q0, &q1);
      ptrdiff_t r = overlap(local_0_start, local_0_start + local_n0, q0, q1);
      rcount[q] = (int)(r * n1);
      rdisp[q] = (int)(((r ? (q0 > local_0_start ? q0 : local_0_start) : local_0_start) -
                        local_0_start) * n1);
    }
    MPI_Alltoallv(mine, scount, sdisp, MPI_DOUBLE, rows, rcount, rdisp, MPI_DOUBLE, comm);
    free(scount), free(sdisp), free(rcount), free(rdisp), free(ranges);
  }

  for (ptrdiff_t i = 0; i < local_n0 * n1; ++i) {
    buf[i][0] = rows[i];
    buf[i][1] = 0.0;
  }
  free(rows);
  fftw_execute(plan);

  double energy = 0.0, total = 0.0;
  for (ptrdiff_t i = 0; i < local_n0 * n1; ++i)
    energy += buf[i][0] * buf[i][0] + buf[i][1] * buf[i][1];
  MPI_Allreduce(&energy, &total, 1, MPI_DOUBLE, MPI_SUM, comm);

  if (write_npy("spectrum.npy", (const fftw_complex *)buf, local_0_start, local_n0,
                n0, n1, comm) && rank == 0)
    fprintf(stderr, "fft2: cannot write spectrum.npy\n");

  fftw_destroy_plan(plan);
  fftw_free(buf);
  return total;
}
