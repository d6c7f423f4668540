// --emit=llvm prints the IR after the in-process optimiser: at -O2 the loop
// vectoriser runs, at -O0 nothing does. Functions carry the target CPU.
// RUN: %bridgec %s --emit=llvm | FileCheck %s --check-prefix=O2
// RUN: %bridgec %s --emit=llvm -O3 -o - | FileCheck %s --check-prefix=O2
// RUN: %bridgec %s --emit=llvm -O0 | FileCheck %s --check-prefix=O0
// RUN: %bridgec %s --emit=llvm --mcpu=generic | FileCheck %s --check-prefix=GENERIC
// RUN: %bridgec %s --emit=llvm -o %t.ll && FileCheck %s --check-prefix=O2 < %t.ll

// O2: target triple =
// O2-LABEL: define void @scale(
// O2: fmul <{{[0-9]+}} x double>

// O0-LABEL: define void @scale(
// O0-NOT: x double>
// O0: fmul double

// GENERIC: fmul <{{[0-9]+}} x double>
// GENERIC: "target-cpu"="generic"

module {
  llvm.func @scale(%a: !llvm.ptr {llvm.noalias}, %b: !llvm.ptr {llvm.noalias},
                   %n: i64) {
    %c0 = llvm.mlir.constant(0 : i64) : i64
    %c1 = llvm.mlir.constant(1 : i64) : i64
    %two = llvm.mlir.constant(2.0 : f64) : f64
    llvm.br ^loop(%c0 : i64)
  ^loop(%i: i64):
    %more = llvm.icmp "slt" %i, %n : i64
    llvm.cond_br %more, ^body, ^exit
  ^body:
    %pb = llvm.getelementptr %b[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f64
    %v = llvm.load %pb : !llvm.ptr -> f64
    %w = llvm.fmul %v, %two : f64
    %pa = llvm.getelementptr %a[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f64
    llvm.store %w, %pa : f64, !llvm.ptr
    %next = llvm.add %i, %c1 : i64
    llvm.br ^loop(%next : i64)
  ^exit:
    llvm.return
  }
}
