// RUN: bridge-opt %s --convert-array-to-task | FileCheck %s

// Along an axis other than the first, a halo chunk's rows lie its pitch
// apart (task.pitch, asked once at the start of the body): the rank's chunks
// of a line along the axis may share one block, so that their margins are
// their neighbours' slabs. The stage that writes the array with the
// stencil's margins writes row r's element l at r * pitch + l + 1, and the
// stencil reads row r's neighbours at r * pitch + l + k.

// CHECK-LABEL: func.func @main
// CHECK:         %[[A:.*]] = task.alloc : <[6, 100], f64, chunks [3, 10], contiguous, halo [0, 1]>
// CHECK:         task.stage shape [6, 100] chunks [3, 10] contiguous outs(%[[A]] :
// CHECK-NEXT:    ^bb0({{.*}}, %[[OUT:[^:]+]]: !task.chunk<f64>):
// CHECK-NEXT:      %[[P:.*]] = task.pitch %[[OUT]] : <f64>
// CHECK:               %[[ROW:.*]] = arith.muli %{{.*}}, %[[P]] : index
// CHECK-NEXT:          %[[AT:.*]] = arith.addi %[[ROW]], %{{.*}} : index
// CHECK:               task.write %{{.*}}, %[[OUT]][%[[AT]]] : <f64>
// CHECK:         task.fill_halo %[[A]] wrap
// CHECK:         task.stage shape [6, 100] chunks [3, 10] contiguous ins(%[[A]] :
// CHECK-NEXT:    ^bb0({{.*}}, %[[IN:[^:]+]]: !task.chunk<f64>):
// CHECK-NEXT:      %[[Q:.*]] = task.pitch %[[IN]] : <f64>
// CHECK:           scf.for %[[R2:[^ ]+]] = {{.*}} iter_args
// CHECK:             %[[ROW2:.*]] = arith.muli %[[R2]], %[[Q]] : index
// CHECK-NEXT:        %[[AT2:.*]] = arith.addi %[[ROW2]], %{{.*}} : index
// CHECK-NEXT:        task.read %[[IN]][%[[AT2]]] : <f64>
func.func @main() {
  %seed = arith.constant 1 : i64
  %x = array.random seed %seed : !array.array<[6, 100], f64, chunks [3, 10]>
  %c = array.convolve %x weights [0.25, 0.5, 0.25] wrap axis 1 : !array.array<[6, 100], f64, chunks [3, 10]>
  %two = arith.constant 2.0 : f64
  %a = array.binary mul %c, %two : (!array.array<[6, 100], f64, chunks [3, 10]>, f64) -> !array.array<[6, 100], f64, chunks [3, 10]>
  %ca = array.convolve %a weights [0.25, 0.5, 0.25] wrap axis 1 : !array.array<[6, 100], f64, chunks [3, 10]>
  %sa = array.reduce sum %ca : !array.array<[6, 100], f64, chunks [3, 10]> -> f64
  array.print %sa : f64
  return
}
