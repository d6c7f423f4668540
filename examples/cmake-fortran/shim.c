/* The C side of the Fortran hand-off: these C functions are what the
 * pipeline calls, and they pass the MPI_Comm on as MPI_Comm_c2f(comm). A
 * pipeline may instead declare `extern fortran fn norm_one(...)`, which
 * bridgec calls with the Fortran handle itself
 * (test/EndToEnd/fortran-sources.test). */
#include <bridge/legacy.h>

double norm_one(const bridge_array *x, MPI_Fint comm);
double norm_inf(const bridge_array *x, MPI_Fint comm);

double norm_one_c(const bridge_array *x, MPI_Comm comm) {
  return norm_one(x, MPI_Comm_c2f(comm));
}

double norm_inf_c(const bridge_array *x, MPI_Comm comm) {
  return norm_inf(x, MPI_Comm_c2f(comm));
}
