// The runtime's side of bench/hdf5: bridge_rt_load_h5 of a 1-D float64
// dataset into an array of `--chunk`-element chunks under the contiguous
// placement, as a generated program with `load_h5(path, dataset,
// chunks=[C])` would do it, timed like bench/hand/h5read.c (slowest rank,
// from the call to its return, which includes opening and closing the file;
// into fresh storage, then again into the same).
//
//   mpirun -np 2 h5load --file data.h5 --dataset /x --chunk 1000000
#include <bridge/runtime.h>

#include <mpi.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  char *self[] = {argv[0], nullptr};
  bridge_rt_init(1, self);
  const char *file = nullptr, *dataset = "/x";
  int64_t chunk = 1000000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--file")) file = argv[i + 1];
    else if (!strcmp(argv[i], "--dataset")) dataset = argv[i + 1];
    else if (!strcmp(argv[i], "--chunk")) chunk = strtoll(argv[i + 1], nullptr, 10);
  }
  if (!file)
    bridge_rt_fail("usage: h5load --file F [--dataset D] [--chunk C]");

  // As generated code for a run-time shape: inspect, create, then load.
  int32_t dtype = BRIDGE_F64, ndim = 1;
  int64_t shape[BRIDGE_MAX_DIMS];
  bridge_rt_h5_shape(file, dataset, &dtype, &ndim, shape);
  bridge_rt_dist *x = bridge_rt_dist_create(BRIDGE_F64, 1, shape, &chunk,
                                            BRIDGE_RT_CONTIGUOUS);
  // Twice, as bench/hand/h5read.c: into fresh storage, then into the same.
  double t[2], tmax[2];
  for (int pass = 0; pass < 2; ++pass) {
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    bridge_rt_load_h5(x, file, dataset);
    t[pass] = MPI_Wtime() - t0;
  }

  const bridge_array *v = bridge_rt_dist_view(x);
  double sum = 0, total = 0;
  for (int64_t c = 0; c < v->nchunks; ++c) {
    const double *p = static_cast<const double *>(v->chunks[c].data);
    for (int64_t i = 0; i < v->chunks[c].shape[0]; ++i)
      sum += p[i];
  }
  MPI_Reduce(t, tmax, 2, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
  MPI_Reduce(&sum, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  if (bridge_rt_rank() == 0)
    fprintf(stderr, "H5READ seconds=%.6f warm=%.6f sum=%.17g\n", tmax[0],
            tmax[1], total);
  bridge_rt_dist_destroy(x);
  int status = bridge_rt_finalize();
  MPI_Finalize();
  return status;
}
