//===- DistinctKeys.h - The distinct sort keys a rank meets -----*- C++ -*-===//
//
// unique(x) as the stages compute x, a chunk at a time: each key is kept
// once. While there are few, they live in a hash set that stays in cache
// (one probe a key, whatever the array's size); past kMaxHashed they are
// appended and deduped whenever they double, the new ones sorted and merged
// into the others (sorting and merging touch memory in order, where a large
// hash set would miss the cache at every key). Plain C++: no MPI.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_RUNTIME_DISTINCTKEYS_H
#define BRIDGE_RUNTIME_DISTINCTKEYS_H

#include "DistInternal.h"

#include <cstdint>

namespace bridge::rt {

class DistinctKeys {
public:
  /// The most keys kept in the hash set (its table is twice as large).
  static constexpr int64_t kMaxHashed = int64_t(1) << 19;

  void add(const uint64_t *keys, int64_t n);
  /// The distinct keys, sorted: `*n` of them, held until the set goes.
  const uint64_t *finish(int64_t *n);

private:
  void insert(uint64_t key);
  void growTable();
  /// Moves the hashed keys into `sorted`, which takes every key after.
  void stopHashing();
  /// Sorts the keys of `sorted` past `deduped` into the others, once each.
  void mergeNewKeys();

  bool hashing = true;
  // The hash set: 0 marks a free slot, so key 0 is `hasZero`.
  Vec<uint64_t> table;
  int64_t hashed = 0;
  bool hasZero = false;
  // Past kMaxHashed: the keys, the first `deduped` sorted and distinct.
  Vec<uint64_t> sorted;
  int64_t deduped = 0;
};

} // namespace bridge::rt

#endif // BRIDGE_RUNTIME_DISTINCTKEYS_H
