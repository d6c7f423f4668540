// RUN: bridge-opt %s --convert-array-to-task -split-input-file -verify-diagnostics

func.func @main(%s: f64) {
  %x = array.random seed 1 : !array.array<[10], f64, chunks [5]>
  // expected-error @+1 {{the 'block' layout is not supported yet}}
  array.call @f(%x) {block_args = array<i64: 0>} : (!array.array<[10], f64, chunks [5]>) -> ()
  return
}

// -----

func.func @main() {
  %x = array.random seed 1 : !array.array<[4, 4], f64, chunks [2, 2]>
  // expected-error @+1 {{reduction along an axis is not supported yet}}
  %r = array.reduce sum %x axis 1 : !array.array<[4, 4], f64, chunks [2, 2]> -> !array.array<[4], f64, chunks [2]>
  array.call @f(%r) : (!array.array<[4], f64, chunks [2]>) -> ()
  return
}

// -----

func.func @main() {
  %x = array.random seed 1 : !array.array<[10], f64, chunks [5]>
  // expected-error @+1 {{'save' is not supported yet}}
  array.save %x to "x.npy" : !array.array<[10], f64, chunks [5]>
  return
}
