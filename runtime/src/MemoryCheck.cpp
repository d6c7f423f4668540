//===- MemoryCheck.cpp - Fail early when the pipeline cannot fit ---------===//
//
// Before the pipeline runs, each rank compares its peak memory under the
// embedded placement plan, resolved for the sizes of the run
// (bridge::plan::PlacementModel, for this rank alone), with what it may use:
//
//  - BRIDGE_MEMORY_LIMIT, when set (bytes, with an optional K, M, G or T
//    suffix, powers of 1024; "none" turns the check off);
//  - the memory cgroup of the process (v2 memory.max, v1
//    memory.limit_in_bytes, the smallest along the path to the root) less what
//    it already uses, shared among the ranks of this node in that cgroup;
//  - RLIMIT_AS less the address space in use, RLIMIT_DATA less the data in
//    use;
//  - MemAvailable from /proc/meminfo, shared among the ranks of this node
//    (MPI_Comm_split_type MPI_COMM_TYPE_SHARED).
//
// A pipeline that does not fit then ends with one message naming a rank, what
// it needs and what it has, instead of meeting the kernel's OOM killer
// halfway through.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include "bridge/plan.h"

#include <sys/resource.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <string>
#include <vector>

namespace {

constexpr int64_t kUnlimited = INT64_MAX;

/// A limit and where it comes from, for the message.
struct Limit {
  int64_t bytes = kUnlimited;
  std::string source;
};

void lower(Limit &limit, int64_t bytes, const std::string &source) {
  if (bytes < 0)
    bytes = 0;
  if (bytes < limit.bytes) {
    limit.bytes = bytes;
    limit.source = source;
  }
}

/// "12.3 MiB".
std::string human(int64_t bytes) {
  static const char *const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB",
                                      "PiB"};
  double v = double(bytes);
  int u = 0;
  while (v >= 1024 && u < 5) {
    v /= 1024;
    ++u;
  }
  char text[32];
  if (u == 0)
    snprintf(text, sizeof(text), "%lld bytes", (long long)bytes);
  else
    snprintf(text, sizeof(text), "%.1f %s", v, units[u]);
  return text;
}

bool readFile(const std::string &path, std::string &out) {
  FILE *f = fopen(path.c_str(), "r");
  if (!f)
    return false;
  out.clear();
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
    out.append(buf, n);
  fclose(f);
  return true;
}

/// The first number in a file ("max" and unreadable files give false).
bool readNumber(const std::string &path, int64_t &value) {
  std::string text;
  if (!readFile(path, text))
    return false;
  const char *s = text.c_str();
  while (*s == ' ' || *s == '\t')
    ++s;
  if (!isdigit(static_cast<unsigned char>(*s)))
    return false;
  char *end = nullptr;
  unsigned long long v = strtoull(s, &end, 10);
  value = v > (unsigned long long)INT64_MAX ? kUnlimited : int64_t(v);
  return true;
}

/// The value of `key` (followed by a space or a colon) in a "key value" file
/// such as memory.stat or /proc/meminfo, times `scale`.
bool readKey(const std::string &path, const char *key, int64_t scale,
             int64_t &value) {
  std::string text;
  if (!readFile(path, text))
    return false;
  size_t len = strlen(key);
  for (size_t pos = 0; pos < text.size();) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos)
      eol = text.size();
    if (text.compare(pos, len, key) == 0 && pos + len < eol &&
        (text[pos + len] == ' ' || text[pos + len] == ':')) {
      long long v = atoll(text.c_str() + pos + len + 1);
      value = v < 0 ? 0 : int64_t(v) * scale;
      return true;
    }
    pos = eol + 1;
  }
  return false;
}

/// Parses BRIDGE_MEMORY_LIMIT: digits with an optional K/M/G/T suffix
/// (powers of 1024, optionally followed by "iB" or "B").
bool parseBytes(const char *text, int64_t &bytes) {
  const char *s = text;
  while (isspace(static_cast<unsigned char>(*s)))
    ++s;
  if (!isdigit(static_cast<unsigned char>(*s)))
    return false;
  char *end = nullptr;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno)
    return false;
  int shift = 0;
  switch (toupper(static_cast<unsigned char>(*end))) {
  case 'K': shift = 10; ++end; break;
  case 'M': shift = 20; ++end; break;
  case 'G': shift = 30; ++end; break;
  case 'T': shift = 40; ++end; break;
  default: break;
  }
  if (shift && (*end == 'i' || *end == 'I'))
    ++end;
  if (*end == 'B' || *end == 'b')
    ++end;
  while (isspace(static_cast<unsigned char>(*end)))
    ++end;
  if (*end || v > ((unsigned long long)INT64_MAX >> shift))
    return false;
  bytes = int64_t(v << shift);
  return true;
}

/// The memory cgroup directory of this process and its limit, walking up to
/// the root of the hierarchy; empty when there is none.
struct CgroupInfo {
  std::string dir;
  int64_t limit = kUnlimited; // smallest along the path
  int64_t used = 0;           // working set: usage less inactive file cache
};

/// Where the hierarchy holding `controller` ("" for cgroup v2) is mounted,
/// and its root inside the hierarchy, from /proc/self/mountinfo.
bool findMount(const char *controller, std::string &mountPoint,
               std::string &mountRoot) {
  std::string info;
  if (!readFile("/proc/self/mountinfo", info))
    return false;
  size_t pos = 0;
  while (pos < info.size()) {
    size_t eol = info.find('\n', pos);
    if (eol == std::string::npos)
      eol = info.size();
    std::string line = info.substr(pos, eol - pos);
    pos = eol + 1;
    // id parent major:minor root mountpoint options [optional...] - type
    // source superoptions
    std::vector<std::string> f;
    for (size_t a = 0; a < line.size();) {
      size_t b = line.find(' ', a);
      if (b == std::string::npos)
        b = line.size();
      f.push_back(line.substr(a, b - a));
      a = b + 1;
    }
    size_t dash = 0;
    while (dash < f.size() && f[dash] != "-")
      ++dash;
    if (f.size() < 5 || dash + 3 > f.size())
      continue;
    const std::string &type = f[dash + 1];
    if (!*controller) {
      if (type != "cgroup2")
        continue;
    } else {
      if (type != "cgroup")
        continue;
      std::string opts = "," + f[dash + 3] + ",";
      if (opts.find(std::string(",") + controller + ",") == std::string::npos)
        continue;
    }
    mountRoot = f[3];
    mountPoint = f[4];
    return true;
  }
  return false;
}

CgroupInfo findCgroup() {
  CgroupInfo info;
  std::string lines;
  if (!readFile("/proc/self/cgroup", lines))
    return info;
  // Lines are "id:controllers:path": v2 is "0::path", v1 lists "memory".
  std::string v1Path, v2Path;
  bool haveV1 = false, haveV2 = false;
  size_t pos = 0;
  while (pos < lines.size()) {
    size_t eol = lines.find('\n', pos);
    if (eol == std::string::npos)
      eol = lines.size();
    std::string line = lines.substr(pos, eol - pos);
    pos = eol + 1;
    size_t c1 = line.find(':');
    size_t c2 = c1 == std::string::npos ? c1 : line.find(':', c1 + 1);
    if (c2 == std::string::npos)
      continue;
    std::string controllers = "," + line.substr(c1 + 1, c2 - c1 - 1) + ",";
    std::string path = line.substr(c2 + 1);
    if (controllers == ",,") {
      v2Path = path;
      haveV2 = true;
    } else if (controllers.find(",memory,") != std::string::npos) {
      v1Path = path;
      haveV1 = true;
    }
  }
  // A v1 memory controller takes precedence: on a hybrid system the v2
  // hierarchy then has no memory controller.
  bool v1 = haveV1;
  if (!v1 && !haveV2)
    return info;
  std::string mountPoint, mountRoot;
  if (!findMount(v1 ? "memory" : "", mountPoint, mountRoot))
    return info;
  std::string path = v1 ? v1Path : v2Path;
  // Inside a cgroup namespace or a container the path may start at the
  // mount's root.
  if (mountRoot != "/" && path.compare(0, mountRoot.size(), mountRoot) == 0)
    path = path.substr(mountRoot.size());
  if (path == "/")
    path.clear();
  info.dir = mountPoint + path;

  const char *limitFile = v1 ? "memory.limit_in_bytes" : "memory.max";
  const char *usageFile = v1 ? "memory.usage_in_bytes" : "memory.current";
  const char *inactiveKey = v1 ? "total_inactive_file" : "inactive_file";
  // The smallest limit from this cgroup up to the mount point.
  std::string dir = info.dir;
  while (true) {
    int64_t limit = 0;
    if (readNumber(dir + "/" + limitFile, limit) && limit < info.limit)
      info.limit = limit;
    if (dir.size() <= mountPoint.size())
      break;
    size_t slash = dir.rfind('/');
    if (slash == std::string::npos || slash < mountPoint.size())
      break;
    dir.resize(slash);
  }
  // v1 reports "no limit" as a huge page-aligned number.
  if (info.limit >= (int64_t(1) << 60))
    info.limit = kUnlimited;
  int64_t usage = 0, inactive = 0;
  if (readNumber(info.dir + "/" + usageFile, usage)) {
    readKey(info.dir + "/memory.stat", inactiveKey, 1, inactive);
    info.used = usage > inactive ? usage - inactive : 0;
  }
  return info;
}

/// FNV-1a, to tell which ranks of a node share a cgroup.
uint64_t hashOf(const std::string &text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

} // namespace

void bridge::rt::checkMemoryLimit(const bridge::plan::Plan &plan) {
  MPI_Comm c = comm();
  int rank = bridge_rt_rank(), size = bridge_rt_size();

  const char *env = getenv("BRIDGE_MEMORY_LIMIT");
  if (env && !strcmp(env, "none"))
    return;
  Limit limit;
  bool envOk = true;
  if (env && *env) {
    int64_t bytes = 0;
    envOk = parseBytes(env, bytes);
    if (envOk)
      lower(limit, bytes, "BRIDGE_MEMORY_LIMIT");
  }
  if (!envOk) {
    char msg[512];
    snprintf(msg, sizeof(msg),
             "BRIDGE_MEMORY_LIMIT='%.100s' is not a byte count (digits with "
             "an optional K, M, G or T suffix, or 'none')",
             env);
    agreeOrFail(false, msg);
  }

  // Ranks on this node, and those of them in the same memory cgroup.
  MPI_Comm node = MPI_COMM_NULL;
  checkMPI(MPI_Comm_split_type(c, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL,
                               &node),
           "MPI_Comm_split_type");
  int nodeRanks = 1;
  MPI_Comm_size(node, &nodeRanks);
  CgroupInfo cg = findCgroup();
  uint64_t myCgroup = hashOf(cg.dir);
  std::vector<uint64_t> cgroups(size_t(nodeRanks), 0);
  checkMPI(MPI_Allgather(&myCgroup, 1, MPI_UINT64_T, cgroups.data(), 1,
                         MPI_UINT64_T, node),
           "MPI_Allgather");
  MPI_Comm_free(&node);
  int sharing = 0;
  for (uint64_t h : cgroups)
    sharing += h == myCgroup;

  char source[256];
  if (cg.limit != kUnlimited) {
    snprintf(source, sizeof(source),
             "the memory cgroup %s allows %s, %s in use, shared by %d rank%s "
             "on this node",
             cg.dir.c_str(), human(cg.limit).c_str(), human(cg.used).c_str(),
             sharing, sharing == 1 ? "" : "s");
    lower(limit, (cg.limit - cg.used) / std::max(sharing, 1), source);
  }
  struct rlimit rl;
  int64_t inUse = 0;
  if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
      readKey("/proc/self/status", "VmSize", 1024, inUse)) {
    snprintf(source, sizeof(source),
             "RLIMIT_AS (ulimit -v) is %s, %s of address space in use",
             human(int64_t(rl.rlim_cur)).c_str(), human(inUse).c_str());
    lower(limit, int64_t(rl.rlim_cur) - inUse, source);
  }
  if (getrlimit(RLIMIT_DATA, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
      readKey("/proc/self/status", "VmData", 1024, inUse)) {
    snprintf(source, sizeof(source),
             "RLIMIT_DATA (ulimit -d) is %s, %s in use",
             human(int64_t(rl.rlim_cur)).c_str(), human(inUse).c_str());
    lower(limit, int64_t(rl.rlim_cur) - inUse, source);
  }
  int64_t available = 0;
  if (readKey("/proc/meminfo", "MemAvailable", 1024, available)) {
    snprintf(source, sizeof(source),
             "MemAvailable is %s, shared by %d rank%s on this node",
             human(available).c_str(), nodeRanks, nodeRanks == 1 ? "" : "s");
    lower(limit, available / nodeRanks, source);
  }

  // This rank's own share only: the cost does not grow with the rank count.
  int64_t need =
      bridge::plan::PlacementModel(plan, size).rank(rank).stats.peakBytes;
  bool ok = need <= limit.bytes;

  // How many ranks lack memory, and which needs the most, for the message.
  int lacking = ok ? 0 : 1, lackingRanks = 0;
  checkMPI(MPI_Allreduce(&lacking, &lackingRanks, 1, MPI_INT, MPI_SUM, c),
           "MPI_Allreduce");
  if (lackingRanks == 0)
    return;
  int64_t most = 0;
  checkMPI(MPI_Allreduce(&need, &most, 1, MPI_INT64_T, MPI_MAX, c),
           "MPI_Allreduce");
  int mine = need == most ? rank : size, mostRank = 0;
  checkMPI(MPI_Allreduce(&mine, &mostRank, 1, MPI_INT, MPI_MIN, c),
           "MPI_Allreduce");
  char msg[1024] = "";
  if (!ok) {
    char others[160] = "";
    if (lackingRanks > 1)
      snprintf(others, sizeof(others),
               " (%d of %d ranks lack memory; rank %d needs the most, %lld "
               "bytes)",
               lackingRanks, size, mostRank, (long long)most);
    snprintf(msg, sizeof(msg),
             "not enough memory: rank %d needs %lld bytes (%s, peak, from the "
             "placement plan) but may use only %lld (%s: %s); run on more "
             "ranks or nodes%s",
             rank, (long long)need, human(need).c_str(),
             (long long)limit.bytes, human(limit.bytes).c_str(),
             limit.source.c_str(), others);
  }
  agreeOrFail(ok, msg);
}
