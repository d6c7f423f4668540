//===- VersionsTest.cpp - The version table of a program in versions ------===//
#include "bridge/versions.h"

#include <gtest/gtest.h>

using namespace bridge::plan;

namespace {

VersionTable twoParams() {
  VersionTable table;
  table.params = {{"k", "1"}, {"j", std::nullopt}};
  table.choices = {{{0, 0}, 0, ""},
                   {{1, 0}, 1, ""},
                   {{1, -1}, 0, "p.bdsl:3:9: error: shapes [2, 3] and [3] cannot broadcast"}};
  return table;
}

TEST(Versions, TextFormRoundTrips) {
  VersionTable table = twoParams();
  std::string text = serialize(table);
  EXPECT_EQ(text, "bridge-versions 1\nparam k 1\nparam j\nchoice 0 0 0\n"
                  "choice 1 1 0\nfail 1 -1 p.bdsl:3:9: error: shapes [2, 3] "
                  "and [3] cannot broadcast\n");
  VersionTable parsed;
  std::string error;
  ASSERT_TRUE(parse(text, parsed, error)) << error;
  EXPECT_EQ(serialize(parsed), text);
}

TEST(Versions, MalformedTextIsRejected) {
  VersionTable table;
  std::string error;
  for (const char *text :
       {"", "bridge-versions 2\n", "bridge-versions 1\nchoice 0\nparam k\n",
        "bridge-versions 1\nparam k\nchoice 0\n",
        "bridge-versions 1\nparam k\nchoice -1 0\n",
        "bridge-versions 1\nparam k\nchoice 0 0 0\n",
        "bridge-versions 1\nparam k\nfail 0\n",
        "bridge-versions 1\nparam k\nwhat 0\n"})
    EXPECT_FALSE(parse(text, table, error)) << text;
}

TEST(Versions, SettingsThenDefaultsChoose) {
  VersionTable table = twoParams();
  // j has no default: no choice, version 0 reports the missing parameter.
  EXPECT_EQ(choose(table, {}), nullptr);
  const VersionTable::Choice *c = choose(table, {{"j", "0"}});
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->version, 1);
  // A later setting of a name wins; integers as the language writes them.
  c = choose(table, {{"k", "1"}, {"j", "-1"}, {"k", "0"}, {"j", "0_0"}});
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->version, 0);
  c = choose(table, {{"j", "-1"}});
  ASSERT_NE(c, nullptr);
  EXPECT_NE(c->error.find("cannot broadcast"), std::string::npos);
  // Values that are not integers, or that no choice has.
  EXPECT_EQ(choose(table, {{"j", "x"}}), nullptr);
  EXPECT_EQ(choose(table, {{"j", "0.5"}}), nullptr);
  EXPECT_EQ(choose(table, {{"j", "7"}}), nullptr);
}

} // namespace
