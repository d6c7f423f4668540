/* What generated code sees: bridge/runtime.h with the ABI types, and never
 * <mpi.h>. */
#include <bridge/runtime.h>

#if defined(MPI_VERSION) || defined(MPI_COMM_WORLD)
#error "bridge/runtime.h includes <mpi.h>"
#endif

int64_t held(const bridge_array *a) {
  return a->nchunks > 0 ? bridge_chunk_size(&a->chunks[0]) : 0;
}
