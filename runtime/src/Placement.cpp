//===- Placement.cpp - Which rank owns which chunk ------------------------===//
//
// The rules are bridge/layout/Placement.h's; this file checks the arguments
// that generated code and legacy code pass.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include "bridge/layout/Placement.h"

namespace {

void checkPlacement(int32_t placement, int64_t nchunks, int32_t nranks,
                    const char *what) {
  if (placement == BRIDGE_RT_BLOCK) {
    if (nchunks != nranks)
      bridge::rt::failf("%s: a block layout has one chunk per rank, not %lld "
                        "chunks for %d ranks",
                        what, (long long)nchunks, int(nranks));
    return;
  }
  if (placement != BRIDGE_RT_CONTIGUOUS)
    bridge::rt::failf("%s: unknown placement %d", what, int(placement));
}

} // namespace

namespace bridge::rt {

void ownedRange(int32_t placement, int64_t nchunks, int32_t rank,
                int32_t nranks, int64_t *lo, int64_t *hi) {
  if (nchunks < 0)
    failf("bridge_rt_owned_range: negative chunk count %lld",
          (long long)nchunks);
  if (nranks < 1 || rank < 0 || rank >= nranks)
    failf("bridge_rt_owned_range: rank %d out of range for %d ranks", int(rank),
          int(nranks));
  checkPlacement(placement, nchunks, nranks, "bridge_rt_owned_range");
  layout::ownedRange(layout::Placement(placement), nchunks, rank, nranks, lo,
                     hi);
}

} // namespace bridge::rt

extern "C" void bridge_rt_owned_range(int32_t placement, int64_t nchunks,
                                      int64_t *lo, int64_t *hi) {
  bridge::rt::ownedRange(placement, nchunks, bridge_rt_rank(), bridge_rt_size(),
                         lo, hi);
}

extern "C" int32_t bridge_rt_owner(int32_t placement, int64_t nchunks,
                                   int64_t chunk, int32_t nranks) {
  if (nranks < 1)
    bridge::rt::failf("bridge_rt_owner: invalid rank count %d", int(nranks));
  if (chunk < 0 || chunk >= nchunks)
    bridge::rt::failf("bridge_rt_owner: chunk %lld outside a grid of %lld",
                      (long long)chunk, (long long)nchunks);
  checkPlacement(placement, nchunks, nranks, "bridge_rt_owner");
  return bridge::layout::chunkOwner(bridge::layout::Placement(placement), chunk,
                                    nchunks, nranks);
}
