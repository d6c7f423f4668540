// RUN: bridge-opt %s | bridge-opt | FileCheck %s

// CHECK-LABEL: func.func @creation
func.func @creation() {
  %r_seed = arith.constant 42 : i64
  // CHECK: array.random seed %{{.*}} : <[1000], f64, chunks [64]>
  %r = array.random seed %r_seed : !array.array<[1000], f64, chunks [64]>
  %n_seed = arith.constant 9 : i64
  %n_mean = arith.constant 1.0 : f64
  %n_std = arith.constant 2.0 : f64
  // CHECK: array.normal seed %{{.*}} mean %{{.*}} std %{{.*}} : <[10, 20], f64, chunks [5, 20]>
  %n = array.normal seed %n_seed mean %n_mean std %n_std : !array.array<[10, 20], f64, chunks [5, 20]>
  %c = arith.constant 1.5 : f32
  // CHECK: array.full %{{.*}} : f32 -> <[8], f32, chunks [3]>
  %f = array.full %c : f32 -> !array.array<[8], f32, chunks [3]>
  // CHECK: array.arange : <[8], i64, chunks [3]>
  %a = array.arange : !array.array<[8], i64, chunks [3]>
  return
}

// CHECK-LABEL: func.func @elementwise
func.func @elementwise(%x: !array.array<[100], f64, chunks [10]>, %s: f64) {
  // CHECK: array.binary mul %{{.*}}, %{{.*}} : (!array.array<[100], f64, chunks [10]>, f64) -> !array.array<[100], f64, chunks [10]>
  %y = array.binary mul %x, %s : (!array.array<[100], f64, chunks [10]>, f64) -> !array.array<[100], f64, chunks [10]>
  // CHECK: array.binary lt
  %m = array.binary lt %y, %x : (!array.array<[100], f64, chunks [10]>, !array.array<[100], f64, chunks [10]>) -> !array.array<[100], i1, chunks [10]>
  // CHECK: array.unary not
  %n = array.unary not %m : !array.array<[100], i1, chunks [10]> -> !array.array<[100], i1, chunks [10]>
  // CHECK: array.unary isnan
  %i = array.unary isnan %y : !array.array<[100], f64, chunks [10]> -> !array.array<[100], i1, chunks [10]>
  // CHECK: array.select
  %w = array.select %n, %y, %s : (!array.array<[100], i1, chunks [10]>, !array.array<[100], f64, chunks [10]>, f64) -> !array.array<[100], f64, chunks [10]>
  // CHECK: array.cast %{{.*}} : !array.array<[100], f64, chunks [10]> to !array.array<[100], i32, chunks [10]>
  %c = array.cast %w : !array.array<[100], f64, chunks [10]> to !array.array<[100], i32, chunks [10]>
  // CHECK: array.binary and
  %b = array.binary and %m, %n : (!array.array<[100], i1, chunks [10]>, !array.array<[100], i1, chunks [10]>) -> !array.array<[100], i1, chunks [10]>
  return
}

// CHECK-LABEL: func.func @effects
func.func @effects(%x: !array.array<[100], f64, chunks [10]>, %m: !array.array<[4, 6], i32, chunks [2, 3]>) {
  // CHECK: array.reduce sum %{{.*}} : <[100], f64, chunks [10]> -> f64
  %s = array.reduce sum %x : !array.array<[100], f64, chunks [10]> -> f64
  // CHECK: array.reduce max %{{.*}} axis 1 : <[4, 6], i32, chunks [2, 3]> -> !array.array<[4], i32, chunks [2]>
  %r = array.reduce max %m axis 1 : !array.array<[4, 6], i32, chunks [2, 3]> -> !array.array<[4], i32, chunks [2]>
  // CHECK: array.print %{{.*}} : f64
  array.print %s : f64
  %outside = arith.constant 0 : i64
  // CHECK: array.require_zero %{{.*}}, "p.bdsl:3:9: 'bincount' takes values from 0 to 7"
  array.require_zero %outside, "p.bdsl:3:9: 'bincount' takes values from 0 to 7"
  // CHECK: array.call @solve(%{{.*}}, %{{.*}}) {block_args = array<i64: 0>} : (!array.array<[100], f64, chunks [10]>, f64) -> i32
  %t = array.call @solve(%x, %s) {block_args = array<i64: 0>} : (!array.array<[100], f64, chunks [10]>, f64) -> i32
  // CHECK: array.call @consume(%{{.*}}) : (!array.array<[100], f64, chunks [10]>) -> ()
  array.call @consume(%x) : (!array.array<[100], f64, chunks [10]>) -> ()
  // CHECK: array.call @smooth(%{{.*}}, %{{.*}}) {block_result} : (f64, !array.array<[100], f64, chunks [10]>) -> !array.array<[100], i32, chunks [10]>
  %y = array.call @smooth(%s, %x) {block_result} : (f64, !array.array<[100], f64, chunks [10]>) -> !array.array<[100], i32, chunks [10]>
  // CHECK: array.save %{{.*}} to "out.npy"
  array.save %x to "out.npy" : !array.array<[100], f64, chunks [10]>
  return
}

// CHECK-LABEL: func.func @broadcast
func.func @broadcast(%row: !array.array<[6], f64, chunks [3]>, %col: !array.array<[10, 1], i32, chunks [4, 1]>, %s: !array.array<[10], f64, chunks [4]>) {
  // CHECK: array.broadcast %{{.*}} : <[6], f64, chunks [3]> -> <[10, 6], f64, chunks [4, 3]>
  %a = array.broadcast %row : !array.array<[6], f64, chunks [3]> -> !array.array<[10, 6], f64, chunks [4, 3]>
  // CHECK: array.broadcast %{{.*}} : <[10, 1], i32, chunks [4, 1]> -> <[2, 10, 6], i32, chunks [1, 4, 2]>
  %b = array.broadcast %col : !array.array<[10, 1], i32, chunks [4, 1]> -> !array.array<[2, 10, 6], i32, chunks [1, 4, 2]>
  // CHECK: array.expand_dims %{{.*}} [1] : <[10], f64, chunks [4]> -> <[10, 1], f64, chunks [4, 1]>
  %k = array.expand_dims %s [1] : !array.array<[10], f64, chunks [4]> -> !array.array<[10, 1], f64, chunks [4, 1]>
  return
}

// A flip and a roll: boxes of the result read their source through affine
// maps, backwards for the flip; a permutation of the axes.
// CHECK-LABEL: func.func @arrange
func.func @arrange(%x: !array.array<[6, 4], f64, chunks [4, 2]>, %y: !array.array<[2, 3, 5], f64, chunks [1, 3, 2]>) {
  // CHECK: array.arrange %{{.*}} dims [0, 1] offsets [5, 0] steps [-1, 1] lo [0, 0] hi [6, 4] : !array.array<[6, 4], f64, chunks [4, 2]> -> <[6, 4], f64, chunks [4, 2]>
  %f = array.arrange %x dims [0, 1] offsets [5, 0] steps [-1, 1] lo [0, 0] hi [6, 4] : !array.array<[6, 4], f64, chunks [4, 2]> -> !array.array<[6, 4], f64, chunks [4, 2]>
  // CHECK: array.arrange %{{.*}}, %{{.*}} dims [0, 1, 0, 1]
  %r = array.arrange %x, %x dims [0, 1, 0, 1] offsets [4, 0, 0, 0] steps [1, 1, 1, 1] lo [0, 0, 2, 0] hi [2, 4, 6, 4] : !array.array<[6, 4], f64, chunks [4, 2]>, !array.array<[6, 4], f64, chunks [4, 2]> -> !array.array<[6, 4], f64, chunks [4, 2]>
  // CHECK: array.transpose %{{.*}} {perm = array<i64: 0, 2, 1>}
  %t = array.transpose %y {perm = array<i64: 0, 2, 1>} : !array.array<[2, 3, 5], f64, chunks [1, 3, 2]> -> !array.array<[2, 5, 3], f64, chunks [1, 2, 3]>
  return
}

// Reshapes whose chunks hold the same elements on both sides: a flat stream
// into rows, trailing whole axes merged, unit axes anywhere.
// CHECK-LABEL: func.func @reshape
func.func @reshape(%x: !array.array<[24], f64, chunks [6]>, %m: !array.array<[8, 6], i64, chunks [3, 6]>, %t: !array.array<[4, 3, 5], f32, chunks [3, 2, 5]>) {
  // CHECK: array.reshape %{{.*}} : <[24], f64, chunks [6]> -> <[4, 6], f64, chunks [1, 6]>
  %a = array.reshape %x : !array.array<[24], f64, chunks [6]> -> !array.array<[4, 6], f64, chunks [1, 6]>
  // CHECK: array.reshape %{{.*}} : <[24], f64, chunks [6]> -> <[4, 1, 6], f64, chunks [1, 1, 6]>
  %b = array.reshape %x : !array.array<[24], f64, chunks [6]> -> !array.array<[4, 1, 6], f64, chunks [1, 1, 6]>
  // CHECK: array.reshape %{{.*}} : <[8, 6], i64, chunks [3, 6]> -> <[48], i64, chunks [18]>
  %c = array.reshape %m : !array.array<[8, 6], i64, chunks [3, 6]> -> !array.array<[48], i64, chunks [18]>
  // CHECK: array.reshape %{{.*}} : <[8, 6], i64, chunks [3, 6]> -> <[1, 8, 6, 1], i64, chunks [1, 3, 6, 1]>
  %d = array.reshape %m : !array.array<[8, 6], i64, chunks [3, 6]> -> !array.array<[1, 8, 6, 1], i64, chunks [1, 3, 6, 1]>
  // CHECK: array.reshape %{{.*}} : <[4, 3, 5], f32, chunks [3, 2, 5]> -> <[4, 3, 5, 1], f32, chunks [3, 2, 5, 1]>
  %e = array.reshape %t : !array.array<[4, 3, 5], f32, chunks [3, 2, 5]> -> !array.array<[4, 3, 5, 1], f32, chunks [3, 2, 5, 1]>
  return
}

// With sizes known only at run time (a repeat by a parameter r = s2): the
// axes both sides share at either end stay, and the axes between are one
// stretch of row-major elements per chunk on each side.
// CHECK-LABEL: func.func @reshape_run_time
func.func @reshape_run_time(%s: !array.array<[s0, 5, s2], f64, chunks [s1, 2, s2]>, %f: !array.array<[s0, s2, 5], f64, chunks [s1, s2, 5]>) {
  // CHECK: array.reshape %{{.*}} : <[s0, 5, s2], f64, chunks [s1, 2, s2]> -> <[s0, s3], f64, chunks [s1, s4]>
  %a = array.reshape %s : !array.array<[s0, 5, s2], f64, chunks [s1, 2, s2]> -> !array.array<[s0, s3], f64, chunks [s1, s4]>
  // CHECK: array.reshape %{{.*}} : <[s0, s2, 5], f64, chunks [s1, s2, 5]> -> <[s3, 5], f64, chunks [s4, 5]>
  %b = array.reshape %f : !array.array<[s0, s2, 5], f64, chunks [s1, s2, 5]> -> !array.array<[s3, 5], f64, chunks [s4, 5]>
  return
}

// A median of f32 stays f32; quantiles are f64, one result each.
// CHECK-LABEL: func.func @quantile
func.func @quantile(%x: !array.array<[8], f32, chunks [3]>) {
  // CHECK: array.quantile %{{.*}} median q [] : <[8], f32, chunks [3]> -> f32
  %m = array.quantile %x median q [] : <[8], f32, chunks [3]> -> f32
  // CHECK: array.quantile %{{.*}} q [2.500000e-01, 7.500000e-01] : <[8], f32, chunks [3]> -> f64, f64
  %q:2 = array.quantile %x q [0.25, 0.75] : <[8], f32, chunks [3]> -> f64, f64
  return
}

// Along an axis: the input's shape and chunks without it.
// CHECK-LABEL: func.func @line_quantile
func.func @line_quantile(%x: !array.array<[8, 5], f32, chunks [3, 5]>) {
  // CHECK: array.line_quantile %{{.*}} axis 1 median q 5.000000e-01 : <[8, 5], f32, chunks [3, 5]> -> <[8], f32, chunks [3]>
  %m = array.line_quantile %x axis 1 median q 0.5 : <[8, 5], f32, chunks [3, 5]> -> <[8], f32, chunks [3]>
  // CHECK: array.line_quantile %{{.*}} axis 0 q 9.000000e-01 : <[8, 5], f32, chunks [3, 5]> -> <[5], f64, chunks [5]>
  %q = array.line_quantile %x axis 0 q 0.9 : <[8, 5], f32, chunks [3, 5]> -> <[5], f64, chunks [5]>
  return
}

// A matrix product and the per-chunk partials of a Gram product.
// CHECK-LABEL: func.func @matmul
func.func @matmul(%a: !array.array<[10, 4], f64, chunks [5, 4]>,
                  %c: !array.array<[4, 3], f64, chunks [2, 3]>,
                  %y: !array.array<[10, 3], f64, chunks [5, 3]>) {
  // CHECK: array.matmul %{{.*}}, %{{.*}} : <[10, 4], f64, chunks [5, 4]>, <[4, 3], f64, chunks [2, 3]> -> <[10, 3], f64, chunks [5, 3]>
  %p = array.matmul %a, %c : <[10, 4], f64, chunks [5, 4]>, <[4, 3], f64, chunks [2, 3]> -> <[10, 3], f64, chunks [5, 3]>
  // CHECK: array.matmul_partials %{{.*}}, %{{.*}} : <[10, 4], f64, chunks [5, 4]>, <[10, 3], f64, chunks [5, 3]> -> <[2, 4, 3], f64, chunks [1, 4, 3]>
  %g = array.matmul_partials %a, %y : <[10, 4], f64, chunks [5, 4]>, <[10, 3], f64, chunks [5, 3]> -> <[2, 4, 3], f64, chunks [1, 4, 3]>
  return
}

// CHECK-LABEL: func.func @compaction
func.func @compaction(%x: !array.array<[10, 3], f64, chunks [5, 3]>,
                      %m: !array.array<[10, 3], i1, chunks [5, 3]>,
                      %r: !array.array<[10], i1, chunks [5]>) {
  // CHECK: array.compress %{{.*}}, %{{.*}} : <[10, 3], f64, chunks [5, 3]>, <[10, 3], i1, chunks [5, 3]> -> <[s0], f64, chunks [s1]>
  %e = array.compress %x, %m : <[10, 3], f64, chunks [5, 3]>, <[10, 3], i1, chunks [5, 3]> -> <[s0], f64, chunks [s1]>
  // CHECK: array.compress %{{.*}}, %{{.*}} : <[10, 3], f64, chunks [5, 3]>, <[10], i1, chunks [5]> -> <[s2, 3], f64, chunks [s3, 3]>
  %rows = array.compress %x, %r : <[10, 3], f64, chunks [5, 3]>, <[10], i1, chunks [5]> -> <[s2, 3], f64, chunks [s3, 3]>
  // CHECK: array.unique %{{.*}} : <[10, 3], f64, chunks [5, 3]> -> <[s4], f64, chunks [s5]>
  %u = array.unique %x : <[10, 3], f64, chunks [5, 3]> -> <[s4], f64, chunks [s5]>
  return
}

// CHECK-LABEL: func.func @bincount
func.func @bincount(%i: !array.array<[10, 3], i64, chunks [5, 3]>, %n: i64) {
  // CHECK: array.bincount %{{.*}} length %{{.*}} : <[10, 3], i64, chunks [5, 3]> -> <[s0], i64, chunks [s0]>
  %c = array.bincount %i length %n : <[10, 3], i64, chunks [5, 3]> -> <[s0], i64, chunks [s0]>
  return
}
