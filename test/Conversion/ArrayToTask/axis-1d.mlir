// RUN: bridge-opt %s --convert-array-to-task | FileCheck %s

// Reducing a 1-D array along its only axis gives a scalar: the whole-array
// reduction, one stage and one combine.
// CHECK-LABEL: func.func @main
// CHECK:         task.stage shape [10] chunks [3] contiguous -> !task.partials<i64>
// CHECK:         task.combine sum
// CHECK-NOT:     task.redistribute
func.func @main() {
  %x = array.arange : !array.array<[10], i64, chunks [3]>
  %s = array.reduce sum %x axis 0 : !array.array<[10], i64, chunks [3]> -> i64
  array.print %s : i64
  return
}
