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
