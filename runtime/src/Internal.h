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

namespace bridge::plan {
struct Plan;
} // namespace bridge::plan

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

/// Ends the job at start-up where every rank knows the same failure: rank 0
/// prints `message` (which may be null on the others) on standard error as
/// it is, and every rank exits with status 1, finalising MPI if the runtime
/// initialised it. Collective; nothing aborts, so nothing races.
[[noreturn]] void exitTogether(const char *message);

/// Ends the job, naming what is missing, when the CPU of any rank lacks a
/// feature the program was compiled for (bridge_rt_set_target). Collective;
/// bridge_rt_init calls it before anything that generated code runs.
void checkTarget();

/// True when program option `arg` takes the next argument as its value
/// (`--trace FILE`, `--checkpoint DIR`, `--set NAME=VALUE`), so no other scan
/// reads that value as an option of its own.
bool optionTakesValue(const char *arg);

/// The error bridge_rt_version found for the values of the run (they make
/// no version of the program), or null.
const char *versionError();

/// Acts on a generated program's own command-line options (--help,
/// --explain-placement), which may end the program before its pipeline runs,
/// and evaluates the sizes of the run (--set). Programs without an embedded
/// plan (bridge_rt_set_plan) take no options.
void handleProgramOptions(int argc, char **argv);

/// Makes a rank that dies from a signal say which legacy function (or the
/// pipeline) it was in, then lets the signal take its course.
void installSignalHandlers();

/// Turns checkpoints on (--checkpoint DIR); creates DIR if needed.
void setCheckpointDir(const char *dir);

/// Counts bytes this rank sends to others while moving data, for --stats.
void noteBytesSent(int64_t bytes);
/// The bytes this rank has sent so far (for trace events).
int64_t bytesSentSoFar();
/// With --stats, prints this rank's count on standard error; collective.
void reportStats();

/// Whether bridge_rt_set_plan gave the program its own options (generated
/// programs; the runtime's unit tests take none).
bool hasProgramOptions();

/// A bridge_rt_alloc'd buffer released at scope exit (no exceptions, but early
/// returns).
struct Buffer {
  void *ptr;
  explicit Buffer(int64_t bytes) : ptr(bridge_rt_alloc(bytes)) {}
  ~Buffer() { bridge_rt_free(ptr); }
  Buffer(const Buffer &) = delete;
  Buffer &operator=(const Buffer &) = delete;
  char *bytes() { return static_cast<char *>(ptr); }
};

//--- Launch.cpp: starting the program on N ranks without a launcher ---------//

/// Reads `-n N`, `-nN`, `--ranks N` or `--ranks=N` at argv[*i] (advancing *i
/// past a separate value). Returns 0 when argv[*i] is not that option, the
/// rank count otherwise; fails on a malformed count.
int parseRanksOption(int argc, char **argv, int *i);
/// Called by bridge_rt_init before MPI_Init: when the program was asked for
/// N > 1 ranks and no MPI launcher started it, re-executes it through mpirun
/// with the remaining arguments (never returns then). Otherwise returns.
void launchIfAsked(int argc, char **argv);
/// Whether an MPI launcher (mpirun, srun, hydra) started this process.
bool underLauncher();

//--- Trace.cpp: timeline (--trace) and progress line (--progress) ------------//

/// True while either a trace or the progress line is recording; the spans
/// below cost one branch when it is false.
extern bool observing;
/// How rank 0 shows progress (Progress.cpp).
enum class ProgressForm {
  Off,
  Bar,  // redrawn in place with '\r' (a terminal)
  Lines // one line every few seconds (a log file)
};
/// Starts recording; `tracePath` (may be null) is the file that
/// finishObserving writes; with `progress` not Off, rank 0 shows progress in
/// that form (Lines: one line every `interval` seconds), counting chunks from
/// `plan`, the placement plan of this run (resolved; may be null). Collective
/// (a barrier aligns the ranks' clocks).
void startObserving(const char *tracePath, ProgressForm progress,
                    double interval, const plan::Plan *plan);
/// Opens a span of category `cat` (a static string: "stage", "transfer",
/// "combine", "io", "legacy"). `name` is copied; `detail` (may be null, e.g.
/// a path) goes into the event's arguments.
void beginSpanSlow(const char *name, const char *cat, const char *detail);
void endSpanSlow();
inline void beginSpan(const char *name, const char *cat,
                      const char *detail = nullptr) {
  if (observing)
    beginSpanSlow(name, cat, detail);
}
inline void endSpan() {
  if (observing)
    endSpanSlow();
}
/// A span for the duration of a scope.
struct SpanScope {
  bool open;
  SpanScope(const char *name, const char *cat, const char *detail = nullptr)
      : open(observing) {
    if (open)
      beginSpanSlow(name, cat, detail);
  }
  ~SpanScope() {
    if (open)
      endSpanSlow();
  }
  SpanScope(const SpanScope &) = delete;
  SpanScope &operator=(const SpanScope &) = delete;
};
/// In bridge_rt_finalize: stops the progress line and, with --trace, gathers
/// every rank's events on rank 0, which writes the file. Collective.
void finishObserving();
//--- Progress.cpp: rank 0's progress display (--progress) ------------------//

/// Starts the drawing thread (rank 0 only); `plan` as for startObserving.
void startProgress(ProgressForm form, double interval, const plan::Plan *plan);
/// A stage begins (`change` > 0, `name` as given to bridge_rt_stage_begin) or
/// ends (`change` < 0, `name` unused).
void progressStage(int change, const char *name);
/// The innermost open span that is not a stage (null `name`: none).
void progressActivity(const char *cat, const char *name, const char *detail);
/// Erases the bar before rank 0 prints a result (the next tick redraws it).
void progressBeforeOutput();
/// Stops the drawing thread and erases the bar (at the end, and before an
/// error message); safe at any time, and again.
void clearProgress();

//--- MemoryCheck.cpp: failing early when the pipeline cannot fit ----------//

/// Compares this rank's peak memory under `plan`, the embedded placement plan
/// resolved for this run, with the memory it may use (BRIDGE_MEMORY_LIMIT,
/// the memory cgroup, RLIMIT_AS/RLIMIT_DATA, MemAvailable shared by the ranks
/// of the node) and, when any rank lacks memory, fails the job with one
/// message saying what that rank needs and has. Collective.
void checkMemoryLimit(const plan::Plan &plan);

/// Chunks [*lo, *hi) that `rank` of `nranks` owns; validates its arguments.
void ownedRange(int32_t placement, int64_t nchunks, int32_t rank,
                int32_t nranks, int64_t *lo, int64_t *hi);

} // namespace bridge::rt

#endif // BRIDGE_RUNTIME_INTERNAL_H
