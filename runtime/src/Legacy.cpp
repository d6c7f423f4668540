//===- Legacy.cpp - Calls into legacy MPI functions -----------------------===//

#include "Internal.h"

#include <stdio.h>
#include <string.h>

extern "C" void bridge_rt_legacy_comm(void *out) {
  MPI_Comm comm = bridge::rt::legacyComm();
  memcpy(out, &comm, sizeof(MPI_Comm));
}

extern "C" int32_t bridge_rt_legacy_comm_f(void) {
  static_assert(sizeof(MPI_Fint) == sizeof(int32_t),
                "bridge_rt_legacy_comm_f returns MPI_Fint as an int32_t");
  return MPI_Comm_c2f(bridge::rt::legacyComm());
}

extern "C" void bridge_rt_legacy_enter(const char *name) {
  bridge::rt::setCurrentLegacy(name);
  bridge::rt::beginSpan(name ? name : "legacy", "legacy");
}

extern "C" void bridge_rt_legacy_exit(const char *name) {
  (void)name;
  bridge::rt::endSpan();
  bridge::rt::setCurrentLegacy(nullptr);
}

extern "C" void bridge_rt_legacy_check(const char *name, int32_t status) {
  if (status == 0)
    return;
  // Not collective: the other ranks may be waiting inside the legacy code.
  // bridge_rt_finalize holds them in a barrier, so none finalises while this
  // rank ends the job. The line already names the rank.
  bridge::rt::failf("legacy function '%s' reported failure (status %d)",
                    name ? name : "<unknown>", int(status));
}

extern "C" int32_t bridge_rt_legacy_status(int32_t status) {
  int rank = bridge_rt_rank(), nranks = bridge_rt_size();
  // MPI_MINLOC keeps the smallest key and, among equal keys, the smallest
  // second member: keying failed ranks by their rank and the others by
  // nranks picks the lowest failed rank's status, or 0 when none failed.
  struct {
    int key;
    int status;
  } mine = {status != 0 ? rank : nranks, int(status)}, lowest;
  bridge::rt::checkMPI(MPI_Allreduce(&mine, &lowest, 1, MPI_2INT, MPI_MINLOC,
                                     bridge::rt::comm()),
                       "MPI_Allreduce in bridge_rt_legacy_status");
  return lowest.status;
}
