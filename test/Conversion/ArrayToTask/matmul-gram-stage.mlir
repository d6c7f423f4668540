// RUN: bridge-opt %s --convert-array-to-task | FileCheck %s

// transpose(z) @ z with z computed by a stage and stored nowhere else: the
// stage writes each chunk of z to storage for one chunk and multiplies it
// once the chunk is done, into that chunk's partial product; z is never
// allocated whole. The partials then combine along the tree as before.

// CHECK-LABEL: func.func @main
// CHECK-NOT:     task.alloc : <[10, 4]
// CHECK:         %[[PARTS:.*]] = task.alloc : <[3, 4, 4], f64, chunks [1, 4, 4], contiguous>
// CHECK-NEXT:    %[[Z:.*]] = task.scratch %{{.*}} : <f64>
// CHECK-NEXT:    task.stage shape [10, 4] chunks [4, 4] contiguous {
// CHECK:           task.write %{{.*}}, %[[Z]][%{{.*}}] : <f64>
// CHECK:           task.matmul_chunk %[[PARTS]][%{{.*}}] = %[[Z]], %[[Z]] rows %{{.*}} : <[3, 4, 4], f64, chunks [1, 4, 4], contiguous>, <f64>
// CHECK-NEXT:      task.yield
// CHECK:         task.release %[[Z]] : <f64>
// CHECK:         task.stage shape [3, 4, 4] chunks [1, 4, 4] contiguous ins(%[[PARTS]]
// CHECK:         task.save %{{.*}} to "gram.npy"
func.func @main() {
  %s = arith.constant 1 : i64
  %x = array.random seed %s : !array.array<[10, 4], f64, chunks [4, 4]>
  %two = arith.constant 2.000000e+00 : f64
  %z = array.binary mul %x, %two : (!array.array<[10, 4], f64, chunks [4, 4]>, f64) -> !array.array<[10, 4], f64, chunks [4, 4]>
  %t = array.transpose %z : <[10, 4], f64, chunks [4, 4]> -> <[4, 10], f64, chunks [4, 4]>
  %g = array.matmul %t, %z : <[4, 10], f64, chunks [4, 4]>, <[10, 4], f64, chunks [4, 4]> -> <[4, 4], f64, chunks [4, 4]>
  array.save %g to "gram.npy" : !array.array<[4, 4], f64, chunks [4, 4]>
  return
}
