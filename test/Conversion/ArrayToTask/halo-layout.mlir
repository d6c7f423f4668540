// RUN: bridge-opt %s --convert-array-to-task | FileCheck %s

// An array that only stencils read, all with one halo, is written by its
// stage with that halo's margins (its interior past them), which are then
// filled in place; the stencil's stage reads it as its halo, no copy made.
// An array that something else reads too keeps its layout and is copied.

// CHECK-LABEL: func.func @main
// CHECK:         %[[A:.*]] = task.alloc : <[100], f64, chunks [10], contiguous, halo [1]>
// CHECK-NEXT:    %[[B:.*]] = task.alloc : <[100], f64, chunks [10], contiguous>
// CHECK:         task.scratch %{{.*}} margins [2] tile 32768 : <f64>
// CHECK-NEXT:    task.stage shape [100] chunks [10] contiguous outs(%[[A]], %[[B]] :
// CHECK:         task.fill_halo %[[A]] wrap : <[100], f64, chunks [10], contiguous, halo [1]>
// CHECK-NOT:     task.halo %[[A]]
// CHECK:         %[[H:.*]] = task.halo %[[B]] edge
// CHECK:         task.stage shape [100] chunks [10] contiguous ins(%[[A]], %[[H]] :
func.func @main() {
  %seed = arith.constant 1 : i64
  %x = array.random seed %seed : !array.array<[100], f64, chunks [10]>
  %c = array.convolve %x weights [0.25, 0.5, 0.25] wrap axis 0 : !array.array<[100], f64, chunks [10]>
  %two = arith.constant 2.0 : f64
  %a = array.binary mul %c, %two : (!array.array<[100], f64, chunks [10]>, f64) -> !array.array<[100], f64, chunks [10]>
  %ca = array.convolve %a weights [0.25, 0.5, 0.25] wrap axis 0 : !array.array<[100], f64, chunks [10]>
  %sa = array.reduce sum %ca : !array.array<[100], f64, chunks [10]> -> f64
  array.print %sa : f64
  %b = array.binary mul %c, %two : (!array.array<[100], f64, chunks [10]>, f64) -> !array.array<[100], f64, chunks [10]>
  %cb = array.convolve %b weights [0.25, 0.5, 0.25] edge axis 0 : !array.array<[100], f64, chunks [10]>
  %sb = array.reduce sum %cb : !array.array<[100], f64, chunks [10]> -> f64
  array.print %sb : f64
  %mb = array.reduce max %b : !array.array<[100], f64, chunks [10]> -> f64
  array.print %mb : f64
  return
}
