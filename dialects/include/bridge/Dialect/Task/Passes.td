//===- Passes.td - Passes over the task dialect ------------*- tablegen -*-===//
#ifndef BRIDGE_TASK_PASSES
#define BRIDGE_TASK_PASSES

include "mlir/Pass/PassBase.td"

def TaskPlaceStages : Pass<"task-place-stages", "mlir::func::FuncOp"> {
  let summary = "Compute arrays where the ranks that use them need them";
  let description = [{
    The cost model counts bytes that cross ranks; compute stays the same.
    A stage whose only product is an array that is then redistributed into
    the `block` layout (one slab of axis 0 per rank) for a legacy call moves
    data for every rank count whose slabs do not align with the chunks. When
    the stage reads no other array and computes no reduction (whose bits
    must not depend on the rank count), running it over the slabs themselves
    gives the same values with no data movement: the stage is placed
    `block` and the redistribution disappears. A stencil's windows over
    chunks that cut the rows are resized for the slabs' whole rows.
  }];
  let dependentDialects = ["bridge::task::TaskDialect",
                           "mlir::arith::ArithDialect"];
}

#endif // BRIDGE_TASK_PASSES
