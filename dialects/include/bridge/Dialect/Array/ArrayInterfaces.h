//===- ArrayInterfaces.h - Interfaces of the array dialect ------*- C++ -*-===//
#ifndef BRIDGE_DIALECT_ARRAY_ARRAYINTERFACES_H
#define BRIDGE_DIALECT_ARRAY_ARRAYINTERFACES_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"
#include "llvm/ADT/SmallVector.h"

namespace bridge::array {

/// What an elementwise operation may ask about the element it computes,
/// beyond its operands' elements.
class ElementContext {
public:
  virtual ~ElementContext();

  /// The element's row-major index in the whole array, as an i64. Only an
  /// element of an array has one: generators, whose results are always
  /// arrays, ask for it.
  virtual mlir::Value getLinearIndex();
};

/// How the elements of one source land in a data movement's result: result
/// coordinates t in [lo[d], hi[d]) of each dimension d hold source coordinate
/// offsets[d] + steps[d] * (t - lo[d]) of source dimension srcDims[d]. Every
/// number but a step is a size (bridge/sizes.h) and never negative; a step
/// is a constant, negative for a flip.
struct SourceMap {
  mlir::Value source;
  llvm::SmallVector<int32_t> srcDims;
  llvm::SmallVector<int64_t> offsets, steps, lo, hi;

  /// Every element of `source` in place, over a result of `shape`.
  static SourceMap identity(mlir::Value source, llvm::ArrayRef<int64_t> shape);
};

} // namespace bridge::array

#include "bridge/Dialect/Array/ArrayInterfaces.h.inc"

#endif // BRIDGE_DIALECT_ARRAY_ARRAYINTERFACES_H
