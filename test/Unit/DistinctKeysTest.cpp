//===- DistinctKeysTest.cpp - The distinct keys of unique(x) --------------===//
#include "DistinctKeys.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

using bridge::rt::DistinctKeys;

namespace {

/// Adds `keys` in blocks of `block` and checks the result against a sort.
void expectDistinct(const std::vector<uint64_t> &keys, int64_t block,
                    const char *what) {
  DistinctKeys distinct;
  for (size_t first = 0; first < keys.size(); first += size_t(block))
    distinct.add(keys.data() + first,
                 std::min<int64_t>(block, int64_t(keys.size() - first)));
  int64_t n = -1;
  const uint64_t *got = distinct.finish(&n);
  std::vector<uint64_t> expected = keys;
  std::sort(expected.begin(), expected.end());
  expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
  ASSERT_EQ(n, int64_t(expected.size())) << what;
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), got)) << what;
}

TEST(DistinctKeys, FewKeysStayHashed) {
  std::mt19937_64 rng(3);
  std::vector<uint64_t> keys;
  for (int i = 0; i < 300'000; ++i)
    keys.push_back(rng() % 1000 * 0x100000001ull); // 0 is one of them
  expectDistinct(keys, 7'001, "few keys");
  expectDistinct({0, 0, 0}, 2, "only zero");
  expectDistinct({}, 5, "nothing");
  expectDistinct({~0ull, 1, ~0ull, 1}, 1, "extremes");
  expectDistinct(keys, 1, "few keys one at a time");
}

TEST(DistinctKeys, ManyKeysAreMergedAsTheyDouble) {
  // Past the hash set's bound: distinct keys with repeats that come back
  // late, so that the merges must find them among the earlier ones.
  std::mt19937_64 rng(5);
  std::vector<uint64_t> keys;
  int64_t many = DistinctKeys::kMaxHashed * 3;
  for (int64_t i = 0; i < many; ++i)
    keys.push_back(rng());
  for (int64_t i = 0; i < many; i += 3)
    keys.push_back(keys[size_t(i)]);
  keys.push_back(0);
  expectDistinct(keys, 100'000, "many keys");
}

} // namespace
