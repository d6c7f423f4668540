//===- Versions.cpp - The version of a program its parameters choose ------===//
#include "bridge/versions.h"

#include <sstream>

using namespace bridge::plan;

std::string bridge::plan::serialize(const VersionTable &table) {
  std::ostringstream os;
  os << "bridge-versions 1\n";
  for (const VersionTable::Param &p : table.params) {
    os << "param " << p.name;
    if (p.defaultText)
      os << ' ' << *p.defaultText;
    os << '\n';
  }
  for (const VersionTable::Choice &c : table.choices) {
    if (c.error.empty())
      os << "choice " << c.version;
    else
      os << "fail";
    for (int64_t v : c.values)
      os << ' ' << v;
    if (!c.error.empty())
      os << ' ' << c.error;
    os << '\n';
  }
  return os.str();
}

bool bridge::plan::parse(std::string_view text, VersionTable &table,
                         std::string &error) {
  table = VersionTable();
  std::istringstream lines{std::string(text)};
  std::string line;
  if (!std::getline(lines, line) || line != "bridge-versions 1") {
    error = "not a version table";
    return false;
  }
  for (int number = 2; std::getline(lines, line); ++number) {
    std::istringstream words(line);
    std::string kind;
    words >> kind;
    bool ok = true;
    if (kind == "param" && table.choices.empty()) {
      VersionTable::Param p;
      std::string value;
      ok = bool(words >> p.name);
      if (words >> value)
        p.defaultText = value;
      table.params.push_back(std::move(p));
    } else if (kind == "choice" || kind == "fail") {
      VersionTable::Choice c;
      if (kind == "choice")
        ok = words >> c.version && c.version >= 0;
      c.values.resize(table.params.size());
      for (int64_t &v : c.values)
        ok = ok && words >> v;
      if (kind == "fail") {
        std::getline(words >> std::ws, c.error);
        ok = ok && !c.error.empty();
      }
      table.choices.push_back(std::move(c));
    } else {
      ok = false;
    }
    std::string extra;
    if (!ok || (kind != "fail" && words >> extra)) {
      error = "version table line " + std::to_string(number) + " is malformed";
      return false;
    }
  }
  return true;
}

const VersionTable::Choice *bridge::plan::choose(const VersionTable &table,
                                                 const ParamSettings &settings) {
  std::vector<int64_t> values;
  for (const VersionTable::Param &p : table.params) {
    const std::string *text = p.defaultText ? &*p.defaultText : nullptr;
    for (const auto &[name, value] : settings)
      if (name == p.name)
        text = &value;
    ParamValue value;
    if (!text || parseParamValue(ParamType::I64, *text, value))
      return nullptr;
    values.push_back(value.i);
  }
  for (const VersionTable::Choice &c : table.choices)
    if (c.values == values)
      return &c;
  return nullptr;
}
