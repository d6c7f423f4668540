// RUN: bridge-opt %s --convert-array-to-task | FileCheck %s

// A count of values is taken in the stage over its input's grid, with a
// whole-array reduction of the same input: the counters exist before the
// stage, each element adds to one, and the sum over the ranks fills the
// result after it. The input is never stored.

// CHECK-LABEL: func.func @main
// CHECK:         %[[N:.*]] = task.size
// CHECK:         %[[C:.*]] = task.counts %[[N]]
// CHECK-NEXT:    %[[P:.*]] = task.stage shape [100] chunks [30] contiguous -> !task.partials<f64> {
// CHECK:           task.count %[[C]][%{{.*}}] length %[[N]]
// CHECK:         }
// CHECK:         %[[R:.*]] = task.alloc : <[s0], i64, chunks [s0], contiguous>
// CHECK-NEXT:    task.sum_counts %[[C]] length %[[N]] into %[[R]] : <[s0], i64, chunks [s0], contiguous>
// CHECK:         task.save %[[R]] to "c.npy"
// CHECK-NEXT:    task.free %[[R]]
// CHECK-NOT:     task.alloc
module attributes {bridge.sizes = "param nb i64 default \227\22 @ \22p:1:7\22\0Aparam_value 0 @ \22p:1:7\22\0A"} {
  func.func @main() {
    %seed = arith.constant 1 : i64
    %x = array.random seed %seed : <[100], f64, chunks [30]>
    %n = array.size s0
    %scale = arith.constant 1.000000e+01 : f64
    %y = array.binary mul %x, %scale : (!array.array<[100], f64, chunks [30]>, f64) -> !array.array<[100], f64, chunks [30]>
    %i = array.cast %y : !array.array<[100], f64, chunks [30]> to !array.array<[100], i64, chunks [30]>
    %c = array.bincount %i length %n : <[100], i64, chunks [30]> -> <[s0], i64, chunks [s0]>
    %s = array.reduce sum %x : <[100], f64, chunks [30]> -> f64
    array.save %c to "c.npy" : <[s0], i64, chunks [s0]>
    array.print %s : f64
    return
  }
}
