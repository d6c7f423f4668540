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

int64_t Tiling::begin(int64_t k) const {
  // k * chunk < extent for every chunk k of a regular tiling: no overflow.
  return chunk ? k * chunk : balancedBound(extent, k, count);
}

int64_t Tiling::end(int64_t k) const {
  if (!chunk)
    return balancedBound(extent, k + 1, count);
  int64_t first = k * chunk, left = extent - first;
  return first + (left < chunk ? left : chunk);
}

int64_t Tiling::find(int64_t x) const {
  return chunk ? x / chunk : balancedPart(x, extent, count);
}
