//===- Check.cpp - Run-time checks of the data ----------------------------===//
//
// A check counts the wrong elements with a reduction that every rank
// receives, so every rank takes the same branch here.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <inttypes.h>
#include <stdlib.h>

extern "C" void bridge_rt_require_zero(int64_t count, const char *message) {
  if (count == 0)
    return;
  MPI_Comm c = bridge::rt::comm();
  if (bridge_rt_rank() == 0)
    bridge::rt::failf("%s (%" PRId64 " found)", message, count);
  // Rank 0's MPI_Abort ends this one; the barrier never completes.
  MPI_Barrier(c);
  exit(1);
}
