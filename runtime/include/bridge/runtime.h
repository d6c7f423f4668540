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

#include "bridge/abi.h"

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
  BRIDGE_RT_CONTIGUOUS = 0,
  /* One balanced slab of axis 0 per rank (the `block` layout of legacy
   * parameters): the grid has P chunks along axis 0 with bounds
   * floor(N*r/P), and one chunk along every other axis; rank r owns chunk r
   * when its slab is not empty. Created by bridge_rt_dist_create_block. */
  BRIDGE_RT_BLOCK = 1,
  /* ScaLAPACK's 2-D block-cyclic layout (bridge/layout/Cyclic.h): each rank
   * of the process grid stores one column-major local matrix, the view's only
   * chunk. Created by bridge_rt_dist_create_cyclic; moved only by
   * bridge_rt_redistribute with identity maps. */
  BRIDGE_RT_CYCLIC = 2
} bridge_rt_placement;

/* Operators that combine per-chunk partial results. */
typedef enum bridge_rt_reduce_op {
  BRIDGE_RT_SUM = 0,
  BRIDGE_RT_PROD = 1,
  BRIDGE_RT_MIN = 2, /* a NaN partial makes the result NaN, as in NumPy */
  BRIDGE_RT_MAX = 3,
  BRIDGE_RT_ANY = 4, /* on 0/1 integers */
  BRIDGE_RT_ALL = 5,
  BRIDGE_RT_NANMIN = 6, /* NaN partials are skipped; NaN only if all are */
  BRIDGE_RT_NANMAX = 7
} bridge_rt_reduce_op;

/*--- Lifecycle ------------------------------------------------------------*/

/* Initialises MPI (unless already initialised) and the runtime. Must precede
 * every other call. `argv` is only read. If MPI was already initialised, the
 * caller also finalises it. */
BRIDGE_RT_EXPORT void bridge_rt_init(int32_t argc, char **argv);
/* Records the program's placement plan (the text form of bridge/plan.h), a
 * static string that the compiler embeds. Call before bridge_rt_init: with a
 * plan, bridge_rt_init also acts on the program's own options and evaluates
 * the sizes of the run (see "Sizes and parameters" below): `--set NAME=VALUE`
 * (or `--set=NAME=VALUE`, repeatable) gives parameter NAME its value,
 * `--help` prints the options and the parameters (their types, defaults and
 * declarations), `--explain-placement` prints on rank 0 the plan modelled for
 * the rank count the program runs with and the sizes of the run (both then
 * end every rank with status 0 before the pipeline runs), `--stats` prints at
 * the end, on standard
 * error, the bytes each rank sent while moving data, `--trace FILE` writes a
 * Chrome trace-event timeline of every rank, `--progress`/`--no-progress`
 * turn rank 0's progress line on standard error on or off (default: on when
 * standard error is a terminal), and `-n N`/`--ranks N` started without an MPI
 * launcher re-executes the program through mpirun on N ranks (the mpirun
 * found when the runtime was built, or $BRIDGE_MPIRUN). Any other argument is
 * an error. */
BRIDGE_RT_EXPORT void bridge_rt_set_plan(const char *plan);
/* Records the CPU the program was compiled for, a static string that the
 * compiler embeds: the CPU name, ';', then the target features it enabled,
 * separated by ',' (e.g. "x86-64-v3;avx,avx2,bmi,..."). Call before
 * bridge_rt_init, which then checks, before anything else runs, that every
 * rank's CPU has the features the runtime can test (on x86-64: those cpuid
 * reports, e.g. sse4.2, popcnt, avx, avx2, fma, bmi2, avx512f; names it does
 * not know, such as tuning flags, are not checked; other architectures: no
 * check). When one lacks any, rank 0 prints e.g.
 *   error: this program was compiled for x86-64-v4 (needs ..., avx512f, ...);
 *   this CPU lacks avx512f, avx512bw: recompile with --mcpu=native or
 *   --mcpu=x86-64-v3
 * and every rank exits with status 1. The environment variable
 * BRIDGE_MASK_CPU_FEATURES (a ','-separated list of feature names) makes the
 * check treat those features as absent: a testing and diagnostic aid. */
BRIDGE_RT_EXPORT void bridge_rt_set_target(const char *target);
/* Which version of the program to run, for a program whose `axis=`
 * arguments name parameters (one version per set of axes they can name):
 * `table` is the text form of bridge/versions.h, a static string that the
 * compiler embeds; the values come from `--set NAME=VALUE` in argv or else
 * the defaults. Called before anything else, MPI included; `argv` is only
 * read. Returns 0 when the values make no choice (a missing or unparsable
 * value, an axis out of range: that version's bridge_rt_init reports it), and
 * also for values no version accepts, whose error bridge_rt_init then reports
 * as it does a failed size check. A malformed table fails the job. */
BRIDGE_RT_EXPORT int32_t bridge_rt_version(int32_t argc, char **argv,
                                           const char *table);
/* Finalises the runtime, and MPI if bridge_rt_init initialised it. Returns
 * the process exit status. */
BRIDGE_RT_EXPORT int32_t bridge_rt_finalize(void);
BRIDGE_RT_EXPORT int32_t bridge_rt_rank(void);
BRIDGE_RT_EXPORT int32_t bridge_rt_size(void);
/* Ends every rank with exit status 1 after printing
 * "error: rank R: <message>" on standard error (MPI_Abort; a plain exit when
 * MPI is not running). */
BRIDGE_RT_EXPORT BRIDGE_RT_NORETURN void bridge_rt_fail(const char *message);

/*--- Sizes and parameters -------------------------------------------------*/
/* A program's shapes, chunk sizes, bounds and indices may depend on its
 * parameters (`--set NAME=VALUE`) and on the headers of its input files: the
 * size program in the embedded plan (bridge/sizes.h) says how. bridge_rt_init
 * evaluates it once, after reading the options and before any work: rank 0
 * reads the file headers and evaluates, and one broadcast gives every rank
 * the same values. A missing, unknown or unparsable parameter, a check that
 * fails (a shape or a chunk size that is not positive, shapes that cannot
 * broadcast, ...), a missing file or one of another element type or rank:
 * rank 0 prints one message on standard error, e.g.
 *   error: parameter 'n': '12x' is not an i64
 *   pipeline.bdsl:3:9: error: shapes [100, 7] and [6, 7] cannot broadcast
 * and every rank exits with status 1. Generated code reads the values once
 * after bridge_rt_init: each call is a table lookup. An index the program
 * does not have, or a parameter of another type than the call's, fails the
 * job. */
/* The value for this run of size symbol `symbol_index` (the size
 * bridge::plan::makeSymbol(symbol_index): instruction `symbol_index` of the
 * size program). Named apart from bridge_rt_size, the rank count. */
BRIDGE_RT_EXPORT int64_t bridge_rt_size_value(int64_t symbol_index);
/* Sets size symbol `symbol_index`, a length that the data decides (the
 * length of `x[mask]` or `unique(x)`: until now its upper bound), to `value`,
 * and recomputes the sizes that depend on it. Every rank passes the same
 * value. A check that depended on it and fails (e.g. a selection of no
 * elements) ends every rank as a failure at start-up does, rank 0 printing
 * the located message. */
BRIDGE_RT_EXPORT void bridge_rt_learn_size(int64_t symbol_index, int64_t value);
/* Parameter `index` (its place among the program's parameters) of type i64,
 * f64, bool (1 or 0) or str. A str is NUL-terminated and owned by the
 * runtime, valid until bridge_rt_finalize. */
BRIDGE_RT_EXPORT int64_t bridge_rt_param_i64(int32_t index);
BRIDGE_RT_EXPORT double bridge_rt_param_f64(int32_t index);
BRIDGE_RT_EXPORT int32_t bridge_rt_param_bool(int32_t index);
BRIDGE_RT_EXPORT const char *bridge_rt_param_str(int32_t index);

/*--- Placement ------------------------------------------------------------*/

/* The chunks [*lo, *hi) of an `nchunks` grid that this rank owns. Under
 * BRIDGE_RT_BLOCK the grid must have one chunk per rank (nchunks equal to
 * the rank count): rank r owns [r, r + 1), even when its slab is empty. */
BRIDGE_RT_EXPORT void bridge_rt_owned_range(int32_t placement, int64_t nchunks,
                                            int64_t *lo, int64_t *hi);
/* The rank that owns `chunk` of an `nchunks` grid among `nranks` ranks
 * (under BRIDGE_RT_BLOCK, with nchunks == nranks, the chunk index). */
BRIDGE_RT_EXPORT int32_t bridge_rt_owner(int32_t placement, int64_t nchunks,
                                         int64_t chunk, int32_t nranks);

/*--- Chunk grids ----------------------------------------------------------*/

/* The chunk grid of an array, so that loops over chunks need not compute
 * chunk bounds themselves: the same grid as bridge_rt_dist_create (under
 * BRIDGE_RT_CONTIGUOUS: `shape` tiled by `chunks`, the last chunk of a
 * dimension possibly smaller) or bridge_rt_dist_create_block (under
 * BRIDGE_RT_BLOCK: one slab of axis 0 per rank; `chunks` is not read and may
 * be NULL) give an array of this shape. Opaque. */
typedef struct bridge_rt_grid bridge_rt_grid;

/* Creates the grid of `ndim` dimensions (1..BRIDGE_MAX_DIMS); the runtime
 * copies what it needs of `shape` and `chunks`. The caller owns the result:
 * release it with bridge_rt_grid_destroy. Fails the job on invalid arguments
 * or a grid of more than INT64_MAX chunks. Not collective. */
BRIDGE_RT_EXPORT bridge_rt_grid *bridge_rt_grid_create(int32_t ndim,
                                                       const int64_t *shape,
                                                       const int64_t *chunks,
                                                       int32_t placement);
/* The chunks of the whole grid: with bridge_rt_owned_range and the grid's
 * placement, the chunks this rank owns. */
BRIDGE_RT_EXPORT int64_t bridge_rt_grid_nchunks(const bridge_rt_grid *grid);
/* Writes the global index of the first element of `chunk` (0 <= chunk <
 * bridge_rt_grid_nchunks) and its extent, one entry per dimension, to
 * `start` and `extent` (caller-owned, `ndim` entries each). A block slab may
 * be empty (extent 0 along axis 0). */
BRIDGE_RT_EXPORT void bridge_rt_grid_box(const bridge_rt_grid *grid,
                                         int64_t chunk, int64_t *start,
                                         int64_t *extent);
BRIDGE_RT_EXPORT void bridge_rt_grid_destroy(bridge_rt_grid *grid);

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
 * chunks. `placement` must be BRIDGE_RT_CONTIGUOUS (block layouts come from
 * bridge_rt_dist_create_block). */
BRIDGE_RT_EXPORT bridge_rt_dist *bridge_rt_dist_create(int32_t dtype, int32_t ndim,
                                                       const int64_t *shape,
                                                       const int64_t *chunks,
                                                       int32_t placement);
/* The storage of owned chunk `chunk`: its actual extent (for a halo array,
 * the extended extent), row-major and contiguous, 64-byte aligned from 4 KiB
 * and 16-byte aligned below; for a halo array, consecutive positions on the
 * axes before its halo axis lie bridge_rt_dist_chunk_pitch elements apart
 * along that axis. Owned by the array. Fails the job if this rank does not
 * own the chunk. An owned chunk without elements (an empty block slab) gives
 * a valid pointer to no storage. */
BRIDGE_RT_EXPORT void *bridge_rt_dist_chunk(bridge_rt_dist *array, int64_t chunk);
/* For owned chunk `chunk` of a halo array: the stored elements along the
 * halo axis from one position on the axes before it to the next. It is the
 * chunk's extended extent, or more where the rank's chunks of a line along
 * the axis share one block and read each other's edges as margins in place.
 * Fails the job for an array without a halo or a chunk not owned. */
BRIDGE_RT_EXPORT int64_t bridge_rt_dist_chunk_pitch(const bridge_rt_dist *array,
                                                    int64_t chunk);
/* The legacy ABI view of this rank's chunks: those it owns that have
 * elements. Owned by the array, valid until it is destroyed. For a halo array
 * (never handed to legacy code) the entries give the stored extents, with
 * `start` shifted by -width along the halo axis (rows lie
 * bridge_rt_dist_chunk_pitch apart). */
BRIDGE_RT_EXPORT const bridge_array *bridge_rt_dist_view(bridge_rt_dist *array);
BRIDGE_RT_EXPORT void bridge_rt_dist_destroy(bridge_rt_dist *array);
/* Copies each of this rank's chunks of `src` into the same chunk of `dst`
 * (an array of the same dtype and grid), reordering its elements: from
 * row-major to column-major when `column_major` is non-zero, the other way
 * when it is 0. Local: nothing moves between ranks. For `order=F` hand-offs
 * to legacy code. */
BRIDGE_RT_EXPORT void bridge_rt_dist_reorder(bridge_rt_dist *dst,
                                             const bridge_rt_dist *src,
                                             int32_t column_major);

/* An array of `ndim` dimensions with global `shape` laid out under
 * BRIDGE_RT_BLOCK for the rank count the program runs with: P chunks along
 * axis 0 with bounds floor(N*r/P), one along every other axis; the view of
 * rank r holds chunk r (index r) or, when its slab is empty, nothing. Chunk
 * contents start uninitialised. Caller owns it. */
BRIDGE_RT_EXPORT bridge_rt_dist *bridge_rt_dist_create_block(int32_t dtype,
                                                             int32_t ndim,
                                                             const int64_t *shape);

/* A 2-D array of global `shape` in the block-cyclic layout: blocks of
 * blocks[0] x blocks[1] dealt over a `grid_rows` x `grid_cols` process grid
 * (both 0: the most square grid of all ranks), ranks placed row-major on it.
 * The view holds this rank's local matrix, column-major, as its one chunk
 * (none when it is empty or the rank is off the grid), and the layout fields
 * of bridge_array. Fails the job when the grid has more positions than there
 * are ranks. Chunk contents start uninitialised. Caller owns it. */
BRIDGE_RT_EXPORT bridge_rt_dist *bridge_rt_dist_create_cyclic(
    int32_t dtype, int32_t ndim, const int64_t *shape, const int64_t *blocks,
    int32_t grid_rows, int32_t grid_cols);

/*--- Data movement --------------------------------------------------------*/

/* How one destination dimension reads the source: destination coordinate t
 * reads source coordinate offset + step * t of source dimension `src_dim`.
 * Destination coordinates outside [lo, hi) are not written by this source
 * (several sources can fill one destination, as for concat). */
typedef struct bridge_rt_axis_map {
  int32_t src_dim;
  int32_t reserved; /* 0 */
  int64_t offset;
  int64_t step; /* >= 0; 0 repeats one coordinate (a broadcast) */
  int64_t lo;
  int64_t hi;
} bridge_rt_axis_map;

/* For every destination element t with lo_d <= t_d < hi_d in each of its
 * dimensions d: dst[t] = src[s] with s[maps[d].src_dim] = maps[d].offset +
 * maps[d].step * t_d (`maps` has one entry per destination dimension; the
 * src_dim form a permutation of the destination's dimensions, which
 * expresses transposes; a source of fewer dimensions has unit axes from its
 * ndim on). Covers rechunk, slicing with steps, transpose, concat, block
 * redistribution and the replicas of a broadcast (step 0). Collective:
 * every rank calls it; data moves by non-blocking point-to-point messages
 * between the owners only, never through one rank. Element types must
 * match, the source may not have more dimensions than the destination,
 * `dst` must not be `src`, 0 <= lo <= hi <=
 * the destination extent, and every source coordinate read must lie inside
 * the source; otherwise the job fails. */
BRIDGE_RT_EXPORT void bridge_rt_redistribute(bridge_rt_dist *dst,
                                             const bridge_rt_dist *src,
                                             const bridge_rt_axis_map *maps);

/* numpy.pad modes, for halos. */
typedef enum bridge_rt_pad_mode {
  BRIDGE_RT_PAD_EDGE = 0,
  BRIDGE_RT_PAD_SYMMETRIC = 1,
  BRIDGE_RT_PAD_REFLECT = 2,
  BRIDGE_RT_PAD_WRAP = 3,
  BRIDGE_RT_PAD_CONSTANT = 4 /* zeros */
} bridge_rt_pad_mode;

/* A new array on `src`'s grid and owners whose chunk c stores, along `axis`,
 * `width` extra elements on each side: element l (0 <= l < extent + 2*width)
 * of the chunk that starts at s along `axis` holds padded[s + l], where
 * padded = numpy.pad(src, width, mode) along `axis` (other axes unchanged).
 * `width` may exceed any chunk extent and the array length (NumPy's
 * semantics; for reflect and symmetric a length-1 axis is extended as by
 * edge). Rows come from the neighbours' owners. Collective; caller owns
 * the result. As a source of bridge_rt_redistribute or bridge_rt_dist_fetch
 * it reads as `src`; the file functions reject it. */
BRIDGE_RT_EXPORT bridge_rt_dist *bridge_rt_dist_halo(const bridge_rt_dist *src,
                                                     int32_t axis, int64_t width,
                                                     int32_t mode);

/* An array laid out as bridge_rt_dist_halo's result would be for an array of
 * `shape` tiled by `chunks` (BRIDGE_RT_CONTIGUOUS): `width` extra elements on
 * each side of `axis` in every chunk, contents uninitialised. A producer
 * writes each chunk's interior (stored position l + width along `axis` for
 * element l of the chunk), then bridge_rt_dist_fill_halo fills the margins.
 * Every rank creates its halo arrays (here and by bridge_rt_dist_halo) in
 * the same order: their margins travel on message tags given by that order.
 * Caller owns it (bridge_rt_dist_destroy). */
BRIDGE_RT_EXPORT bridge_rt_dist *bridge_rt_dist_create_halo(int32_t dtype, int32_t ndim,
                                                            const int64_t *shape,
                                                            const int64_t *chunks,
                                                            int32_t axis, int64_t width);
/* Fills the margins of halo array `array` from its own interior, as
 * bridge_rt_dist_halo(interior, axis, width, mode) would (numpy.pad at the
 * array's ends): slabs of chunks on this rank are already in place (a
 * rank's chunks of each line of chunks along the axis overlap in storage) or
 * copied, slabs of other ranks' chunks arrive in one message per rank that
 * holds some.
 * Fails the job for an array without a halo, a block or block-cyclic array,
 * or an unknown mode. Collective. */
BRIDGE_RT_EXPORT void bridge_rt_dist_fill_halo(bridge_rt_dist *array, int32_t mode);
/* Called by the producer of halo array `array` once chunk `chunk` (one this
 * rank owns) has its interior, each chunk once, in any order, with the
 * `mode` of the bridge_rt_dist_fill_halo that follows: unless the margins are
 * read in place, copies its edge slabs into the margins of its neighbours
 * along the axis that this rank owns and that lie away from the axis's ends,
 * while the slabs are in cache; and
 * sends those that other ranks read as soon as the chunks they need are all
 * written. When every owned chunk has been shared, the fill leaves those
 * margins as they are; a fill with another mode fails the job. Does nothing
 * for halos wider than a chunk. Not collective. */
BRIDGE_RT_EXPORT void bridge_rt_dist_share_margins(bridge_rt_dist *array,
                                                   int64_t chunk, int32_t mode);

/* Element `coords` (one per dimension) of `src`, written to `out` (element
 * size bytes; bools as one byte) on every rank: its owner broadcasts it.
 * Coordinates outside the array fail the job. Collective. */
BRIDGE_RT_EXPORT void bridge_rt_dist_fetch(const bridge_rt_dist *src,
                                           const int64_t *coords, void *out);

/* Quantiles of all elements of `src` by distributed radix selection: exact,
 * and the same at every rank count; no rank gathers the array. With
 * `median` set, `out[0]` is NumPy's median (the mean of the middle elements,
 * in f32 for f32 arrays) and `q` is unused; otherwise `out[i]` is NumPy's
 * quantile(src, q[i]) with the linear method, for `nq` values in [0, 1].
 * A NaN anywhere gives NaN. Results are on every rank, as f64 (an f32
 * median is exact in it). Each pass sums a fixed number of int64 counts
 * over the ranks (bridge/layout/RadixSelect.h): a reduce to rank 0 and a
 * broadcast back. Collective. */
BRIDGE_RT_EXPORT void bridge_rt_dist_quantile(const bridge_rt_dist *src,
                                              int32_t median, int64_t nq,
                                              const double *q, double *out);

/* One line of a median or quantile along an axis, where a chunk holds the
 * axis whole: the `count` elements of `dtype` from `first`, `stride`
 * elements apart. NumPy's median with `median` set (`q` unused), else its
 * quantile(line, q) with the linear method; NaN when any element is NaN or
 * the line is empty. Exact, by selection over a copy of the line's keys
 * (the runtime's buffer, reused). Local. */
BRIDGE_RT_EXPORT double bridge_rt_line_quantile(const void *first,
                                               int32_t dtype, int64_t stride,
                                               int64_t count, int32_t median,
                                               double q);

/*--- Data-dependent lengths -----------------------------------------------*/
/* x[mask] and unique(x), whose length is known only when the program runs,
 * in two collective calls around the creation of the result: the first
 * computes this rank's part of the result and the total count, which every
 * rank learns; the caller creates `dst` of that length (bridge_rt_dist_create,
 * BRIDGE_RT_CONTIGUOUS) and the second places the selection into it. A
 * "unit" is one element of the result's axis 0: an element, or a whole row
 * when a mask selects rows. No rank gathers the array: each holds its own
 * part (memory of its local data and O(ranks)). */

/* The part of a data-dependent result this rank holds between the two calls
 * that make it. Opaque. */
typedef struct bridge_rt_selection bridge_rt_selection;

/* x[mask]. `src` and `mask` (dtype BRIDGE_BOOL) have the same number of
 * chunks under BRIDGE_RT_CONTIGUOUS, and chunk order is row-major order: each
 * chunk holds every axis but the first whole, so chunk i of `src` holds
 * unit * (elements of chunk i of `mask`) elements, unit being the elements
 * of `src` over those of `mask` (1 when the shapes are equal, the row length
 * for a 1-D mask over rows; the mask's shape is that of the leading axes of
 * `src`). Takes the units whose mask entry is non-zero, in order, and sets
 * *count to their number over all ranks (the same on every rank): each rank
 * packs its own, and one allgather of per-rank counts gives every rank its
 * offset. Another dtype of `mask`, other chunk counts or placements, or
 * chunks that do not match fail the job. Collective. The caller owns the
 * result and passes it to bridge_rt_selection_place. */
BRIDGE_RT_EXPORT bridge_rt_selection *
bridge_rt_select_mask(const bridge_rt_dist *src, const bridge_rt_dist *mask,
                      int64_t *count);

/* x[mask] of elements that stages compute: an empty selection of `dtype`
 * elements that each rank fills a chunk at a time, in chunk order, with
 * bridge_rt_select_chunk (the `n` elements at `values` whose mask byte is
 * non-zero, in order; local), then bridge_rt_selection_close sets *count as
 * bridge_rt_select_mask does (collective). The caller owns the selection,
 * and passes it to bridge_rt_selection_place. */
BRIDGE_RT_EXPORT bridge_rt_selection *bridge_rt_selection_open(int32_t dtype);
/* unique(x): an empty selection of the distinct values of `dtype` that each
 * rank's stages give it a chunk at a time, with bridge_rt_select_chunk and a
 * null mask (every value counts). It keeps each value once, deduping as it
 * grows, so that few distinct values take little room whatever the array's
 * size. bridge_rt_selection_close then sorts them over the ranks: a sample
 * sort (regular samples, P - 1 splitters, one all-to-all exchange) gives
 * each value to one rank, ranks in ascending order of their values (a rank
 * may end up with none); collective. bridge_rt_selection_place writes them
 * in ascending order, NaNs last and counted as one value (NumPy's
 * np.unique; -0.0 and 0.0 are one value, written as 0.0, and the NaN is the
 * dtype's quiet NaN). */
BRIDGE_RT_EXPORT bridge_rt_selection *bridge_rt_unique_open(int32_t dtype);
BRIDGE_RT_EXPORT void bridge_rt_select_chunk(bridge_rt_selection *selection,
                                             const void *values,
                                             const void *mask, int64_t n);
BRIDGE_RT_EXPORT void bridge_rt_selection_close(bridge_rt_selection *selection,
                                                int64_t *count);

/* Writes the selection's units in order into `dst`: BRIDGE_RT_CONTIGUOUS,
 * axis 0 of extent *count chunked by any c, every other axis whole (unit
 * elements per row, the shape of the source's trailing axes), the dtype of
 * the source; with *count 0, a grid without chunks. Units move in one
 * all-to-all exchange from the ranks that hold them to the owners of `dst`'s
 * chunks; more than INT_MAX units, or a unit of more than INT_MAX bytes,
 * between two ranks fails the job, as does a `dst` of another dtype, shape
 * or chunking. Releases `selection`. Collective. */
BRIDGE_RT_EXPORT void bridge_rt_selection_place(bridge_rt_selection *selection,
                                                bridge_rt_dist *dst);

/*--- Files ----------------------------------------------------------------*/

/* Writes the whole array as a NumPy .npy file (format 1.0, C order,
 * little-endian). Each rank writes only its chunks' bytes; the file appears
 * at `path` complete (written under a temporary name in the same directory,
 * then renamed by rank 0) or not at all. A failure on any rank removes the
 * temporary file and ends every rank; one line names the path and the
 * system's reason. Collective. */
BRIDGE_RT_EXPORT void bridge_rt_save_npy(const bridge_rt_dist *src,
                                         const char *path);
/* Fills `dst` from a .npy file (format 1.0, 2.0 or 3.0) whose header must
 * give `dst`'s dtype ('<f8', '<f4', '<i8', '<i4', '|b1') and shape, C order;
 * each rank reads only its chunks' bytes (positioned reads). Any mismatch,
 * truncation or I/O error ends every rank with one message naming the file
 * and the problem (e.g. "data.npy: shape (100,) does not match the expected
 * (200,)"). Bytes after the data are ignored, as numpy.load does; a non-zero
 * bool byte loads as 1. Collective. */
BRIDGE_RT_EXPORT void bridge_rt_load_npy(bridge_rt_dist *dst, const char *path);
/* The same for a headerless file of raw little-endian row-major elements,
 * whose size must be exactly the array's bytes. */
BRIDGE_RT_EXPORT void bridge_rt_load_raw(bridge_rt_dist *dst, const char *path);

/*--- HDF5 and netCDF-4 ----------------------------------------------------*/
/* Datasets of HDF5 files, through parallel HDF5 over MPI-IO. A netCDF-4 file
 * is an HDF5 file and its variables are datasets: ("t2m.nc", "t2m") reads
 * variable t2m. `dataset` is a path inside the file ("/group/name"; without
 * a leading '/' it starts at the root).
 * Element types: a float of 8 or 4 bytes is f64 or f32 and a signed integer
 * of 8 or 4 bytes is i64 or i32, in either byte order (big-endian values are
 * converted while reading, which makes those reads slower); bool comes from
 * any 8-bit integer or an enum over one (h5py writes NumPy's bool so), a
 * non-zero byte loading as 1. Other types (other integer widths, unsigned
 * 32/64-bit integers, half floats, strings, compounds) are refused, not
 * converted. Datasets have 1 to BRIDGE_MAX_DIMS dimensions and contiguous,
 * compact or chunked storage, compressed or not (deflate, shuffle,
 * fletcher32, szip, or any filter HDF5 finds as a plugin in
 * HDF5_PLUGIN_PATH).
 * Failures end every rank with one line "PATH:/DATASET: problem": a file
 * that is missing (also on only some ranks), unreadable or not HDF5, no such
 * dataset (or a group by that name), an unsupported element type or
 * dimension count, a filter that HDF5 cannot decode (h5py's lzf without its
 * plugin), an element type or shape other than expected, an I/O error. Rank
 * 0 inspects the file and every rank checks that it sees it before any
 * collective HDF5 call, so these problems never leave a rank waiting. HDF5's
 * own error printing is off during these calls. */

/* The element type and shape of a dataset, for shapes known only at run
 * time. On entry *dtype and *ndim are what the program expects (a
 * bridge_dtype, 1..BRIDGE_MAX_DIMS) or -1 for any; another element type or
 * dimension count fails the job. On return they hold the dataset's, and
 * shape[0..BRIDGE_MAX_DIMS) its extents (unused dimensions 1). Rank 0 reads
 * the metadata and broadcasts it. Collective. */
BRIDGE_RT_EXPORT void bridge_rt_h5_shape(const char *path, const char *dataset,
                                         int32_t *dtype, int32_t *ndim,
                                         int64_t *shape);
/* Fills `dst` from a dataset of exactly its element type, dimension count
 * and shape. Each rank reads only its own chunks' hyperslabs, in collective
 * transfers (H5FD_MPIO_COLLECTIVE). A run of a rank's chunks that is one box
 * of the file whose row-major order is the chunks' (chunks that split only
 * axis 0, the common case) is one H5Dread straight into their storage;
 * chunks that also split later axes are read one row of chunks at a time
 * into a buffer of at most 64 MiB and copied into place. Every rank makes as
 * many H5Dread calls as the rank with the most such pieces. Collective. */
BRIDGE_RT_EXPORT void bridge_rt_load_h5(bridge_rt_dist *dst, const char *path,
                                        const char *dataset);
/* Writes the whole array as dataset `dataset` of the HDF5 file `path`,
 * creating the groups on its path: contiguous storage, little-endian
 * f64/f32/i64/i32, bool as h5py's enum (int8, FALSE = 0, TRUE = 1), so that
 * h5py reads NumPy's dtypes back. Each rank writes its own chunks in
 * collective transfers, as bridge_rt_load_h5 reads them. The file appears at
 * `path` complete or not at all: every rank writes a temporary file in the
 * same directory, which rank 0 renames at the end; a failure on any rank
 * removes it and ends every rank. When `path` exists it must be an HDF5
 * file; its other objects and attributes are kept, because the temporary
 * file starts as a byte copy of it (every rank copies a share with
 * copy_file_range), so saving into an existing file costs one copy of that
 * file. An existing dataset of that name is unlinked and replaced (its
 * attributes go with it; a replacement of at most its size reuses its
 * space, a larger one leaves that space unused in the file, which h5repack
 * reclaims); a group of that name, or a non-group on its path, fails the
 * job. With `dataset` NULL, `path` is "FILE:/DATASET" and is split at its
 * last ":/", for targets known only at run time. Collective. */
BRIDGE_RT_EXPORT void bridge_rt_save_h5(const bridge_rt_dist *src,
                                        const char *path, const char *dataset);
/* Saves to a target known only at run time (a `str` parameter): text with
 * ":/" is "FILE:/DATASET" (bridge_rt_save_h5), anything else a .npy file
 * (bridge_rt_save_npy). Collective. */
BRIDGE_RT_EXPORT void bridge_rt_save_target(const bridge_rt_dist *src,
                                            const char *target);

/*--- Deterministic reductions ---------------------------------------------*/
/* A reduction over a grid of `nchunks` chunks placed under `placement`:
 * begin it on every rank, push the partial of each chunk this rank owns in
 * ascending chunk order (bridge_rt_owned_range) as it is computed, then end
 * it on every rank, which combines the partials along the fixed tree of
 * bridge/layout/CombineTree.h, returns the result on every rank and frees
 * the reduction. The tree depends only on `nchunks`, so the bits do not
 * depend on the rank count; a rank holds and sends O(log nchunks) values.
 * With 0 chunks, SUM, PROD, ANY and ALL give 0, 1, 0 and 1; MIN and MAX fail
 * the job, as NumPy has no identity for them. A NaN partial makes MIN and MAX
 * NaN, as in NumPy. Begin and end are collective. */
typedef struct bridge_rt_reduction bridge_rt_reduction;
BRIDGE_RT_EXPORT bridge_rt_reduction *
bridge_rt_reduce_begin_f64(int32_t op, int32_t placement, int64_t nchunks);
BRIDGE_RT_EXPORT bridge_rt_reduction *
bridge_rt_reduce_begin_i64(int32_t op, int32_t placement, int64_t nchunks);
BRIDGE_RT_EXPORT void bridge_rt_reduce_push_f64(bridge_rt_reduction *r,
                                                int64_t chunk, double partial);
BRIDGE_RT_EXPORT void bridge_rt_reduce_push_i64(bridge_rt_reduction *r,
                                                int64_t chunk,
                                                int64_t partial);
BRIDGE_RT_EXPORT double bridge_rt_reduce_end_f64(bridge_rt_reduction *r);
BRIDGE_RT_EXPORT int64_t bridge_rt_reduce_end_i64(bridge_rt_reduction *r);
/* Moments, combined by Chan et al.'s pairwise update: chunk `chunk` holds
 * `count` elements x with sum(x - shift) = s1 and sum((x - shift)^2) = s2.
 * The end gives the global mean and the global sum of squared deviations
 * from it (var = *m2 / total count); both are NaN when there is no element. */
BRIDGE_RT_EXPORT bridge_rt_reduction *bridge_rt_moments_begin(int32_t placement,
                                                              int64_t nchunks);
BRIDGE_RT_EXPORT void bridge_rt_moments_push(bridge_rt_reduction *r,
                                             int64_t chunk, int64_t count,
                                             double shift, double s1,
                                             double s2);
BRIDGE_RT_EXPORT void bridge_rt_moments_end(bridge_rt_reduction *r,
                                            double *mean, double *m2);
/* argmin and argmax: chunk `chunk`'s first extreme `value` at the flat
 * index `index`, combined along the same tree. `op` is BRIDGE_RT_MIN or
 * BRIDGE_RT_MAX; ties keep the smaller index and, as in NumPy, the first NaN
 * wins. The end gives the index; an empty array is an error. */
BRIDGE_RT_EXPORT bridge_rt_reduction *
bridge_rt_arg_begin_f64(int32_t op, int32_t placement, int64_t nchunks);
BRIDGE_RT_EXPORT bridge_rt_reduction *
bridge_rt_arg_begin_i64(int32_t op, int32_t placement, int64_t nchunks);
BRIDGE_RT_EXPORT void bridge_rt_arg_push_f64(bridge_rt_reduction *r,
                                             int64_t chunk, double value,
                                             int64_t index);
BRIDGE_RT_EXPORT void bridge_rt_arg_push_i64(bridge_rt_reduction *r,
                                             int64_t chunk, int64_t value,
                                             int64_t index);
BRIDGE_RT_EXPORT int64_t bridge_rt_arg_end(bridge_rt_reduction *r);
/* Rank 0's value, on every rank. Collective. */
BRIDGE_RT_EXPORT double bridge_rt_bcast_f64(double value);
BRIDGE_RT_EXPORT int64_t bridge_rt_bcast_i64(int64_t value);

/*--- Scans ----------------------------------------------------------------*/
/* Cumulative sums or products (`op` BRIDGE_RT_SUM or BRIDGE_RT_PROD) along
 * `axis`, of f64, f32 or i64 arrays (integers wrap), in two local steps
 * around a redistribution the caller makes; neither communicates.
 * bridge_rt_scan_local scans each chunk of `src` this rank owns on its own
 * into the same chunk of `dst`, and writes the chunk's last slice along
 * `axis` to the same chunk of `totals`: an array of the same dtype and chunk
 * grid whose chunks have extent 1 along `axis`. */
BRIDGE_RT_EXPORT void bridge_rt_scan_local(bridge_rt_dist *dst,
                                           const bridge_rt_dist *src,
                                           bridge_rt_dist *totals,
                                           int32_t axis, int32_t op);
/* Completes the scan in `array` (bridge_rt_scan_local's `dst`): `totals` has
 * the array's chunk grid and one axis more, inserted at `axis`; its chunk
 * at position g along `axis` holds, on axis `axis + 1`, the totals of every
 * chunk of its line in chunk order. Each chunk folds the totals of the g
 * chunks before it left to right and applies that carry to its elements, so
 * the bits depend on the chunks alone, never on the rank count. */
BRIDGE_RT_EXPORT void bridge_rt_scan_carry(bridge_rt_dist *array,
                                           const bridge_rt_dist *totals,
                                           int32_t axis, int32_t op);

/*--- Matrix products -----------------------------------------------------*/
/* For each chunk c of `dst` this rank owns: chunk c of `dst` = A @ B, with
 * every chunk read as a row-major matrix over its last two axes, A chunk c
 * of `lhs` (2-D; its transpose when `transpose_lhs` is nonzero) and B
 * chunk c of `rhs`. The three arrays share dtype (f64 or f32) and chunk
 * count, chunk c of each on this rank. Each element sums over the
 * contracted index in increasing order, vectorised across the elements of
 * a row only, so the bits do not depend on the machine or the compiler's
 * vector width. Local. */
BRIDGE_RT_EXPORT void bridge_rt_matmul_local(bridge_rt_dist *dst,
                                             const bridge_rt_dist *lhs,
                                             const bridge_rt_dist *rhs,
                                             int32_t transpose_lhs);
/* Chunk `chunk` of `dst` ([C, m, k], chunks [1, m, k], on this rank) =
 * transpose(A) @ B, with A (`rows` x m) at `lhs` and B (`rows` x k) at `rhs`,
 * row-major, in dst's dtype: the partial product of one chunk of rows that a
 * stage has just computed, by the kernel and in the order of
 * bridge_rt_matmul_local. Local. */
BRIDGE_RT_EXPORT void bridge_rt_matmul_chunk(bridge_rt_dist *dst,
                                             int64_t chunk, const void *lhs,
                                             const void *rhs, int64_t rows);
/* Chunk `chunk` of `dst` (2-D, `rows` x k, on this rank) = A @ B, with A
 * (`rows` x m) at `lhs`, row-major, and B chunk `chunk` of `replica` ([C, m,
 * k], chunks [1, m, k], on this rank): the rows form's product of one chunk
 * of rows that a stage has just computed, by the kernel and in the order of
 * bridge_rt_matmul_local. Local. */
BRIDGE_RT_EXPORT void bridge_rt_matmul_rows_chunk(bridge_rt_dist *dst,
                                                  int64_t chunk,
                                                  const void *lhs,
                                                  const bridge_rt_dist *replica,
                                                  int64_t rows);

/*--- Counts -------------------------------------------------------------*/
/* `n` >= 1 zeroed counters, one per value 0 .. n-1, that the stages of this
 * rank add to (histogram, bincount); owned by the caller until
 * bridge_rt_counts_sum. Local. */
BRIDGE_RT_EXPORT int64_t *bridge_rt_counts_create(int64_t n);
/* Sums every rank's `n` counters into `dest` (1-D, i64, n elements in one
 * chunk) on the rank that owns it, and frees them. Integer sums: the result
 * does not depend on the order. Collective. */
BRIDGE_RT_EXPORT void bridge_rt_counts_sum(int64_t *counts, int64_t n,
                                           bridge_rt_dist *dest);

/*--- Checkpoints ----------------------------------------------------------*/
/* With the program option `--checkpoint DIR`, stages that produce arrays
 * store each chunk they compute (its outputs and partial results), keyed by
 * `program` (a hash of the program's task graph), the stage's index and the
 * chunk's index, not by the rank; a later run on any rank count restores
 * them. `outputs` are the stage's `noutputs` output arrays; `partials` point
 * at the chunk's `npartials` 8-byte partial results. Without the option both
 * return at once. */
/* 1 when the program runs with `--checkpoint`, else 0: a stage asks once
 * and calls neither function below for its chunks without it. */
BRIDGE_RT_EXPORT int32_t bridge_rt_ckpt_active(void);
/* Restores chunk `chunk` into the outputs' storage and the partial slots;
 * returns 1 when a valid checkpoint was found, else 0. A corrupt file or one
 * of another program is reported on standard error and ignored. */
BRIDGE_RT_EXPORT int32_t bridge_rt_ckpt_restore(uint64_t program, int64_t stage,
                                                int64_t chunk,
                                                bridge_rt_dist *const *outputs,
                                                int32_t noutputs,
                                                void *const *partials,
                                                int32_t npartials);
/* Stores what the stage computed for `chunk`, complete or not at all. */
BRIDGE_RT_EXPORT void bridge_rt_ckpt_store(uint64_t program, int64_t stage,
                                           int64_t chunk,
                                           bridge_rt_dist *const *outputs,
                                           int32_t noutputs,
                                           void *const *partials,
                                           int32_t npartials);

/* The same for a whole array filled by something other than a stage (the
 * result of a legacy call), keyed by `step`, numbered apart from the stages.
 * Collective: returns 1 on every rank when every rank restored every chunk it
 * owns of `array`, else 0 (the array's contents are then unspecified and the
 * caller fills it). Without `--checkpoint` it returns 0 at once. */
BRIDGE_RT_EXPORT int32_t bridge_rt_ckpt_restore_array(uint64_t program,
                                                      int64_t step,
                                                      bridge_rt_dist *array);
/* Stores each chunk this rank owns of `array`, as bridge_rt_ckpt_store. */
BRIDGE_RT_EXPORT void bridge_rt_ckpt_store_array(uint64_t program, int64_t step,
                                                 bridge_rt_dist *array);

/*--- Output ---------------------------------------------------------------*/
/* One line on rank 0's standard output; other ranks print nothing.
 * Floats use "%.17g" (every NaN prints as "nan", whatever its sign bit),
 * bools "true"/"false". Each line is flushed. */
BRIDGE_RT_EXPORT void bridge_rt_print_f64(double value);
BRIDGE_RT_EXPORT void bridge_rt_print_i64(int64_t value);
BRIDGE_RT_EXPORT void bridge_rt_print_bool(int32_t value);

/*--- Data checks ----------------------------------------------------------*/
/* Collective: every rank passes the same `count` (a combined reduction), the
 * number of elements a check found wrong. When it is not zero, rank 0 fails
 * the job with "error: rank 0: <message> (<count> found)" while the others
 * wait to be ended: one line, no hang. */
BRIDGE_RT_EXPORT void bridge_rt_require_zero(int64_t count,
                                             const char *message);

/*--- Legacy calls ---------------------------------------------------------*/
/* Writes the communicator of all ranks handed to legacy functions (an MPI_Comm,
 * BRIDGE_RT_MPI_COMM_BYTES bytes, see bridge/RuntimeConfig.h) to `out`. */
BRIDGE_RT_EXPORT void bridge_rt_legacy_comm(void *out);
/* The same communicator as a Fortran handle (MPI_Comm_c2f), for `extern
 * fortran fn`: an MPI_Fint, which the runtime's build requires to be 4
 * bytes (Fortran's default `integer`). */
BRIDGE_RT_EXPORT int32_t bridge_rt_legacy_comm_f(void);
/* Brackets a legacy call, for error messages and traces. `name` is a static
 * string owned by the caller. */
BRIDGE_RT_EXPORT void bridge_rt_legacy_enter(const char *name);
BRIDGE_RT_EXPORT void bridge_rt_legacy_exit(const char *name);
/* Fails the job naming the function and this rank when `status` is non-zero
 * (a legacy function returning i32 whose result the program ignores reports
 * failure this way). Not collective: other ranks may still be inside the
 * legacy function. */
BRIDGE_RT_EXPORT void bridge_rt_legacy_check(const char *name, int32_t status);
/* The status a `let` binds from a legacy function returning i32: the status
 * of the lowest rank whose status is non-zero, or 0 when every rank returned
 * 0. Collective. */
BRIDGE_RT_EXPORT int32_t bridge_rt_legacy_status(int32_t status);

/*--- Stages (for --trace and --progress) -----------------------------------*/
/* Bracket one stage of the pipeline (the compute a task runs over this rank's
 * chunks): a span named `name` (a static string owned by the caller) of
 * category "stage" in the program's --trace timeline, and the step the
 * --progress line names. Pairs nest; an end closes the latest open begin.
 * Without --trace and --progress each call is one branch. Not collective. */
BRIDGE_RT_EXPORT void bridge_rt_stage_begin(const char *name);
BRIDGE_RT_EXPORT void bridge_rt_stage_end(void);

#ifdef __cplusplus
}
#endif

#endif /* BRIDGE_RUNTIME_H */
