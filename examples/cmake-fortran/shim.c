/* Until bridgec declares Fortran routines itself (`extern fortran fn`, which
 * hands them the communicator as a Fortran handle), these C functions are
 * what the pipeline calls: they pass the MPI_Comm on as MPI_Comm_c2f(comm).
 * Once bridgec does, the pipeline declares `extern fortran fn norm_one(...)`
 * and this file goes away. */
#include <bridge/legacy.h>

double norm_one(const bridge_array *x, MPI_Fint comm);
double norm_inf(const bridge_array *x, MPI_Fint comm);

double norm_one_c(const bridge_array *x, MPI_Comm comm) {
  return norm_one(x, MPI_Comm_c2f(comm));
}

double norm_inf_c(const bridge_array *x, MPI_Comm comm) {
  return norm_inf(x, MPI_Comm_c2f(comm));
}
