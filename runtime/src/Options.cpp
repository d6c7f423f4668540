//===- Options.cpp - A generated program's own command line ---------------===//
#include "Internal.h"
#include "RunSizes.h"
#include "SetOption.h"

#include "bridge/plan.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <unistd.h>

using bridge::rt::ProgressForm;

namespace {
const char *embeddedPlan = nullptr;
bool printStats = false;
int64_t bytesSent = 0;

const char kUsage[] =
    "usage: %s [options]\n"
    "\n"
    "A pipeline compiled by bridgec. Run it under an MPI launcher, e.g.\n"
    "  mpirun -np 4 %s\n"
    "or let it start its ranks itself:\n"
    "  %s -n 4\n"
    "Standard output carries only the program's `print` lines (rank 0);\n"
    "diagnostics and progress go to standard error.\n"
    "\n"
    "options:\n"
    "  -n N, --ranks N      run on N ranks: started without an MPI launcher,\n"
    "                       re-run through mpirun -np N (the mpirun found when\n"
    "                       bridgec was built, or $BRIDGE_MPIRUN); under a\n"
    "                       launcher, N must match its rank count\n"
    "  --set NAME=VALUE     give the program's parameter NAME the VALUE for\n"
    "                       this run (also --set=NAME=VALUE; repeat it for\n"
    "                       several); the only way to set a parameter. The\n"
    "                       parameters, if the program has any, are listed\n"
    "                       below\n"
    "  --trace FILE         write a timeline of every rank's stages, transfers,\n"
    "                       combines, file I/O and legacy calls to FILE as\n"
    "                       Chrome trace-event JSON (open it in Perfetto,\n"
    "                       https://ui.perfetto.dev, or chrome://tracing)\n"
    "  --progress           show progress on standard error, on rank 0: the\n"
    "                       stage, the chunks done of all ranks' total and an\n"
    "                       estimate of the time left; a bar redrawn in place\n"
    "                       when standard error is a terminal (the default\n"
    "                       there), otherwise a line every 5 seconds\n"
    "  --progress=bar       the bar, whatever standard error is (a terminal\n"
    "                       behind mpirun's pipes)\n"
    "  --progress=SECONDS   a line every SECONDS seconds (batch job logs)\n"
    "  --no-progress        never show progress\n"
    "  --explain-placement  print which rank owns what, the bytes that move\n"
    "                       between ranks and each rank's peak memory for the\n"
    "                       rank count it runs with and the sizes that its\n"
    "                       parameters and input files give, then exit\n"
    "  --checkpoint DIR     store the chunks of arrays that feed calls and\n"
    "                       saves in DIR as they complete; a rerun with the\n"
    "                       same DIR, on any rank count, restores them\n"
    "  --stats              at the end, print on standard error the bytes\n"
    "                       each rank sent to others while moving data\n"
    "  --help, -h           print this text and exit\n";

// Seconds between progress lines when standard error is not a terminal.
constexpr double kProgressInterval = 5;

/// `--progress`, `--progress=bar` or `--progress=SECONDS`.
ProgressForm parseProgress(const char *arg, double *interval) {
  const char *value = arg[10] == '=' ? arg + 11 : nullptr;
  if (!value)
    return isatty(STDERR_FILENO) ? ProgressForm::Bar : ProgressForm::Lines;
  if (!strcmp(value, "bar"))
    return ProgressForm::Bar;
  char *end = nullptr;
  double seconds = strtod(value, &end);
  if (end == value || *end || !(seconds >= 0.1 && seconds <= 86400))
    bridge::rt::failf("option '--progress=%s': expected 'bar' or the seconds "
                      "between lines (0.1 to 86400)",
                      value);
  *interval = seconds;
  return ProgressForm::Lines;
}

/// The parameters for --help, one a line: the declaration as the program
/// would write it (or ", required"), and where it stands.
std::string describeParams(const bridge::plan::SizeProgram &sizes) {
  if (sizes.params.empty())
    return "";
  std::vector<std::string> heads;
  size_t width = 0;
  for (const bridge::plan::Param &param : sizes.params) {
    std::string head =
        "  " + param.name + ": " + bridge::plan::paramTypeName(param.type);
    if (!param.defaultText)
      head += ", required";
    else if (param.type == bridge::plan::ParamType::Str)
      head += " = \"" + *param.defaultText + "\"";
    else
      head += " = " + *param.defaultText;
    width = std::max(width, head.size());
    heads.push_back(head);
  }
  std::string out = "\nparameters (--set NAME=VALUE):\n";
  for (size_t i = 0; i < heads.size(); ++i)
    out += heads[i] + std::string(width - heads[i].size() + 2, ' ') +
           "declared at " + sizes.params[i].loc + "\n";
  return out;
}

[[noreturn]] void finishEarly() {
  bridge_rt_finalize();
  exit(0);
}
} // namespace

extern "C" void bridge_rt_set_plan(const char *plan) { embeddedPlan = plan; }

bool bridge::rt::optionTakesValue(const char *arg) {
  return !strcmp(arg, "--trace") || !strcmp(arg, "--checkpoint") ||
         !strcmp(arg, "--set");
}

bool bridge::rt::hasProgramOptions() { return embeddedPlan != nullptr; }

void bridge::rt::noteBytesSent(int64_t bytes) { bytesSent += bytes; }

int64_t bridge::rt::bytesSentSoFar() { return bytesSent; }

void bridge::rt::reportStats() {
  if (!printStats)
    return;
  // In rank order, so the lines can be compared with --explain-placement.
  for (int r = 0; r < bridge_rt_size(); ++r) {
    if (r == bridge_rt_rank())
      fprintf(stderr, "bridge: rank %d sent %lld bytes\n", r,
              static_cast<long long>(bytesSent));
    fflush(stderr);
    MPI_Barrier(comm());
  }
}

void bridge::rt::handleProgramOptions(int argc, char **argv) {
  if (!embeddedPlan)
    return;
  bool help = false, explain = false;
  const char *tracePath = nullptr;
  // Unset: the bar when standard error is a terminal, else nothing.
  ProgressForm progress = ProgressForm::Off;
  bool progressGiven = false;
  double interval = kProgressInterval;
  int ranks = 0;
  bridge::plan::ParamSettings settings;
  for (int i = 1; argv && i < argc; ++i) {
    if (!argv[i])
      continue;
    if (int n = parseRanksOption(argc, argv, &i)) {
      ranks = n;
      continue;
    }
    std::string setError;
    SetOption set = readSetOption(argc, argv, &i, settings, setError);
    if (set == SetOption::Malformed)
      failf("%s", setError.c_str());
    if (set == SetOption::Read)
      continue;
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
      help = true;
    else if (!strcmp(argv[i], "--explain-placement"))
      explain = true;
    else if (!strcmp(argv[i], "--stats"))
      printStats = true;
    else if (!strncmp(argv[i], "--progress", 10) &&
             (argv[i][10] == '\0' || argv[i][10] == '=')) {
      progressGiven = true;
      progress = parseProgress(argv[i], &interval);
    } else if (!strcmp(argv[i], "--no-progress")) {
      progressGiven = true;
      progress = ProgressForm::Off;
    } else if (!strcmp(argv[i], "--trace") || !strncmp(argv[i], "--trace=", 8)) {
      const char *value = argv[i][7] == '=' ? argv[i] + 8 : nullptr;
      if (!value && i + 1 < argc)
        value = argv[++i];
      if (!value || !*value)
        failf("option '--trace' needs a file name, e.g. '--trace run.json'");
      tracePath = value;
    } else if (!strcmp(argv[i], "--checkpoint")) {
      if (i + 1 >= argc || !*argv[i + 1])
        failf("option '--checkpoint' needs a directory, e.g. "
              "'--checkpoint ckpt'");
      setCheckpointDir(argv[++i]);
    } else
      failf("unknown option '%s' (see --help)", argv[i]);
  }
  // Started on N ranks some other way (an MPI launcher, or MPI initialised
  // by the caller): -n must agree with it.
  if (ranks && ranks != bridge_rt_size())
    failf("-n %d asks for %d ranks, but the program runs on %d (started by "
          "an MPI launcher: drop -n, or give the launcher's count)",
          ranks, ranks, bridge_rt_size());
  bridge::plan::Plan plan;
  std::string error;
  if (!bridge::plan::parse(embeddedPlan, plan, error))
    failf("the embedded placement plan is unreadable: %s", error.c_str());
  const char *program = argc > 0 && argv && argv[0] ? argv[0] : "program";
  if (help) {
    if (bridge_rt_rank() == 0) {
      printf(kUsage, program, program, program);
      fputs(describeParams(plan.sizes).c_str(), stdout);
    }
    finishEarly();
  }
  if (const char *error = versionError())
    exitTogether(error);
  // Every size is known from here on, before any work.
  const bridge::plan::SizeValues &sizes =
      evaluateRunSizes(plan.sizes, settings);
  bridge::plan::Plan concrete;
  if (std::optional<std::string> problem =
          bridge::plan::resolve(plan, sizes, concrete))
    exitTogether(
        ("error: the placement plan does not hold for these sizes: " + *problem)
            .c_str());
  if (std::optional<std::string> problem =
          bridge::plan::checkProcessGrids(concrete, bridge_rt_size()))
    exitTogether(("error: " + *problem).c_str());
  if (explain) {
    if (bridge_rt_rank() == 0)
      fputs(bridge::plan::explain(
                bridge::plan::PlacementModel(concrete, bridge_rt_size()))
                .c_str(),
            stdout);
    finishEarly();
  }
  checkMemoryLimit(concrete); // fail early if it cannot fit
  if (!progressGiven && isatty(STDERR_FILENO))
    progress = ProgressForm::Bar;
  startObserving(tracePath, progress, interval, &concrete);
}
