//===- TaskTypes.td - Types of the task dialect ------------*- tablegen -*-===//
#ifndef BRIDGE_TASK_TYPES
#define BRIDGE_TASK_TYPES

include "mlir/IR/AttrTypeBase.td"
include "bridge/Dialect/Task/TaskDialect.td"
include "bridge/Dialect/Task/TaskEnums.td"

def Task_DistType : TypeDef<Task_Dialect, "Dist"> {
  let mnemonic = "dist";
  let summary = "a materialised chunked array spread over the ranks";
  let description = [{
    `!task.dist<[1000], f64, chunks [100], contiguous>`: each rank stores the
    chunks that the placement gives it, each contiguous with its own extent.
    With `halo [0, 2]`, each chunk also stores that many neighbouring
    elements on both sides of each dimension (for stencils). Under `block`
    the chunk shape is unused: the runtime cuts axis 0 into one slab per rank.
    Under `cyclic` the chunk shape is the block size and `grid [P, Q]` the
    process grid (`[0, 0]`: the most square grid of all ranks).
  }];
  let parameters = (ins
    ArrayRefParameter<"int64_t">:$shape,
    "::mlir::Type":$elementType,
    ArrayRefParameter<"int64_t">:$chunks,
    EnumParameter<Task_Placement>:$placement,
    OptionalArrayRefParameter<"int64_t">:$halo,
    OptionalArrayRefParameter<"int64_t">:$grid);
  let builders = [
    TypeBuilder<(ins "::llvm::ArrayRef<int64_t>":$shape,
                     "::mlir::Type":$elementType,
                     "::llvm::ArrayRef<int64_t>":$chunks,
                     "Placement":$placement), [{
      return $_get($_ctxt, shape, elementType, chunks, placement,
                   ::llvm::ArrayRef<int64_t>(), ::llvm::ArrayRef<int64_t>());
    }]>,
    TypeBuilder<(ins "::llvm::ArrayRef<int64_t>":$shape,
                     "::mlir::Type":$elementType,
                     "::llvm::ArrayRef<int64_t>":$chunks,
                     "Placement":$placement,
                     "::llvm::ArrayRef<int64_t>":$halo), [{
      return $_get($_ctxt, shape, elementType, chunks, placement, halo,
                   ::llvm::ArrayRef<int64_t>());
    }]>
  ];
  let assemblyFormat = [{
    `<` `[` custom<SizeList>($shape) `]` `,` $elementType `,` `chunks` ` `
      `[` custom<SizeList>($chunks) `]` `,` $placement
      (`,` `halo` ` ` `[` $halo^ `]`)?
      (`,` `grid` ` ` `[` $grid^ `]`)? `>`
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
    /// The dimension with a halo (halos extend one), or none.
    ::std::optional<unsigned> getHaloAxis() const {
      for (unsigned dim = 0; dim < getHalo().size(); ++dim)
        if (getHalo()[dim] != 0)
          return dim;
      return ::std::nullopt;
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

def Task_SelectionType : TypeDef<Task_Dialect, "Selection"> {
  let mnemonic = "selection";
  let summary = "the elements a rank's stages select, in order";
  let parameters = (ins "::mlir::Type":$elementType);
  let assemblyFormat = "`<` $elementType `>`";
}

def Task_CountsType : TypeDef<Task_Dialect, "Counts"> {
  let mnemonic = "counts";
  let summary = "a rank's counters of the values 0 .. n-1 that stages meet";
  let assemblyFormat = "";
}

#endif // BRIDGE_TASK_TYPES
