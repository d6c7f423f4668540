/*===- bridge/abi.h - The array types handed to legacy functions -----------===*
 *
 * The types of the legacy-function ABI (language spec section 7) without MPI:
 * bridge/legacy.h adds <mpi.h> for legacy code, bridge/runtime.h uses these
 * types for generated code, which never sees <mpi.h>. Legacy code includes
 * bridge/legacy.h; the layout here is what the Fortran module bridge_legacy
 * mirrors field by field.
 *===----------------------------------------------------------------------===*/
#ifndef BRIDGE_ABI_H
#define BRIDGE_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BRIDGE_MAX_DIMS 4

typedef enum bridge_dtype {
  BRIDGE_F64 = 0,
  BRIDGE_F32 = 1,
  BRIDGE_I64 = 2,
  BRIDGE_I32 = 3,
  BRIDGE_BOOL = 4 /* 1 byte, 0 or 1 */
} bridge_dtype;

typedef struct bridge_chunk {
  void *data;                     /* contiguous, row-major */
  int64_t index;                  /* global chunk index, row-major over the chunk grid */
  int64_t shape[BRIDGE_MAX_DIMS]; /* this chunk's extent; unused dimensions are 1 */
  int64_t start[BRIDGE_MAX_DIMS]; /* global index of its first element; unused are 0 */
} bridge_chunk;

/* The values of bridge_array.layout. */
typedef enum bridge_layout {
  BRIDGE_LAYOUT_CHUNKS = 0, /* `chunks` or `block`: the chunk table says all */
  BRIDGE_LAYOUT_CYCLIC = 1  /* `cyclic(MB, NB)`: ScaLAPACK's 2-D block-cyclic */
} bridge_layout;

typedef struct bridge_array {
  int32_t dtype;                  /* a bridge_dtype */
  int32_t ndim;
  int64_t shape[BRIDGE_MAX_DIMS]; /* global shape; unused dimensions are 1 */
  int64_t nchunks;                /* chunks this rank holds, possibly 0 */
  const bridge_chunk *chunks;     /* ascending global chunk index */
  /* Appended for the block-cyclic layout; code that reads only the fields
   * above is unaffected. Under BRIDGE_LAYOUT_CHUNKS the rest is 0. */
  int32_t layout;                 /* a bridge_layout */
  int32_t reserved;               /* 0 */
  int32_t grid[2];                /* process grid: P rows, Q columns */
  int32_t coords[2];              /* this rank's (row, column); -1 off the grid */
  int64_t block[2];               /* block sizes MB, NB */
  int64_t local[2];               /* this rank's local rows and columns (NUMROC) */
  int64_t lld;                    /* leading dimension: max(1, local[0]) */
} bridge_array;

/* Size in bytes of one element of `dtype`, or 0 for an unknown dtype. */
static inline int64_t bridge_dtype_size(int32_t dtype) {
  switch (dtype) {
  case BRIDGE_F64: case BRIDGE_I64: return 8;
  case BRIDGE_F32: case BRIDGE_I32: return 4;
  case BRIDGE_BOOL: return 1;
  default: return 0;
  }
}

/* Number of elements in one chunk. */
static inline int64_t bridge_chunk_size(const bridge_chunk *c) {
  int64_t n = 1;
  for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
    n *= c->shape[d];
  return n;
}

#ifdef __cplusplus
}
#endif

#endif /* BRIDGE_ABI_H */
