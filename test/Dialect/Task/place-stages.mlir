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

// -----

// A stencil's window holds a tile of rows whatever a chunk's extent along
// axis 0: over chunks of whole rows it fits the slabs, and the stage moves
// onto them.
// CHECK-LABEL: func.func @window
// CHECK:         task.stage shape [100, 8] chunks [100, 8] block
// CHECK-NOT:     task.redistribute
func.func @window() {
  %n = arith.constant 4104 : index
  %w = task.scratch %n margins [2, 0] tile 32768 : <f64>
  %0 = task.alloc : !task.dist<[100, 8], f64, chunks [10, 8], contiguous>
  task.stage shape [100, 8] chunks [10, 8] contiguous outs(%0 : !task.dist<[100, 8], f64, chunks [10, 8], contiguous>) {
  ^bb0(%c: index, %s0: index, %s1: index, %e0: index, %e1: index, %out: !task.chunk<f64>):
    %z = arith.constant 0 : index
    %x = task.read %w[%z] : <f64>
    task.write %x, %out[%z] : !task.chunk<f64>
    task.yield
  }
  task.release %w : <f64>
  %1 = task.alloc : !task.dist<[100, 8], f64, chunks [100, 8], block>
  task.redistribute %0 into %1 dims [0, 1] offsets [0, 0] steps [1, 1] lo [0, 0] hi [100, 8] : !task.dist<[100, 8], f64, chunks [10, 8], contiguous> to !task.dist<[100, 8], f64, chunks [100, 8], block>
  task.free %0 : !task.dist<[100, 8], f64, chunks [10, 8], contiguous>
  %r = task.call @solve(%1) : (!task.dist<[100, 8], f64, chunks [100, 8], block>) -> f64
  task.free %1 : !task.dist<[100, 8], f64, chunks [100, 8], block>
  return
}

// -----

// Over chunks that cut the rows, a window's rows are those of a chunk, not a
// slab's: without the count of rows its body steps by (`rows`), the stage
// keeps its chunks. So does one with storage sized for its grid's chunks (no
// tile).
// CHECK-LABEL: func.func @windowCutRows
// CHECK:         task.stage shape [100, 8] chunks [10, 4] contiguous
// CHECK:         task.redistribute
// CHECK-LABEL: func.func @windowCutRowsResized
// CHECK-DAG:     %[[OLD:.*]] = arith.constant 8192 : index
// CHECK-DAG:     %[[ROWS:.*]] = arith.constant 4096 : index
// CHECK-DAG:     %[[ELEMENTS:.*]] = arith.constant 32784 : index
// CHECK:         %[[W:.*]] = task.scratch %[[ELEMENTS]] rows %[[ROWS]] margins [2, 0] tile 32768 : <f64>
// CHECK:         task.stage shape [100, 8] chunks [100, 8] block
// CHECK:           arith.addi %{{.*}}, %[[ROWS]] : index
// CHECK-NOT:     task.redistribute
// CHECK:         arith.muli %[[OLD]], %[[OLD]] : index
// CHECK-LABEL: func.func @chunkStorage
// CHECK:         task.stage shape [100, 8] chunks [10, 8] contiguous
// CHECK:         task.redistribute
func.func @windowCutRows() {
  %n = arith.constant 4104 : index
  %w = task.scratch %n margins [2, 0] tile 32768 : <f64>
  %0 = task.alloc : !task.dist<[100, 8], f64, chunks [10, 4], contiguous>
  task.stage shape [100, 8] chunks [10, 4] contiguous outs(%0 : !task.dist<[100, 8], f64, chunks [10, 4], contiguous>) {
  ^bb0(%c: index, %s0: index, %s1: index, %e0: index, %e1: index, %out: !task.chunk<f64>):
    %z = arith.constant 0 : index
    %x = task.read %w[%z] : <f64>
    task.write %x, %out[%z] : !task.chunk<f64>
    task.yield
  }
  %1 = task.alloc : !task.dist<[100, 8], f64, chunks [100, 8], block>
  task.redistribute %0 into %1 dims [0, 1] offsets [0, 0] steps [1, 1] lo [0, 0] hi [100, 8] : !task.dist<[100, 8], f64, chunks [10, 4], contiguous> to !task.dist<[100, 8], f64, chunks [100, 8], block>
  %r = task.call @solve(%1) : (!task.dist<[100, 8], f64, chunks [100, 8], block>) -> f64
  return
}
func.func @windowCutRowsResized() {
  %rows = arith.constant 8192 : index
  %n = arith.constant 49164 : index
  %w = task.scratch %n rows %rows margins [2, 0] tile 32768 : <f64>
  %0 = task.alloc : !task.dist<[100, 8], f64, chunks [10, 4], contiguous>
  task.stage shape [100, 8] chunks [10, 4] contiguous outs(%0 : !task.dist<[100, 8], f64, chunks [10, 4], contiguous>) {
  ^bb0(%c: index, %s0: index, %s1: index, %e0: index, %e1: index, %out: !task.chunk<f64>):
    %z = arith.constant 0 : index
    %next = arith.addi %z, %rows : index
    %x = task.read %w[%next] : <f64>
    task.write %x, %out[%z] : !task.chunk<f64>
    task.yield
  }
  task.release %w : <f64>
  // Uses of the count outside the stage keep it.
  %other = arith.muli %rows, %rows : index
  %1 = task.alloc : !task.dist<[100, 8], f64, chunks [100, 8], block>
  task.redistribute %0 into %1 dims [0, 1] offsets [0, 0] steps [1, 1] lo [0, 0] hi [100, 8] : !task.dist<[100, 8], f64, chunks [10, 4], contiguous> to !task.dist<[100, 8], f64, chunks [100, 8], block>
  task.free %0 : !task.dist<[100, 8], f64, chunks [10, 4], contiguous>
  %r = task.call @solve(%1) : (!task.dist<[100, 8], f64, chunks [100, 8], block>) -> f64
  task.free %1 : !task.dist<[100, 8], f64, chunks [100, 8], block>
  return
}
func.func @chunkStorage() {
  %n = arith.constant 80 : index
  %w = task.scratch %n : <f64>
  %0 = task.alloc : !task.dist<[100, 8], f64, chunks [10, 8], contiguous>
  task.stage shape [100, 8] chunks [10, 8] contiguous outs(%0 : !task.dist<[100, 8], f64, chunks [10, 8], contiguous>) {
  ^bb0(%c: index, %s0: index, %s1: index, %e0: index, %e1: index, %out: !task.chunk<f64>):
    %z = arith.constant 0 : index
    %x = task.read %w[%z] : <f64>
    task.write %x, %out[%z] : !task.chunk<f64>
    task.yield
  }
  %1 = task.alloc : !task.dist<[100, 8], f64, chunks [100, 8], block>
  task.redistribute %0 into %1 dims [0, 1] offsets [0, 0] steps [1, 1] lo [0, 0] hi [100, 8] : !task.dist<[100, 8], f64, chunks [10, 8], contiguous> to !task.dist<[100, 8], f64, chunks [100, 8], block>
  %r = task.call @solve(%1) : (!task.dist<[100, 8], f64, chunks [100, 8], block>) -> f64
  return
}
