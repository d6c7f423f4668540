/* A legacy C function, compiled by bridgec with mpicc against bridge/legacy.h. */
#include <mpi.h>

#include "bridge/legacy.h"

double legacy_scale(double x) {
  int size = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size > 0 ? 2.0 * x : 0.0;
}
