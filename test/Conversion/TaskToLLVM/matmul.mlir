// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// A chunk-local matrix product is one runtime call: the destination, the
// operands, and whether the left operand is read transposed.

// CHECK-LABEL: func.func @f
// CHECK:         %[[A:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[Y:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[P:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[T:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    call @bridge_rt_matmul_local(%[[P]], %[[A]], %[[Y]], %[[T]]) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, i32) -> ()
// CHECK:       func.func private @bridge_rt_matmul_local(!llvm.ptr, !llvm.ptr, !llvm.ptr, i32)
func.func @f() {
  %a = task.alloc : !task.dist<[10, 4], f64, chunks [5, 4], contiguous>
  %y = task.alloc : !task.dist<[10, 3], f64, chunks [5, 3], contiguous>
  %p = task.alloc : !task.dist<[2, 4, 3], f64, chunks [1, 4, 3], contiguous>
  task.matmul_local %a, %y into %p {transpose_lhs} : !task.dist<[10, 4], f64, chunks [5, 4], contiguous>, !task.dist<[10, 3], f64, chunks [5, 3], contiguous> -> !task.dist<[2, 4, 3], f64, chunks [1, 4, 3], contiguous>
  return
}
