// User inputs: a .c source compiled with mpicc, an archive found through -L
// and -l (both spellings), a plain object.
// REQUIRES: mpi
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %bridgec %S/Inputs/helper.mlir --emit=obj -o %t.dir/helper.o
// RUN: llvm-ar rcs %t.dir/libhelper.a %t.dir/helper.o

// RUN: %bridgec %s %S/Inputs/legacy_scale.c -L %t.dir -l helper -o %t.dir/a
// RUN: %mpirun -np 2 %t.dir/a | FileCheck %s
// RUN: %bridgec %s %S/Inputs/legacy_scale.c -L%t.dir -lhelper -o %t.dir/b
// RUN: %mpirun -np 3 %t.dir/b | FileCheck %s
// RUN: %bridgec -O0 %S/Inputs/legacy_scale.c %s %t.dir/helper.o -o %t.dir/c
// RUN: %mpirun -np 1 %t.dir/c | FileCheck %s

// CHECK: 3.5
// CHECK-NOT: {{.}}

module {
  llvm.func @bridge_rt_init(i32, !llvm.ptr)
  llvm.func @bridge_rt_print_f64(f64)
  llvm.func @bridge_rt_finalize() -> i32
  llvm.func @legacy_scale(f64) -> f64
  llvm.func @helper_add(f64) -> f64
  llvm.func @main(%argc: i32, %argv: !llvm.ptr) -> i32 {
    llvm.call @bridge_rt_init(%argc, %argv) : (i32, !llvm.ptr) -> ()
    %x = llvm.mlir.constant(1.25 : f64) : f64
    %y = llvm.call @legacy_scale(%x) : (f64) -> f64
    %z = llvm.call @helper_add(%y) : (f64) -> f64
    llvm.call @bridge_rt_print_f64(%z) : (f64) -> ()
    %status = llvm.call @bridge_rt_finalize() : () -> i32
    llvm.return %status : i32
  }
}
