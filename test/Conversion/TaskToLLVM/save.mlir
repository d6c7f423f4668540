// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// Saving passes the array and the path, a NUL-terminated global shared by
// every use of the same string.

// CHECK:       llvm.mlir.global internal constant @[[PATH:__bridge_str_[0-9a-f]+]]("out.npy\00")
// CHECK-NOT:   llvm.mlir.global

// CHECK-LABEL: func.func @f
// CHECK:         %[[A:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[ADDR0:.*]] = llvm.mlir.addressof @[[PATH]]
// CHECK:         %[[PATH0:.*]] = llvm.getelementptr %[[ADDR0]][0, 0] {{.*}} !llvm.array<8 x i8>
// CHECK:         call @bridge_rt_save_npy(%[[A]], %[[PATH0]]) : (!llvm.ptr, !llvm.ptr) -> ()
// CHECK:         %[[PATH1:.*]] = llvm.mlir.addressof @[[PATH]]
// CHECK:         call @bridge_rt_save_npy(%[[A]], %[[PATH1]])
// CHECK:       func.func private @bridge_rt_save_npy(!llvm.ptr, !llvm.ptr)
func.func @f() {
  %a = task.alloc : !task.dist<[10], f64, chunks [5], contiguous>
  task.save %a to "out.npy" : !task.dist<[10], f64, chunks [5], contiguous>
  task.save %a to "out.npy" : !task.dist<[10], f64, chunks [5], contiguous>
  task.free %a : !task.dist<[10], f64, chunks [5], contiguous>
  return
}
