//===- TaskTypes.td - Enums and types of the task dialect --*- tablegen -*-===//
#ifndef BRIDGE_TASK_TYPES
#define BRIDGE_TASK_TYPES

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "bridge/Dialect/Task/TaskDialect.td"

def Task_Placement : I32EnumAttr<"Placement", "how chunks map to ranks", [
    // Rank r of P owns chunks [floor(n*r/P), floor(n*(r+1)/P)).
    I32EnumAttrCase<"contiguous", 0>]> {
  let cppNamespace = "::bridge::task";
}

def Task_CombineKind : I32EnumAttr<"CombineKind", "how partials combine", [
    I32EnumAttrCase<"sum", 0>, I32EnumAttrCase<"prod", 1>,
    I32EnumAttrCase<"min", 2>, I32EnumAttrCase<"max", 3>,
    I32EnumAttrCase<"any", 4>, I32EnumAttrCase<"all", 5>]> {
  let cppNamespace = "::bridge::task";
}

def Task_DistType : TypeDef<Task_Dialect, "Dist"> {
  let mnemonic = "dist";
  let summary = "a materialised chunked array spread over the ranks";
  let description = [{
    `!task.dist<[1000], f64, chunks [100], contiguous>`: each rank stores the
    chunks that the placement gives it, each contiguous with its own extent.
  }];
  let parameters = (ins
    ArrayRefParameter<"int64_t">:$shape,
    "::mlir::Type":$elementType,
    ArrayRefParameter<"int64_t">:$chunks,
    EnumParameter<Task_Placement>:$placement);
  let assemblyFormat = [{
    `<` `[` $shape `]` `,` $elementType `,` `chunks` ` ` `[` $chunks `]` `,`
      $placement `>`
  }];
  let extraClassDeclaration = [{
    int64_t getRank() const { return getShape().size(); }
    int64_t getNumChunks() const;
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
