//===- TaskTypes.td - Enums and types of the task dialect --*- tablegen -*-===//
#ifndef BRIDGE_TASK_TYPES
#define BRIDGE_TASK_TYPES

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "bridge/Dialect/Task/TaskDialect.td"

def Task_Placement : I32EnumAttr<"Placement", "how chunks map to ranks", [
    // Rank r of P owns chunks [floor(n*r/P), floor(n*(r+1)/P)).
    I32EnumAttrCase<"contiguous", 0>,
    // One balanced slab of axis 0 per rank, as legacy `block` parameters
    // want; the chunk grid depends on the rank count.
    I32EnumAttrCase<"block", 1>]> {
  let cppNamespace = "::bridge::task";
}

def Task_CombineKind : I32EnumAttr<"CombineKind", "how partials combine", [
    I32EnumAttrCase<"sum", 0>, I32EnumAttrCase<"prod", 1>,
    I32EnumAttrCase<"min", 2>, I32EnumAttrCase<"max", 3>,
    I32EnumAttrCase<"any", 4>, I32EnumAttrCase<"all", 5>]> {
  let cppNamespace = "::bridge::task";
}

def Task_PadMode : I32EnumAttr<"PadMode", "numpy.pad boundary mode", [
    I32EnumAttrCase<"edge", 0>, I32EnumAttrCase<"symmetric", 1>,
    I32EnumAttrCase<"reflect", 2>, I32EnumAttrCase<"wrap", 3>,
    I32EnumAttrCase<"constant", 4>]> {
  let cppNamespace = "::bridge::task";
}

def Task_DistType : TypeDef<Task_Dialect, "Dist"> {
  let mnemonic = "dist";
  let summary = "a materialised chunked array spread over the ranks";
  let description = [{
    `!task.dist<[1000], f64, chunks [100], contiguous>`: each rank stores the
    chunks that the placement gives it, each contiguous with its own extent.
    With `halo [0, 2]`, each chunk also stores that many neighbouring
    elements on both sides of each dimension (for stencils). Under `block`
    the chunk shape is unused: the runtime cuts axis 0 into one slab per rank.
  }];
  let parameters = (ins
    ArrayRefParameter<"int64_t">:$shape,
    "::mlir::Type":$elementType,
    ArrayRefParameter<"int64_t">:$chunks,
    EnumParameter<Task_Placement>:$placement,
    OptionalArrayRefParameter<"int64_t">:$halo);
  let builders = [
    TypeBuilder<(ins "::llvm::ArrayRef<int64_t>":$shape,
                     "::mlir::Type":$elementType,
                     "::llvm::ArrayRef<int64_t>":$chunks,
                     "Placement":$placement), [{
      return $_get($_ctxt, shape, elementType, chunks, placement,
                   ::llvm::ArrayRef<int64_t>());
    }]>
  ];
  let assemblyFormat = [{
    `<` `[` $shape `]` `,` $elementType `,` `chunks` ` ` `[` $chunks `]` `,`
      $placement (`,` `halo` ` ` `[` $halo^ `]`)? `>`
  }];
  let extraClassDeclaration = [{
    int64_t getRank() const { return getShape().size(); }
    int64_t getNumChunks() const;
    /// Chunks per dimension.
    ::llvm::SmallVector<int64_t> getChunkCounts() const;
    /// The halo width of `dim` (0 without a halo).
    int64_t getHaloWidth(unsigned dim) const {
      return getHalo().empty() ? 0 : getHalo()[dim];
    }
  }];
}

def Task_PartialsType : TypeDef<Task_Dialect, "Partials"> {
  let mnemonic = "partials";
  let summary = "one partial result per chunk of a stage's grid";
  let parameters = (ins "::mlir::Type":$elementType);
  let assemblyFormat = "`<` $elementType `>`";
}

def Task_ChunkType : TypeDef<Task_Dialect, "Chunk"> {
  let mnemonic = "chunk";
  let summary = "the storage of one chunk inside a stage";
  let parameters = (ins "::mlir::Type":$elementType);
  let assemblyFormat = "`<` $elementType `>`";
}

#endif // BRIDGE_TASK_TYPES
