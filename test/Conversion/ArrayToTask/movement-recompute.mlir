// RUN: bridge-opt %s --convert-array-to-task | FileCheck %s

// Only what is used moves. A slice of a transpose of generated data is
// recomputed where its reduction reads it: no array is stored, nothing is
// redistributed. Over stored data (a scan's result), a slice of a rechunk is
// one redistribution of the sliced column, straight from the scan's chunks.

// CHECK-LABEL: func.func @main
// CHECK-NOT:     task.alloc
// CHECK:         %[[S:.*]] = task.stage shape [3, 3] chunks [8, 2] contiguous -> !task.partials<f64>
// CHECK-NOT:       task.read
// CHECK:         task.combine sum %[[S]]
// CHECK:         task.alloc
// CHECK:         %[[C:.*]] = task.alloc : <[6, 8], f64, chunks [2, 8], contiguous>
// CHECK:         task.scan_local sum %{{.*}} into %[[C]]
// CHECK:         %[[COL:.*]] = task.alloc : <[6, 1], f64, chunks [6, 1], contiguous>
// CHECK-NEXT:    task.redistribute %[[C]] into %[[COL]] dims [0, 1] offsets [0, 5] steps [1, 1] lo [0, 0] hi [6, 1]
// CHECK-NOT:     task.redistribute
// CHECK:         task.combine max

func.func @main() {
  %seed = arith.constant 7 : i64
  %y = array.random seed %seed : !array.array<[6, 8], f64, chunks [2, 8]>
  %t = array.transpose %y : !array.array<[6, 8], f64, chunks [2, 8]> -> !array.array<[8, 6], f64, chunks [8, 2]>
  %sl = array.slice %t starts [0, 1] steps [3, 2] : !array.array<[8, 6], f64, chunks [8, 2]> -> !array.array<[3, 3], f64, chunks [8, 2]>
  %s = array.reduce sum %sl : !array.array<[3, 3], f64, chunks [8, 2]> -> f64
  array.print %s : f64
  %x = array.random seed %seed : !array.array<[6, 8], f64, chunks [2, 8]>
  %c = array.scan sum %x axis 1 : <[6, 8], f64, chunks [2, 8]>
  %r = array.rechunk %c : !array.array<[6, 8], f64, chunks [2, 8]> -> !array.array<[6, 8], f64, chunks [6, 4]>
  %col = array.slice %r starts [0, 5] steps [1, 1] : !array.array<[6, 8], f64, chunks [6, 4]> -> !array.array<[6, 1], f64, chunks [6, 1]>
  %m = array.reduce max %col : !array.array<[6, 1], f64, chunks [6, 1]> -> f64
  array.print %m : f64
  return
}
