//===- Signals.cpp - Name the rank and the legacy function on a crash ------===//
//
// A rank that dies from a signal is reported by mpirun with its rank and the
// signal only. Before the signal takes its course, this handler adds one line
// naming the legacy function that was running (or that it was the program's
// own code), then hands the signal on to the handler it replaced (Open MPI's
// backtrace printer) or to the default action.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

namespace {

// Crashes only: SIGTERM is how mpirun ends the other ranks after a failure,
// which must not add a line per rank.
const int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
struct sigaction previous[sizeof(kSignals) / sizeof(kSignals[0])];

const char *signalName(int sig) {
  switch (sig) {
  case SIGSEGV: return "SIGSEGV (segmentation fault)";
  case SIGBUS: return "SIGBUS (bus error)";
  case SIGFPE: return "SIGFPE (arithmetic exception)";
  case SIGILL: return "SIGILL (illegal instruction)";
  case SIGABRT: return "SIGABRT (aborted)";
  default: return "a signal";
  }
}

/// Async-signal-safe: only write(2) and fixed buffers.
void append(char *out, size_t size, size_t &at, const char *text) {
  while (*text && at + 1 < size)
    out[at++] = *text++;
  out[at] = 0;
}

void onSignal(int sig) {
  char line[512], number[16];
  size_t at = 0;
  int rank = bridge_rt_rank(), n = 0;
  char digits[16];
  do {
    digits[n++] = char('0' + rank % 10);
    rank /= 10;
  } while (rank > 0 && n < 15);
  for (int i = 0; i < n; ++i)
    number[i] = digits[n - 1 - i];
  number[n] = 0;
  append(line, sizeof(line), at, "error: rank ");
  append(line, sizeof(line), at, number);
  append(line, sizeof(line), at, ": ");
  append(line, sizeof(line), at, signalName(sig));
  if (const char *legacy = bridge::rt::currentLegacy()) {
    append(line, sizeof(line), at, " in legacy function '");
    append(line, sizeof(line), at, legacy);
    append(line, sizeof(line), at, "'");
  } else {
    append(line, sizeof(line), at, " in the pipeline");
  }
  append(line, sizeof(line), at, "\n");
  ssize_t ignored = write(STDERR_FILENO, line, at);
  (void)ignored;
  for (size_t i = 0; i < sizeof(kSignals) / sizeof(kSignals[0]); ++i)
    if (kSignals[i] == sig)
      sigaction(sig, &previous[i], nullptr);
  raise(sig);
}

} // namespace

void bridge::rt::installSignalHandlers() {
  struct sigaction action;
  memset(&action, 0, sizeof(action));
  action.sa_handler = onSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  for (size_t i = 0; i < sizeof(kSignals) / sizeof(kSignals[0]); ++i)
    sigaction(kSignals[i], &action, &previous[i]);
}
