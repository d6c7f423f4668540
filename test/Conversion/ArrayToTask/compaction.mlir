// RUN: bridge-opt %s --convert-array-to-task | FileCheck %s

// A selection materialises its source and its mask (in one stage, on their
// shared grid) and becomes one task op that creates its result; unique reads
// its materialised source. Both results are freed after their last use.

// CHECK-LABEL: func.func @main
// CHECK:         %[[X:.*]] = task.alloc : <[10, 3], f64, chunks [4, 3], contiguous>
// CHECK-NEXT:    %[[M:.*]] = task.alloc : <[10, 3], i1, chunks [4, 3], contiguous>
// CHECK-NEXT:    task.stage shape [10, 3] chunks [4, 3] contiguous outs(%[[X]], %[[M]] :
// CHECK:         %[[R:.*]] = task.compress %[[X]], %[[M]] : <[10, 3], f64, chunks [4, 3], contiguous>, <[10, 3], i1, chunks [4, 3], contiguous> -> <[s0], f64, chunks [s1], contiguous>
// CHECK:         task.save %[[R]] to "r.npy"
// CHECK-NEXT:    task.free %[[R]]
// CHECK:         %[[U:.*]] = task.unique %[[X]] : <[10, 3], f64, chunks [4, 3], contiguous> -> <[s2], f64, chunks [s3], contiguous>
// CHECK:         task.save %[[U]] to "u.npy"
// CHECK-NEXT:    task.free %[[U]]
func.func @main() {
  %seed = arith.constant 1 : i64
  %x = array.random seed %seed : <[10, 3], f64, chunks [4, 3]>
  %half = arith.constant 5.000000e-01 : f64
  %m = array.binary gt %x, %half : (!array.array<[10, 3], f64, chunks [4, 3]>, f64) -> !array.array<[10, 3], i1, chunks [4, 3]>
  %r = array.compress %x, %m : <[10, 3], f64, chunks [4, 3]>, <[10, 3], i1, chunks [4, 3]> -> <[s0], f64, chunks [s1]>
  array.save %r to "r.npy" : <[s0], f64, chunks [s1]>
  %u = array.unique %x : <[10, 3], f64, chunks [4, 3]> -> <[s2], f64, chunks [s3]>
  array.save %u to "u.npy" : <[s2], f64, chunks [s3]>
  return
}
