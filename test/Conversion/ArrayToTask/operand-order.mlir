// RUN: bridge-opt %s --convert-array-to-task | FileCheck %s

// Inside a stage, an op's operand elements are computed in operand order, as
// scalar arithmetic outside stages is: the random left operand before the
// converted arange on the right, then their difference.

// CHECK-LABEL: func.func @main
// CHECK:         task.stage shape [10] chunks [5] contiguous
// CHECK:           arith.uitofp
// CHECK-NOT:       arith.subf
// CHECK:           arith.sitofp
// CHECK-NEXT:      arith.subf
func.func @main() {
  %a_seed = arith.constant 1 : i64
  %a = array.random seed %a_seed : !array.array<[10], f64, chunks [5]>
  %i = array.arange : !array.array<[10], i64, chunks [5]>
  %b = array.cast %i : !array.array<[10], i64, chunks [5]> to !array.array<[10], f64, chunks [5]>
  %d = array.binary sub %a, %b : (!array.array<[10], f64, chunks [5]>, !array.array<[10], f64, chunks [5]>) -> !array.array<[10], f64, chunks [5]>
  %s = array.reduce sum %d : !array.array<[10], f64, chunks [5]> -> f64
  array.print %s : f64
  return
}
