//===- TargetCheck.cpp - The CPU a program was compiled for, checked ------===//
//
// A program compiled for CPU features this CPU lacks would die of SIGILL
// somewhere in its pipeline. bridge_rt_init checks the features the compiler
// recorded (bridge_rt_set_target) against cpuid first and ends the job with a
// message that names the missing features and the --mcpu to use instead.
// The runtime itself is compiled for the generic CPU, so it runs anywhere.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <stdlib.h>
#include <string.h>

#include <string>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define BRIDGE_RT_CHECKS_CPU 1
#endif

namespace {

const char *targetDescription = nullptr;

/// Splits `text` at `separator`, dropping empty pieces.
std::vector<std::string> split(const std::string &text, char separator) {
  std::vector<std::string> pieces;
  size_t begin = 0;
  while (begin <= text.size()) {
    size_t end = text.find(separator, begin);
    if (end == std::string::npos)
      end = text.size();
    if (end > begin)
      pieces.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return pieces;
}

std::string join(const std::vector<std::string> &names) {
  std::string text;
  for (const std::string &name : names)
    text += (text.empty() ? "" : ", ") + name;
  return text;
}

#ifdef BRIDGE_RT_CHECKS_CPU

enum Register { EAX, EBX, ECX, EDX };
/// The register state the OS must save for a feature's instructions.
enum class State { None, YMM, ZMM };

/// An x86 feature by its LLVM name (as in target-features) and where cpuid
/// reports it.
struct Feature {
  const char *name;
  unsigned leaf, subleaf;
  Register reg;
  unsigned bit;
  State state;
  /// Every x86-64 CPU has it: not worth naming among what a program needs.
  bool baseline;
};

const Feature features[] = {
    {"cx8", 1, 0, EDX, 8, State::None, true},
    {"cmov", 1, 0, EDX, 15, State::None, true},
    {"mmx", 1, 0, EDX, 23, State::None, true},
    {"fxsr", 1, 0, EDX, 24, State::None, true},
    {"sse", 1, 0, EDX, 25, State::None, true},
    {"sse2", 1, 0, EDX, 26, State::None, true},
    {"sse3", 1, 0, ECX, 0, State::None, false},
    {"pclmul", 1, 0, ECX, 1, State::None, false},
    {"ssse3", 1, 0, ECX, 9, State::None, false},
    {"fma", 1, 0, ECX, 12, State::YMM, false},
    {"cx16", 1, 0, ECX, 13, State::None, false},
    {"sse4.1", 1, 0, ECX, 19, State::None, false},
    {"sse4.2", 1, 0, ECX, 20, State::None, false},
    {"movbe", 1, 0, ECX, 22, State::None, false},
    {"popcnt", 1, 0, ECX, 23, State::None, false},
    {"aes", 1, 0, ECX, 25, State::None, false},
    {"xsave", 1, 0, ECX, 26, State::None, false},
    {"avx", 1, 0, ECX, 28, State::YMM, false},
    {"f16c", 1, 0, ECX, 29, State::YMM, false},
    {"rdrnd", 1, 0, ECX, 30, State::None, false},
    {"fsgsbase", 7, 0, EBX, 0, State::None, false},
    {"bmi", 7, 0, EBX, 3, State::None, false},
    {"avx2", 7, 0, EBX, 5, State::YMM, false},
    {"bmi2", 7, 0, EBX, 8, State::None, false},
    {"invpcid", 7, 0, EBX, 10, State::None, false},
    {"avx512f", 7, 0, EBX, 16, State::ZMM, false},
    {"avx512dq", 7, 0, EBX, 17, State::ZMM, false},
    {"rdseed", 7, 0, EBX, 18, State::None, false},
    {"adx", 7, 0, EBX, 19, State::None, false},
    {"avx512ifma", 7, 0, EBX, 21, State::ZMM, false},
    {"clflushopt", 7, 0, EBX, 23, State::None, false},
    {"clwb", 7, 0, EBX, 24, State::None, false},
    {"avx512cd", 7, 0, EBX, 28, State::ZMM, false},
    {"sha", 7, 0, EBX, 29, State::None, false},
    {"avx512bw", 7, 0, EBX, 30, State::ZMM, false},
    {"avx512vl", 7, 0, EBX, 31, State::ZMM, false},
    {"avx512vbmi", 7, 0, ECX, 1, State::ZMM, false},
    {"pku", 7, 0, ECX, 3, State::None, false},
    {"waitpkg", 7, 0, ECX, 5, State::None, false},
    {"avx512vbmi2", 7, 0, ECX, 6, State::ZMM, false},
    {"gfni", 7, 0, ECX, 8, State::None, false},
    {"vaes", 7, 0, ECX, 9, State::YMM, false},
    {"vpclmulqdq", 7, 0, ECX, 10, State::YMM, false},
    {"avx512vnni", 7, 0, ECX, 11, State::ZMM, false},
    {"avx512bitalg", 7, 0, ECX, 12, State::ZMM, false},
    {"avx512vpopcntdq", 7, 0, ECX, 14, State::ZMM, false},
    {"rdpid", 7, 0, ECX, 22, State::None, false},
    {"movdiri", 7, 0, ECX, 27, State::None, false},
    {"movdir64b", 7, 0, ECX, 28, State::None, false},
    {"serialize", 7, 0, EDX, 14, State::None, false},
    {"avx512fp16", 7, 0, EDX, 23, State::ZMM, false},
    {"avxvnni", 7, 1, EAX, 4, State::YMM, false},
    {"avx512bf16", 7, 1, EAX, 5, State::ZMM, false},
    {"xsaveopt", 0xd, 1, EAX, 0, State::None, false},
    {"xsavec", 0xd, 1, EAX, 1, State::None, false},
    {"xsaves", 0xd, 1, EAX, 3, State::None, false},
    {"sahf", 0x80000001, 0, ECX, 0, State::None, false},
    {"lzcnt", 0x80000001, 0, ECX, 5, State::None, false},
    {"sse4a", 0x80000001, 0, ECX, 6, State::None, false},
    {"prfchw", 0x80000001, 0, ECX, 8, State::None, false},
    {"xop", 0x80000001, 0, ECX, 11, State::YMM, false},
    {"fma4", 0x80000001, 0, ECX, 16, State::YMM, false},
    {"tbm", 0x80000001, 0, ECX, 21, State::None, false},
};
constexpr size_t numFeatures = sizeof(features) / sizeof(features[0]);

/// The x86-64 microarchitecture levels, each with what it adds to the one
/// before (as LLVM and the psABI define them).
struct Level {
  const char *cpu;
  const char *adds;
};
const Level levels[] = {
    {"x86-64", ""},
    {"x86-64-v2", "cx16,sahf,popcnt,sse3,sse4.1,sse4.2,ssse3"},
    {"x86-64-v3", "avx,avx2,bmi,bmi2,f16c,fma,lzcnt,movbe,xsave"},
    {"x86-64-v4", "avx512f,avx512bw,avx512cd,avx512dq,avx512vl"},
};
constexpr int numLevels = sizeof(levels) / sizeof(levels[0]);

int featureIndex(const std::string &name) {
  for (size_t i = 0; i < numFeatures; ++i)
    if (name == features[i].name)
      return int(i);
  return -1;
}

/// present[i]: whether this CPU (and its OS) supports features[i], less
/// those BRIDGE_MASK_CPU_FEATURES names.
std::vector<int> presentFeatures() {
  std::vector<int> present(numFeatures, 0);
  unsigned maxLeaf = __get_cpuid_max(0, nullptr);
  unsigned maxExtended = __get_cpuid_max(0x80000000, nullptr);
  unsigned a, b, c, d;
  bool osxsave = __get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 27));
  unsigned long long xcr0 = 0;
  if (osxsave) {
    unsigned lo, hi;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    xcr0 = (static_cast<unsigned long long>(hi) << 32) | lo;
  }
  bool ymm = (xcr0 & 0x6) == 0x6;
  bool zmm = (xcr0 & 0xe6) == 0xe6;
  for (size_t i = 0; i < numFeatures; ++i) {
    const Feature &f = features[i];
    unsigned max = f.leaf >= 0x80000000 ? maxExtended : maxLeaf;
    if (f.leaf > max)
      continue;
    unsigned regs[4] = {0, 0, 0, 0};
    __cpuid_count(f.leaf, f.subleaf, regs[EAX], regs[EBX], regs[ECX],
                  regs[EDX]);
    bool state = f.state == State::None || (f.state == State::YMM && ymm) ||
                 (f.state == State::ZMM && zmm);
    present[i] = (regs[f.reg] >> f.bit & 1) && state;
  }
  if (const char *mask = getenv("BRIDGE_MASK_CPU_FEATURES"))
    for (const std::string &name : split(mask, ','))
      if (int i = featureIndex(name); i >= 0)
        present[size_t(i)] = 0;
  return present;
}

/// The highest x86-64 level whose features are all present.
int bestLevel(const std::vector<int> &present) {
  int best = 0;
  for (int level = 1; level < numLevels; ++level) {
    for (const std::string &name : split(levels[level].adds, ','))
      if (!present[size_t(featureIndex(name))])
        return best;
    best = level;
  }
  return best;
}

#endif // BRIDGE_RT_CHECKS_CPU

} // namespace

extern "C" void bridge_rt_set_target(const char *target) {
  targetDescription = target;
}

void bridge::rt::checkTarget() {
#ifdef BRIDGE_RT_CHECKS_CPU
  if (!targetDescription)
    return;
  std::string description = targetDescription;
  size_t semicolon = description.find(';');
  std::string cpu = description.substr(0, semicolon);
  std::vector<std::string> enabled;
  if (semicolon != std::string::npos)
    enabled = split(description.substr(semicolon + 1), ',');

  // Each rank tests its own CPU; the job stops when any lacks a feature.
  std::vector<int> present = presentFeatures();
  std::vector<int> needed(numFeatures, 0), lacking(numFeatures, 0);
  for (const std::string &name : enabled)
    if (int i = featureIndex(name); i >= 0)
      needed[size_t(i)] = 1;
  for (size_t i = 0; i < numFeatures; ++i)
    lacking[i] = needed[i] && !present[i];
  int level = bestLevel(present);
  MPI_Comm c = comm();
  checkMPI(MPI_Allreduce(MPI_IN_PLACE, lacking.data(), int(numFeatures),
                         MPI_INT, MPI_LOR, c),
           "MPI_Allreduce");
  checkMPI(MPI_Allreduce(MPI_IN_PLACE, &level, 1, MPI_INT, MPI_MIN, c),
           "MPI_Allreduce");
  std::vector<std::string> neededNames, lackingNames;
  for (size_t i = 0; i < numFeatures; ++i) {
    if (needed[i] && !features[i].baseline)
      neededNames.push_back(features[i].name);
    if (lacking[i])
      lackingNames.push_back(features[i].name);
  }
  if (lackingNames.empty())
    return;
  std::string message = "error: this program was compiled for " + cpu +
                        " (needs " + join(neededNames) +
                        "); this CPU lacks " + join(lackingNames) +
                        ": recompile with --mcpu=native or --mcpu=" +
                        levels[level].cpu;
  exitTogether(message.c_str());
#endif
}
