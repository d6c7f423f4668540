// RUN: bridge-opt %s --convert-array-to-task | FileCheck %s

// A selection of elements and unique are taken by the stage that computes
// their operands: each chunk's values (and mask) go to storage for one chunk
// and its selected elements (every value, for unique, into a distinct
// selection) join the rank's selection, placed in the result after the
// stage; neither the array nor the mask is stored. Both results are freed
// after their last use.

// CHECK-LABEL: func.func @main
// CHECK-NOT:     task.alloc
// CHECK:         %[[SEL:.*]] = task.selection_open : <f64>
// CHECK-NEXT:    %[[V:.*]] = task.scratch %{{.*}} : <f64>
// CHECK-NEXT:    %[[M:.*]] = task.scratch %{{.*}} : <i1>
// CHECK-NEXT:    %[[UNI:.*]] = task.selection_open distinct : <f64>
// CHECK-NEXT:    task.stage shape [10, 3] chunks [4, 3] contiguous {
// CHECK:           task.write %{{.*}}, %[[V]][%{{.*}}] : <f64>
// CHECK:           task.write %{{.*}}, %[[M]][%{{.*}}] : <i1>
// CHECK:           task.select_chunk %[[V]], %[[M]] count %[[N:.*]] into %[[SEL]] : <f64>, <f64>, !task.chunk<i1>
// CHECK-NEXT:      task.select_chunk %[[V]] count %[[N]] into %[[UNI]] : <f64>, <f64>
// CHECK:         task.release %[[V]] : <f64>
// CHECK-NEXT:    task.release %[[M]] : <i1>
// CHECK-NEXT:    %[[R:.*]] = task.place_selection %[[SEL]] : <f64> -> <[s0], f64, chunks [s1], contiguous>
// CHECK-NEXT:    %[[U:.*]] = task.place_selection %[[UNI]] : <f64> -> <[s2], f64, chunks [s3], contiguous>
// CHECK-NEXT:    task.save %[[R]] to "r.npy"
// CHECK-NEXT:    task.free %[[R]]
// CHECK-NEXT:    task.save %[[U]] to "u.npy"
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
