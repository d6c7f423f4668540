// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// With `dataset`, an HDF5 dataset: the path and the dataset name. With
// `param`, the path is the value of that str parameter when the program runs.
// CHECK-LABEL: func.func @hdf5
// CHECK:         %[[H:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[FILE:.*]] = llvm.getelementptr {{.*}} !llvm.array<6 x i8>
// CHECK:         %[[DSET:.*]] = llvm.getelementptr {{.*}} !llvm.array<5 x i8>
// CHECK:         call @bridge_rt_load_h5(%[[H]], %[[FILE]], %[[DSET]]) : (!llvm.ptr, !llvm.ptr, !llvm.ptr) -> ()
// CHECK:         %[[P:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[INDEX:.*]] = arith.constant 2 : i32
// CHECK:         %[[VALUE:.*]] = call @bridge_rt_param_str(%[[INDEX]])
// CHECK:         call @bridge_rt_load_npy(%[[P]], %[[VALUE]])
func.func @hdf5() {
  %h = task.load "in.h5" dataset "/g/x" : !task.dist<[10], f64, chunks [5], contiguous>
  %p = task.load "" param 2 : !task.dist<[10], f64, chunks [5], contiguous>
  task.free %h : !task.dist<[10], f64, chunks [5], contiguous>
  task.free %p : !task.dist<[10], f64, chunks [5], contiguous>
  return
}
