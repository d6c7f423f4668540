//===- Trace.cpp - Timeline (--trace) and progress line (--progress) ------===//
//
// Spans (stages, transfers, combines, file I/O, legacy calls) are recorded
// per rank while a trace or the progress line is on; otherwise every hook is
// one branch on `observing`.
//
// --trace FILE: each rank keeps its closed spans as Chrome trace-event
// "complete" events (ph "X", microseconds since a barrier at start-up,
// pid = rank, tid 0). At finalize rank 0 gathers every rank's events as
// serialized text (MPI_Gatherv) and writes one JSON array under a temporary
// name beside FILE, then renames it, so FILE is complete or absent.
//
// --progress: the spans also tell rank 0's progress display (Progress.cpp)
// which stage and step the rank is in.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include "bridge/layout/WholeIO.h"

#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

namespace bridge::rt {
bool observing = false;
} // namespace bridge::rt

using namespace bridge::rt;
using bridge::layout::writeWhole;

namespace {

using Clock = std::chrono::steady_clock;

// A rank keeps at most this many events; later ones are counted, not kept,
// so a trace of a very long run stays a file a viewer can open.
constexpr size_t kMaxEvents = 500000;

struct Event {
  std::string name;
  const char *cat;
  std::string detail;
  double ts, dur; // microseconds
  int64_t bytes;  // bytes sent during the span, or -1
};

struct Open {
  std::string name;
  const char *cat;
  const char *detail;
  const char *shownName; // the caller's string, for the progress display
  Clock::time_point start;
  int64_t bytes0;
};

struct TraceState {
  bool tracing = false;
  std::string path;
  Clock::time_point t0;
  std::vector<Event> events;
  std::vector<Open> open;
  size_t dropped = 0;
} trace;

bool progressing = false; // rank 0 shows progress

double micros(Clock::time_point t) {
  return std::chrono::duration<double, std::micro>(t - trace.t0).count();
}

/// Tells the progress display the innermost open span that is not a stage.
void publishActivity() {
  for (auto it = trace.open.rbegin(); it != trace.open.rend(); ++it)
    if (strcmp(it->cat, "stage") != 0) {
      progressActivity(it->cat, it->shownName, it->detail);
      return;
    }
  progressActivity(nullptr, nullptr, nullptr);
}

void appendEscaped(std::string &out, const char *s) {
  for (; *s; ++s) {
    unsigned char c = static_cast<unsigned char>(*s);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c < 0x20) {
      char buf[8];
      snprintf(buf, sizeof(buf), "\\u%04x", c);
      out += buf;
    } else {
      out += char(c);
    }
  }
}

// This rank's events as comma-separated JSON objects (no brackets).
std::string serialize(int rank, double endMicros) {
  std::string out;
  out.reserve(trace.events.size() * 128 + 512);
  char buf[160];
  snprintf(buf, sizeof(buf),
           "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%d,\"tid\":0,"
           "\"args\":{\"name\":\"rank %d\"}},\n"
           "{\"name\":\"process_sort_index\",\"ph\":\"M\",\"pid\":%d,"
           "\"tid\":0,\"args\":{\"sort_index\":%d}}",
           rank, rank, rank, rank);
  out += buf;
  snprintf(buf, sizeof(buf),
           ",\n{\"name\":\"run\",\"cat\":\"run\",\"ph\":\"X\",\"ts\":0.000,"
           "\"dur\":%.3f,\"pid\":%d,\"tid\":0,\"args\":{\"dropped_events\":%zu}}",
           endMicros, rank, trace.dropped);
  out += buf;
  for (const Event &e : trace.events) {
    out += ",\n{\"name\":\"";
    appendEscaped(out, e.name.c_str());
    out += "\",\"cat\":\"";
    out += e.cat;
    snprintf(buf, sizeof(buf),
             "\",\"ph\":\"X\",\"ts\":%.3f,\"dur\":%.3f,\"pid\":%d,\"tid\":0",
             e.ts, e.dur, rank);
    out += buf;
    if (!e.detail.empty() || e.bytes >= 0) {
      out += ",\"args\":{";
      bool comma = false;
      if (!e.detail.empty()) {
        out += "\"path\":\"";
        appendEscaped(out, e.detail.c_str());
        out += '"';
        comma = true;
      }
      if (e.bytes >= 0) {
        snprintf(buf, sizeof(buf), "%s\"bytes_sent\":%lld", comma ? "," : "",
                 (long long)e.bytes);
        out += buf;
      }
      out += '}';
    }
    out += '}';
  }
  return out;
}

// Writes the trace file on rank 0 from the ranks' texts; returns an error
// message, empty on success.
std::string writeTraceFile(const std::vector<std::string> &parts) {
  std::string tmp = trace.path + ".tmp.XXXXXX";
  std::vector<char> name(tmp.begin(), tmp.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0)
    return "cannot write trace file '" + trace.path + "': " + strerror(errno);
  bool ok = writeWhole(fd, "[\n", 2);
  for (size_t r = 0; ok && r < parts.size(); ++r) {
    if (r > 0)
      ok = writeWhole(fd, ",\n", 2);
    ok = ok && writeWhole(fd, parts[r].data(), parts[r].size());
  }
  ok = ok && writeWhole(fd, "\n]\n", 3);
  int err = ok ? 0 : errno;
  if (close(fd) != 0 && ok) {
    ok = false;
    err = errno;
  }
  // mkstemp creates the file 0600; a trace is an ordinary output file.
  if (ok) {
    mode_t mask = umask(0);
    umask(mask);
    chmod(name.data(), 0666 & ~mask);
  }
  if (ok && rename(name.data(), trace.path.c_str()) != 0) {
    ok = false;
    err = errno;
  }
  if (!ok) {
    unlink(name.data());
    return "cannot write trace file '" + trace.path + "': " + strerror(err);
  }
  return std::string();
}

void gatherAndWrite() {
  MPI_Comm c = comm();
  int rank = 0, size = 1;
  MPI_Comm_rank(c, &rank);
  MPI_Comm_size(c, &size);
  double end = micros(Clock::now());
  std::string mine = serialize(rank, end);
  // Every rank's text must fit an int count; a rank whose text would not
  // keeps the events that fit.
  if (mine.size() > size_t(INT_MAX / 4))
    mine.resize(mine.rfind(",\n{", size_t(INT_MAX / 4)));
  int len = int(mine.size());
  std::vector<int> lens(rank == 0 ? size : 0);
  checkMPI(MPI_Gather(&len, 1, MPI_INT, lens.data(), 1, MPI_INT, 0, c),
           "MPI_Gather of the trace sizes");
  int64_t total = 0;
  for (int l : lens)
    total += l;
  int fits = total <= INT_MAX;
  checkMPI(MPI_Bcast(&fits, 1, MPI_INT, 0, c), "MPI_Bcast");
  std::vector<std::string> parts;
  if (fits) {
    std::vector<int> displs(lens.size(), 0);
    for (size_t r = 1; r < lens.size(); ++r)
      displs[r] = displs[r - 1] + lens[r - 1];
    std::string all(rank == 0 ? size_t(total) : 0, '\0');
    checkMPI(MPI_Gatherv(mine.data(), len, MPI_CHAR, &all[0], lens.data(),
                         displs.data(), MPI_CHAR, 0, c),
             "MPI_Gatherv of the trace events");
    if (rank == 0)
      for (int r = 0; r < size; ++r)
        parts.push_back(all.substr(size_t(displs[r]), size_t(lens[r])));
  } else if (rank == 0) {
    // Too much for one gather: one message per rank.
    parts.push_back(mine);
    for (int r = 1; r < size; ++r) {
      std::string text(size_t(lens[r]), '\0');
      checkMPI(MPI_Recv(&text[0], lens[r], MPI_CHAR, r, 0, c,
                        MPI_STATUS_IGNORE),
               "MPI_Recv of trace events");
      parts.push_back(std::move(text));
    }
  } else {
    checkMPI(MPI_Send(mine.data(), len, MPI_CHAR, 0, 0, c),
             "MPI_Send of trace events");
  }
  std::string error;
  if (rank == 0)
    error = writeTraceFile(parts);
  agreeOrFail(error.empty(), error.c_str());
}

} // namespace

void bridge::rt::startObserving(const char *tracePath, ProgressForm form,
                                double interval, const plan::Plan *plan) {
  int rank = bridge_rt_rank();
  trace.tracing = tracePath != nullptr;
  if (trace.tracing) {
    trace.path = tracePath;
    // Fail now, not after the run, when the file cannot be written.
    std::string error;
    if (rank == 0) {
      size_t slash = trace.path.rfind('/');
      std::string dir = slash == std::string::npos ? "."
                        : slash == 0               ? "/"
                                                   : trace.path.substr(0, slash);
      if (access(dir.c_str(), W_OK | X_OK) != 0)
        error = "cannot write trace file '" + trace.path + "': " +
                strerror(errno);
    }
    agreeOrFail(error.empty(), error.c_str());
    // Starting together puts the ranks' timelines on one clock.
    checkMPI(MPI_Barrier(comm()), "MPI_Barrier");
  }
  trace.t0 = Clock::now();
  progressing = form != ProgressForm::Off && rank == 0;
  observing = trace.tracing || progressing;
  if (progressing)
    startProgress(form, interval, plan);
}

void bridge::rt::beginSpanSlow(const char *name, const char *cat,
                               const char *detail) {
  const char *shown = name ? name : "?";
  trace.open.push_back(Open{trace.tracing ? std::string(shown) : std::string(),
                            cat, detail, shown, Clock::now(),
                            bytesSentSoFar()});
  if (progressing) {
    if (!strcmp(cat, "stage"))
      progressStage(+1, shown);
    publishActivity();
  }
}

void bridge::rt::endSpanSlow() {
  if (trace.open.empty())
    return; // An end without a begin: ignore rather than fail the job.
  Clock::time_point now = Clock::now();
  Open o = std::move(trace.open.back());
  trace.open.pop_back();
  if (trace.tracing) {
    if (trace.events.size() < kMaxEvents) {
      bool moves = !strcmp(o.cat, "transfer");
      trace.events.push_back(
          Event{std::move(o.name), o.cat, o.detail ? o.detail : "",
                micros(o.start),
                std::chrono::duration<double, std::micro>(now - o.start)
                    .count(),
                moves ? bytesSentSoFar() - o.bytes0 : -1});
    } else {
      ++trace.dropped;
    }
  }
  if (progressing) {
    if (!strcmp(o.cat, "stage"))
      progressStage(-1, nullptr);
    publishActivity();
  }
}

void bridge::rt::finishObserving() {
  if (!observing)
    return;
  clearProgress();
  progressing = false;
  // Spans still open (a stage without its end) close here.
  while (!trace.open.empty())
    endSpanSlow();
  observing = false;
  if (trace.tracing)
    gatherAndWrite();
  trace = TraceState();
}

extern "C" void bridge_rt_stage_begin(const char *name) {
  if (observing)
    beginSpanSlow(name ? name : "stage", "stage", nullptr);
}

extern "C" void bridge_rt_stage_end(void) {
  if (observing)
    endSpanSlow();
}
