// The link line keeps the command line's order of files and -l names, wherever
// the program input stands; a C++ source is compiled with mpicxx.
// REQUIRES: mpi
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %bridgec %S/Inputs/helper.mlir --emit=obj -o %t.dir/helper.o
// RUN: %bridgec -lm %S/Inputs/legacy_offset.cpp %s -L%t.dir %t.dir/helper.o -ldl \
// RUN:   -o %t.dir/prog -v 2>&1 | FileCheck %s
// RUN: %mpirun -np 2 %t.dir/prog | FileCheck %s --check-prefix=OUT

// CHECK: mpicxx -O2 -I{{.*}}include -c {{.*}}legacy_offset.cpp -o {{[^ ]+}}.o
// CHECK-NEXT: mpicxx -o {{[^ ]+}} {{[^ ]+}}.o -L{{[^ ]+}}.dir -lm {{[^ ]+}}.o {{[^ ]+}}helper.o -ldl {{[^ ]+}}libbridge_runtime.a -Wl,--push-state,--as-needed {{[^ ]*}}libhdf5{{[^ ]*}} -Wl,--pop-state -lm{{$}}

// OUT: 2.5
// OUT-NOT: {{.}}

module {
  llvm.func @bridge_rt_init(i32, !llvm.ptr)
  llvm.func @bridge_rt_print_f64(f64)
  llvm.func @bridge_rt_finalize() -> i32
  llvm.func @legacy_offset(f64) -> f64
  llvm.func @helper_add(f64) -> f64
  llvm.func @main(%argc: i32, %argv: !llvm.ptr) -> i32 {
    llvm.call @bridge_rt_init(%argc, %argv) : (i32, !llvm.ptr) -> ()
    %x = llvm.mlir.constant(1.25 : f64) : f64
    %y = llvm.call @legacy_offset(%x) : (f64) -> f64
    %z = llvm.call @helper_add(%y) : (f64) -> f64
    llvm.call @bridge_rt_print_f64(%z) : (f64) -> ()
    %status = llvm.call @bridge_rt_finalize() : () -> i32
    llvm.return %status : i32
  }
}
