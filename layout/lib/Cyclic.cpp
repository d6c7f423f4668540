//===- Cyclic.cpp - ScaLAPACK's 2-D block-cyclic layout
//--------------------===//
#include "bridge/layout/Cyclic.h"

#include "bridge/layout/ChunkCount.h"
#include "bridge/layout/Placement.h"

using namespace bridge::layout;

int64_t bridge::layout::numroc(int64_t n, int64_t nb, int64_t iproc,
                               int64_t nprocs) {
  int64_t blocks = n / nb;
  int64_t count = blocks / nprocs * nb;
  int64_t extra = blocks % nprocs;
  if (iproc < extra)
    count += nb;
  else if (iproc == extra)
    count += n % nb;
  return count;
}

void bridge::layout::defaultProcessGrid(int32_t nranks, int32_t *p,
                                        int32_t *q) {
  int32_t best = 1;
  for (int32_t d = 1; int64_t(d) * d <= nranks; ++d)
    if (nranks % d == 0)
      best = d;
  *p = best;
  *q = nranks / best;
}

MatrixTiles MatrixTiles::ofCyclic(const CyclicLayout &layout) {
  MatrixTiles t;
  t.cyclic = true;
  t.layout = layout;
  int64_t extent[2] = {layout.rows, layout.cols},
          tile[2] = {layout.mb, layout.nb};
  for (int d = 0; d < 2; ++d) {
    t.extent[d] = extent[d];
    t.tile[d] = tile[d];
    t.count[d] = chunkCount(extent[d], tile[d]);
  }
  return t;
}

MatrixTiles MatrixTiles::ofChunks(const int64_t extent[2],
                                  const int64_t chunk[2], int32_t nranks) {
  MatrixTiles t;
  t.nranks = nranks;
  for (int d = 0; d < 2; ++d) {
    t.extent[d] = extent[d];
    t.tile[d] = chunk[d];
    t.count[d] = chunkCount(extent[d], chunk[d]);
  }
  return t;
}

int32_t MatrixTiles::owner(int64_t ti, int64_t tj) const {
  if (cyclic)
    return layout.owner(ti * tile[0], tj * tile[1]);
  return chunkOwner(Placement::Contiguous, ti * count[1] + tj,
                    count[0] * count[1], nranks);
}
