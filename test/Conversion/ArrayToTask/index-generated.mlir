// RUN: bridge-opt %s --convert-array-to-task | FileCheck %s

// An element of data that generators alone compute is computed alone: the
// index reads a one-element slice, which a stage of one chunk computes, and
// the array itself is never stored. An element of a stored array (a scan's
// result) still comes from where it lies.

// CHECK-LABEL: func.func @main
// CHECK-NOT:     task.alloc : <[1000, 50]
// CHECK:         %[[E:.*]] = task.alloc : <[1, 1], f64, chunks [1, 1], contiguous>
// CHECK-NEXT:    task.stage shape [1, 1] chunks [1, 1] contiguous outs(%[[E]]
// CHECK:         task.fetch %[[E]] [0, 0]
// CHECK:         task.alloc : <[1000, 50], f64, chunks [100, 50], contiguous>
// CHECK:         %[[C:.*]] = task.alloc : <[1000, 50], f64, chunks [100, 50], contiguous>
// CHECK:         task.scan_local sum %{{.*}} into %[[C]]
// CHECK:         task.fetch %[[C]] [999, 49]

func.func @main() {
  %seed = arith.constant 7 : i64
  %x = array.random seed %seed : !array.array<[1000, 50], f64, chunks [100, 50]>
  %two = arith.constant 2.0 : f64
  %y = array.binary mul %x, %two : (!array.array<[1000, 50], f64, chunks [100, 50]>, f64) -> !array.array<[1000, 50], f64, chunks [100, 50]>
  %e = array.index %y [999, 49] : !array.array<[1000, 50], f64, chunks [100, 50]> -> f64
  array.print %e : f64
  %other = arith.constant 8 : i64
  %z = array.random seed %other : !array.array<[1000, 50], f64, chunks [100, 50]>
  %c = array.scan sum %z axis 1 : <[1000, 50], f64, chunks [100, 50]>
  %l = array.index %c [999, 49] : !array.array<[1000, 50], f64, chunks [100, 50]> -> f64
  array.print %l : f64
  return
}
