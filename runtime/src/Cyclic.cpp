//===- Cyclic.cpp - Arrays in ScaLAPACK's 2-D block-cyclic layout ---------===//
//
// A BRIDGE_RT_CYCLIC array stores, on each rank of its process grid, one
// column-major local matrix (bridge/layout/Cyclic.h): the view's only chunk,
// with the layout fields of bridge_array that descinit_ needs. Its `grid` is
// the regular tiling by blocks, for the sizes the rest of the runtime reads.
//
// Moving an array into or out of the layout (cyclicMove) sees both sides as
// regular tilings of the matrix (chunks, or MB x NB blocks), each tile on one
// rank, and walks their pieces in the order of layout::forEachPiece: a sender
// packs the pieces of its own source tiles, a receiver unpacks those of its
// own destination tiles. The plan model counts the same pieces.
//
// An array moved out of the layout (a legacy result, back into its chunks)
// keeps a copy of the local matrices, its cyclicShadow: handed to a call in
// the same layout again, it moves nothing. The copy costs one more local
// matrix per rank while the array lives; the plan model counts it.
//
//===----------------------------------------------------------------------===//
#include "DistInternal.h"

#include "bridge/layout/Cyclic.h"

#include <limits.h>

using bridge::rt::failf;
namespace layout = bridge::layout;

namespace {

/// One side of a move: its tiles (bridge/layout/Cyclic.h) and where this
/// rank stores each element of its own.
struct Side {
  const bridge_rt_dist *a;
  layout::MatrixTiles tiles;

  explicit Side(const bridge_rt_dist *a) : a(a) {
    if (a->placement == BRIDGE_RT_CYCLIC) {
      tiles = layout::MatrixTiles::ofCyclic(layoutOf(a->view));
      return;
    }
    int64_t chunk[2] = {a->grid.axes[0].chunk, a->grid.axes[1].chunk};
    tiles =
        layout::MatrixTiles::ofChunks(a->view.shape, chunk, bridge_rt_size());
  }
  static layout::CyclicLayout layoutOf(const bridge_array &v) {
    return layout::CyclicLayout{v.shape[0], v.shape[1], v.block[0],
                                v.block[1], v.grid[0],  v.grid[1]};
  }
  /// The address of global element (i, j), stored on this rank.
  char *element(int64_t i, int64_t j) const {
    int64_t esize = bridge::rt::elemSize(a);
    if (tiles.cyclic) {
      char *base = static_cast<char *>(a->view.chunks[0].data);
      return base + (tiles.layout.localRow(i) +
                     tiles.layout.localCol(j) * a->view.lld) *
                        esize;
    }
    int64_t at[layout::kMaxDims] = {i / tiles.tile[0], j / tiles.tile[1], 0, 0};
    bridge_chunk c = bridge::rt::storedChunk(a, a->grid.index(at));
    return static_cast<char *>(c.data) +
           ((i - c.start[0]) * c.shape[1] + (j - c.start[1])) * esize;
  }
};

/// Whether two block-cyclic arrays lay their elements out alike.
bool sameCyclicLayout(const bridge_array &a, const bridge_array &b) {
  return a.dtype == b.dtype && a.shape[0] == b.shape[0] &&
         a.shape[1] == b.shape[1] && a.block[0] == b.block[0] &&
         a.block[1] == b.block[1] && a.grid[0] == b.grid[0] &&
         a.grid[1] == b.grid[1];
}

/// Copies the local matrix of `src` into `dst`, laid out alike.
void copyLocal(bridge_rt_dist *dst, const bridge_rt_dist *src) {
  if (dst->view.nchunks)
    memcpy(dst->view.chunks[0].data, src->view.chunks[0].data,
           size_t(dst->view.local[0] * dst->view.local[1] *
                  bridge::rt::elemSize(dst)));
}

int toInt(int64_t bytes, const char *fn) {
  if (bytes > INT_MAX)
    failf("%s: %lld bytes to one rank exceed MPI's count", fn,
          (long long)bytes);
  return int(bytes);
}

} // namespace

namespace bridge::rt {

/// Copies `src` into `dst` (same dtype and 2-D shape, at least one of them
/// block-cyclic). Collective.
void cyclicMove(bridge_rt_dist *dst, const bridge_rt_dist *src,
                const char *fn) {
  if (dst->view.ndim != 2 || src->view.ndim != 2 ||
      dst->view.shape[0] != src->view.shape[0] ||
      dst->view.shape[1] != src->view.shape[1])
    failf("%s: a block-cyclic move needs two matrices of one shape", fn);
  const bridge_rt_dist *sides[2] = {dst, src};
  for (const bridge_rt_dist *a : sides)
    if (a->haloAxis >= 0 || (a->placement != BRIDGE_RT_CYCLIC &&
                             a->placement != BRIDGE_RT_CONTIGUOUS))
      failf("%s: a block-cyclic move to or from an array of placement %d", fn,
            int(a->placement));
  // Back into the layout it came from: the shadow copy has every element
  // where it belongs, so nothing crosses ranks.
  if (dst->placement == BRIDGE_RT_CYCLIC && src->cyclicShadow &&
      sameCyclicLayout(dst->view, src->cyclicShadow->view)) {
    copyLocal(dst, src->cyclicShadow);
    return;
  }
  Side from(src), to(dst);
  int me = bridge_rt_rank(), n = bridge_rt_size();
  int64_t esize = elemSize(dst);
  Vec<int> sendCounts, recvCounts, sendAt, recvAt;
  sendCounts.resize(n);
  recvCounts.resize(n);
  sendAt.resize(n);
  recvAt.resize(n);
  Vec<int64_t> sendBytes, recvBytes;
  sendBytes.resize(n);
  recvBytes.resize(n);
  for (int r = 0; r < n; ++r)
    sendBytes[r] = recvBytes[r] = 0;
  layout::forEachPiece(from.tiles, to.tiles,
                       [&](int32_t s, int32_t d, int64_t r0, int64_t r1,
                           int64_t c0, int64_t c1) {
                         int64_t bytes = (r1 - r0) * (c1 - c0) * esize;
                         if (s == me && d != me)
                           sendBytes[d] += bytes;
                         if (d == me && s != me)
                           recvBytes[s] += bytes;
                       });
  int64_t sendTotal = 0, recvTotal = 0;
  for (int r = 0; r < n; ++r) {
    sendCounts[r] = toInt(sendBytes[r], fn);
    recvCounts[r] = toInt(recvBytes[r], fn);
    sendAt[r] = toInt(sendTotal, fn);
    recvAt[r] = toInt(recvTotal, fn);
    sendTotal += sendBytes[r];
    recvTotal += recvBytes[r];
  }
  Buffer sendBuf(sendTotal), recvBuf(recvTotal);
  Vec<int64_t> cursor;
  cursor.resize(n);
  for (int r = 0; r < n; ++r)
    cursor[r] = sendAt[r];
  // Pack what leaves, copy what stays.
  layout::forEachPiece(from.tiles, to.tiles,
                       [&](int32_t s, int32_t d, int64_t r0, int64_t r1,
                           int64_t c0, int64_t c1) {
                         if (s != me)
                           return;
                         for (int64_t i = r0; i < r1; ++i)
                           for (int64_t j = c0; j < c1; ++j) {
                             char *out = d == me ? to.element(i, j)
                                                 : sendBuf.bytes() + cursor[d];
                             memcpy(out, from.element(i, j), size_t(esize));
                             if (d != me)
                               cursor[d] += esize;
                           }
                       });
  checkMPI(MPI_Alltoallv(sendBuf.bytes(), sendCounts.data(), sendAt.data(),
                         MPI_BYTE, recvBuf.bytes(), recvCounts.data(),
                         recvAt.data(), MPI_BYTE, comm()),
           fn);
  noteBytesSent(sendTotal);
  for (int r = 0; r < n; ++r)
    cursor[r] = recvAt[r];
  layout::forEachPiece(from.tiles, to.tiles,
                       [&](int32_t s, int32_t d, int64_t r0, int64_t r1,
                           int64_t c0, int64_t c1) {
                         if (d != me || s == me)
                           return;
                         for (int64_t i = r0; i < r1; ++i)
                           for (int64_t j = c0; j < c1; ++j) {
                             memcpy(to.element(i, j),
                                    recvBuf.bytes() + cursor[s], size_t(esize));
                             cursor[s] += esize;
                           }
                       });
  if (src->placement == BRIDGE_RT_CYCLIC &&
      dst->placement != BRIDGE_RT_CYCLIC) {
    bridge_rt_dist_destroy(dst->cyclicShadow);
    const bridge_array &v = src->view;
    dst->cyclicShadow = bridge_rt_dist_create_cyclic(
        v.dtype, v.ndim, v.shape, v.block, v.grid[0], v.grid[1]);
    copyLocal(dst->cyclicShadow, src);
  }
}

} // namespace bridge::rt

extern "C" bridge_rt_dist *
bridge_rt_dist_create_cyclic(int32_t dtype, int32_t ndim, const int64_t *shape,
                             const int64_t *blocks, int32_t gridRows,
                             int32_t gridCols) {
  const char *fn = "bridge_rt_dist_create_cyclic";
  if (ndim != 2)
    failf("%s: the block-cyclic layout is for matrices, not %d dimensions", fn,
          int(ndim));
  if (blocks[0] < 1 || blocks[1] < 1)
    failf("%s: block sizes %lld x %lld (expected >= 1)", fn,
          (long long)blocks[0], (long long)blocks[1]);
  int32_t nranks = bridge_rt_size(), rank = bridge_rt_rank();
  if (gridRows == 0 && gridCols == 0)
    layout::defaultProcessGrid(nranks, &gridRows, &gridCols);
  if (gridRows < 1 || gridCols < 1 ||
      int64_t(gridRows) * gridCols > int64_t(nranks))
    failf("the process grid %d x %d needs %lld ranks, but the program runs "
          "on %d",
          int(gridRows), int(gridCols), (long long)gridRows * gridCols,
          int(nranks));
  layout::Grid blockGrid;
  if (!layout::makeRegularGrid(ndim, shape, blocks, &blockGrid))
    failf("%s: more than INT64_MAX blocks", fn);
  // The tiling by blocks gives the array its sizes; the storage is the
  // local matrix alone.
  auto *a = static_cast<bridge_rt_dist *>(calloc(1, sizeof(bridge_rt_dist)));
  if (!a)
    failf("out of memory allocating %zu bytes", sizeof(bridge_rt_dist));
  a->placement = BRIDGE_RT_CYCLIC;
  a->grid = blockGrid;
  a->haloAxis = -1;
  bridge_array &v = a->view;
  v.dtype = dtype;
  v.ndim = ndim;
  for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
    v.shape[d] = blockGrid.axes[d].extent;
  v.layout = BRIDGE_LAYOUT_CYCLIC;
  v.grid[0] = gridRows;
  v.grid[1] = gridCols;
  v.block[0] = blocks[0];
  v.block[1] = blocks[1];
  bool onGrid = rank < gridRows * gridCols;
  v.coords[0] = onGrid ? rank / gridCols : -1;
  v.coords[1] = onGrid ? rank % gridCols : -1;
  layout::CyclicLayout cyc = Side::layoutOf(v);
  v.local[0] = onGrid ? cyc.localRows(v.coords[0]) : 0;
  v.local[1] = onGrid ? cyc.localCols(v.coords[1]) : 0;
  v.lld = v.local[0] > 1 ? v.local[0] : 1;
  int64_t elems = v.local[0] * v.local[1];
  if (elems > 0) {
    a->table =
        static_cast<bridge_chunk *>(bridge_rt_alloc(sizeof(bridge_chunk)));
    a->storage = bridge_rt_alloc(elems * bridge_dtype_size(dtype));
    bridge_chunk &c = a->table[0];
    c.data = a->storage;
    c.index = rank;
    for (int d = 0; d < BRIDGE_MAX_DIMS; ++d) {
      c.start[d] = 0;
      c.shape[d] = 1;
    }
    c.start[0] = int64_t(v.coords[0]) * blocks[0];
    c.start[1] = int64_t(v.coords[1]) * blocks[1];
    c.shape[0] = v.local[0];
    c.shape[1] = v.local[1];
    v.nchunks = 1;
    v.chunks = a->table;
  }
  return a;
}
