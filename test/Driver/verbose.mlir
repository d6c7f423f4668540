// -v prints the version and every command bridgec runs: the mpicc compile of
// a user source with the runtime's include directory, then the mpicxx link of
// the generated object, the user's inputs, the runtime library, the HDF5
// library it may need (kept only when used) and libm.
// REQUIRES: mpi
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %bridgec %s %S/Inputs/legacy_scale.c -L%t.dir -lm -o %t.dir/prog -v 2>&1 | FileCheck %s

// CHECK: bridgec version
// CHECK: mpicc -O2 -I{{.*}}include -c {{.*}}legacy_scale.c -o {{.*}}.o
// CHECK-NEXT: mpicxx -o {{.*}}prog.tmp-{{[^ ]+}} {{[^ ]+}}.o -L{{.*}}.dir {{[^ ]+}}.o -lm {{.*}}lib{{/|\\}}libbridge_runtime.a -Wl,--push-state,--as-needed {{.*}}libhdf5{{[^ ]*}} -Wl,--pop-state -lm{{$}}

module {
  llvm.func @legacy_scale(f64) -> f64
  llvm.func @main() -> i32 {
    %x = llvm.mlir.constant(1.0 : f64) : f64
    %y = llvm.call @legacy_scale(%x) : (f64) -> f64
    %c = llvm.mlir.constant(0 : i32) : i32
    llvm.return %c : i32
  }
}
