//===- ChunkCount.cpp - How many chunks tile an array ---------------------===//
#include "bridge/layout/ChunkCount.h"

using namespace bridge::layout;

bool bridge::layout::gridSize(int32_t ndim, const int64_t *counts,
                              int64_t *size) {
  for (int32_t d = 0; d < ndim; ++d)
    if (counts[d] == 0) {
      *size = 0;
      return true;
    }
  int64_t product = 1;
  for (int32_t d = 0; d < ndim; ++d)
    if (__builtin_mul_overflow(product, counts[d], &product))
      return false;
  *size = product;
  return true;
}

bool bridge::layout::regularGridSize(int32_t ndim, const int64_t *shape,
                                     const int64_t *chunks, int64_t *size) {
  // One dimension at a time, so any number of dimensions needs no buffer.
  bool empty = false;
  int64_t product = 1;
  bool overflow = false;
  for (int32_t d = 0; d < ndim; ++d) {
    int64_t count = chunkCount(shape[d], chunks[d]);
    empty |= count == 0;
    overflow = overflow || __builtin_mul_overflow(product, count, &product);
  }
  if (empty) {
    *size = 0;
    return true;
  }
  if (overflow)
    return false;
  *size = product;
  return true;
}
