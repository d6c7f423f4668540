// RUN: bridge-opt %s --convert-array-to-task=fuse=false \
// RUN:   | FileCheck %s --implicit-check-not=fastmath

// A float sum folds each chunk in 8 lanes (ReductionLanes.h): one
// vector<8xf64> accumulator, a loop over whole groups of 8 elements with one
// step per lane, one guarded step for each lane the last group may reach,
// and the lanes combined in the fixed tree ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)),
// a level at a time on vectors (even positions with the odd ones after them),
// the lanes frozen first so that LLVM keeps the loop's lanes one vector.
// No fold may be reassociated. An integer sum keeps its one accumulator.

// CHECK-LABEL: func.func @main
// CHECK:         task.stage shape [1000] chunks [64] contiguous -> !task.partials<f64>
// CHECK:           %[[INIT:.*]] = vector.broadcast %{{.*}} : f64 to vector<8xf64>
// CHECK:           %[[EIGHT:.*]] = arith.constant 8 : index
// CHECK:           scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[EIGHT]] iter_args(%[[ACC:.*]] = %[[INIT]]) -> (vector<8xf64>)
// CHECK:             vector.extract %[[ACC]][0]
// CHECK:             vector.extract %{{.*}}[1]
// CHECK:             vector.extract %{{.*}}[2]
// CHECK:             vector.extract %{{.*}}[3]
// CHECK:             vector.extract %{{.*}}[4]
// CHECK:             vector.extract %{{.*}}[5]
// CHECK:             vector.extract %{{.*}}[6]
// CHECK:             vector.extract %{{.*}}[7]
// CHECK:             scf.yield %{{.*}} : vector<8xf64>
// CHECK-COUNT-7:   scf.if %{{.*}} -> (vector<8xf64>)
// CHECK-NOT:       scf.if
// CHECK:           %[[FINAL:.*]] = llvm.freeze %{{.*}} : vector<8xf64>
// CHECK-NEXT:      %[[EVEN:.*]] = vector.shuffle %[[FINAL]], %[[FINAL]] [0, 2, 4, 6]
// CHECK-NEXT:      %[[ODD:.*]] = vector.shuffle %[[FINAL]], %[[FINAL]] [1, 3, 5, 7]
// CHECK-NEXT:      %[[PAIRS:.*]] = arith.addf %[[EVEN]], %[[ODD]] : vector<4xf64>
// CHECK-NEXT:      %[[EVEN2:.*]] = vector.shuffle %[[PAIRS]], %[[PAIRS]] [0, 2]
// CHECK-NEXT:      %[[ODD2:.*]] = vector.shuffle %[[PAIRS]], %[[PAIRS]] [1, 3]
// CHECK-NEXT:      %[[QUADS:.*]] = arith.addf %[[EVEN2]], %[[ODD2]] : vector<2xf64>
// CHECK-NEXT:      %[[LOW:.*]] = vector.shuffle %[[QUADS]], %[[QUADS]] [0]
// CHECK-NEXT:      %[[HIGH:.*]] = vector.shuffle %[[QUADS]], %[[QUADS]] [1]
// CHECK-NEXT:      %[[ALL:.*]] = arith.addf %[[LOW]], %[[HIGH]] : vector<1xf64>
// CHECK-NEXT:      %[[SUM:.*]] = vector.extract %[[ALL]][0]
// CHECK-NEXT:      task.yield %[[SUM]] : f64
// CHECK:         task.stage shape [1000] chunks [64] contiguous -> !task.partials<i64>
// CHECK-NOT:       vector
// CHECK:           scf.for {{.*}} -> (i64)
// CHECK:           task.yield %{{.*}} : i64

func.func @main() {
  %seed = arith.constant 42 : i64
  %x = array.random seed %seed : !array.array<[1000], f64, chunks [64]>
  %s = array.reduce sum %x : !array.array<[1000], f64, chunks [64]> -> f64
  array.print %s : f64
  %a = array.arange : !array.array<[1000], i64, chunks [64]>
  %t = array.reduce sum %a : !array.array<[1000], i64, chunks [64]> -> i64
  array.print %t : i64
  return
}
