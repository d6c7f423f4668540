// --emit=obj writes a relocatable object without running any external tool.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %bridgec %s --emit=obj -o %t.dir/f.o
// RUN: llvm-nm %t.dir/f.o | FileCheck %s
// The default name is the input's stem with .o, in the working directory.
// RUN: cd %t.dir && %bridgec %s --emit=obj && llvm-nm emit-obj.o | FileCheck %s

// CHECK: T answer

module {
  llvm.func @answer() -> i64 {
    %c = llvm.mlir.constant(42 : i64) : i64
    llvm.return %c : i64
  }
}
