// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// Releasing an array destroys its runtime handle, and nothing else.

// CHECK-LABEL: func.func @f
// CHECK:         %[[D:.*]] = call @bridge_rt_dist_create(
// CHECK-NEXT:    call @bridge_rt_dist_destroy(%[[D]]) : (!llvm.ptr) -> ()
// CHECK-NEXT:    return
// CHECK:       func.func private @bridge_rt_dist_destroy(!llvm.ptr)
func.func @f() {
  %a = task.alloc : !task.dist<[10], f64, chunks [5], contiguous>
  task.free %a : !task.dist<[10], f64, chunks [5], contiguous>
  return
}
