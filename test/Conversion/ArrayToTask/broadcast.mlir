// RUN: bridge-opt %s --convert-array-to-task | FileCheck %s

// A broadcast never forms its result: its input is materialised and copied
// into a replica, the result's grid with each stretched axis cut to one
// element per chunk (step 0 along it, a missing leading axis read through the
// input's unit axes). Stages read the replica at offset 0 along stretched
// axes; the operand of the result's shape is read in place. A replica with
// the input's own grid is the input. A generated input is recomputed where
// it is read instead: no replica, nothing moves.

// CHECK-LABEL: func.func @main
// The column sums of `a` by partials (generated, `a` is never stored).
// CHECK:         %[[P:.*]] = task.alloc : <[3, 6], f64, chunks [1, 3], contiguous>
// CHECK:         task.stage shape [3, 6] chunks [1, 3] contiguous outs(%[[P]] :
// CHECK:         %[[W:.*]] = task.alloc : <[3, 6], f64, chunks [3, 3], contiguous>
// CHECK:         task.redistribute %[[P]] into %[[W]]
// CHECK:         %[[R:.*]] = task.alloc : <[6], f64, chunks [3], contiguous>
// CHECK:         task.stage shape [6] chunks [3] contiguous ins(%[[W]] : {{.*}}) outs(%[[R]]
// CHECK:         %[[REP:.*]] = task.alloc : <[3, 6], f64, chunks [1, 3], contiguous>
// CHECK:         task.redistribute %[[R]] into %[[REP]] dims [1, 0] offsets [0, 0] steps [0, 1] lo [0, 0] hi [3, 6]
// CHECK:         %[[D:.*]] = task.alloc : <[10, 6], f64, chunks [4, 3], contiguous>
// CHECK:         %[[G:.*]] = task.alloc : <[10, 6], f64, chunks [4, 3], contiguous>
// CHECK:         task.stage shape [10, 6] chunks [4, 3] contiguous ins(%[[REP]] : {{.*}}) outs(%[[D]], %[[G]]
// CHECK:         ^bb0(%{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %[[E1:[^:]*]]: index, %[[RC:[^:]*]]: !task.chunk<f64>,
// CHECK:           scf.for %[[I:.*]] =
// CHECK:             scf.for %[[J:.*]] =
// CHECK:               %[[ZERO:.*]] = arith.constant 0 : index
// CHECK:               %[[ONE:.*]] = arith.constant 1 : index
// CHECK:               %[[ROW:.*]] = arith.muli %[[ZERO]], %[[E1]]
// CHECK:               %[[OFF:.*]] = arith.addi %[[ROW]], %[[J]]
// CHECK:               task.read %[[RC]][%[[OFF]]]
// CHECK:         task.save %[[D]] to "d.npy"
// Per-row scaling: a sum along axis 1 of whole rows, kept as [10, 1]: the
// partials of the one chunk along axis 1 are the sums and do not move; the
// replica along the one chunk of axis 1 is the kept array itself.
// CHECK:         %[[P1:.*]] = task.alloc : <[10, 1], f64, chunks [4, 1], contiguous>
// CHECK:         task.stage shape [10, 1] chunks [4, 1] contiguous outs(%[[P1]]
// CHECK-NOT:     task.redistribute
// CHECK:         %[[S:.*]] = task.alloc : <[10], f64, chunks [4], contiguous>
// CHECK:         task.stage shape [10] chunks [4] contiguous ins(%[[P1]] : {{.*}}) outs(%[[S]]
// CHECK:         %[[K:.*]] = task.alloc : <[10, 1], f64, chunks [4, 1], contiguous>
// CHECK:         task.stage shape [10, 1] chunks [4, 1] contiguous ins(%[[S]] : {{.*}}) outs(%[[K]]
// CHECK-NOT:     task.redistribute
// CHECK:         task.stage shape [10, 6] chunks [4, 6] contiguous ins(%[[K]] : {{.*}})
// CHECK:         task.save %{{.*}} to "q.npy"
// CHECK-NOT:     task.redistribute
// CHECK:         task.save %[[G]] to "g.npy"

func.func @main() {
  %s1 = arith.constant 1 : i64
  %a = array.random seed %s1 : !array.array<[10, 6], f64, chunks [4, 3]>
  %r = array.reduce sum %a axis 0 : !array.array<[10, 6], f64, chunks [4, 3]> -> !array.array<[6], f64, chunks [3]>
  %b = array.broadcast %r : !array.array<[6], f64, chunks [3]> -> !array.array<[10, 6], f64, chunks [4, 3]>
  %d = array.binary sub %a, %b : (!array.array<[10, 6], f64, chunks [4, 3]>, !array.array<[10, 6], f64, chunks [4, 3]>) -> !array.array<[10, 6], f64, chunks [4, 3]>
  array.save %d to "d.npy" : !array.array<[10, 6], f64, chunks [4, 3]>
  %s2 = arith.constant 2 : i64
  %w = array.random seed %s2 : !array.array<[10, 6], f64, chunks [4, 6]>
  %ws = array.reduce sum %w axis 1 : !array.array<[10, 6], f64, chunks [4, 6]> -> !array.array<[10], f64, chunks [4]>
  %k = array.expand_dims %ws [1] : !array.array<[10], f64, chunks [4]> -> !array.array<[10, 1], f64, chunks [4, 1]>
  %kb = array.broadcast %k : !array.array<[10, 1], f64, chunks [4, 1]> -> !array.array<[10, 6], f64, chunks [4, 6]>
  %q = array.binary div %w, %kb : (!array.array<[10, 6], f64, chunks [4, 6]>, !array.array<[10, 6], f64, chunks [4, 6]>) -> !array.array<[10, 6], f64, chunks [4, 6]>
  array.save %q to "q.npy" : !array.array<[10, 6], f64, chunks [4, 6]>
  %s3 = arith.constant 3 : i64
  %g = array.random seed %s3 : !array.array<[6], f64, chunks [3]>
  %gb = array.broadcast %g : !array.array<[6], f64, chunks [3]> -> !array.array<[10, 6], f64, chunks [4, 3]>
  %ag = array.binary mul %a, %gb : (!array.array<[10, 6], f64, chunks [4, 3]>, !array.array<[10, 6], f64, chunks [4, 3]>) -> !array.array<[10, 6], f64, chunks [4, 3]>
  array.save %ag to "g.npy" : !array.array<[10, 6], f64, chunks [4, 3]>
  return
}
