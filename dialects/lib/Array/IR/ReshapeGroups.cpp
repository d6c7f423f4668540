//===- ReshapeGroups.cpp - The axis groups of a C-order reshape -----------===//
#include "bridge/Dialect/Array/ReshapeGroups.h"

#include "bridge/sizes.h"

#include <numeric>

using namespace mlir;
using namespace bridge::array;

FailureOr<SmallVector<ReshapeGroup, 4>>
bridge::array::getReshapeGroups(ArrayRef<int64_t> src, ArrayRef<int64_t> dst) {
  SmallVector<ReshapeGroup, 4> groups;
  unsigned i = 0, j = 0, r = src.size(), q = dst.size();
  for (;;) {
    unsigned i0 = i, j0 = j;
    // Unit axes join the group that follows them, or the last one.
    while (i < r && src[i] == 1)
      ++i;
    while (j < q && dst[j] == 1)
      ++j;
    if (i == r && j == q) {
      if (groups.empty())
        groups.push_back(ReshapeGroup{i0, r, j0, q});
      groups.back().srcEnd = r;
      groups.back().dstEnd = q;
      return groups;
    }
    if (i == r || j == q)
      return failure();
    if (plan::isSymbol(src[i]) || plan::isSymbol(dst[j])) {
      if (src[i] != dst[j])
        return failure();
      ++i;
      ++j;
    } else {
      // Constant products stay within the array's element count.
      int64_t ps = src[i++], pt = dst[j++];
      while (ps != pt) {
        bool grow = ps < pt;
        ArrayRef<int64_t> side = grow ? src : dst;
        unsigned &at = grow ? i : j;
        if (at == side.size() || plan::isSymbol(side[at]) || side[at] == 0)
          return failure();
        (grow ? ps : pt) *= side[at++];
      }
    }
    groups.push_back(ReshapeGroup{i0, i, j0, j});
  }
}

unsigned bridge::array::getLeadAxis(ArrayRef<int64_t> shape, unsigned begin,
                                    unsigned end) {
  for (unsigned a = begin; a < end; ++a)
    if (shape[a] != 1)
      return a;
  return begin;
}

std::optional<int64_t> bridge::array::getGroupChunk(ArrayRef<int64_t> shape,
                                                    ArrayRef<int64_t> chunks,
                                                    unsigned begin,
                                                    unsigned end) {
  unsigned lead = getLeadAxis(shape, begin, end);
  int64_t rest = 1;
  for (unsigned a = lead + 1; a < end; ++a) {
    if (chunks[a] != shape[a] || plan::isSymbol(shape[a]))
      return std::nullopt;
    rest *= shape[a];
  }
  // A chunk known only when the program starts is compared as a symbol.
  if (plan::isSymbol(chunks[lead]))
    return rest == 1 ? std::optional<int64_t>(chunks[lead]) : std::nullopt;
  return chunks[lead] * rest;
}

ReshapeChunks bridge::array::getAlignedReshapeChunks(
    ArrayRef<int64_t> src, ArrayRef<int64_t> srcChunks, ArrayRef<int64_t> dst,
    ArrayRef<ReshapeGroup> groups) {
  ReshapeChunks result{SmallVector<int64_t, 4>(srcChunks),
                       SmallVector<int64_t, 4>(dst.size(), 1)};
  for (const ReshapeGroup &g : groups) {
    unsigned lead = getLeadAxis(src, g.srcBegin, g.srcEnd);
    unsigned dstLead = getLeadAxis(dst, g.dstBegin, g.dstEnd);
    int64_t srcRest = 1, dstRest = 1, chunkElements = srcChunks[lead];
    for (unsigned a = lead + 1; a < g.srcEnd; ++a) {
      srcRest *= src[a];
      chunkElements *= srcChunks[a];
      result.srcChunks[a] = src[a];
    }
    for (unsigned a = dstLead + 1; a < g.dstEnd; ++a) {
      dstRest *= dst[a];
      result.dstChunks[a] = dst[a];
    }
    int64_t chunk = srcChunks[lead];
    bool fits = getGroupChunk(src, srcChunks, g.srcBegin, g.srcEnd) &&
                chunk * srcRest % dstRest == 0;
    if (!fits) {
      // The lead chunk must hold whole rows of the result's trailing axes:
      // a multiple of `step`, about as many elements as before.
      int64_t step = dstRest / std::gcd(dstRest, srcRest);
      chunk = std::max<int64_t>(chunkElements / srcRest / step * step, step);
      chunk = std::min(chunk, src[lead]);
    }
    result.srcChunks[lead] = chunk;
    result.dstChunks[dstLead] = chunk * srcRest / dstRest;
  }
  return result;
}
