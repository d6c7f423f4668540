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

// Folds without lanes (integers) step through the row one element at a time,
// which LLVM vectorizes itself: in groups of 8 steps it gathered them.

// CHECK-LABEL: func.func @intRows
// CHECK:         task.stage shape [100, 1]
// CHECK:           scf.for %{{.*}} = %c0{{.*}} to %{{.*}} step %c1{{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (i64)
// CHECK:             %[[X:.*]] = task.read
// CHECK-NEXT:        %[[NEXT:.*]] = arith.addi %[[ACC]], %[[X]] : i64
// CHECK-NEXT:        scf.yield %[[NEXT]] : i64
// CHECK-NEXT:      }
// CHECK-NOT:       scf.if
// CHECK:           task.write
func.func @intRows() {
  %x = array.load "x.npy" : !array.array<[100, 10], i64, chunks [25, 10]>
  %s = array.reduce sum %x axis 1 : !array.array<[100, 10], i64, chunks [25, 10]> -> !array.array<[100], i64, chunks [25]>
  array.save %s to "s.npy" : !array.array<[100], i64, chunks [25]>
  return
}

// A stencil of generated data inside a fold along axis 0 computes its input
// once per element, into a window of a tile of the chunk's rows with their
// margins (a constant size: the stage runs over the partials' grid): 32768
// elements hold 655 rows of 50, with 2 margin rows on each side, 659 x 50,
// whatever the chunk's rows. Each tile of rows is filled, then folded.

// CHECK-LABEL: func.func @stencil
// CHECK:         %[[STATE:.*]] = task.scratch %c400 : <f64>
// CHECK:         %[[ROWS:.*]] = arith.maxsi
// CHECK:         %[[W:.*]] = task.scratch %c32950 : <f64>
// CHECK:         task.stage shape [3, 50] chunks [1, 50]
// CHECK:             scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c50
// CHECK:               scf.for %[[LO:.*]] = %{{.*}} to %{{.*}} step %[[ROWS]]
// CHECK:                 task.write %{{.*}}, %[[W]]
// CHECK:                 scf.for %{{.*}} = %[[LO]] to
// CHECK:                   scf.for
// CHECK:                     task.read %[[STATE]]
// CHECK-COUNT-5:             task.read %[[W]]
// CHECK:                     task.write %{{.*}}, %[[STATE]]
// CHECK-DAG:     task.release %[[STATE]] : <f64>
// CHECK-DAG:     task.release %[[W]] : <f64>
func.func @stencil() {
  %seed = arith.constant 1 : i64
  %x = array.random seed %seed : !array.array<[100, 50], f64, chunks [40, 50]>
  %c = array.convolve %x weights [1.0, 4.0, 6.0, 4.0, 1.0] reflect axis 0 : !array.array<[100, 50], f64, chunks [40, 50]>
  %s = array.reduce sum %c axis 0 : !array.array<[100, 50], f64, chunks [40, 50]> -> !array.array<[50], f64, chunks [50]>
  array.save %s to "s.npy" : !array.array<[50], f64, chunks [50]>
  return
}

// Along the last axis each fold lies in one row: the rows of a chunk go in
// the windows' tiles (655 rows of 50 and the stencil's 4 margin rows along
// axis 0), each filled before its folds.

// CHECK-LABEL: func.func @rowStencil
// CHECK:         %[[ROWS:.*]] = arith.maxsi
// CHECK:         %[[W:.*]] = task.scratch %c32950 : <f64>
// CHECK:         task.stage shape [100, 1] chunks [40, 1]
// CHECK:           scf.for %[[LO:.*]] = %{{.*}} to %{{.*}} step %[[ROWS]]
// CHECK:             task.write %{{.*}}, %[[W]]
// CHECK:             scf.for %{{.*}} = %[[LO]] to
// CHECK:               scf.for {{.*}} -> (vector<8xf64>)
// CHECK-COUNT-5:         task.read %[[W]]
// CHECK:         task.release %[[W]] : <f64>
func.func @rowStencil() {
  %seed = arith.constant 1 : i64
  %x = array.random seed %seed : !array.array<[100, 50], f64, chunks [40, 50]>
  %c = array.convolve %x weights [1.0, 4.0, 6.0, 4.0, 1.0] reflect axis 0 : !array.array<[100, 50], f64, chunks [40, 50]>
  %s = array.reduce sum %c axis 1 : !array.array<[100, 50], f64, chunks [40, 50]> -> !array.array<[100], f64, chunks [40]>
  array.save %s to "s.npy" : !array.array<[100], f64, chunks [40]>
  return
}
