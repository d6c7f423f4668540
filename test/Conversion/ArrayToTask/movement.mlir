// RUN: bridge-opt %s --convert-array-to-task | FileCheck %s

// Stored data that moves between chunks is materialised and moved by
// redistribution maps (the save stores %x; movement-recompute.mlir shows
// movements of generated data); a stencil reads a halo copy; a reduction
// along an axis reduces each input chunk along the axis to partials (the
// stencil evaluated there), which move to the owners of the result's chunks,
// where its consumer's stage combines them. An element of a slice moves
// alone, in a one-element slice.

// CHECK-LABEL: func.func @main
// CHECK:         %[[X:.*]] = task.alloc : <[6, 8], f64, chunks [4, 3], contiguous>
// CHECK:         task.stage shape [6, 8] chunks [4, 3] contiguous outs(%[[X]]
// CHECK:         %[[P:.*]] = task.alloc : <[2, 8], f64, chunks [1, 3], contiguous>
// CHECK:         %[[H:.*]] = task.halo %[[X]] reflect : {{.*}} -> <[6, 8], f64, chunks [4, 3], contiguous, halo [0, 1]>
// CHECK:         task.stage shape [2, 8] chunks [1, 3] contiguous ins(%[[H]] : {{.*}}) outs(%[[P]]
// CHECK-COUNT-3:   task.read
// CHECK:         task.free %[[H]]
// CHECK:         %[[W:.*]] = task.alloc : <[2, 8], f64, chunks [2, 3], contiguous>
// CHECK:         task.redistribute %[[P]] into %[[W]]
// CHECK:         task.free %[[P]]
// CHECK:         %[[S:.*]] = task.stage shape [8] chunks [3] contiguous ins(%[[W]] : {{.*}}) -> !task.partials<f64>
// CHECK:           scf.for
// CHECK-COUNT-2:     task.read
// CHECK:         task.combine max %[[S]]
// CHECK:         task.redistribute %[[X]] into %{{.*}} dims [0, 1] offsets [5, 3] steps [2, 3] lo [0, 0] hi [1, 1]
// CHECK:         task.fetch %{{.*}} [0, 0]
// CHECK:         task.redistribute %[[X]] into %[[T:.*]] dims [1, 0]
// CHECK:         task.redistribute %[[T]] into %[[CC:.*]] dims [0, 1] offsets [0, 0] steps [1, 1] lo [0, 0] hi [8, 6]
// CHECK:         task.redistribute %[[T]] into %[[CC]] dims [0, 1] offsets [0, 0] steps [1, 1] lo [8, 0] hi [16, 6]
// CHECK:         task.save %[[CC]] to "cc.npy"
// CHECK:         %[[B:.*]] = task.alloc : <[16, 6], f64, chunks [16, 6], block>
// CHECK:         task.redistribute %[[CC]] into %[[B]]
// CHECK:         task.call @solve(%[[B]])
// CHECK:         task.free %[[B]]

func.func @main() {
  %x_seed = arith.constant 7 : i64
  %x = array.random seed %x_seed : !array.array<[6, 8], f64, chunks [4, 3]>
  array.save %x to "x.npy" : !array.array<[6, 8], f64, chunks [4, 3]>
  %c = array.convolve %x weights [0.25, 0.5, 0.25] reflect axis 1 : !array.array<[6, 8], f64, chunks [4, 3]>
  %r = array.reduce sum %c axis 0 : !array.array<[6, 8], f64, chunks [4, 3]> -> !array.array<[8], f64, chunks [3]>
  %s = array.reduce max %r : !array.array<[8], f64, chunks [3]> -> f64
  array.print %s : f64
  %sl = array.slice %x starts [1, 0] steps [2, 3] : !array.array<[6, 8], f64, chunks [4, 3]> -> !array.array<[3, 3], f64, chunks [4, 3]>
  %e = array.index %sl [2, 1] : !array.array<[3, 3], f64, chunks [4, 3]> -> f64
  array.print %e : f64
  %t = array.transpose %x : !array.array<[6, 8], f64, chunks [4, 3]> -> !array.array<[8, 6], f64, chunks [3, 4]>
  %cc = array.concat %t, %t axis 0 offsets [0, 8] : !array.array<[8, 6], f64, chunks [3, 4]>, !array.array<[8, 6], f64, chunks [3, 4]> -> !array.array<[16, 6], f64, chunks [3, 4]>
  array.save %cc to "cc.npy" : !array.array<[16, 6], f64, chunks [3, 4]>
  %v = array.call @solve(%cc) {block_args = array<i64: 0>} : (!array.array<[16, 6], f64, chunks [3, 4]>) -> f64
  array.print %v : f64
  return
}
