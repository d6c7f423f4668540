// Compiled to an object and archived by link-user-inputs.mlir.
module {
  llvm.func @helper_add(%x: f64) -> f64 {
    %one = llvm.mlir.constant(1.0 : f64) : f64
    %y = llvm.fadd %x, %one : f64
    llvm.return %y : f64
  }
}
