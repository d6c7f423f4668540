//===- SetOption.cpp - `--set NAME=VALUE` on a program's command line -----===//
#include "SetOption.h"

#include <cstring>

using namespace bridge;

rt::SetOption rt::readSetOption(int argc, char *const *argv, int *i,
                                plan::ParamSettings &settings,
                                std::string &error) {
  const char *arg = argv[*i];
  const char *value = nullptr;
  if (!strcmp(arg, "--set")) {
    if (*i + 1 >= argc || !argv[*i + 1]) {
      error = "option '--set' needs NAME=VALUE, e.g. '--set n=1000'";
      return SetOption::Malformed;
    }
    value = argv[++*i];
  } else if (!strncmp(arg, "--set=", 6)) {
    value = arg + 6;
  } else {
    return SetOption::Other;
  }
  if (std::optional<std::string> problem =
          plan::parseSetting(value, settings)) {
    error = "option '--set': " + *problem + " (e.g. '--set n=1000')";
    return SetOption::Malformed;
  }
  return SetOption::Read;
}
