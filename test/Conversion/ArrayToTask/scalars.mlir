// RUN: bridge-opt %s --convert-array-to-task | FileCheck %s

// Scalar arithmetic lowers to arith outside any stage; a call's result is
// only used after the call; dead values cost nothing.

// CHECK-LABEL: func.func @main
// CHECK-NOT:     task.stage
// CHECK:         %[[R:.*]] = task.call @seed() : () -> i64
// CHECK:         task.stage shape [10] chunks [4] contiguous
// CHECK:           arith.sitofp
// CHECK:         %[[S:.*]] = task.combine max
// CHECK:         arith.floordivsi
// CHECK:         task.print
func.func @main() {
  %r = array.call @seed() : () -> i64
  %a = array.arange : !array.array<[10], i64, chunks [4]>
  %unused_seed = arith.constant 1 : i64
  %unused = array.random seed %unused_seed : !array.array<[10], f64, chunks [4]>
  %rf = array.cast %r : i64 to f64
  %af = array.cast %a : !array.array<[10], i64, chunks [4]> to !array.array<[10], f64, chunks [4]>
  %b = array.binary mul %af, %rf : (!array.array<[10], f64, chunks [4]>, f64) -> !array.array<[10], f64, chunks [4]>
  %m = array.reduce max %b : !array.array<[10], f64, chunks [4]> -> f64
  %mi = array.cast %m : f64 to i64
  %three = arith.constant 3 : i64
  %q = array.binary floordiv %mi, %three : (i64, i64) -> i64
  array.print %q : i64
  return
}
