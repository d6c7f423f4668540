// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// A load creates the array as task.alloc does, then fills it from the file
// whose path is a NUL-terminated global: .npy by default, raw with `raw`.

// CHECK-DAG: llvm.mlir.global internal constant @[[NPY:__bridge_str_[0-9a-f]+]]("in.npy\00")
// CHECK-DAG: llvm.mlir.global internal constant @[[RAW:__bridge_str_[0-9a-f]+]]("in.raw\00")

// CHECK-LABEL: func.func @f
// CHECK:         %[[A:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[NPYADDR:.*]] = llvm.mlir.addressof @[[NPY]]
// CHECK:         %[[NPYPATH:.*]] = llvm.getelementptr %[[NPYADDR]][0, 0] {{.*}} !llvm.array<7 x i8>
// CHECK:         call @bridge_rt_load_npy(%[[A]], %[[NPYPATH]])
// CHECK:         %[[B:.*]] = call @bridge_rt_dist_create_block(
// CHECK:         %[[RAWADDR:.*]] = llvm.mlir.addressof @[[RAW]]
// CHECK:         %[[RAWPATH:.*]] = llvm.getelementptr %[[RAWADDR]]
// CHECK:         call @bridge_rt_load_raw(%[[B]], %[[RAWPATH]])
// CHECK:         call @bridge_rt_dist_destroy(%[[A]])
// CHECK:         call @bridge_rt_dist_destroy(%[[B]])
// CHECK-DAG:   func.func private @bridge_rt_load_npy(!llvm.ptr, !llvm.ptr)
// CHECK-DAG:   func.func private @bridge_rt_load_raw(!llvm.ptr, !llvm.ptr)
func.func @f() {
  %a = task.load "in.npy" : !task.dist<[10], f64, chunks [5], contiguous>
  %b = task.load "in.raw" raw : !task.dist<[10], i32, chunks [10], block>
  task.free %a : !task.dist<[10], f64, chunks [5], contiguous>
  task.free %b : !task.dist<[10], i32, chunks [10], block>
  return
}
