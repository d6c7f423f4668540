//===- DistinctKeys.cpp - The distinct sort keys a rank meets -------------===//
#include "DistinctKeys.h"

#include <algorithm>

using namespace bridge::rt;

namespace {

/// Sorts and dedupes the `n` keys at `keys`; returns how many are left.
int64_t sortUnique(uint64_t *keys, int64_t n) {
  std::sort(keys, keys + n);
  return std::unique(keys, keys + n) - keys;
}

/// The slot of `key` in a table of 2^bits slots (Fibonacci hashing).
uint64_t slotOf(uint64_t key, int bits) {
  return (key * 0x9E3779B97F4A7C15ull) >> (64 - bits);
}

int log2Of(int64_t n) { return 63 - __builtin_clzll(uint64_t(n)); }

} // namespace

void DistinctKeys::insert(uint64_t key) {
  if (key == 0) {
    hasZero = true;
    return;
  }
  int bits = log2Of(table.size());
  uint64_t mask = uint64_t(table.size()) - 1;
  for (uint64_t at = slotOf(key, bits);; at = (at + 1) & mask) {
    if (table[int64_t(at)] == key)
      return;
    if (table[int64_t(at)] == 0) {
      table[int64_t(at)] = key;
      ++hashed;
      return;
    }
  }
}

void DistinctKeys::growTable() {
  Vec<uint64_t> old;
  int64_t size = table.size() ? table.size() * 2 : 1024;
  for (uint64_t key : table)
    if (key)
      old.push(key);
  table.resize(size);
  std::fill(table.begin(), table.end(), uint64_t(0));
  hashed = 0;
  for (uint64_t key : old)
    insert(key);
}

void DistinctKeys::stopHashing() {
  for (uint64_t key : table)
    if (key)
      sorted.push(key);
  if (hasZero)
    sorted.push(0);
  deduped = sortUnique(sorted.data(), sorted.size());
  sorted.resize(deduped);
  table.resize(0);
  hashing = false;
}

void DistinctKeys::add(const uint64_t *keys, int64_t n) {
  int64_t i = 0;
  for (; hashing && i < n; ++i) {
    // At most half full, so that probes stay short.
    if (2 * (hashed + 1) > table.size()) {
      if (hashed >= kMaxHashed) {
        stopHashing();
        break;
      }
      growTable();
    }
    insert(keys[i]);
  }
  if (i == n)
    return;
  int64_t at = sorted.size();
  sorted.resize(at + (n - i));
  std::copy(keys + i, keys + n, sorted.data() + at);
  if (sorted.size() - deduped > deduped)
    mergeNewKeys();
}

void DistinctKeys::mergeNewKeys() {
  // The keys since the last merge are sorted on their own, then merged:
  // over all the doublings, about one sort of every key.
  uint64_t *first = sorted.data(), *middle = first + deduped,
           *last = first + sorted.size();
  std::sort(middle, last);
  std::inplace_merge(first, middle, last);
  deduped = std::unique(first, last) - first;
  sorted.resize(deduped);
}

const uint64_t *DistinctKeys::finish(int64_t *n) {
  if (hashing)
    stopHashing();
  mergeNewKeys();
  *n = deduped;
  return sorted.data();
}
