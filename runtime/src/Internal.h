//===- Internal.h - State and helpers shared by the runtime sources -------===//
//
// Not installed: generated code sees only bridge/runtime.h.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_RUNTIME_INTERNAL_H
#define BRIDGE_RUNTIME_INTERNAL_H

#include "bridge/runtime.h"

#include <mpi.h>

#include <stdint.h>

namespace bridge::rt {

/// The runtime's own communicator (errors return), valid between
/// bridge_rt_init and bridge_rt_finalize.
MPI_Comm comm();
/// The communicator handed to legacy functions.
MPI_Comm legacyComm();
/// The legacy function currently running, or null.
const char *currentLegacy();
void setCurrentLegacy(const char *name);

/// Fails the job with a printf-style message.
[[noreturn]] void failf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/// Fails the job naming `what` when an MPI call returned an error.
void checkMPI(int rc, const char *what);

/// Collective error agreement: when `ok` is false on any rank, the lowest
/// such rank fails the job with its `message` while the others wait to be
/// ended, so that exactly one line names the cause and no rank hangs.
/// `cleanup` (if not null) runs on rank 0 first, before any rank ends.
void agreeOrFail(bool ok, const char *message, void (*cleanup)(void *) = nullptr,
                 void *cleanupArg = nullptr);

/// Acts on a generated program's own command-line options (--help,
/// --explain-placement), which may end the program before its pipeline runs.
/// Programs without an embedded plan (bridge_rt_set_plan) take no options.
void handleProgramOptions(int argc, char **argv);

/// Counts bytes this rank sends to others while moving data, for --stats.
void noteBytesSent(int64_t bytes);
/// With --stats, prints this rank's count on standard error; collective.
void reportStats();

/// Chunks [*lo, *hi) that `rank` of `nranks` owns; validates its arguments.
void ownedRange(int32_t placement, int64_t nchunks, int32_t rank,
                int32_t nranks, int64_t *lo, int64_t *hi);

} // namespace bridge::rt

#endif // BRIDGE_RUNTIME_INTERNAL_H
