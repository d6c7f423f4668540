// A failing compiler or linker: the tool's output after a `bridgec: error:`
// line, a non-zero status, and neither the output nor a temporary left over.
// REQUIRES: mpi
// RUN: rm -rf %t.dir && mkdir -p %t.dir

// RUN: not %bridgec %s -o %t.dir/prog 2>&1 | FileCheck %s --check-prefix=LINK
// LINK: bridgec: error: linker command failed with exit code 1 (use -v to see invocation)
// LINK: undefined reference to `not_defined_anywhere'
// RUN: ls %t.dir | count 0

// RUN: not %bridgec %s %S/Inputs/broken.c -o %t.dir/prog 2>&1 | FileCheck %s --check-prefix=CC
// CC: bridgec: error: mpicc command failed with exit code 1 (use -v to see invocation)
// CC: broken.c:1:{{[0-9]+}}: error:
// RUN: ls %t.dir | count 0

// RUN: not %bridgec %s %t.dir/missing.o -o %t.dir/prog 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: bridgec: error: no such file or directory: '{{.*}}missing.o'
// RUN: ls %t.dir | count 0

// The environment overrides the configured wrappers.
// RUN: env BRIDGEC_MPICXX=%t.dir/no-mpicxx not %bridgec %s -o %t.dir/prog 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ENV
// ENV: bridgec: error: unable to execute '{{.*}}no-mpicxx'
// RUN: ls %t.dir | count 0

module {
  llvm.func @not_defined_anywhere() -> i32
  llvm.func @main() -> i32 {
    %r = llvm.call @not_defined_anywhere() : () -> i32
    llvm.return %r : i32
  }
}
