//===- Placement.cpp - Which rank owns which chunk ------------------------===//
#include "bridge/layout/Placement.h"

#include "bridge/layout/Balanced.h"

using namespace bridge::layout;

void bridge::layout::ownedRange(Placement placement, int64_t nchunks,
                                int32_t rank, int32_t nranks, int64_t *lo,
                                int64_t *hi) {
  if (placement == Placement::Block) {
    *lo = rank;
    *hi = int64_t(rank) + 1;
    return;
  }
  *lo = balancedBound(nchunks, rank, nranks);
  *hi = balancedBound(nchunks, int64_t(rank) + 1, nranks);
}

int32_t bridge::layout::chunkOwner(Placement placement, int64_t chunk,
                                   int64_t nchunks, int32_t nranks) {
  if (placement == Placement::Block)
    return int32_t(chunk);
  return int32_t(balancedPart(chunk, nchunks, nranks));
}
