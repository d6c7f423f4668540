//===- Init.cpp - Lifecycle, rank queries and fatal errors ----------------===//

#include "Internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

namespace {

struct State {
  bool initialised = false;
  bool ownsMPI = false; // MPI_Init came from us, so MPI_Finalize is ours too.
  int rank = 0;
  int size = 1;
  MPI_Comm comm = MPI_COMM_NULL;
  MPI_Comm legacy = MPI_COMM_NULL;
  MPI_Errhandler legacyHandler = MPI_ERRHANDLER_NULL;
};

State state;
const char *legacyName = nullptr;

// Rank for messages: usable even before bridge_rt_init or after finalize.
int messageRank() {
  if (state.initialised)
    return state.rank;
  int init = 0, fin = 0;
  MPI_Initialized(&init);
  MPI_Finalized(&fin);
  int rank = 0;
  if (init && !fin)
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

// An MPI error inside a legacy function (which may well ignore return codes)
// fails the job with a message naming the function instead of whatever the
// MPI default handler prints.
void legacyErrhandler(MPI_Comm *, int *code, ...) {
  char text[MPI_MAX_ERROR_STRING] = "unknown MPI error";
  int len = 0;
  MPI_Error_string(*code, text, &len);
  const char *name = legacyName ? legacyName : "<none>";
  bridge::rt::failf("MPI error in legacy function '%s': %s", name, text);
}

} // namespace

namespace bridge::rt {

MPI_Comm comm() {
  if (!state.initialised)
    failf("bridge runtime used before bridge_rt_init or after "
          "bridge_rt_finalize");
  return state.comm;
}

MPI_Comm legacyComm() {
  comm(); // For its check.
  return state.legacy;
}

const char *currentLegacy() { return legacyName; }

void setCurrentLegacy(const char *name) { legacyName = name; }

void failf(const char *fmt, ...) {
  char message[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof(message), fmt, ap);
  va_end(ap);
  bridge_rt_fail(message);
}

void checkMPI(int rc, const char *what) {
  if (rc == MPI_SUCCESS)
    return;
  char text[MPI_MAX_ERROR_STRING] = "unknown MPI error";
  int len = 0;
  MPI_Error_string(rc, text, &len);
  failf("%s failed: %s", what, text);
}

void agreeOrFail(bool ok, const char *message, void (*cleanup)(void *),
                 void *cleanupArg) {
  MPI_Comm c = comm();
  int mine = ok ? state.size : state.rank, first = state.size;
  checkMPI(MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, c),
           "MPI_Allreduce");
  if (first == state.size)
    return;
  if (cleanup) {
    if (state.rank == 0)
      cleanup(cleanupArg);
    checkMPI(MPI_Barrier(c), "MPI_Barrier");
  }
  if (state.rank == first)
    bridge_rt_fail(message);
  // The failing rank's MPI_Abort ends this one; the barrier never completes.
  MPI_Barrier(c);
  exit(1);
}

void exitTogether(const char *message) {
  fflush(stdout);
  if (state.rank == 0 && message) {
    fprintf(stderr, "%s\n", message);
    fflush(stderr);
  }
  if (state.ownsMPI)
    MPI_Finalize();
  exit(1);
}

} // namespace bridge::rt

using bridge::rt::checkMPI;

extern "C" void bridge_rt_init(int32_t argc, char **argv) {
  if (state.initialised)
    bridge_rt_fail("bridge_rt_init called twice");
  int init = 0;
  MPI_Initialized(&init);
  if (!init) {
    // `./app -n 4` without a launcher becomes `mpirun -np 4 ./app` here.
    bridge::rt::launchIfAsked(argc, argv);
    // MPI_Init may permute argv; hand it a copy of the pointer array so the
    // caller's argv is only read.
    int n = argc;
    char **copy = static_cast<char **>(calloc(size_t(n) + 1, sizeof(char *)));
    for (int i = 0; i < n; ++i)
      copy[i] = argv ? argv[i] : nullptr;
    char **args = copy;
    if (MPI_Init(&n, &args) != MPI_SUCCESS) {
      fprintf(stderr, "error: rank 0: MPI_Init failed\n");
      exit(1);
    }
    free(copy);
    state.ownsMPI = true;
  }
  // The runtime reports its own MPI errors; a dup keeps its traffic and
  // error handling apart from the legacy code's. MPI_COMM_WORLD keeps its
  // handler for legacy code that uses it directly.
  MPI_Comm_rank(MPI_COMM_WORLD, &state.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &state.size);
  checkMPI(MPI_Comm_dup(MPI_COMM_WORLD, &state.comm), "MPI_Comm_dup");
  checkMPI(MPI_Comm_set_errhandler(state.comm, MPI_ERRORS_RETURN),
           "MPI_Comm_set_errhandler");
  checkMPI(MPI_Comm_dup(MPI_COMM_WORLD, &state.legacy), "MPI_Comm_dup");
  checkMPI(MPI_Comm_create_errhandler(legacyErrhandler, &state.legacyHandler),
           "MPI_Comm_create_errhandler");
  checkMPI(MPI_Comm_set_errhandler(state.legacy, state.legacyHandler),
           "MPI_Comm_set_errhandler");
  state.initialised = true;
  bridge::rt::checkTarget();
  bridge::rt::installSignalHandlers();
  bridge::rt::handleProgramOptions(argc, argv);
}

extern "C" int32_t bridge_rt_finalize(void) {
  if (!state.initialised)
    bridge_rt_fail("bridge_rt_finalize without bridge_rt_init");
  fflush(stdout);
  // No rank finalises while another may still end the job: Open MPI's mpirun
  // can crash or hang when MPI_Abort races with MPI_Finalize.
  checkMPI(MPI_Barrier(state.comm), "MPI_Barrier");
  bridge::rt::reportStats();
  bridge::rt::finishObserving();
  MPI_Comm_free(&state.legacy);
  MPI_Comm_free(&state.comm);
  MPI_Errhandler_free(&state.legacyHandler);
  state.initialised = false;
  if (state.ownsMPI) {
    state.ownsMPI = false;
    if (MPI_Finalize() != MPI_SUCCESS)
      return 1;
  }
  return 0;
}

extern "C" int32_t bridge_rt_rank(void) {
  bridge::rt::comm();
  return state.rank;
}

extern "C" int32_t bridge_rt_size(void) {
  bridge::rt::comm();
  return state.size;
}

extern "C" void bridge_rt_fail(const char *message) {
  // A failure while failing (e.g. an MPI error during abort) must not
  // print a second line.
  static bool failing = false;
  if (!failing) {
    failing = true;
    bridge::rt::clearProgress();
    fflush(stdout);
    // One fprintf call keeps the line whole when ranks share stderr.
    fprintf(stderr, "error: rank %d: %s\n", messageRank(),
            message ? message : "unknown error");
    fflush(stderr);
  }
  int init = 0, fin = 0;
  MPI_Initialized(&init);
  MPI_Finalized(&fin);
  if (init && !fin)
    MPI_Abort(MPI_COMM_WORLD, 1);
  exit(1);
}
