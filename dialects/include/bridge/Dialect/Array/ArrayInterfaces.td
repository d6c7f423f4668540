//===- ArrayInterfaces.td - Interfaces of the array dialect -*- tablegen -*-===//
//
// What lowerings ask of array operations: how an elementwise operation
// computes one element, and how a data movement maps its sources' elements
// into its result.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_ARRAY_INTERFACES
#define BRIDGE_ARRAY_INTERFACES

include "mlir/IR/OpBase.td"

def Array_ElementwiseOpInterface : OpInterface<"ElementwiseOpInterface"> {
  let cppNamespace = "::bridge::array";
  let description = [{
    An operation whose result at each element depends only on its operands'
    elements there (a scalar operand is the same at every element) and, for
    a generator, on the element's position. A scalar computed outside any
    loop and an element inside a stage's loop nest use this one emission, so
    an operation means the same wherever it runs.
  }];
  let methods = [
    InterfaceMethod<[{
        Emits the arith/math operations that compute one element of the
        result at the builder's insertion point. `operandElements` holds one
        value per operand, in operand order; `context` gives what a generator
        needs beyond them.
      }],
      "::mlir::Value", "emitElement",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::Location":$loc,
           "::mlir::ValueRange":$operandElements,
           "::bridge::array::ElementContext &":$context)>
  ];
}

def Array_DataMovementOpInterface : OpInterface<"DataMovementOpInterface"> {
  let cppNamespace = "::bridge::array";
  let description = [{
    An operation whose result holds its sources' elements moved to other
    positions, chunks and ranks: each source fills a box of the result
    through one affine map per result dimension, so one redistribution per
    source lowers any of them.
  }];
  let methods = [
    InterfaceMethod<[{
        The maps by which the sources' elements land in the result, one per
        source; together their boxes cover the result.
      }],
      "::llvm::SmallVector<::bridge::array::SourceMap, 1>", "getSourceMaps">
  ];
}

#endif // BRIDGE_ARRAY_INTERFACES
