//===- VersionChoice.cpp - bridge_rt_version ------------------------------===//
//
// Runs before MPI starts, so it only reads: the chosen version's
// bridge_rt_init reports what is wrong with the values.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"
#include "SetOption.h"
#include "bridge/runtime.h"
#include "bridge/versions.h"

#include <string>

namespace {
std::string error;
} // namespace

const char *bridge::rt::versionError() {
  return error.empty() ? nullptr : error.c_str();
}

extern "C" int32_t bridge_rt_version(int32_t argc, char **argv,
                                     const char *table) {
  bridge::plan::VersionTable versions;
  std::string problem;
  if (!table || !bridge::plan::parse(table, versions, problem))
    bridge_rt_fail(("the embedded version table is unreadable: " + problem)
                       .c_str());
  bridge::plan::ParamSettings settings;
  for (int i = 1; argv && i < argc; ++i)
    if (argv[i] && bridge::rt::readSetOption(argc, argv, &i, settings,
                                             problem) ==
                       bridge::rt::SetOption::Other &&
        bridge::rt::optionTakesValue(argv[i]))
      ++i;
  const bridge::plan::VersionTable::Choice *choice =
      bridge::plan::choose(versions, settings);
  if (!choice)
    return 0;
  error = choice->error;
  return choice->version;
}
