//===- Tiling.cpp - How one dimension is cut into chunks ------------------===//
#include "bridge/layout/Tiling.h"

#include "bridge/layout/Balanced.h"
#include "bridge/layout/ChunkCount.h"

using namespace bridge::layout;

Tiling Tiling::regular(int64_t extent, int64_t chunk) {
  Tiling t;
  t.extent = extent;
  t.chunk = chunk;
  t.count = chunkCount(extent, chunk);
  return t;
}

Tiling Tiling::slabs(int64_t extent, int64_t count) {
  Tiling t;
  t.extent = extent;
  t.count = count;
  return t;
}

int64_t Tiling::slabBound(int64_t k) const {
  return balancedBound(extent, k, count);
}

int64_t Tiling::find(int64_t x) const {
  return chunk ? x / chunk : balancedPart(x, extent, count);
}
