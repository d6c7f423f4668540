/* Legacy functions for test/EndToEnd/Language/block-layout.bdsl: they check
 * what a `block` parameter delivers (bdsl-core.md sections 2 and 7) and return
 * values a test compares with NumPy (bridge_oracle.legacy_checksum).
 *
 * Under `block`, rank r of P holds exactly one chunk, the slab of axis 0 with
 * rows [floor(N r / P), floor(N (r + 1) / P)) and every other axis whole, with
 * chunk index r -- or no chunk at all when that slab is empty. Diagnostics go
 * to standard error; standard output belongs to the program's `print`. */
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <bridge/legacy.h>

#define FAIL(...)                                                           \
  do {                                                                      \
    fprintf(stderr, "block_check: rank %d of %d: ", rank, nranks);          \
    fprintf(stderr, __VA_ARGS__);                                           \
    fputc('\n', stderr);                                                    \
    ++bad;                                                                  \
  } while (0)

static uint64_t element_bits(int32_t dtype, const void *data, int64_t k) {
  switch (dtype) {
  case BRIDGE_F64: case BRIDGE_I64: { uint64_t v; memcpy(&v, (const char *)data + 8 * k, 8); return v; }
  case BRIDGE_F32: case BRIDGE_I32: { uint32_t v; memcpy(&v, (const char *)data + 4 * k, 4); return v; }
  case BRIDGE_BOOL: return ((const uint8_t *)data)[k];
  default: return 0;
  }
}

/* Checks `a` against the expected dtype, ndim and global shape (n0..n3; the
 * unused ones must be 1). On success returns the array's checksum, reduced
 * over all ranks with MPI_Allreduce: sum over global flat index g of
 * bits(x[g]) * (2g + 1) mod 2^64. On any violation on any rank it returns
 * INT64_MIN + (number of violations), which no test expects. */
static int64_t block_check(const bridge_array *a, int32_t dtype, int64_t ndim, int64_t n0,
                           int64_t n1, int64_t n2, int64_t n3, MPI_Comm comm) {
  int rank = -1, nranks = -1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &nranks);
  int64_t bad = 0;
  int64_t want[BRIDGE_MAX_DIMS] = {n0, n1, n2, n3};
  uint64_t local = 0;
  if (!a) {
    FAIL("null bridge_array");
  } else {
    if (a->dtype != dtype) FAIL("dtype %d, expected %d", (int)a->dtype, (int)dtype);
    if (a->ndim != ndim) FAIL("ndim %d, expected %lld", (int)a->ndim, (long long)ndim);
    for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
      if (a->shape[d] != want[d])
        FAIL("shape[%d] = %lld, expected %lld", d, (long long)a->shape[d], (long long)want[d]);
    int64_t lo = (n0 * rank) / nranks, hi = (n0 * (rank + 1)) / nranks;
    int64_t expect_chunks = hi > lo ? 1 : 0;
    fprintf(stderr, "block_check: rank %d of %d: %lld chunks, rows [%lld, %lld)\n", rank, nranks,
            (long long)a->nchunks, (long long)(a->nchunks == 1 ? a->chunks[0].start[0] : lo),
            (long long)(a->nchunks == 1 ? a->chunks[0].start[0] + a->chunks[0].shape[0] : lo));
    if (a->nchunks != expect_chunks) {
      FAIL("%lld chunks, expected %lld (slab [%lld, %lld))", (long long)a->nchunks,
           (long long)expect_chunks, (long long)lo, (long long)hi);
    } else if (expect_chunks == 1) {
      const bridge_chunk *c = a->chunks;
      if (!c) FAIL("null chunk table");
      else {
        if (c->index != rank) FAIL("chunk index %lld, expected %d", (long long)c->index, rank);
        for (int d = 0; d < BRIDGE_MAX_DIMS; ++d) {
          int64_t s = d == 0 ? lo : 0, e = d == 0 ? hi - lo : want[d];
          if (c->start[d] != s)
            FAIL("start[%d] = %lld, expected %lld", d, (long long)c->start[d], (long long)s);
          if (c->shape[d] != e)
            FAIL("shape[%d] = %lld, expected %lld", d, (long long)c->shape[d], (long long)e);
        }
        if (!c->data) FAIL("null data");
        if (bad == 0) {
          int64_t row = want[1] * want[2] * want[3];
          int64_t m = (hi - lo) * row;
          for (int64_t k = 0; k < m; ++k) {
            uint64_t g = (uint64_t)(lo * row + k);
            local += element_bits(a->dtype, c->data, k) * (2u * g + 1u);
          }
          /* The data stay writable until the call returns. */
          volatile unsigned char *p = (volatile unsigned char *)c->data;
          p[0] = p[0];
        }
      }
    }
  }
  uint64_t global = 0;
  int64_t allbad = 0;
  MPI_Allreduce(&local, &global, 1, MPI_UINT64_T, MPI_SUM, comm);
  MPI_Allreduce(&bad, &allbad, 1, MPI_INT64_T, MPI_SUM, comm);
  return allbad ? INT64_MIN + allbad : (int64_t)global;
}

#define BLOCK_PER_DTYPE(T, D)                                                               \
  int64_t block_check_##T(const bridge_array *a, int64_t ndim, int64_t n0, int64_t n1,      \
                          int64_t n2, int64_t n3, MPI_Comm comm) {                          \
    return block_check(a, D, ndim, n0, n1, n2, n3, comm);                                   \
  }                                                                                         \
  int64_t block_check2_##T(const bridge_array *a, int64_t ndim, int64_t n0, int64_t n1,     \
                           int64_t n2, int64_t n3, MPI_Comm comm) {                         \
    return block_check(a, D, ndim, n0, n1, n2, n3, comm);                                   \
  }
BLOCK_PER_DTYPE(f64, BRIDGE_F64)
BLOCK_PER_DTYPE(f32, BRIDGE_F32)
BLOCK_PER_DTYPE(i64, BRIDGE_I64)
BLOCK_PER_DTYPE(i32, BRIDGE_I32)
BLOCK_PER_DTYPE(bool, BRIDGE_BOOL)

/* extern fn block_and_chunks(b: f64[] block, c: f64[]) -> i64
 * A block parameter next to a chunks parameter of another array: returns the
 * number of elements held over all ranks in b, times 1000, plus the same for c. */
int64_t block_and_chunks(const bridge_array *b, const bridge_array *c, MPI_Comm comm) {
  int64_t local = 0, all = 0;
  for (int64_t k = 0; k < b->nchunks; ++k) local += 1000 * bridge_chunk_size(&b->chunks[k]);
  for (int64_t k = 0; k < c->nchunks; ++k) local += bridge_chunk_size(&c->chunks[k]);
  MPI_Allreduce(&local, &all, 1, MPI_INT64_T, MPI_SUM, comm);
  return all;
}

/* extern fn block_status(x: f64[] block, fail_rank: i64) -> i32
 * Status 5 on rank fail_rank (which may hold an empty slab), 0 elsewhere; no
 * collective, so a failing rank must not leave the others hanging. */
int32_t block_status(const bridge_array *x, int64_t fail_rank, MPI_Comm comm) {
  int rank = -1;
  (void)x;
  MPI_Comm_rank(comm, &rank);
  return rank == fail_rank ? 5 : 0;
}
