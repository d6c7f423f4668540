//===- Cyclic.h - ScaLAPACK's 2-D block-cyclic layout -----------*- C++ -*-===//
//
// A matrix of `rows` x `cols` cut into MB x NB blocks dealt round-robin over a
// P x Q process grid: element (i, j) lies on grid row (i / MB) % P and grid
// column (j / NB) % Q, and rank r sits at (r / Q, r % Q) (BLACS "Row" order).
// Each grid position stores its elements as one column-major local matrix
// whose extents are ScaLAPACK's NUMROC. The runtime moves arrays into and out
// of this layout with these rules; the plan model counts the bytes with them.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_LAYOUT_CYCLIC_H
#define BRIDGE_LAYOUT_CYCLIC_H

#include <stdint.h>

namespace bridge::layout {

/// ScaLAPACK's NUMROC with the first block on process 0: how many of `n`
/// indices, cut into blocks of `nb` dealt round-robin over `nprocs`, land on
/// process `iproc`.
int64_t numroc(int64_t n, int64_t nb, int64_t iproc, int64_t nprocs);

/// The most square grid P x Q with P <= Q and P * Q == nranks (>= 1).
void defaultProcessGrid(int32_t nranks, int32_t *p, int32_t *q);

struct CyclicLayout {
  int64_t rows = 0, cols = 0;
  int64_t mb = 1, nb = 1;
  int32_t p = 1, q = 1;

  /// The grid row of global row i, and i's row in that process's matrix.
  int32_t procRow(int64_t i) const { return int32_t((i / mb) % p); }
  int32_t procCol(int64_t j) const { return int32_t((j / nb) % q); }
  int64_t localRow(int64_t i) const { return (i / mb / p) * mb + i % mb; }
  int64_t localCol(int64_t j) const { return (j / nb / q) * nb + j % nb; }
  /// The rank that stores element (i, j).
  int32_t owner(int64_t i, int64_t j) const {
    return procRow(i) * q + procCol(j);
  }
  /// The local extents of grid position (prow, pcol).
  int64_t localRows(int32_t prow) const { return numroc(rows, mb, prow, p); }
  int64_t localCols(int32_t pcol) const { return numroc(cols, nb, pcol, q); }
};

/// A matrix as a regular tiling of which each tile lies on one rank: the
/// blocks of a block-cyclic layout, or the chunks of a contiguous placement
/// (Placement.h) of `nranks` ranks.
struct MatrixTiles {
  int64_t extent[2] = {0, 0};
  int64_t tile[2] = {1, 1};
  int64_t count[2] = {0, 0};
  bool cyclic = false;
  CyclicLayout layout; // when cyclic
  int32_t nranks = 1;  // otherwise

  static MatrixTiles ofCyclic(const CyclicLayout &layout);
  static MatrixTiles ofChunks(const int64_t extent[2], const int64_t chunk[2],
                              int32_t nranks);
  int32_t owner(int64_t ti, int64_t tj) const;
  /// Element range [*lo, *hi) of tile t along dimension d.
  void bounds(int d, int64_t t, int64_t *lo, int64_t *hi) const {
    *lo = t * tile[d];
    *hi = *lo + tile[d] < extent[d] ? *lo + tile[d] : extent[d];
  }
};

/// Visits every piece of a move from `src` to `dst` (one matrix, two
/// tilings): each source tile in row-major order and, inside it, each
/// destination tile it meets in row-major order, as
/// fn(srcOwner, dstOwner, rowLo, rowHi, colLo, colHi). Sender and receiver
/// agree on this order, so no index travels with the data.
template <typename Fn>
void forEachPiece(const MatrixTiles &src, const MatrixTiles &dst, Fn fn) {
  for (int64_t si = 0; si < src.count[0]; ++si) {
    int64_t r0, r1;
    src.bounds(0, si, &r0, &r1);
    for (int64_t sj = 0; sj < src.count[1]; ++sj) {
      int64_t c0, c1;
      src.bounds(1, sj, &c0, &c1);
      int32_t from = src.owner(si, sj);
      for (int64_t di = r0 / dst.tile[0]; di * dst.tile[0] < r1; ++di) {
        int64_t pr0, pr1;
        dst.bounds(0, di, &pr0, &pr1);
        pr0 = pr0 > r0 ? pr0 : r0;
        pr1 = pr1 < r1 ? pr1 : r1;
        for (int64_t dj = c0 / dst.tile[1]; dj * dst.tile[1] < c1; ++dj) {
          int64_t pc0, pc1;
          dst.bounds(1, dj, &pc0, &pc1);
          pc0 = pc0 > c0 ? pc0 : c0;
          pc1 = pc1 < c1 ? pc1 : c1;
          fn(from, dst.owner(di, dj), pr0, pr1, pc0, pc1);
        }
      }
    }
  }
}

} // namespace bridge::layout

#endif // BRIDGE_LAYOUT_CYCLIC_H
