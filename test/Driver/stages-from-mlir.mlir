// A .mlir input enters the flow at the stage its dialects show: array-dialect
// modules go through both halves of the pipeline, task-dialect modules only
// through the second.
// RUN: %bridgec %s --emit=mlir | FileCheck %s --check-prefix=ARRAY
// RUN: %bridgec %s --emit=task -o %t.task.mlir
// RUN: FileCheck %s --check-prefix=TASK < %t.task.mlir
// RUN: %bridgec %t.task.mlir --emit=llvm | FileCheck %s --check-prefix=LLVM
// RUN: %bridgec %s --emit=llvm -O0 | FileCheck %s --check-prefix=LLVM

// ARRAY: array.reduce sum
// TASK: task.stage
// TASK: task.combine sum
// LLVM: define {{.*}}@main(
// LLVM: call {{.*}}@bridge_rt_reduce_end_f64(

// REQUIRES: mpi
// RUN: %bridgec %s -o %t
// RUN: %mpirun -np 3 %t | FileCheck %s --check-prefix=OUT --match-full-lines
// OUT: 45
// OUT-NOT: {{.}}

func.func @main() {
  %a = array.arange : !array.array<[10], i64, chunks [4]>
  %af = array.cast %a : !array.array<[10], i64, chunks [4]> to !array.array<[10], f64, chunks [4]>
  %m = array.reduce sum %af : !array.array<[10], f64, chunks [4]> -> f64
  array.print %m : f64
  return
}
