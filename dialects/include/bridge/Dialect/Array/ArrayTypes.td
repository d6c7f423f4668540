//===- ArrayTypes.td - Types of the array dialect ----------*- tablegen -*-===//
#ifndef BRIDGE_ARRAY_TYPES
#define BRIDGE_ARRAY_TYPES

include "mlir/IR/AttrTypeBase.td"
include "bridge/Dialect/Array/ArrayDialect.td"

def Array_ArrayType : TypeDef<Array_Dialect, "Array"> {
  let mnemonic = "array";
  let summary = "a chunked array of 1 to 4 dimensions";
  let description = [{
    `!array.array<[1000, 20], f64, chunks [100, 20]>`: the global shape, the
    element type, and the chunk shape that tiles each dimension from 0 (the
    last chunk of a dimension may be smaller). A size known only when the
    program runs is a symbol of the program's sizes (`bridge.sizes`), printed
    `s3`: `!array.array<[s0, 20], f64, chunks [s1, 20]>`. Equal symbols are
    equal sizes.
  }];
  let parameters = (ins
    ArrayRefParameter<"int64_t">:$shape,
    "::mlir::Type":$elementType,
    ArrayRefParameter<"int64_t">:$chunks);
  let assemblyFormat = [{
    `<` `[` custom<SizeList>($shape) `]` `,` $elementType `,` `chunks` ` `
      `[` custom<SizeList>($chunks) `]` `>`
  }];
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    int64_t getRank() const { return getShape().size(); }
    /// True when no size is known only at run time.
    bool hasStaticShape() const;
    /// The element count; the shape must be static.
    int64_t getNumElements() const;
    /// Chunks per dimension: ceil(shape / chunks); the shape must be static.
    ::llvm::SmallVector<int64_t> getChunkGrid() const;
    int64_t getNumChunks() const;
    /// True when `other` tiles the same shape with the same chunks.
    bool hasSameGrid(ArrayType other) const {
      return getShape() == other.getShape() && getChunks() == other.getChunks();
    }
    ArrayType withElementType(::mlir::Type type) const {
      return get(getContext(), getShape(), type, getChunks());
    }
  }];
}

#endif // BRIDGE_ARRAY_TYPES
