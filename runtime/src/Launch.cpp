//===- Launch.cpp - `./app -n 4` without mpirun ---------------------------===//
//
// A generated program asked for N ranks (`-n N`, `--ranks N`) that no MPI
// launcher started re-executes itself as `mpirun -np N <itself> <the other
// arguments>` before MPI_Init, and so ends with mpirun's exit status. The
// mpirun is the one found when the runtime was built (BRIDGE_MPIRUN_PATH),
// unless $BRIDGE_MPIRUN names another. The environment passes through
// unchanged (OMPI_ALLOW_RUN_AS_ROOT and friends included).
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <sched.h>
#include <sys/ioctl.h>
#include <unistd.h>

#ifndef BRIDGE_MPIRUN_PATH
#define BRIDGE_MPIRUN_PATH ""
#endif

namespace {

// Environment variables that MPI launchers set in the processes they start:
// Open MPI's mpirun, PMIx servers (Open MPI 4/5, Slurm --mpi=pmix), PMI-1/2
// (MPICH's hydra, Slurm --mpi=pmi2).
const char *const kLauncherVariables[] = {
    "OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMIX_NAMESPACE",
    "PMI_RANK",             "PMI_SIZE",  "PMI_FD",
};

int readInt(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f)
    return -1;
  int value = -1;
  if (fscanf(f, "%d", &value) != 1)
    value = -1;
  fclose(f);
  return value;
}

// Physical cores this process may run on: mpirun's default slot count on
// one node (Open MPI counts cores, not hardware threads).
long coreCount() {
  cpu_set_t set;
  CPU_ZERO(&set);
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  if (sched_getaffinity(0, sizeof(set), &set) != 0)
    return online > 0 ? online : 1;
  std::set<std::pair<int, int>> cores;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (!CPU_ISSET(cpu, &set))
      continue;
    char path[128];
    snprintf(path, sizeof(path),
             "/sys/devices/system/cpu/cpu%d/topology/physical_package_id", cpu);
    int package = readInt(path);
    snprintf(path, sizeof(path),
             "/sys/devices/system/cpu/cpu%d/topology/core_id", cpu);
    int core = readInt(path);
    if (package < 0 || core < 0)
      return CPU_COUNT(&set); // No topology: count CPUs.
    cores.insert({package, core});
  }
  return cores.empty() ? 1 : long(cores.size());
}

std::string selfPath(const char *argv0) {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n > 0) {
    buf[n] = '\0';
    return buf;
  }
  return argv0 ? argv0 : "";
}

} // namespace

bool bridge::rt::underLauncher() {
  for (const char *name : kLauncherVariables)
    if (getenv(name))
      return true;
  return false;
}

int bridge::rt::parseRanksOption(int argc, char **argv, int *i) {
  const char *arg = argv[*i];
  const char *value = nullptr;
  const char *option = arg;
  if (!strcmp(arg, "-n") || !strcmp(arg, "--ranks")) {
    if (*i + 1 >= argc || !argv[*i + 1])
      failf("option '%s' needs a rank count, e.g. '%s 4'", arg, arg);
    value = argv[++*i];
  } else if (!strncmp(arg, "--ranks=", 8)) {
    value = arg + 8;
    option = "--ranks";
  } else if (arg[0] == '-' && arg[1] == 'n' && isdigit((unsigned char)arg[2])) {
    value = arg + 2;
    option = "-n";
  } else {
    return 0;
  }
  char *end = nullptr;
  errno = 0;
  long n = strtol(value, &end, 10);
  if (errno || end == value || *end || n < 1 || n > (1 << 20))
    failf("option '%s': '%s' is not a rank count (a positive integer)", option,
          value);
  return int(n);
}

void bridge::rt::launchIfAsked(int argc, char **argv) {
  if (!hasProgramOptions() || !argv)
    return;
  int ranks = 0;
  bool progressGiven = false;
  std::vector<const char *> rest;
  for (int i = 1; i < argc; ++i) {
    if (!argv[i])
      continue;
    if (int n = parseRanksOption(argc, argv, &i)) {
      ranks = n;
      continue;
    }
    if (!strncmp(argv[i], "--progress", 10) ||
        !strcmp(argv[i], "--no-progress")) {
      progressGiven = true;
      // The ranks' standard error reaches the terminal through mpirun's
      // pipes, so they cannot see that it is one: decide the form here.
      if (!strcmp(argv[i], "--progress") && isatty(STDERR_FILENO)) {
        rest.push_back("--progress=bar");
        continue;
      }
    }
    rest.push_back(argv[i]);
    // An option's value is never read as -n.
    if (optionTakesValue(argv[i]) && i + 1 < argc && argv[i + 1])
      rest.push_back(argv[++i]);
  }
  // One rank needs no launcher (MPI starts as a singleton); under a launcher
  // the rank count is checked once MPI runs.
  if (ranks <= 1 || underLauncher())
    return;

  const char *env = getenv("BRIDGE_MPIRUN");
  std::string mpirun = env && *env ? env : BRIDGE_MPIRUN_PATH;
  if (mpirun.empty())
    failf("-n %d: no mpirun is known to start the ranks (the runtime was "
          "built without one); set BRIDGE_MPIRUN or start the program under "
          "an MPI launcher",
          ranks);
  std::string self = selfPath(argv[0]);
  std::string count = std::to_string(ranks);

  std::vector<const char *> args;
  args.push_back(mpirun.c_str());
#ifdef OPEN_MPI
  // Open MPI refuses more ranks than cores unless told; MPICH's hydra
  // places any number and does not know the option.
  if (ranks > coreCount())
    args.push_back("--oversubscribe");
#endif
  args.push_back("-np");
  args.push_back(count.c_str());
  args.push_back(self.c_str());
  for (const char *a : rest)
    args.push_back(a);
  // On by default on a terminal, as without -n.
  if (!progressGiven && isatty(STDERR_FILENO))
    args.push_back("--progress=bar");
  // The bar must fit the terminal, whose width the ranks cannot ask for.
  struct winsize size;
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    setenv("COLUMNS", std::to_string(size.ws_col).c_str(), 1);
  args.push_back(nullptr);

  fflush(stdout);
  fflush(stderr);
  if (strchr(mpirun.c_str(), '/'))
    execv(mpirun.c_str(), const_cast<char *const *>(args.data()));
  else
    execvp(mpirun.c_str(), const_cast<char *const *>(args.data()));
  failf("-n %d: cannot run '%s': %s (set BRIDGE_MPIRUN to an mpirun, or "
        "start the program under an MPI launcher)",
        ranks, mpirun.c_str(), strerror(errno));
}
