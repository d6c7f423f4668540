// An LLVM-dialect module goes straight to code generation and the link with
// the runtime. Rank 0 alone prints, with 17 significant digits.
// REQUIRES: mpi
// RUN: %bridgec %s -o %t
// RUN: %mpirun -np 2 %t > %t.out
// RUN: FileCheck %s --match-full-lines < %t.out
// RUN: count 1 < %t.out

// CHECK: 0.10000000000000001

module {
  llvm.func @bridge_rt_init(i32, !llvm.ptr)
  llvm.func @bridge_rt_print_f64(f64)
  llvm.func @bridge_rt_finalize() -> i32
  llvm.func @main(%argc: i32, %argv: !llvm.ptr) -> i32 {
    llvm.call @bridge_rt_init(%argc, %argv) : (i32, !llvm.ptr) -> ()
    %x = llvm.mlir.constant(0.1 : f64) : f64
    llvm.call @bridge_rt_print_f64(%x) : (f64) -> ()
    %status = llvm.call @bridge_rt_finalize() : () -> i32
    llvm.return %status : i32
  }
}
