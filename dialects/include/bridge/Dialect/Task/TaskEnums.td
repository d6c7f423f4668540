//===- TaskEnums.td - Enumerations of the task dialect -----*- tablegen -*-===//
//
// The task dialect's own enums, in a file of their own so that their C++ is
// generated without the array dialect's PadMode that halos reuse. Their values
// are the runtime's (bridge/runtime.h); TaskToLLVM checks that at compile time.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_TASK_ENUMS
#define BRIDGE_TASK_ENUMS

include "mlir/IR/EnumAttr.td"

def Task_Placement : I32EnumAttr<"Placement", "how chunks map to ranks", [
    // Rank r of P owns chunks [floor(n*r/P), floor(n*(r+1)/P)).
    I32EnumAttrCase<"contiguous", 0>,
    // One balanced slab of axis 0 per rank, as legacy `block` parameters
    // want; the chunk grid depends on the rank count.
    I32EnumAttrCase<"block", 1>,
    // ScaLAPACK's 2-D block-cyclic layout: blocks of the chunk shape dealt
    // over the type's process grid, one column-major local matrix per rank.
    I32EnumAttrCase<"cyclic", 2>]> {
  let cppNamespace = "::bridge::task";
}

def Task_CombineKind : I32EnumAttr<"CombineKind", "how partials combine", [
    I32EnumAttrCase<"sum", 0>, I32EnumAttrCase<"prod", 1>,
    I32EnumAttrCase<"min", 2>, I32EnumAttrCase<"max", 3>,
    I32EnumAttrCase<"any", 4>, I32EnumAttrCase<"all", 5>,
    // min and max that skip NaN partials: NaN only when every one is.
    I32EnumAttrCase<"nanmin", 6>, I32EnumAttrCase<"nanmax", 7>]> {
  let cppNamespace = "::bridge::task";
}

#endif // BRIDGE_TASK_ENUMS
