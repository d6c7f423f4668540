// RUN: bridge-opt %s --convert-array-to-task | FileCheck %s

// A stencil of generated data computes its input once per element: into a
// window (task.scratch, one per stage, released after it) of a tile of the
// chunk's rows with their margins along the stencil's axis. Before the rows
// of each tile the stage fills it by three loops along that axis, of which
// only the margins' take numpy.pad's source coordinate (the branch to a
// remainder); the tile's elements then read the window.

// CHECK-LABEL: func.func @rows
// CHECK:         %[[W:.*]] = task.scratch %{{.*}} margins [0, 4] tile 32768 : <f64>
// CHECK:         task.stage shape [6, 50] chunks [4, 10] contiguous
// CHECK:           scf.for %[[LO:.*]] = %{{.*}} to %{{.*}} step
// CHECK:             scf.for
// CHECK:               scf.for
// CHECK:                 arith.remsi
// CHECK:                 task.write %{{.*}}, %[[W]]
// CHECK:             scf.for
// CHECK:               scf.for
// CHECK-NOT:             arith.remsi
// CHECK:                 task.write %{{.*}}, %[[W]]
// CHECK:             scf.for
// CHECK:               scf.for
// CHECK:                 arith.remsi
// CHECK:                 task.write %{{.*}}, %[[W]]
// CHECK:             scf.for %{{.*}} = %[[LO]] to
// CHECK-COUNT-5:       task.read %[[W]]
// CHECK:         task.release %[[W]] : <f64>
func.func @rows() {
  %seed = arith.constant 1 : i64
  %x = array.random seed %seed : !array.array<[6, 50], f64, chunks [4, 10]>
  %c = array.convolve %x weights [1.0, 4.0, 6.0, 4.0, 1.0] reflect axis 1 : !array.array<[6, 50], f64, chunks [4, 10]>
  %s = array.reduce sum %c : !array.array<[6, 50], f64, chunks [4, 10]> -> f64
  array.print %s : f64
  return
}

// Zeros past the ends in constant mode: the margins select them. A 1-D
// chunk folded in lanes takes its tiles as the lane loop's blocks, the
// partial group's elements after a last fill.
// CHECK-LABEL: func.func @zeros
// CHECK:         %[[W:.*]] = task.scratch %{{.*}} margins [2] tile 32768 : <f64>
// CHECK:         task.stage
// CHECK:           scf.for %[[LO:.*]] = %{{.*}} to %{{.*}} step
// CHECK:             scf.for
// CHECK:               arith.select
// CHECK:               task.write %{{.*}}, %[[W]]
// CHECK:             scf.for %{{.*}} = %[[LO]] to %{{.*}} step %c8
// CHECK:               task.read %[[W]]
// CHECK:           scf.for
// CHECK:             arith.select
// CHECK:             task.write %{{.*}}, %[[W]]
// CHECK:           scf.if
// CHECK:             task.read %[[W]]
// CHECK:         task.release %[[W]]
func.func @zeros() {
  %seed = arith.constant 1 : i64
  %x = array.random seed %seed : !array.array<[100], f64, chunks [10]>
  %c = array.convolve %x weights [0.25, 0.5, 0.25] constant axis 0 : !array.array<[100], f64, chunks [10]>
  %s = array.reduce sum %c : !array.array<[100], f64, chunks [10]> -> f64
  array.print %s : f64
  return
}

// A stencil of stored data reads a halo copy instead: no window.
// CHECK-LABEL: func.func @stored
// CHECK-NOT:     task.scratch
// CHECK:         task.halo
// CHECK-NOT:     task.scratch
// CHECK:         return
func.func @stored() {
  %x = array.load "x.npy" : !array.array<[100], f64, chunks [10]>
  %c = array.convolve %x weights [0.25, 0.5, 0.25] edge axis 0 : !array.array<[100], f64, chunks [10]>
  %s = array.reduce sum %c : !array.array<[100], f64, chunks [10]> -> f64
  array.print %s : f64
  return
}
