//===- Matmul.cpp - Matrix products, chunk by chunk -----------------------===//
//
// The local step of every matrix product: each owned chunk multiplies its
// matrices. Every result element sums its products over the contracted
// index p in increasing order, starting from the first product. The loops
// run i-p-j (and p-i-j for a transposed left operand), so the innermost
// loop runs along contiguous rows of B and of the result and vectorises
// across independent result elements; four consecutive p are folded per
// pass over a result row, in the same order, to halve its loads and stores.
//
//===----------------------------------------------------------------------===//

#include "DistInternal.h"

#include <algorithm>

using bridge::rt::failf;

namespace {

/// A row-major matrix in a chunk: its last two axes.
struct Matrix {
  int64_t rows = 0, cols = 0;
};

Matrix matrixOf(const bridge_chunk &chunk, int32_t ndim) {
  for (int32_t d = 0; d < ndim - 2; ++d)
    if (chunk.shape[d] != 1)
      failf("bridge_rt_matmul_local: chunk %lld is not one matrix",
            (long long)chunk.index);
  return {chunk.shape[ndim - 2], chunk.shape[ndim - 1]};
}

/// row[j] = row[j] + a[0] * b[0][j] + ... + a[n-1] * b[n-1][j], left to
/// right, for n in 1..4 terms.
template <typename T, int N>
inline void foldRows(T *__restrict row, const T *a,
                     const T *const *__restrict b, int64_t cols) {
  const T *__restrict b0 = b[0];
  const T *__restrict b1 = b[N > 1 ? 1 : 0];
  const T *__restrict b2 = b[N > 2 ? 2 : 0];
  const T *__restrict b3 = b[N > 3 ? 3 : 0];
  for (int64_t j = 0; j < cols; ++j) {
    T acc = row[j] + a[0] * b0[j];
    if (N > 1)
      acc = acc + a[1] * b1[j];
    if (N > 2)
      acc = acc + a[2] * b2[j];
    if (N > 3)
      acc = acc + a[3] * b3[j];
    row[j] = acc;
  }
}

/// `row` holds the first product: x * b[j].
template <typename T>
inline void firstRow(T *__restrict row, T x, const T *__restrict b,
                     int64_t cols) {
  for (int64_t j = 0; j < cols; ++j)
    row[j] = x * b[j];
}

/// The terms p0..p0+n-1 of result row `i`, n in 1..4: a(p) is A's element
/// (i, p), b(p) B's row p.
template <typename T, typename AAt, typename BRow>
inline void foldTerms(T *row, int64_t p0, int64_t n, AAt aAt, BRow bRow,
                      int64_t cols) {
  T a[4];
  const T *b[4];
  for (int64_t t = 0; t < n; ++t) {
    a[t] = aAt(p0 + t);
    b[t] = bRow(p0 + t);
  }
  switch (n) {
  case 1:
    return foldRows<T, 1>(row, a, b, cols);
  case 2:
    return foldRows<T, 2>(row, a, b, cols);
  case 3:
    return foldRows<T, 3>(row, a, b, cols);
  default:
    return foldRows<T, 4>(row, a, b, cols);
  }
}

/// C (rows x cols) = A (rows x inner) @ B (inner x cols), loops i-p-j.
template <typename T>
void multiply(T *c, const T *a, const T *b, int64_t rows, int64_t inner,
              int64_t cols) {
  for (int64_t i = 0; i < rows; ++i) {
    T *row = c + i * cols;
    const T *aRow = a + i * inner;
    auto aAt = [&](int64_t p) { return aRow[p]; };
    auto bRow = [&](int64_t p) { return b + p * cols; };
    firstRow(row, aRow[0], b, cols);
    for (int64_t p = 1; p < inner; p += 4)
      foldTerms(row, p, std::min<int64_t>(4, inner - p), aAt, bRow, cols);
  }
}

/// C (rows x cols) = transpose(A) @ B with A (inner x rows) and B (inner x
/// cols), loops p-i-j: each pass reads four rows of A and B once.
template <typename T>
void multiplyTransposed(T *c, const T *a, const T *b, int64_t rows,
                        int64_t inner, int64_t cols) {
  for (int64_t i = 0; i < rows; ++i)
    firstRow(c + i * cols, a[i], b, cols);
  auto bRow = [&](int64_t p) { return b + p * cols; };
  for (int64_t p = 1; p < inner; p += 4) {
    int64_t n = std::min<int64_t>(4, inner - p);
    for (int64_t i = 0; i < rows; ++i) {
      auto aAt = [&](int64_t q) { return a[q * rows + i]; };
      foldTerms(c + i * cols, p, n, aAt, bRow, cols);
    }
  }
}

template <typename T>
void multiplyAs(void *c, const void *a, const void *b, bool transposeLhs,
                int64_t rows, int64_t inner, int64_t cols) {
  if (transposeLhs)
    multiplyTransposed(static_cast<T *>(c), static_cast<const T *>(a),
                       static_cast<const T *>(b), rows, inner, cols);
  else
    multiply(static_cast<T *>(c), static_cast<const T *>(a),
             static_cast<const T *>(b), rows, inner, cols);
}

/// One chunk's product in `dtype` (f64 or f32).
void multiplyChunk(int32_t dtype, void *c, const void *a, const void *b,
                   bool transposeLhs, int64_t rows, int64_t inner,
                   int64_t cols) {
  if (dtype == BRIDGE_F64)
    multiplyAs<double>(c, a, b, transposeLhs, rows, inner, cols);
  else
    multiplyAs<float>(c, a, b, transposeLhs, rows, inner, cols);
}

} // namespace

extern "C" void bridge_rt_matmul_local(bridge_rt_dist *dst,
                                       const bridge_rt_dist *lhs,
                                       const bridge_rt_dist *rhs,
                                       int32_t transpose_lhs) {
  const char *fn = "bridge_rt_matmul_local";
  // The plan lists the product as a stage over the chunks.
  bridge::rt::SpanScope span("matmul", "stage");
  int32_t dtype = dst->view.dtype;
  if (lhs->view.dtype != dtype || rhs->view.dtype != dtype ||
      (dtype != BRIDGE_F64 && dtype != BRIDGE_F32))
    failf("%s: the arrays share one dtype, f64 or f32", fn);
  if (lhs->view.ndim != 2 || lhs->grid.nchunks != dst->grid.nchunks ||
      rhs->grid.nchunks != dst->grid.nchunks || lhs->lo != dst->lo ||
      lhs->hi != dst->hi || rhs->lo != dst->lo || rhs->hi != dst->hi)
    failf("%s: the arrays do not share one chunk count", fn);
  for (int64_t c = dst->lo; c < dst->hi; ++c) {
    bridge_chunk out = bridge::rt::storedChunk(dst, c);
    bridge_chunk left = bridge::rt::storedChunk(lhs, c);
    bridge_chunk right = bridge::rt::storedChunk(rhs, c);
    if (!out.data || !left.data || !right.data)
      failf("%s: chunk %lld is missing", fn, (long long)c);
    Matrix a = matrixOf(left, lhs->view.ndim);
    Matrix b = matrixOf(right, rhs->view.ndim);
    Matrix r = matrixOf(out, dst->view.ndim);
    int64_t rows = transpose_lhs ? a.cols : a.rows;
    int64_t inner = transpose_lhs ? a.rows : a.cols;
    if (inner != b.rows || r.rows != rows || r.cols != b.cols || inner == 0)
      failf("%s: chunk %lld: %lld x %lld @ %lld x %lld into %lld x %lld", fn,
            (long long)c, (long long)rows, (long long)inner,
            (long long)b.rows, (long long)b.cols, (long long)r.rows,
            (long long)r.cols);
    multiplyChunk(dtype, out.data, left.data, right.data, transpose_lhs, rows,
                  inner, b.cols);
  }
}

extern "C" void bridge_rt_matmul_chunk(bridge_rt_dist *dst, int64_t chunk,
                                       const void *lhs, const void *rhs,
                                       int64_t rows) {
  const char *fn = "bridge_rt_matmul_chunk";
  int32_t dtype = dst->view.dtype;
  if (dtype != BRIDGE_F64 && dtype != BRIDGE_F32)
    failf("%s: products are f64 or f32", fn);
  bridge_chunk out = bridge::rt::storedChunk(dst, chunk);
  if (!out.data || dst->view.ndim != 3 || out.shape[0] != 1)
    failf("%s: chunk %lld of the partials is not one matrix on this rank", fn,
          (long long)chunk);
  if (rows < 1)
    failf("%s: a chunk of %lld rows", fn, (long long)rows);
  int64_t m = out.shape[1], k = out.shape[2];
  multiplyChunk(dtype, out.data, lhs, rhs, /*transposeLhs=*/true, m, rows, k);
}

extern "C" void bridge_rt_matmul_rows_chunk(bridge_rt_dist *dst, int64_t chunk,
                                            const void *lhs,
                                            const bridge_rt_dist *replica,
                                            int64_t rows) {
  const char *fn = "bridge_rt_matmul_rows_chunk";
  int32_t dtype = dst->view.dtype;
  if ((dtype != BRIDGE_F64 && dtype != BRIDGE_F32) ||
      replica->view.dtype != dtype)
    failf("%s: products are f64 or f32, the operands of one dtype", fn);
  bridge_chunk out = bridge::rt::storedChunk(dst, chunk);
  bridge_chunk right = bridge::rt::storedChunk(replica, chunk);
  if (!out.data || !right.data || dst->view.ndim != 2 ||
      replica->view.ndim != 3 || right.shape[0] != 1 ||
      out.shape[0] != rows || out.shape[1] != right.shape[2])
    failf("%s: chunk %lld of the product or of the replica is not on this "
          "rank, or not %lld rows of its columns",
          fn, (long long)chunk, (long long)rows);
  int64_t inner = right.shape[1], cols = right.shape[2];
  multiplyChunk(dtype, out.data, lhs, right.data, /*transposeLhs=*/false, rows,
                inner, cols);
}
