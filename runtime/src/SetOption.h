//===- SetOption.h - `--set NAME=VALUE` on the command line -----*- C++ -*-===//
//
// The one way to give a generated program's parameters their values. Plain
// C++ without MPI, so that the fuzzer drives the same code.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_RUNTIME_SETOPTION_H
#define BRIDGE_RUNTIME_SETOPTION_H

#include "bridge/sizes.h"

#include <string>

namespace bridge::rt {

enum class SetOption {
  Other,    // another argument
  Read,     // a setting, appended
  Malformed // `--set` without NAME=VALUE
};

/// Reads `--set NAME=VALUE` or `--set=NAME=VALUE` at argv[*i] into
/// `settings`, advancing *i past a separate value. On Malformed, `error` says
/// what is wrong.
SetOption readSetOption(int argc, char *const *argv, int *i,
                        plan::ParamSettings &settings, std::string &error);

} // namespace bridge::rt

#endif // BRIDGE_RUNTIME_SETOPTION_H
