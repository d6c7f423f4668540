// RUN: bridge-opt %s --convert-array-to-task | FileCheck %s
// RUN: bridge-opt %s --convert-array-to-task=fuse=false | FileCheck %s --check-prefix=NOFUSE

// An elementwise chain feeding a call is materialised in one loop per chunk;
// the reductions that only need the generator share the first pass, and the
// reduction of the materialised array joins the pass that writes it.

// CHECK-LABEL: func.func @main
// CHECK:         task.stage shape [1000] chunks [64] contiguous -> !task.partials<f64>, !task.partials<f64>, !task.partials<i64>, !task.partials<f64>, !task.partials<f64>, !task.partials<f64> {
// CHECK:           scf.for
// CHECK-NOT:       scf.for
// CHECK:           task.yield
// CHECK:         task.combine sum
// CHECK:         task.combine sum
// CHECK:         task.combine_moments
// CHECK:         task.print
// CHECK:         %[[Z:.*]] = task.alloc : <[1000], f64, chunks [64], contiguous>
// CHECK:         task.stage shape [1000] chunks [64] contiguous outs(%[[Z]] : {{.*}}) -> !task.partials<i64>, !task.partials<f64>, !task.partials<f64>, !task.partials<f64> {
// CHECK:           scf.for
// CHECK-NOT:       scf.for
// CHECK:           task.write
// CHECK:           task.yield
// CHECK:         task.combine_moments
// CHECK:         task.call @consume(%[[Z]])
// CHECK:         task.free %[[Z]]
// CHECK:         task.print
// CHECK-NOT:     task.stage

// NOFUSE-COUNT-5: task.stage
// NOFUSE-NOT:     task.stage

func.func @main() {
  %x_seed = arith.constant 42 : i64
  %x = array.random seed %x_seed : !array.array<[1000], f64, chunks [64]>
  %two = arith.constant 2.0 : f64
  %y = array.binary mul %x, %two : (!array.array<[1000], f64, chunks [64]>, f64) -> !array.array<[1000], f64, chunks [64]>
  %s = array.reduce sum %x : !array.array<[1000], f64, chunks [64]> -> f64
  array.print %s : f64
  %m = array.reduce mean %y : !array.array<[1000], f64, chunks [64]> -> f64
  %d = array.binary sub %y, %m : (!array.array<[1000], f64, chunks [64]>, f64) -> !array.array<[1000], f64, chunks [64]>
  %sd = array.reduce std %y : !array.array<[1000], f64, chunks [64]> -> f64
  %z = array.binary div %d, %sd : (!array.array<[1000], f64, chunks [64]>, f64) -> !array.array<[1000], f64, chunks [64]>
  %t = array.call @consume(%z) : (!array.array<[1000], f64, chunks [64]>) -> f64
  array.print %t : f64
  %v = array.reduce var %z : !array.array<[1000], f64, chunks [64]> -> f64
  array.print %v : f64
  return
}
