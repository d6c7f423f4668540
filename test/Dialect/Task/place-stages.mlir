// RUN: bridge-opt %s --split-input-file --task-place-stages | FileCheck %s

// A generated array that only a `block` call reads is computed over the slabs:
// no move, no second array.
// CHECK-LABEL: func.func @direct
// CHECK:         %[[S:.*]] = task.alloc : <[1000], f64, chunks [1000], block>
// CHECK:         task.stage shape [1000] chunks [1000] block outs(%[[S]]
// CHECK-NOT:     task.redistribute
// CHECK:         task.call @solve(%[[S]])
// CHECK-NEXT:    task.free %[[S]]
// CHECK-NOT:     task.free
func.func @direct() {
  %0 = task.alloc : !task.dist<[1000], f64, chunks [100], contiguous>
  task.stage shape [1000] chunks [100] contiguous outs(%0 : !task.dist<[1000], f64, chunks [100], contiguous>) {
  ^bb0(%c: index, %start: index, %extent: index, %out: !task.chunk<f64>):
    %one = arith.constant 1.0 : f64
    %z = arith.constant 0 : index
    task.write %one, %out[%z] : !task.chunk<f64>
    task.yield
  }
  %1 = task.alloc : !task.dist<[1000], f64, chunks [1000], block>
  task.redistribute %0 into %1 dims [0] offsets [0] steps [1] lo [0] hi [1000] : !task.dist<[1000], f64, chunks [100], contiguous> to !task.dist<[1000], f64, chunks [1000], block>
  task.free %0 : !task.dist<[1000], f64, chunks [100], contiguous>
  %r = task.call @solve(%1) : (!task.dist<[1000], f64, chunks [1000], block>) -> f64
  task.free %1 : !task.dist<[1000], f64, chunks [1000], block>
  return
}

// -----

// A stage that also yields partials keeps its chunks: its reductions must not
// depend on the rank count.
// CHECK-LABEL: func.func @partials
// CHECK:         task.stage shape [1000] chunks [100] contiguous
// CHECK:         task.redistribute
func.func @partials() {
  %0 = task.alloc : !task.dist<[1000], f64, chunks [100], contiguous>
  %p = task.stage shape [1000] chunks [100] contiguous outs(%0 : !task.dist<[1000], f64, chunks [100], contiguous>) -> !task.partials<f64> {
  ^bb0(%c: index, %start: index, %extent: index, %out: !task.chunk<f64>):
    %one = arith.constant 1.0 : f64
    task.yield %one : f64
  }
  %s = task.combine sum %p : !task.partials<f64> -> f64
  %1 = task.alloc : !task.dist<[1000], f64, chunks [1000], block>
  task.redistribute %0 into %1 dims [0] offsets [0] steps [1] lo [0] hi [1000] : !task.dist<[1000], f64, chunks [100], contiguous> to !task.dist<[1000], f64, chunks [1000], block>
  %r = task.call @solve(%1) : (!task.dist<[1000], f64, chunks [1000], block>) -> f64
  return
}

// -----

// A stage that reads another array keeps its chunks: that array lies in
// chunks too.
// CHECK-LABEL: func.func @reads
// CHECK:         task.stage shape [1000] chunks [100] contiguous ins
// CHECK:         task.redistribute
func.func @reads(%in: !task.dist<[1000], f64, chunks [100], contiguous>) {
  %0 = task.alloc : !task.dist<[1000], f64, chunks [100], contiguous>
  task.stage shape [1000] chunks [100] contiguous ins(%in : !task.dist<[1000], f64, chunks [100], contiguous>) outs(%0 : !task.dist<[1000], f64, chunks [100], contiguous>) {
  ^bb0(%c: index, %start: index, %extent: index, %a: !task.chunk<f64>, %out: !task.chunk<f64>):
    task.yield
  }
  %1 = task.alloc : !task.dist<[1000], f64, chunks [1000], block>
  task.redistribute %0 into %1 dims [0] offsets [0] steps [1] lo [0] hi [1000] : !task.dist<[1000], f64, chunks [100], contiguous> to !task.dist<[1000], f64, chunks [1000], block>
  %r = task.call @solve(%1) : (!task.dist<[1000], f64, chunks [1000], block>) -> f64
  return
}
