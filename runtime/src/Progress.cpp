//===- Progress.cpp - Rank 0's progress display (--progress) --------------===//
//
// While the pipeline runs, rank 0 shows on standard error which stage it is
// in ("stage 2 of 4"), the chunks done of all ranks' total, and an estimate of
// the time left:
//
//  - on a terminal, a bar redrawn in place ('\r') four times a second once the
//    run has lasted a second, and erased at the end;
//  - otherwise (a batch job's log file, mpirun's pipe), one plain line every
//    few seconds, so that a log holds a readable history.
//
// Counting chunks adds no work and no message to the pipeline: the placement
// plan embedded in the program gives every stage's chunk count, and rank 0
// counts a stage's chunks (those of all ranks) as done when it has finished
// its own share of that stage. The placement balances the shares and the ranks
// meet at the stage's next transfer or combine, so the others are not far
// behind: an extrapolation from rank 0's share. Within a stage the count does
// not move, because generated code reports the begin and end of a stage, not
// each chunk. The estimate assumes that the chunks left take as long, each,
// as those done so far.
//
// A thread on rank 0 draws; it never calls MPI. The main thread publishes what
// it is doing under a mutex, which it takes only when a span (a stage, a
// transfer, a file, a legacy call) begins or ends, never per chunk.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include "bridge/plan.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <sys/ioctl.h>
#include <unistd.h>

using namespace bridge::rt;

namespace {

using Clock = std::chrono::steady_clock;

// Shared between the main thread (writer) and the drawing thread (reader),
// under `mutex`.
struct Published {
  int stage = -1;       // the stage rank 0 is in or last finished, 0-based
  bool inStage = false; // between the begin and the end of `stage`
  int64_t done = 0;     // chunks of all ranks counted as done
  double doneAt = 0;    // seconds from the start when `done` last grew
  std::string activity; // the innermost open span, when it is not a stage
  std::string place;    // "pipeline.bdsl:12" of the current stage, if known
};

struct ProgressState {
  bool on = false;
  ProgressForm form = ProgressForm::Bar;
  double interval = 5;
  std::vector<int64_t> stageChunks; // per stage, from the plan
  int64_t total = 0;
  Clock::time_point t0;

  std::mutex mutex;
  std::condition_variable wake;
  bool stop = false;
  Published now;
  int shown = 0; // length of the bar on screen, 0 if none (Bar form)
  std::thread *thread = nullptr;
} progress;

/// Each stage's chunk count, in program order. A stage over a `block`
/// array has one slab per rank.
std::vector<int64_t> stageChunks(const bridge::plan::Plan *plan, int ranks) {
  std::vector<int64_t> out;
  if (!plan)
    return out;
  for (const bridge::plan::Step &step : plan->steps) {
    if (step.kind != bridge::plan::StepKind::Stage)
      continue;
    bool block = false;
    for (const std::vector<int> *ids : {&step.outputs, &step.inputs})
      for (int id : *ids)
        if (id >= 0 && size_t(id) < plan->arrays.size() &&
            plan->arrays[size_t(id)].block)
          block = true;
    out.push_back(block ? int64_t(ranks) : std::max<int64_t>(step.chunks, 0));
  }
  return out;
}

/// "12.5 s", "4 min 05 s", "2 h 07 min".
std::string duration(double seconds) {
  char text[32];
  if (seconds < 60)
    snprintf(text, sizeof(text), "%.1f s", seconds);
  else if (seconds < 3600)
    snprintf(text, sizeof(text), "%d min %02d s", int(seconds) / 60,
             int(seconds) % 60);
  else
    snprintf(text, sizeof(text), "%d h %02d min", int(seconds) / 3600,
             int(seconds) % 3600 / 60);
  return text;
}

/// Seconds left, or a negative number when there is no estimate yet.
double secondsLeft(const Published &p, int64_t total, double elapsed) {
  if (p.done <= 0 || p.done >= total)
    return -1;
  // Projected from the moment the count last grew; once that moment has
  // passed, from the pace so far.
  double left = p.doneAt * double(total) / double(p.done) - elapsed;
  if (left <= 0)
    left = elapsed * double(total - p.done) / double(p.done);
  return left;
}

/// "stage 2 of 4 (pipeline.bdsl:12)", or what runs between stages:
/// "transfer halo, after stage 2 of 4".
std::string whereText(const Published &p, size_t stages) {
  char text[320];
  // Without the plan's stages (or past the last one it lists), no total.
  if (stages == 0 || (p.stage >= 0 && size_t(p.stage) >= stages))
    return p.inStage ? "stage " + std::to_string(p.stage + 1) : p.activity;
  if (p.inStage) {
    snprintf(text, sizeof(text), "stage %d of %zu%s%s%s", p.stage + 1, stages,
             p.place.empty() ? "" : " (", p.place.c_str(),
             p.place.empty() ? "" : ")");
  } else if (p.stage < 0) {
    snprintf(text, sizeof(text), "%s%sbefore stage 1 of %zu",
             p.activity.c_str(), p.activity.empty() ? "" : ", ", stages);
  } else {
    snprintf(text, sizeof(text), "%s%safter stage %d of %zu",
             p.activity.c_str(), p.activity.empty() ? "" : ", ", p.stage + 1,
             stages);
  }
  return text;
}

/// The log form: one line of plain text.
std::string logLine(const Published &p, double elapsed) {
  std::string line = "bridge: " + duration(elapsed);
  std::string where = whereText(p, progress.stageChunks.size());
  if (!where.empty())
    line += ", " + where;
  if (progress.total > 0) {
    char text[96];
    snprintf(text, sizeof(text), ", %lld of %lld chunks (%d%%)",
             (long long)p.done, (long long)progress.total,
             int(100 * p.done / progress.total));
    line += text;
    double left = secondsLeft(p, progress.total, elapsed);
    if (left >= 0)
      line += ", about " + duration(left) + " left";
  }
  return line;
}

/// The terminal's width; behind mpirun's pipe, $COLUMNS (which `./app -n N`
/// sets from the terminal it was started on).
int terminalWidth() {
  struct winsize size;
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return std::max<int>(size.ws_col, 20);
  const char *columns = getenv("COLUMNS");
  int width = columns ? atoi(columns) : 0;
  return width > 0 ? std::max(width, 20) : 80;
}

/// The bar form: "bridge [#####-----] 45% 450/1000 chunks  stage 2 of 4
/// (pipeline.bdsl:12)  12.5 s, ~15.0 s left", made to fit the terminal's
/// width (a wrapped line cannot be redrawn with '\r'): the stage is cut or
/// dropped and the bar made shorter or dropped before the count and the time.
std::string barLine(const Published &p, double elapsed, int width) {
  size_t room = size_t(std::max(width - 1, 1));
  int64_t total = progress.total;
  std::string count, time = duration(elapsed);
  if (total > 0) {
    char text[96];
    snprintf(text, sizeof(text), "%d%% %lld/%lld chunks",
             int(100 * p.done / total), (long long)p.done, (long long)total);
    count = text;
    double left = secondsLeft(p, total, elapsed);
    if (left >= 0)
      time += ", ~" + duration(left) + " left";
  }
  std::string where = whereText(p, progress.stageChunks.size());
  auto compose = [&](int cells, const std::string &stage) {
    std::string line = "bridge";
    if (total > 0 && cells > 0) {
      int filled = int(cells * p.done / total);
      line += " [" + std::string(size_t(filled), '#') +
              std::string(size_t(cells - filled), '-') + "]";
    }
    if (!count.empty())
      line += " " + count;
    if (!stage.empty())
      line += "  " + stage;
    return line + "  " + time;
  };
  struct Layout {
    int cells;
    bool stage, cut;
  };
  for (Layout layout : {Layout{20, true, false}, Layout{10, true, false},
                        Layout{10, true, true}, Layout{10, false, false},
                        Layout{0, false, false}}) {
    std::string stage = layout.stage ? where : std::string();
    std::string line = compose(layout.cells, stage);
    if (line.size() > room && layout.cut && !stage.empty()) {
      size_t over = line.size() - room;
      if (stage.size() >= over + 3 + 12) // keep a readable part of it
        line = compose(layout.cells,
                       stage.substr(0, stage.size() - over - 3) + "...");
    }
    if (line.size() <= room)
      return line;
  }
  std::string line = compose(0, std::string());
  line.resize(room);
  return line;
}

void eraseBar() {
  if (progress.shown <= 0)
    return;
  // One write keeps the erasure whole.
  std::string blank = "\r" + std::string(size_t(progress.shown), ' ') + "\r";
  fputs(blank.c_str(), stderr);
  fflush(stderr);
  progress.shown = 0;
}

void drawLoop() {
  using namespace std::chrono_literals;
  std::unique_lock<std::mutex> lock(progress.mutex);
  bool bar = progress.form == ProgressForm::Bar;
  auto period = bar ? std::chrono::duration<double>(0.25)
                    : std::chrono::duration<double>(progress.interval);
  auto next =
      progress.t0 + std::chrono::duration_cast<Clock::duration>(
                        bar ? std::chrono::duration<double>(1.0) : period);
  while (!progress.stop) {
    if (progress.wake.wait_until(lock, next, [] { return progress.stop; }))
      break;
    next += std::chrono::duration_cast<Clock::duration>(period);
    double elapsed =
        std::chrono::duration<double>(Clock::now() - progress.t0).count();
    if (bar) {
      std::string line = barLine(progress.now, elapsed, terminalWidth());
      int n = int(line.size());
      // Pad over the previous, possibly longer, line.
      std::string text = "\r" + line;
      if (progress.shown > n)
        text += std::string(size_t(progress.shown - n), ' ');
      fputs(text.c_str(), stderr);
      fflush(stderr);
      progress.shown = std::max(progress.shown, n);
    } else {
      std::string line = logLine(progress.now, elapsed) + "\n";
      fputs(line.c_str(), stderr);
      fflush(stderr);
    }
  }
}

double secondsSinceStart() {
  return std::chrono::duration<double>(Clock::now() - progress.t0).count();
}

/// "pipeline.bdsl:12" from a stage named "stage 3 (pipeline.bdsl:12)".
std::string placeOf(const char *name) {
  const char *open = name ? strchr(name, '(') : nullptr;
  const char *close = open ? strrchr(open, ')') : nullptr;
  if (!open || !close)
    return std::string();
  return std::string(open + 1, close);
}

} // namespace

void bridge::rt::startProgress(ProgressForm form, double interval,
                               const plan::Plan *plan) {
  progress.on = true;
  progress.form = form;
  progress.interval = interval;
  progress.stageChunks = stageChunks(plan, bridge_rt_size());
  progress.total = 0;
  for (int64_t n : progress.stageChunks)
    progress.total += n;
  progress.t0 = Clock::now();
  progress.stop = false;
  progress.now = Published();
  progress.thread = new std::thread(drawLoop);
}

void bridge::rt::progressStage(int change, const char *name) {
  if (!progress.on)
    return;
  std::lock_guard<std::mutex> lock(progress.mutex);
  Published &p = progress.now;
  if (change > 0) {
    ++p.stage;
    p.inStage = true;
    p.place = placeOf(name);
    return;
  }
  if (p.inStage && p.stage >= 0 &&
      size_t(p.stage) < progress.stageChunks.size()) {
    p.done += progress.stageChunks[size_t(p.stage)];
    p.doneAt = secondsSinceStart();
  }
  p.inStage = false;
}

void bridge::rt::progressActivity(const char *cat, const char *name,
                                  const char *detail) {
  if (!progress.on)
    return;
  std::lock_guard<std::mutex> lock(progress.mutex);
  Published &p = progress.now;
  p.activity.clear();
  if (!name || (cat && !strcmp(cat, "stage")))
    return;
  if (cat && strcmp(cat, name) != 0) { // "combine", not "combine combine"
    p.activity = cat;
    p.activity += ' ';
  }
  p.activity += name;
  if (detail && *detail) {
    p.activity += ' ';
    p.activity += detail;
  }
}

void bridge::rt::progressBeforeOutput() {
  if (!progress.on || progress.form != ProgressForm::Bar)
    return;
  std::lock_guard<std::mutex> lock(progress.mutex);
  if (progress.shown <= 0)
    return;
  eraseBar();
  // Behind mpirun, standard error and standard output reach the terminal
  // through separate pipes: a short pause lets the erasure arrive before the
  // result does (best effort; on a terminal of its own the order is exact).
  if (!isatty(STDERR_FILENO))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

void bridge::rt::clearProgress() {
  if (!progress.on)
    return;
  // Called when failing, too: stop the thread so that nothing is drawn after
  // the error line (unless this is the thread itself, which never fails).
  if (progress.thread &&
      std::this_thread::get_id() != progress.thread->get_id()) {
    {
      std::lock_guard<std::mutex> lock(progress.mutex);
      progress.stop = true;
    }
    progress.wake.notify_all();
    progress.thread->join();
    delete progress.thread;
    progress.thread = nullptr;
  }
  std::lock_guard<std::mutex> lock(progress.mutex);
  eraseBar();
  progress.on = false;
}
