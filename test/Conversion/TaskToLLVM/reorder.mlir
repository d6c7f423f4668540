// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// Reordering chunks is one local runtime call: destination, source, and the
// order written (1: column-major, 0: row-major).

// CHECK-LABEL: func.func @f
// CHECK:         %[[A:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[B:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[ONE:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    call @bridge_rt_dist_reorder(%[[B]], %[[A]], %[[ONE]]) : (!llvm.ptr, !llvm.ptr, i32) -> ()
// CHECK:         %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-NEXT:    call @bridge_rt_dist_reorder(%[[A]], %[[B]], %[[ZERO]])
// CHECK:       func.func private @bridge_rt_dist_reorder(!llvm.ptr, !llvm.ptr, i32)
func.func @f() {
  %a = task.alloc : !task.dist<[10, 4], f64, chunks [5, 4], contiguous>
  %b = task.alloc : !task.dist<[10, 4], f64, chunks [5, 4], contiguous>
  task.reorder %a into %b {column_major} : !task.dist<[10, 4], f64, chunks [5, 4], contiguous>
  task.reorder %b into %a : !task.dist<[10, 4], f64, chunks [5, 4], contiguous>
  return
}
