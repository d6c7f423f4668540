//===- TaskDialect.td - The task-graph dialect -------------*- tablegen -*-===//
//
// The program as a sequence of stages mapped over chunk index spaces, each
// with a placement (which rank computes chunk c of P ranks), explicit
// collective steps and the legacy call. Parametric in the chunk index and the
// rank count: the IR never grows with the number of chunks.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_TASK_DIALECT
#define BRIDGE_TASK_DIALECT

include "mlir/IR/OpBase.td"

def Task_Dialect : Dialect {
  let name = "task";
  let cppNamespace = "::bridge::task";
  let summary = "Placed stages over chunk grids, collectives and legacy calls";
  let useDefaultTypePrinterParser = 1;
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::math::MathDialect",
    "mlir::scf::SCFDialect"
  ];
}

class Task_Op<string mnemonic, list<Trait> traits = []>
    : Op<Task_Dialect, mnemonic, traits>;

#endif // BRIDGE_TASK_DIALECT
