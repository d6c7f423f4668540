//===- ReplayMain.cpp - Runs a fuzz target on saved inputs ----------------===//
//
// Linked with a libFuzzer target instead of libFuzzer: runs the target once
// on each file named on the command line, and on each file inside each
// directory named there, then prints "checked N inputs". A target that traps
// or crashes ends the program, as it ends the fuzzer.
//
//===----------------------------------------------------------------------===//

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

void runOn(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fprintf(stderr, "cannot read %s\n", path.c_str());
    exit(2);
  }
  // A buffer of exactly the input's size, as libFuzzer gives.
  std::vector<uint8_t> input((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  input.shrink_to_fit();
  LLVMFuzzerTestOneInput(input.data(), input.size());
}

} // namespace

int main(int argc, char **argv) {
  std::vector<std::filesystem::path> inputs;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path arg(argv[i]);
    if (!std::filesystem::is_directory(arg)) {
      inputs.push_back(arg);
      continue;
    }
    for (const auto &entry : std::filesystem::directory_iterator(arg))
      if (entry.is_regular_file())
        inputs.push_back(entry.path());
  }
  std::sort(inputs.begin(), inputs.end());
  for (const std::filesystem::path &path : inputs) {
    fprintf(stderr, "%s\n", path.c_str());
    runOn(path);
  }
  printf("checked %zu inputs\n", inputs.size());
  return 0;
}
