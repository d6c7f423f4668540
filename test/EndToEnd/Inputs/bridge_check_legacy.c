/* Legacy MPI functions for the end-to-end tests: they check what the
 * generated program hands over (bdsl-core.md section 7) and return values a
 * test can compare with NumPy (see test/lib/bridge_oracle.py).
 *
 * Every function enters a collective on `comm` that gives up after a deadline
 * instead of hanging, so a rank that never enters the call makes the test
 * fail with a message rather than wait forever. Diagnostics go to standard
 * error: standard output belongs to the program's `print`. */
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bridge/legacy.h>

#define DEADLINE_SECONDS 60.0

static int rank_of(MPI_Comm comm) {
  int r = -1;
  MPI_Comm_rank(comm, &r);
  return r;
}

static int size_of(MPI_Comm comm) {
  int p = -1;
  MPI_Comm_size(comm, &p);
  return p;
}

/* MPI_Allreduce that aborts the job, naming the function, when some rank does
 * not arrive within DEADLINE_SECONDS. */
static void guarded_allreduce(const char *who, const void *in, void *out, int count,
                              MPI_Datatype type, MPI_Op op, MPI_Comm comm) {
  MPI_Request req;
  MPI_Iallreduce(in, out, count, type, op, comm, &req);
  double t0 = MPI_Wtime();
  int done = 0;
  while (!done) {
    MPI_Test(&req, &done, MPI_STATUS_IGNORE);
    if (!done && MPI_Wtime() - t0 > DEADLINE_SECONDS) {
      fprintf(stderr, "%s: rank %d: not every rank entered the call within %.0f s\n", who,
              rank_of(comm), DEADLINE_SECONDS);
      fflush(stderr);
      MPI_Abort(comm, 3);
    }
    if (!done) {
      struct timespec ts = {0, 100000};
      nanosleep(&ts, NULL);
    }
  }
}

/* Bits of element k of chunk c as an unsigned integer of the element's width. */
static uint64_t element_bits(const bridge_array *a, const bridge_chunk *c, int64_t k) {
  switch (a->dtype) {
  case BRIDGE_F64: case BRIDGE_I64: {
    uint64_t v; memcpy(&v, (const char *)c->data + 8 * k, 8); return v;
  }
  case BRIDGE_F32: case BRIDGE_I32: {
    uint32_t v; memcpy(&v, (const char *)c->data + 4 * k, 4); return v;
  }
  case BRIDGE_BOOL: return ((const uint8_t *)c->data)[k];
  default: return 0;
  }
}

/* Global row-major flat index of element k (row-major within the chunk). */
static int64_t global_index(const bridge_array *a, const bridge_chunk *c, int64_t k) {
  int64_t idx[BRIDGE_MAX_DIMS];
  for (int d = BRIDGE_MAX_DIMS - 1; d >= 0; --d) {
    idx[d] = c->start[d] + k % c->shape[d];
    k /= c->shape[d];
  }
  int64_t g = 0;
  for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
    g = g * a->shape[d] + idx[d];
  return g;
}

#define FAIL(...)                                                          \
  do {                                                                     \
    fprintf(stderr, "check_layout: rank %d of %d: ", rank, nranks);        \
    fprintf(stderr, __VA_ARGS__);                                          \
    fputc('\n', stderr);                                                   \
    ++violations;                                                          \
  } while (0)

/* extern fn check_layout(a: T[], chunk: i64) -> i64
 * Checks the bridge_array of a 1-D array chunked by `chunk` elements: header
 * fields, ascending chunk indices, each chunk's start and extent (the last one
 * may be ragged), data pointers, and across ranks that every chunk is held by
 * exactly one rank, each rank holding a contiguous run of chunk indices, the
 * runs balanced (counts differ by at most one). Returns the number of
 * violations on all ranks (0 when all is well); each is described on stderr. */
int64_t check_layout(const bridge_array *a, int64_t chunk, MPI_Comm comm) {
  int rank = rank_of(comm), nranks = size_of(comm);
  int64_t violations = 0;
  int64_t n = a ? a->shape[0] : 0;
  int64_t nglobal = chunk > 0 ? (n + chunk - 1) / chunk : 0;
  if (!a) {
    FAIL("null bridge_array");
  } else {
    if (a->dtype < BRIDGE_F64 || a->dtype > BRIDGE_BOOL) FAIL("dtype %d", (int)a->dtype);
    if (a->ndim != 1) FAIL("ndim %d, expected 1", (int)a->ndim);
    for (int d = 1; d < BRIDGE_MAX_DIMS; ++d)
      if (a->shape[d] != 1) FAIL("shape[%d] = %lld, expected 1", d, (long long)a->shape[d]);
    if (a->nchunks < 0) FAIL("nchunks %lld", (long long)a->nchunks);
    if (a->nchunks > 0 && !a->chunks) FAIL("nchunks %lld with a null chunk table", (long long)a->nchunks);
  }
  int64_t mine = (a && a->chunks && a->nchunks > 0) ? a->nchunks : 0;
  for (int64_t k = 0; k < mine; ++k) {
    const bridge_chunk *c = &a->chunks[k];
    if (c->index < 0 || c->index >= nglobal) {
      FAIL("chunk %lld: index %lld outside [0, %lld)", (long long)k, (long long)c->index,
           (long long)nglobal);
      continue;
    }
    if (k > 0 && c->index <= a->chunks[k - 1].index)
      FAIL("chunk indices not ascending: %lld after %lld", (long long)c->index,
           (long long)a->chunks[k - 1].index);
    if (k > 0 && c->index != a->chunks[k - 1].index + 1)
      FAIL("chunks not a contiguous run: %lld after %lld", (long long)c->index,
           (long long)a->chunks[k - 1].index);
    int64_t start = c->index * chunk;
    int64_t extent = n - start < chunk ? n - start : chunk;
    if (c->start[0] != start)
      FAIL("chunk %lld: start %lld, expected %lld", (long long)c->index, (long long)c->start[0],
           (long long)start);
    if (c->shape[0] != extent)
      FAIL("chunk %lld: extent %lld, expected %lld", (long long)c->index, (long long)c->shape[0],
           (long long)extent);
    for (int d = 1; d < BRIDGE_MAX_DIMS; ++d) {
      if (c->shape[d] != 1) FAIL("chunk %lld: shape[%d] = %lld", (long long)c->index, d, (long long)c->shape[d]);
      if (c->start[d] != 0) FAIL("chunk %lld: start[%d] = %lld", (long long)c->index, d, (long long)c->start[d]);
    }
    int64_t esize = bridge_dtype_size(a->dtype);
    if (!c->data) {
      FAIL("chunk %lld: null data", (long long)c->index);
    } else {
      if (esize > 0 && ((uintptr_t)c->data % (uintptr_t)esize) != 0)
        FAIL("chunk %lld: data %p not aligned to its element size", (long long)c->index, c->data);
      /* The data are writable until the function returns: store what is there. */
      volatile unsigned char *p = (volatile unsigned char *)c->data;
      p[0] = p[0];
      p[extent * esize - 1] = p[extent * esize - 1];
    }
  }

  /* Across ranks: every chunk held exactly once; balanced runs. */
  int64_t nc = nglobal > 0 && nglobal <= (1 << 20) ? nglobal : 0;
  int64_t *count = calloc((size_t)(nc + 1), sizeof *count);
  int64_t *total = calloc((size_t)(nc + 1), sizeof *total);
  for (int64_t k = 0; k < mine; ++k)
    if (a->chunks[k].index >= 0 && a->chunks[k].index < nc)
      count[a->chunks[k].index] += 1;
  count[nc] = mine;
  guarded_allreduce("check_layout", count, total, (int)nc + 1, MPI_INT64_T, MPI_SUM, comm);
  if (rank == 0) {
    for (int64_t i = 0; i < nc; ++i)
      if (total[i] != 1)
        FAIL("chunk %lld is held by %lld ranks", (long long)i, (long long)total[i]);
  }
  int64_t lo_hi[2] = {mine, -mine}, ext[2];
  guarded_allreduce("check_layout", lo_hi, ext, 2, MPI_INT64_T, MPI_MIN, comm);
  if (rank == 0 && -ext[1] - ext[0] > 1)
    FAIL("unbalanced placement: ranks hold between %lld and %lld chunks", (long long)ext[0],
         (long long)-ext[1]);
  free(count);
  free(total);

  int64_t all = 0;
  guarded_allreduce("check_layout", &violations, &all, 1, MPI_INT64_T, MPI_SUM, comm);
  return all;
}

/* extern fn checksum(a: T[]) -> i64
 * Sum over all elements of bits(element) * (2 * global_index + 1), modulo
 * 2^64, as bridge_oracle.legacy_checksum computes it: the same for any rank
 * count and placement, and sensitive to every bit and every position. */
int64_t checksum(const bridge_array *a, MPI_Comm comm) {
  uint64_t local = 0, global = 0;
  for (int64_t k = 0; k < a->nchunks; ++k) {
    const bridge_chunk *c = &a->chunks[k];
    int64_t m = bridge_chunk_size(c);
    for (int64_t e = 0; e < m; ++e)
      local += element_bits(a, c, e) * (2u * (uint64_t)global_index(a, c, e) + 1u);
  }
  guarded_allreduce("checksum", &local, &global, 1, MPI_UINT64_T, MPI_SUM, comm);
  return (int64_t)global;
}

/* extern fn ranks_entered(a: T[]) -> i64
 * The number of ranks that entered the call (every rank must), and to stderr
 * "ranks_entered: rank R of P: N chunks". */
int64_t ranks_entered(const bridge_array *a, MPI_Comm comm) {
  int64_t one = 1, all = 0;
  fprintf(stderr, "ranks_entered: rank %d of %d: %lld chunks\n", rank_of(comm), size_of(comm),
          (long long)a->nchunks);
  fflush(stderr);
  guarded_allreduce("ranks_entered", &one, &all, 1, MPI_INT64_T, MPI_SUM, comm);
  return all;
}

/* extern fn total_elements(a: T[]) -> i64: elements held over all ranks. */
int64_t total_elements(const bridge_array *a, MPI_Comm comm) {
  int64_t local = 0, all = 0;
  for (int64_t k = 0; k < a->nchunks; ++k)
    local += bridge_chunk_size(&a->chunks[k]);
  guarded_allreduce("total_elements", &local, &all, 1, MPI_INT64_T, MPI_SUM, comm);
  return all;
}

/* extern fn rank_marker(x: f64) -> f64
 * Returns x + 1000 * rank: `let r = call` must bind rank 0's value, x. */
double rank_marker(double x, MPI_Comm comm) {
  int64_t one = 1, all = 0;
  guarded_allreduce("rank_marker", &one, &all, 1, MPI_INT64_T, MPI_SUM, comm);
  return x + 1000.0 * rank_of(comm) + (all == size_of(comm) ? 0.0 : 0.5);
}

/* extern fn mix_scalars(a: f64[], x: f64, n: i64, k: i32, b: bool) -> f64
 * Scalars arrive by value, in order: returns x + 10 n + 100 k + 1000 b, plus
 * the global element count times 1e6. */
double mix_scalars(const bridge_array *a, double x, int64_t n, int32_t k, int32_t b,
                   MPI_Comm comm) {
  int64_t local = 0, all = 0;
  for (int64_t c = 0; c < a->nchunks; ++c)
    local += bridge_chunk_size(&a->chunks[c]);
  guarded_allreduce("mix_scalars", &local, &all, 1, MPI_INT64_T, MPI_SUM, comm);
  return x + 10.0 * (double)n + 100.0 * (double)k + 1000.0 * (double)b + 1e6 * (double)all;
}

/* extern fn count_chunks_i32(a: T[]) -> i32: chunks held over all ranks. */
int32_t count_chunks_i32(const bridge_array *a, MPI_Comm comm) {
  int64_t local = a->nchunks, all = 0;
  guarded_allreduce("count_chunks_i32", &local, &all, 1, MPI_INT64_T, MPI_SUM, comm);
  return (int32_t)all;
}

/* extern fn count_less(a: f64[], b: f64[]) -> i64
 * Two arrays of the same shape and chunks arrive with the same chunks on each
 * rank: returns the number of i with a[i] < b[i], or -1 if this rank's two
 * chunk tables do not line up. */
int64_t count_less(const bridge_array *a, const bridge_array *b, MPI_Comm comm) {
  int64_t local = 0, all = 0, bad = 0, allbad = 0;
  if (a->nchunks != b->nchunks) bad = 1;
  for (int64_t c = 0; !bad && c < a->nchunks; ++c) {
    const bridge_chunk *ca = &a->chunks[c], *cb = &b->chunks[c];
    if (ca->index != cb->index || ca->shape[0] != cb->shape[0]) { bad = 1; break; }
    const double *x = ca->data, *y = cb->data;
    for (int64_t e = 0; e < ca->shape[0]; ++e)
      local += x[e] < y[e];
  }
  guarded_allreduce("count_less", &local, &all, 1, MPI_INT64_T, MPI_SUM, comm);
  guarded_allreduce("count_less", &bad, &allbad, 1, MPI_INT64_T, MPI_SUM, comm);
  return allbad ? -1 : all;
}

/* extern fn touch(a: T[])  (no result): returns nothing, prints to stderr. */
void touch(const bridge_array *a, MPI_Comm comm) {
  int64_t one = 1, all = 0;
  guarded_allreduce("touch", &one, &all, 1, MPI_INT64_T, MPI_SUM, comm);
  fprintf(stderr, "touch: rank %d of %d: %lld chunks, %lld ranks entered\n", rank_of(comm),
          size_of(comm), (long long)a->nchunks, (long long)all);
}

/* One name per element type, as a .bdsl file declares each extern fn once
 * (and more names, for tests that are not about calling one function twice). */
#define BRIDGE_PER_DTYPE(T)                                                            \
  int64_t check_layout_##T(const bridge_array *a, int64_t chunk, MPI_Comm comm) {      \
    return check_layout(a, chunk, comm);                                               \
  }                                                                                    \
  int64_t checksum_##T(const bridge_array *a, MPI_Comm comm) { return checksum(a, comm); } \
  int64_t checksum2_##T(const bridge_array *a, MPI_Comm comm) { return checksum(a, comm); } \
  int64_t checksum3_##T(const bridge_array *a, MPI_Comm comm) { return checksum(a, comm); } \
  int64_t dtype_##T(const bridge_array *a, MPI_Comm comm) {                            \
    (void)comm;                                                                        \
    return a->dtype;                                                                   \
  }
BRIDGE_PER_DTYPE(f64)
BRIDGE_PER_DTYPE(f32)
BRIDGE_PER_DTYPE(i64)
BRIDGE_PER_DTYPE(i32)
BRIDGE_PER_DTYPE(bool)

/* extern fn fail_on_rank(a: f64[], r: i64) -> i32
 * Returns status 7 on rank r and 0 elsewhere, without any collective: the
 * program must end every rank with a non-zero status and a message naming
 * the function and the rank, and no rank may hang. */
int32_t fail_on_rank(const bridge_array *a, int64_t r, MPI_Comm comm) {
  (void)a;
  return rank_of(comm) == r ? 7 : 0;
}

/* extern fn status_from_rank(a: f64[], r: i64) -> i32
 * Returns status 10 + rank on the ranks from r on and 0 below, without any
 * collective: `let s = call` must bind 10 + r, the lowest failed rank's. */
int32_t status_from_rank(const bridge_array *a, int64_t r, MPI_Comm comm) {
  (void)a;
  int rank = rank_of(comm);
  return rank >= r ? 10 + rank : 0;
}

/* extern fn fail_on_last_rank(a: f64[]) -> i32
 * Returns status 5 on the last rank and 0 elsewhere, without any collective. */
int32_t fail_on_last_rank(const bridge_array *a, MPI_Comm comm) {
  (void)a;
  return rank_of(comm) == size_of(comm) - 1 ? 5 : 0;
}
