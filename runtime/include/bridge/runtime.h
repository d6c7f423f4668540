/*===- bridge/runtime.h - What generated programs call ---------------------===*
 *
 * The C ABI between code that bridgec generates and the bridge runtime. Every
 * symbol starts with `bridge_rt_`. Generated code never includes <mpi.h>: the
 * runtime owns MPI, and hands the legacy communicator out as opaque bytes.
 *
 * Conventions
 * - Chunk grids are row-major; `nchunks` counts every chunk of the grid.
 * - A placement (bridge_rt_placement) maps a chunk index to the rank that owns
 *   it, for whatever rank count the program runs with.
 * - Fatal errors never return: the runtime prints one line naming the rank and
 *   the cause to standard error and ends every rank with a non-zero status.
 *===----------------------------------------------------------------------===*/
#ifndef BRIDGE_RUNTIME_H
#define BRIDGE_RUNTIME_H

#include <stdint.h>

#include "bridge/legacy.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define BRIDGE_RT_EXPORT __attribute__((visibility("default")))
#define BRIDGE_RT_NORETURN __attribute__((noreturn))
#else
#define BRIDGE_RT_EXPORT
#define BRIDGE_RT_NORETURN
#endif

/* How the chunks of a grid are spread over the ranks. */
typedef enum bridge_rt_placement {
  /* Balanced contiguous runs: rank r of P owns chunks
   * [floor(n*r/P), floor(n*(r+1)/P)). */
  BRIDGE_RT_CONTIGUOUS = 0
} bridge_rt_placement;

/* Operators that combine per-chunk partial results. */
typedef enum bridge_rt_reduce_op {
  BRIDGE_RT_SUM = 0,
  BRIDGE_RT_PROD = 1,
  BRIDGE_RT_MIN = 2, /* a NaN partial makes the result NaN, as in NumPy */
  BRIDGE_RT_MAX = 3,
  BRIDGE_RT_ANY = 4, /* on 0/1 integers */
  BRIDGE_RT_ALL = 5
} bridge_rt_reduce_op;

/*--- Lifecycle ------------------------------------------------------------*/

/* Initialises MPI (unless already initialised) and the runtime. Must precede
 * every other call. `argv` is only read. If MPI was already initialised, the
 * caller also finalises it. */
BRIDGE_RT_EXPORT void bridge_rt_init(int32_t argc, char **argv);
/* Finalises the runtime, and MPI if bridge_rt_init initialised it. Returns
 * the process exit status. */
BRIDGE_RT_EXPORT int32_t bridge_rt_finalize(void);
BRIDGE_RT_EXPORT int32_t bridge_rt_rank(void);
BRIDGE_RT_EXPORT int32_t bridge_rt_size(void);
/* Ends every rank with exit status 1 after printing
 * "error: rank R: <message>" on standard error (MPI_Abort; a plain exit when
 * MPI is not running). */
BRIDGE_RT_EXPORT BRIDGE_RT_NORETURN void bridge_rt_fail(const char *message);

/*--- Placement ------------------------------------------------------------*/

/* The chunks [*lo, *hi) of an `nchunks` grid that this rank owns. */
BRIDGE_RT_EXPORT void bridge_rt_owned_range(int32_t placement, int64_t nchunks,
                                            int64_t *lo, int64_t *hi);
/* The rank that owns `chunk` of an `nchunks` grid among `nranks` ranks. */
BRIDGE_RT_EXPORT int32_t bridge_rt_owner(int32_t placement, int64_t nchunks,
                                         int64_t chunk, int32_t nranks);

/*--- Memory ---------------------------------------------------------------*/

/* 64-byte aligned memory; never returns NULL (fails the job instead). A
 * request of 0 bytes returns a valid pointer. Free with bridge_rt_free. */
BRIDGE_RT_EXPORT void *bridge_rt_alloc(int64_t bytes);
BRIDGE_RT_EXPORT void bridge_rt_free(void *ptr);

/*--- Distributed arrays ---------------------------------------------------*/

/* A chunked array of which this rank stores the chunks it owns. Opaque. */
typedef struct bridge_rt_dist bridge_rt_dist;

/* Creates an array of `ndim` dimensions (1..BRIDGE_MAX_DIMS) with global
 * `shape` tiled by `chunks` (the last chunk of a dimension may be smaller), and
 * allocates this rank's chunks under `placement`. The runtime copies `shape`
 * and `chunks`. The caller owns the result: release with bridge_rt_dist_destroy.
 * Chunk contents start uninitialised. An extent of 0 gives a grid without
 * chunks. */
BRIDGE_RT_EXPORT bridge_rt_dist *bridge_rt_dist_create(int32_t dtype, int32_t ndim,
                                                       const int64_t *shape,
                                                       const int64_t *chunks,
                                                       int32_t placement);
/* The storage of owned chunk `chunk`: its actual extent, row-major and
 * contiguous, 64-byte aligned. Owned by the array. Fails the job if this
 * rank does not own the chunk. */
BRIDGE_RT_EXPORT void *bridge_rt_dist_chunk(bridge_rt_dist *array, int64_t chunk);
/* The legacy ABI view of this rank's chunks. Owned by the array, valid until
 * it is destroyed. */
BRIDGE_RT_EXPORT const bridge_array *bridge_rt_dist_view(bridge_rt_dist *array);
BRIDGE_RT_EXPORT void bridge_rt_dist_destroy(bridge_rt_dist *array);

/*--- Deterministic reductions ---------------------------------------------*/
/* `partials` has one slot per chunk of an `nchunks` grid; only the slots of
 * the chunks this rank owns under `placement` are read. Every rank receives
 * the result of combining all slots in ascending chunk order, so the bits do
 * not depend on the rank count. Collective. With 0 chunks, SUM, PROD, ANY and
 * ALL give 0, 1, 0 and 1; MIN and MAX fail the job, as NumPy has no identity
 * for them. */
BRIDGE_RT_EXPORT double bridge_rt_combine_f64(int32_t op, int32_t placement,
                                              const double *partials,
                                              int64_t nchunks);
BRIDGE_RT_EXPORT int64_t bridge_rt_combine_i64(int32_t op, int32_t placement,
                                               const int64_t *partials,
                                               int64_t nchunks);
/* Combines per-chunk moments in chunk order (Chan et al.). Chunk c holds
 * counts[c] elements x with sum(x - shift[c]) = s1[c] and
 * sum((x - shift[c])^2) = s2[c]. Returns the global mean and the global sum
 * of squared deviations from it (var = *m2 / total count); both are NaN when
 * there is no element. Chunks with counts[c] == 0 are skipped. Collective. */
BRIDGE_RT_EXPORT void bridge_rt_combine_moments(int32_t placement,
                                                const int64_t *counts,
                                                const double *shift,
                                                const double *s1,
                                                const double *s2,
                                                int64_t nchunks, double *mean,
                                                double *m2);
/* Rank 0's value, on every rank. Collective. */
BRIDGE_RT_EXPORT double bridge_rt_bcast_f64(double value);
BRIDGE_RT_EXPORT int64_t bridge_rt_bcast_i64(int64_t value);

/*--- Output ---------------------------------------------------------------*/
/* One line on rank 0's standard output; other ranks print nothing.
 * Floats use "%.17g" (every NaN prints as "nan", whatever its sign bit),
 * bools "true"/"false". Each line is flushed. */
BRIDGE_RT_EXPORT void bridge_rt_print_f64(double value);
BRIDGE_RT_EXPORT void bridge_rt_print_i64(int64_t value);
BRIDGE_RT_EXPORT void bridge_rt_print_bool(int32_t value);

/*--- Legacy calls ---------------------------------------------------------*/
/* Writes the communicator of all ranks handed to legacy functions (an MPI_Comm,
 * BRIDGE_RT_MPI_COMM_BYTES bytes, see bridge/RuntimeConfig.h) to `out`. */
BRIDGE_RT_EXPORT void bridge_rt_legacy_comm(void *out);
/* Brackets a legacy call, for error messages and traces. `name` is a static
 * string owned by the caller. */
BRIDGE_RT_EXPORT void bridge_rt_legacy_enter(const char *name);
BRIDGE_RT_EXPORT void bridge_rt_legacy_exit(const char *name);
/* Fails the job naming the function and this rank when `status` is non-zero
 * (a legacy function returning i32 whose result the program ignores reports
 * failure this way). */
BRIDGE_RT_EXPORT void bridge_rt_legacy_check(const char *name, int32_t status);

#ifdef __cplusplus
}
#endif

#endif /* BRIDGE_RUNTIME_H */
