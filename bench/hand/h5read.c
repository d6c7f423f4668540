/* The hand-written reference for bench/hdf5: parallel HDF5 reading of one
 * 1-D float64 dataset, as an HPC engineer would write it. Rank r of P reads
 * the elements of the chunks [floor(K*r/P), floor(K*(r+1)/P)) of the K chunks
 * of `--chunk` elements (the runtime's placement, so both programs read the
 * same hyperslabs): one hyperslab, one collective H5Dread into one buffer.
 *
 *   mpirun -np 2 h5read --file data.h5 --dataset /x --chunk 1000000
 *
 * Prints on standard error the slowest rank's time from the file's open to
 * its close, for a first read into fresh memory and a second one into the
 * same buffer, and the sum of all elements (to compare with the runtime). */
#include <hdf5.h>
#include <mpi.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  const char *file = NULL, *dataset = "/x";
  int64_t chunk = 1000000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--file")) file = argv[i + 1];
    else if (!strcmp(argv[i], "--dataset")) dataset = argv[i + 1];
    else if (!strcmp(argv[i], "--chunk")) chunk = strtoll(argv[i + 1], NULL, 10);
  }
  if (!file) {
    fprintf(stderr, "usage: h5read --file F [--dataset D] [--chunk C]\n");
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);

  /* The element count, to size the buffer before the clock starts. */
  hsize_t n = 0;
  {
    hid_t f = H5Fopen(file, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t d = H5Dopen2(f, dataset, H5P_DEFAULT);
    hid_t s = H5Dget_space(d);
    H5Sget_simple_extent_dims(s, &n, NULL);
    H5Sclose(s);
    H5Dclose(d);
    H5Fclose(f);
  }
  int64_t k = ((int64_t)n + chunk - 1) / chunk;
  int64_t lo = k * rank / size * chunk, hi = k * (rank + 1) / size * chunk;
  if (hi > (int64_t)n) hi = (int64_t)n;
  if (lo > hi) lo = hi;
  double *buf = malloc((size_t)(hi - lo) * sizeof(double) + 1);

  /* Twice: the first read also pays for the buffer's first touch (page
   * faults), the second into the same buffer is the I/O path alone. */
  double t[2], tmax[2];
  for (int pass = 0; pass < 2; ++pass) {
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_fapl_mpio(fapl, MPI_COMM_WORLD, MPI_INFO_NULL);
    hid_t f = H5Fopen(file, H5F_ACC_RDONLY, fapl);
    hid_t d = H5Dopen2(f, dataset, H5P_DEFAULT);
    hid_t fs = H5Dget_space(d);
    hsize_t start = (hsize_t)lo, count = (hsize_t)(hi - lo);
    H5Sselect_hyperslab(fs, H5S_SELECT_SET, &start, NULL, &count, NULL);
    hid_t ms = H5Screate_simple(1, &count, NULL);
    hid_t dxpl = H5Pcreate(H5P_DATASET_XFER);
    H5Pset_dxpl_mpio(dxpl, H5FD_MPIO_COLLECTIVE);
    herr_t rc = H5Dread(d, H5T_NATIVE_DOUBLE, ms, fs, dxpl, buf);
    H5Pclose(dxpl);
    H5Sclose(ms);
    H5Sclose(fs);
    H5Dclose(d);
    H5Fclose(f);
    H5Pclose(fapl);
    t[pass] = MPI_Wtime() - t0;
    if (rc < 0) {
      fprintf(stderr, "rank %d: H5Dread failed\n", rank);
      MPI_Abort(MPI_COMM_WORLD, 1);
    }
  }

  double sum = 0, total = 0;
  for (int64_t i = 0; i < hi - lo; ++i)
    sum += buf[i];
  MPI_Reduce(t, tmax, 2, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
  MPI_Reduce(&sum, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  if (rank == 0)
    fprintf(stderr, "H5READ seconds=%.6f warm=%.6f sum=%.17g\n", tmax[0],
            tmax[1], total);
  free(buf);
  MPI_Finalize();
  return 0;
}
