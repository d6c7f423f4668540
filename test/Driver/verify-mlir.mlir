// --verify-diagnostics and --split-input-file on .mlir inputs use '// -----'
// and report each chunk's problems at the file's own line numbers.
// RUN: %bridgec %s --split-input-file --verify-diagnostics --emit=llvm
// RUN: not %bridgec %s --split-input-file --emit=llvm 2>&1 | FileCheck %s

// CHECK: verify-mlir.mlir:[[# @LINE + 3]]:5: error: custom op 'llvm.no_such_op' is unknown
module {
  llvm.func @f() {
    llvm.no_such_op  // expected-error {{custom op 'llvm.no_such_op' is unknown}}
  }
}

// -----

module {
  llvm.func @g() -> i32 {
    %c = llvm.mlir.constant(1 : i32) : i32
    llvm.return %c : i32
  }
}

// -----

// CHECK: verify-mlir.mlir:[[# @LINE + 3]]:17: error: use of undeclared SSA value name
module {
  llvm.func @h() -> i32 {
    llvm.return %missing : i32  // expected-error {{use of undeclared SSA value name}}
  }
}
