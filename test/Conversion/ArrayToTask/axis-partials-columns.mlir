// RUN: bridge-opt %s --convert-array-to-task | FileCheck %s

// Folding along an outer axis, the columns advance together a row at a
// time: each accumulator keeps its 8 lanes of every column in task.scratch
// storage (lane l of column j at l * columns + j, here 10 columns, all a chunk
// holds), set to the identity, then each row of the input read in order into
// the lane of its index along the axis, then each column's lanes combined in
// the fixed tree into its partial.

// CHECK-LABEL: func.func @columns
// CHECK:         %[[COLS:.*]] = arith.constant 80 : index
// CHECK:         %[[STATE:.*]] = task.scratch %[[COLS]] : <f64>
// CHECK:         task.stage shape [4, 10] chunks [1, 10] contiguous ins(%{{.*}}) outs(%{{.*}})
// CHECK:           scf.for
// CHECK:             scf.for %[[FIRST:.*]] = %{{.*}} to %{{.*}} step %c10
// CHECK:               scf.for
// CHECK-COUNT-8:         task.write %cst, %[[STATE]]
// CHECK:               scf.for %[[ROW:.*]] = %{{.*}} to %{{.*}} step
// CHECK:                 %[[LANE:.*]] = arith.remui %[[ROW]], %c8
// CHECK:                 %[[BASE:.*]] = arith.muli %[[LANE]], %c10
// CHECK:                 scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step
// CHECK:                   %[[AT:.*]] = arith.addi %[[BASE]], %[[J]]
// CHECK:                   %[[ACC:.*]] = task.read %[[STATE]][%[[AT]]]
// CHECK:                   %[[X:.*]] = task.read %arg5
// CHECK:                   %[[NEXT:.*]] = arith.addf %[[ACC]], %[[X]]
// CHECK:                   task.write %[[NEXT]], %[[STATE]]
// CHECK:               scf.for
// CHECK-COUNT-8:         task.read %[[STATE]]
// CHECK:                 vector.from_elements
// CHECK:                 task.write %{{.*}}, %arg6
// CHECK:         task.release %[[STATE]]
// CHECK:         task.stage shape [10] chunks [10]
func.func @columns() {
  %x = array.load "x.npy" : !array.array<[100, 10], f64, chunks [25, 10]>
  %s = array.reduce sum %x axis 0 : !array.array<[100, 10], f64, chunks [25, 10]> -> !array.array<[10], f64, chunks [10]>
  array.save %s to "s.npy" : !array.array<[10], f64, chunks [10]>
  return
}

// Moments keep two accumulators in lanes and each column's shift (its first
// element), which every step reads. With 3000 columns a chunk, the state of
// 136 bytes a column holds 3855 of them in 512 KiB: one tile covers a row.

// CHECK-LABEL: func.func @moments
// CHECK-DAG:     %[[SUMS:.*]] = task.scratch %c24000
// CHECK-DAG:     %[[SQUARES:.*]] = task.scratch %c24000_{{.*}}
// CHECK-DAG:     %[[SHIFT:.*]] = task.scratch %c3000
// CHECK:         task.stage
// CHECK:             scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c3000
// CHECK:                   task.write %{{.*}}, %[[SHIFT]]
// CHECK:                   task.read %[[SHIFT]]
// CHECK:                   arith.subf
// CHECK:                   task.write %{{.*}}, %[[SUMS]]
// CHECK:                   task.write %{{.*}}, %[[SQUARES]]
// CHECK-DAG:     task.release %[[SUMS]]
// CHECK-DAG:     task.release %[[SQUARES]]
// CHECK-DAG:     task.release %[[SHIFT]]
func.func @moments() {
  %x = array.load "x.npy" : !array.array<[100, 3000], f64, chunks [25, 3000]>
  %s = array.reduce std %x axis 0 : !array.array<[100, 3000], f64, chunks [25, 3000]> -> !array.array<[3000], f64, chunks [3000]>
  array.save %s to "s.npy" : !array.array<[3000], f64, chunks [3000]>
  return
}

// Along the last axis each element folds its row in order, the lanes in
// registers: no storage.

// CHECK-LABEL: func.func @rows
// CHECK-NOT:     task.scratch
// CHECK:         task.stage shape [100, 1]
// CHECK:           scf.for {{.*}} -> (vector<8xf64>)
// CHECK-NOT:     task.scratch
// CHECK:         return
func.func @rows() {
  %x = array.load "x.npy" : !array.array<[100, 10], f64, chunks [25, 10]>
  %s = array.reduce sum %x axis 1 : !array.array<[100, 10], f64, chunks [25, 10]> -> !array.array<[100], f64, chunks [25]>
  array.save %s to "s.npy" : !array.array<[100], f64, chunks [25]>
  return
}
