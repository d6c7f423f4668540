//===- ReshapeGroups.h - The axis groups of a C-order reshape ---*- C++ -*-===//
//
// A C-order reshape maps the axes of the input to those of the result in
// groups: a run of input axes and a run of result axes with the same number
// of elements, as small as possible. Within a group, a chunk is one
// contiguous stretch of the group's row-major elements when every axis after
// the group's first non-unit axis (its lead) is whole; a chunk's row-major
// memory is then the same on both sides when those stretches agree, so such
// a reshape moves nothing.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_DIALECT_ARRAY_RESHAPEGROUPS_H
#define BRIDGE_DIALECT_ARRAY_RESHAPEGROUPS_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace bridge::array {

/// Input axes [srcBegin, srcEnd) hold the elements of result axes
/// [dstBegin, dstEnd).
struct ReshapeGroup {
  unsigned srcBegin, srcEnd, dstBegin, dstEnd;
};

/// The groups of a reshape from `src` to `dst`; an extent known only when
/// the program starts is a group of its own, the same symbol on both sides.
/// Fails when the element counts differ.
mlir::FailureOr<llvm::SmallVector<ReshapeGroup, 4>>
getReshapeGroups(llvm::ArrayRef<int64_t> src, llvm::ArrayRef<int64_t> dst);

/// The first axis of [begin, end) whose extent is not 1, or `begin`.
unsigned getLeadAxis(llvm::ArrayRef<int64_t> shape, unsigned begin,
                     unsigned end);

/// The elements of a chunk within axes [begin, end) when every axis after
/// the lead is whole; std::nullopt otherwise.
std::optional<int64_t> getGroupChunk(llvm::ArrayRef<int64_t> shape,
                                     llvm::ArrayRef<int64_t> chunks,
                                     unsigned begin, unsigned end);

/// Chunks of a reshape from `src` (constant extents, chunked `srcChunks`)
/// to `dst` that move nothing: `src` rechunked to `srcChunks` (unchanged
/// where they already fit, else about as many elements per chunk) and the
/// result's chunks.
struct ReshapeChunks {
  llvm::SmallVector<int64_t, 4> srcChunks, dstChunks;
};
ReshapeChunks getAlignedReshapeChunks(llvm::ArrayRef<int64_t> src,
                                      llvm::ArrayRef<int64_t> srcChunks,
                                      llvm::ArrayRef<int64_t> dst,
                                      llvm::ArrayRef<ReshapeGroup> groups);

} // namespace bridge::array

#endif // BRIDGE_DIALECT_ARRAY_RESHAPEGROUPS_H
