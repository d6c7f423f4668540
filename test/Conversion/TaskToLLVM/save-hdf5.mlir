// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// "FILE:/DATASET" is an HDF5 dataset (the runtime splits the text, so the
// dataset argument is null); a str parameter's value is looked at when the
// program runs (bridge_rt_save_target).
// CHECK-LABEL: func.func @hdf5
// CHECK:         %[[TARGET:.*]] = llvm.getelementptr {{.*}} !llvm.array<10 x i8>
// CHECK:         %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK:         call @bridge_rt_save_h5(%{{.*}}, %[[TARGET]], %[[NULL]])
// CHECK:         %[[VALUE:.*]] = call @bridge_rt_param_str(
// CHECK:         call @bridge_rt_save_target(%{{.*}}, %[[VALUE]])
func.func @hdf5() {
  %a = task.alloc : !task.dist<[10], f64, chunks [5], contiguous>
  task.save %a to "o.h5:/g/y" : !task.dist<[10], f64, chunks [5], contiguous>
  task.save %a to "" param 0 : !task.dist<[10], f64, chunks [5], contiguous>
  task.free %a : !task.dist<[10], f64, chunks [5], contiguous>
  return
}
