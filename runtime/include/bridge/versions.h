//===- bridge/versions.h - The version of a program its parameters choose -===//
//
// An `axis=` argument (or `diff`'s order) may name an i64 parameter. The axis
// decides the shapes and the loops of everything that follows, so the
// compiler builds one version of the pipeline for each set of axes the
// parameters can name (a value from -4 to 3 each: no array has more than 4
// axes; an order takes the values from 0 to 3 of them) and the program's
// main runs the one its `--set` values choose (bridge_rt_version). A
// combination that no version accepts (e.g. shapes that do not broadcast
// along that axis) carries the error the compiler found for it; a value out
// of range is left to the range check every version's size program holds.
//
// The text form the compiler embeds:
//   bridge-versions 1
//   param NAME [DEFAULT]          (each parameter that gives an axis or order)
//   choice VERSION VALUE...       (a value per parameter, in order)
//   fail VALUE... MESSAGE         ("file:line:col: error: ...")
//
// Plain C++: no MPI, no LLVM.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_VERSIONS_H
#define BRIDGE_VERSIONS_H

#include "bridge/sizes.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bridge::plan {

/// The values an axis parameter is tried with.
constexpr int64_t kFirstAxisValue = -4, kLastAxisValue = 3;

struct VersionTable {
  struct Param {
    std::string name;
    /// The default as the user wrote it; absent for a required parameter.
    std::optional<std::string> defaultText;
  };
  struct Choice {
    std::vector<int64_t> values; // one per parameter
    int version = 0;
    std::string error; // non-empty: no version runs with these values
  };
  std::vector<Param> params;
  std::vector<Choice> choices;
};

std::string serialize(const VersionTable &table);

/// Parses the text form; returns false and sets `error` on malformed text.
bool parse(std::string_view text, VersionTable &table, std::string &error);

/// The choice that `settings` (a later setting of a name wins) or else the
/// defaults make. Null when a parameter has no value, a value is not an
/// integer, or no choice has the values: version 0 then runs and its own
/// checks report the problem.
const VersionTable::Choice *choose(const VersionTable &table,
                                   const ParamSettings &settings);

} // namespace bridge::plan

#endif // BRIDGE_VERSIONS_H
