//===- Options.cpp - A generated program's own command line ---------------===//
#include "Internal.h"

#include "bridge/plan.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {
const char *embeddedPlan = nullptr;
bool printStats = false;
int64_t bytesSent = 0;

const char kUsage[] =
    "usage: %s [options]\n"
    "\n"
    "A pipeline compiled by bridgec. Run it under an MPI launcher, e.g.\n"
    "  mpirun -np 4 %s\n"
    "\n"
    "options:\n"
    "  --explain-placement  print which rank owns what, the bytes that move\n"
    "                       between ranks and each rank's peak memory for the\n"
    "                       rank count it runs with, then exit\n"
    "  --stats              at the end, print on standard error the bytes\n"
    "                       each rank sent to others while moving data\n"
    "  --help               print this text and exit\n";

[[noreturn]] void finishEarly() {
  bridge_rt_finalize();
  exit(0);
}
} // namespace

extern "C" void bridge_rt_set_plan(const char *plan) { embeddedPlan = plan; }

void bridge::rt::noteBytesSent(int64_t bytes) { bytesSent += bytes; }

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
  if (!embeddedPlan || !argv)
    return;
  bool help = false, explain = false;
  for (int i = 1; i < argc; ++i) {
    if (!argv[i])
      continue;
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
      help = true;
    else if (!strcmp(argv[i], "--explain-placement"))
      explain = true;
    else if (!strcmp(argv[i], "--stats"))
      printStats = true;
    else
      failf("unknown option '%s' (see --help)", argv[i]);
  }
  const char *program = argc > 0 && argv[0] ? argv[0] : "program";
  if (help) {
    if (bridge_rt_rank() == 0)
      printf(kUsage, program, program);
    finishEarly();
  }
  if (!explain)
    return;
  if (bridge_rt_rank() == 0) {
    bridge::plan::Plan plan;
    std::string error;
    if (!bridge::plan::parse(embeddedPlan, plan, error))
      failf("the embedded placement plan is unreadable: %s", error.c_str());
    std::string text =
        bridge::plan::explain(plan, bridge::plan::model(plan, bridge_rt_size()));
    fputs(text.c_str(), stdout);
  }
  finishEarly();
}
