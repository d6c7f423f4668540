// RUN: bridge-opt %s --split-input-file --convert-array-to-task | FileCheck %s

// A roll and a constant pad of generated data are recomputed where their
// reductions read them: each element finds its piece along each dimension
// with selects and computes the source once; a fill piece gives zero. A
// tile of more copies than a stage selects among is stored and moves.
// Nothing is stored or redistributed.

// CHECK-LABEL: func.func @main
// CHECK-NOT:     task.alloc
// CHECK:         %[[R:.*]] = task.stage shape [10] chunks [4] contiguous -> !task.partials<f64>
// CHECK:           arith.select
// CHECK-NOT:       task.read
// CHECK:         task.combine sum %[[R]]
// CHECK-NOT:     task.alloc
// CHECK:         %[[P:.*]] = task.stage shape [13] chunks [4] contiguous -> !task.partials<f64>
// CHECK:           arith.maxsi
// CHECK:           arith.minsi
// CHECK:           arith.ori
// CHECK:           arith.select
// CHECK-NOT:       task.read
// CHECK:         task.combine sum %[[P]]

func.func @main() {
  %seed = arith.constant 7 : i64
  %x = array.random seed %seed : !array.array<[10], f64, chunks [4]>
  %r = array.arrange %x, %x dims [0, 0] offsets [7, 0] steps [1, 1] lo [0, 3] hi [3, 10] : !array.array<[10], f64, chunks [4]>, !array.array<[10], f64, chunks [4]> -> !array.array<[10], f64, chunks [4]>
  %s = array.reduce sum %r : !array.array<[10], f64, chunks [4]> -> f64
  array.print %s : f64
  %zero = arith.constant 0.0 : f64
  %z1 = array.full %zero : f64 -> !array.array<[2], f64, chunks [2]>
  %z2 = array.full %zero : f64 -> !array.array<[1], f64, chunks [1]>
  %p = array.arrange %z1, %x, %z2 dims [0, 0, 0] offsets [0, 0, 0] steps [1, 1, 1] lo [0, 2, 12] hi [2, 12, 13] : !array.array<[2], f64, chunks [2]>, !array.array<[10], f64, chunks [4]>, !array.array<[1], f64, chunks [1]> -> !array.array<[13], f64, chunks [4]>
  %t = array.reduce sum %p : !array.array<[13], f64, chunks [4]> -> f64
  array.print %t : f64
  return
}

// -----

// Two generated sources, stacked: each element computes both at coordinates
// inside them and its box picks one.
// CHECK-LABEL: func.func @main
// CHECK-NOT:     task.alloc
// CHECK:         %[[S:.*]] = task.stage shape [2, 10] chunks [2, 4] contiguous -> !task.partials<f64>
// CHECK:           arith.minsi
// CHECK:           arith.select
// CHECK-NOT:       task.read
// CHECK:         task.combine sum %[[S]]

func.func @main() {
  %seed = arith.constant 7 : i64
  %x = array.random seed %seed : !array.array<[10], f64, chunks [4]>
  %other = arith.constant 8 : i64
  %y = array.random seed %other : !array.array<[10], f64, chunks [4]>
  %st = array.arrange %x, %y dims [1, 0, 1, 0] offsets [0, 0, 0, 0] steps [1, 1, 1, 1] lo [0, 0, 1, 0] hi [1, 10, 2, 10] : !array.array<[10], f64, chunks [4]>, !array.array<[10], f64, chunks [4]> -> !array.array<[2, 10], f64, chunks [2, 4]>
  %u = array.reduce sum %st : !array.array<[2, 10], f64, chunks [2, 4]> -> f64
  array.print %u : f64
  return
}

// -----

// A stored source (a scan's result) is not recomputed: the stack is stored
// and its boxes move.
// CHECK-LABEL: func.func @main
// CHECK:         task.scan_local
// CHECK:         task.alloc : <[2, 10], f64, chunks [2, 4], contiguous>
// CHECK:         task.redistribute
// CHECK:         task.redistribute

func.func @main() {
  %seed = arith.constant 7 : i64
  %x = array.random seed %seed : !array.array<[10], f64, chunks [4]>
  %c = array.scan sum %x axis 0 : <[10], f64, chunks [4]>
  %st = array.arrange %c, %x dims [1, 0, 1, 0] offsets [0, 0, 0, 0] steps [1, 1, 1, 1] lo [0, 0, 1, 0] hi [1, 10, 2, 10] : !array.array<[10], f64, chunks [4]>, !array.array<[10], f64, chunks [4]> -> !array.array<[2, 10], f64, chunks [2, 4]>
  %u = array.reduce sum %st : !array.array<[2, 10], f64, chunks [2, 4]> -> f64
  array.print %u : f64
  return
}

// -----

// CHECK-LABEL: func.func @main
// CHECK:         task.alloc : <[90], f64, chunks [4], contiguous>
// CHECK-COUNT-9: task.redistribute

func.func @main() {
  %seed = arith.constant 7 : i64
  %x = array.random seed %seed : !array.array<[10], f64, chunks [4]>
  %t = array.arrange %x, %x, %x, %x, %x, %x, %x, %x, %x dims [0, 0, 0, 0, 0, 0, 0, 0, 0] offsets [0, 0, 0, 0, 0, 0, 0, 0, 0] steps [1, 1, 1, 1, 1, 1, 1, 1, 1] lo [0, 10, 20, 30, 40, 50, 60, 70, 80] hi [10, 20, 30, 40, 50, 60, 70, 80, 90] : !array.array<[10], f64, chunks [4]>, !array.array<[10], f64, chunks [4]>, !array.array<[10], f64, chunks [4]>, !array.array<[10], f64, chunks [4]>, !array.array<[10], f64, chunks [4]>, !array.array<[10], f64, chunks [4]>, !array.array<[10], f64, chunks [4]>, !array.array<[10], f64, chunks [4]>, !array.array<[10], f64, chunks [4]> -> !array.array<[90], f64, chunks [4]>
  %s = array.reduce sum %t : !array.array<[90], f64, chunks [4]> -> f64
  array.print %s : f64
  return
}
