//===- PadMode.td - numpy.pad boundary modes ---------------*- tablegen -*-===//
//
// Declared once for both dialects: the array dialect's stencils name a mode,
// the task dialect's halos carry it to the runtime (bridge_rt_pad_mode). The
// task dialect includes this file but generates no C++ from it.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_ARRAY_PADMODE
#define BRIDGE_ARRAY_PADMODE

include "mlir/IR/EnumAttr.td"

def Array_PadMode : I32EnumAttr<"PadMode", "numpy.pad boundary mode", [
    I32EnumAttrCase<"edge", 0>, I32EnumAttrCase<"symmetric", 1>,
    I32EnumAttrCase<"reflect", 2>, I32EnumAttrCase<"wrap", 3>,
    I32EnumAttrCase<"constant", 4>]> {
  let cppNamespace = "::bridge::array";
}

#endif // BRIDGE_ARRAY_PADMODE
