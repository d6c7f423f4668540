// RUN: bridge-opt %s | bridge-opt | FileCheck %s

// CHECK-LABEL: func.func @stage
func.func @stage() {
  // CHECK: %[[IN:.*]] = task.alloc : <[100], f64, chunks [10], contiguous>
  %in = task.alloc : !task.dist<[100], f64, chunks [10], contiguous>
  %out = task.alloc : !task.dist<[100], f64, chunks [10], contiguous>
  // CHECK: %[[P:.*]] = task.stage shape [100] chunks [10] contiguous ins(%[[IN]] : {{.*}}) outs({{.*}}) -> !task.partials<f64> {
  %p = task.stage shape [100] chunks [10] contiguous
      ins(%in : !task.dist<[100], f64, chunks [10], contiguous>)
      outs(%out : !task.dist<[100], f64, chunks [10], contiguous>) -> !task.partials<f64> {
  ^bb0(%c: index, %start: index, %extent: index, %a: !task.chunk<f64>, %b: !task.chunk<f64>):
    %zero = arith.constant 0 : index
    // CHECK: task.read %{{.*}}[%{{.*}}] : <f64>
    %v = task.read %a[%zero] : !task.chunk<f64>
    // CHECK: task.write %{{.*}}, %{{.*}}[%{{.*}}] : <f64>
    task.write %v, %b[%zero] : !task.chunk<f64>
    // CHECK: task.yield %{{.*}} : f64
    task.yield %v : f64
  }
  // CHECK: task.combine sum %[[P]] : <f64> -> f64
  %s = task.combine sum %p : !task.partials<f64> -> f64
  // CHECK: task.print %{{.*}} : f64
  task.print %s : f64
  %outside = arith.constant 0 : i64
  // CHECK: task.require_zero %{{.*}}, "p.bdsl:3:9: 'bincount' takes values from 0 to 7"
  task.require_zero %outside, "p.bdsl:3:9: 'bincount' takes values from 0 to 7"
  // CHECK: task.call @solve(%{{.*}}, %{{.*}}) : (!task.dist<[100], f64, chunks [10], contiguous>, f64) -> i32
  %r = task.call @solve(%out, %s) : (!task.dist<[100], f64, chunks [10], contiguous>, f64) -> i32
  // CHECK: task.free
  task.free %in : !task.dist<[100], f64, chunks [10], contiguous>
  task.free %out : !task.dist<[100], f64, chunks [10], contiguous>
  return
}

// CHECK-LABEL: func.func @moments
func.func @moments() {
  // CHECK: task.stage shape [4, 6] chunks [2, 3] contiguous -> !task.partials<i64>, !task.partials<f64>, !task.partials<f64>, !task.partials<f64>
  %n, %k, %s1, %s2 = task.stage shape [4, 6] chunks [2, 3] contiguous -> !task.partials<i64>, !task.partials<f64>, !task.partials<f64>, !task.partials<f64> {
  ^bb0(%c: index, %r0: index, %c0: index, %e0: index, %e1: index):
    %one = arith.constant 1 : i64
    %zero = arith.constant 0.0 : f64
    task.yield %one, %zero, %zero, %zero : i64, f64, f64, f64
  }
  // CHECK: task.combine_moments
  %mean, %m2 = task.combine_moments %n, %k, %s1, %s2 : !task.partials<i64>, !task.partials<f64>, !task.partials<f64>, !task.partials<f64>
  return
}

// A flip: a negative step reads the source backwards.
// CHECK-LABEL: func.func @flip
func.func @flip() {
  %s = task.alloc : !task.dist<[6], f64, chunks [3], contiguous>
  %d = task.alloc : !task.dist<[6], f64, chunks [2], contiguous>
  // CHECK: task.redistribute %{{.*}} into %{{.*}} dims [0] offsets [5] steps [-1] lo [0] hi [6]
  task.redistribute %s into %d dims [0] offsets [5] steps [-1] lo [0] hi [6] : !task.dist<[6], f64, chunks [3], contiguous> to !task.dist<[6], f64, chunks [2], contiguous>
  return
}

// A broadcast's replicas: a step of 0 repeats a coordinate; a source of
// lower rank is read through its unit axes. A stage reads a replica whose
// stretched axis holds one element per chunk (a size of its own, s1, when
// the grid's extent s0 is known only at run time).
// CHECK-LABEL: func.func @replica
func.func @replica() {
  %row = task.alloc : !task.dist<[6], f64, chunks [3], contiguous>
  %rep = task.alloc : !task.dist<[3, 6], f64, chunks [1, 3], contiguous>
  // CHECK: task.redistribute %{{.*}} into %{{.*}} dims [1, 0] offsets [0, 0] steps [0, 1] lo [0, 0] hi [3, 6]
  task.redistribute %row into %rep dims [1, 0] offsets [0, 0] steps [0, 1] lo [0, 0] hi [3, 6] : !task.dist<[6], f64, chunks [3], contiguous> to !task.dist<[3, 6], f64, chunks [1, 3], contiguous>
  %sym = task.alloc : !task.dist<[s1, 6], f64, chunks [1, 3], contiguous>
  // CHECK: task.stage shape [s0, 6] chunks [4, 3] contiguous ins(%{{.*}} : !task.dist<[s1, 6], f64, chunks [1, 3], contiguous>)
  task.stage shape [s0, 6] chunks [4, 3] contiguous
      ins(%sym : !task.dist<[s1, 6], f64, chunks [1, 3], contiguous>) {
  ^bb0(%c: index, %s0: index, %s1: index, %e0: index, %e1: index, %a: !task.chunk<f64>):
    task.yield
  }
  return
}

// A reshape of run-time sizes read in place: grids that cut as many axes,
// each pair the same or counted only at run time.
// CHECK-LABEL: func.func @run_time_grid
func.func @run_time_grid() {
  %spread = task.alloc : !task.dist<[s0, 5, s2], f64, chunks [s1, 2, s2], contiguous>
  // CHECK: task.stage shape [s0, s3] chunks [s1, s4] contiguous ins(%{{.*}} : !task.dist<[s0, 5, s2], f64, chunks [s1, 2, s2], contiguous>)
  task.stage shape [s0, s3] chunks [s1, s4] contiguous
      ins(%spread : !task.dist<[s0, 5, s2], f64, chunks [s1, 2, s2], contiguous>) {
  ^bb0(%c: index, %st0: index, %st1: index, %e0: index, %e1: index, %a: !task.chunk<f64>):
    task.yield
  }
  return
}

// CHECK-LABEL: func.func @reorder
func.func @reorder() {
  %a = task.alloc : !task.dist<[6, 4], f32, chunks [3, 4], contiguous>
  %b = task.alloc : !task.dist<[6, 4], f32, chunks [3, 4], contiguous>
  // CHECK: task.reorder %{{.*}} into %{{.*}} {column_major} : <[6, 4], f32, chunks [3, 4], contiguous>
  task.reorder %a into %b {column_major} : !task.dist<[6, 4], f32, chunks [3, 4], contiguous>
  // CHECK: task.reorder %{{.*}} into %{{.*}} : <[6, 4], f32, chunks [3, 4], contiguous>
  task.reorder %b into %a : !task.dist<[6, 4], f32, chunks [3, 4], contiguous>
  return
}

// CHECK-LABEL: func.func @checkpoint
func.func @checkpoint() {
  %a = task.alloc : !task.dist<[8], f64, chunks [4], contiguous>
  // CHECK: task.checkpoint %{{.*}} : <[8], f64, chunks [4], contiguous> {
  // CHECK-NEXT: task.call @fill(%{{.*}})
  // CHECK-NEXT: }
  task.checkpoint %a : !task.dist<[8], f64, chunks [4], contiguous> {
    task.call @fill(%a) : (!task.dist<[8], f64, chunks [4], contiguous>) -> ()
  }
  return
}

// One line of a chunk: its first element's offset, the stride between its
// elements and their count.
// CHECK-LABEL: func.func @line_quantile
func.func @line_quantile(%chunk: !task.chunk<f32>, %offset: index, %stride: index, %count: index) -> (f64, f64) {
  // CHECK: task.line_quantile %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}] median q 5.000000e-01 : <f32>
  %m = task.line_quantile %chunk[%offset, %stride, %count] median q 0.5 : !task.chunk<f32>
  // CHECK: task.line_quantile %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}] q 2.500000e-01 : <f32>
  %q = task.line_quantile %chunk[%offset, %stride, %count] q 0.25 : !task.chunk<f32>
  return %m, %q : f64, f64
}

// CHECK-LABEL: func.func @matmul_local
func.func @matmul_local() {
  %a = task.alloc : !task.dist<[10, 4], f64, chunks [5, 4], contiguous>
  %b = task.alloc : !task.dist<[2, 4, 3], f64, chunks [1, 4, 3], contiguous>
  %c = task.alloc : !task.dist<[10, 3], f64, chunks [5, 3], contiguous>
  %y = task.alloc : !task.dist<[10, 3], f64, chunks [5, 3], contiguous>
  %p = task.alloc : !task.dist<[2, 4, 3], f64, chunks [1, 4, 3], contiguous>
  // CHECK: task.matmul_local %{{.*}}, %{{.*}} into %{{.*}} : <[10, 4], f64, chunks [5, 4], contiguous>, <[2, 4, 3], f64, chunks [1, 4, 3], contiguous> -> <[10, 3], f64, chunks [5, 3], contiguous>
  task.matmul_local %a, %b into %c : !task.dist<[10, 4], f64, chunks [5, 4], contiguous>, !task.dist<[2, 4, 3], f64, chunks [1, 4, 3], contiguous> -> !task.dist<[10, 3], f64, chunks [5, 3], contiguous>
  // CHECK: task.matmul_local %{{.*}}, %{{.*}} into %{{.*}} {transpose_lhs} : <[10, 4], f64, chunks [5, 4], contiguous>, <[10, 3], f64, chunks [5, 3], contiguous> -> <[2, 4, 3], f64, chunks [1, 4, 3], contiguous>
  task.matmul_local %a, %y into %p {transpose_lhs} : !task.dist<[10, 4], f64, chunks [5, 4], contiguous>, !task.dist<[10, 3], f64, chunks [5, 3], contiguous> -> !task.dist<[2, 4, 3], f64, chunks [1, 4, 3], contiguous>
  return
}

// CHECK-LABEL: func.func @compaction
func.func @compaction() {
  %x = task.alloc : !task.dist<[10, 3], f64, chunks [5, 3], contiguous>
  %m = task.alloc : !task.dist<[10], i1, chunks [5], contiguous>
  // CHECK: task.compress %{{.*}}, %{{.*}} : <[10, 3], f64, chunks [5, 3], contiguous>, <[10], i1, chunks [5], contiguous> -> <[s0, 3], f64, chunks [s1, 3], contiguous>
  %r = task.compress %x, %m : !task.dist<[10, 3], f64, chunks [5, 3], contiguous>, !task.dist<[10], i1, chunks [5], contiguous> -> !task.dist<[s0, 3], f64, chunks [s1, 3], contiguous>
  return
}

// CHECK-LABEL: func.func @fill_halo
func.func @fill_halo() {
  %a = task.alloc : !task.dist<[100], f64, chunks [10], contiguous, halo [2]>
  // CHECK: task.fill_halo %{{.*}} reflect : <[100], f64, chunks [10], contiguous, halo [2]>
  task.fill_halo %a reflect : !task.dist<[100], f64, chunks [10], contiguous, halo [2]>
  return
}

// CHECK-LABEL: func.func @pitch
func.func @pitch() {
  %a = task.alloc : !task.dist<[6, 8], f64, chunks [4, 3], contiguous, halo [0, 2]>
  task.stage shape [6, 8] chunks [4, 3] contiguous ins(%a : !task.dist<[6, 8], f64, chunks [4, 3], contiguous, halo [0, 2]>) {
  ^bb0(%c: index, %s0: index, %s1: index, %e0: index, %e1: index, %in: !task.chunk<f64>):
    // CHECK: task.pitch %{{.*}} : <f64>
    %p = task.pitch %in : !task.chunk<f64>
    %v = task.read %in[%p] : !task.chunk<f64>
    task.yield
  }
  return
}

// CHECK-LABEL: func.func @counts
func.func @counts(%x: !task.dist<[10], i64, chunks [5], contiguous>, %n: i64) {
  // CHECK: %[[C:.*]] = task.counts %{{.*}}
  %c = task.counts %n
  task.stage shape [10] chunks [5] contiguous ins(%x : !task.dist<[10], i64, chunks [5], contiguous>) {
  ^bb0(%chunk: index, %s: index, %e: index, %in: !task.chunk<i64>):
    %zero = arith.constant 0 : index
    %v = task.read %in[%zero] : !task.chunk<i64>
    // CHECK: task.count %[[C]][%{{.*}}] length %{{.*}}
    task.count %c[%v] length %n
    task.yield
  }
  %d = task.alloc : !task.dist<[4], i64, chunks [4], contiguous>
  // CHECK: task.sum_counts %[[C]] length %{{.*}} into %{{.*}} : <[4], i64, chunks [4], contiguous>
  task.sum_counts %c length %n into %d : !task.dist<[4], i64, chunks [4], contiguous>
  return
}

// CHECK-LABEL: func.func @matmul_chunk
func.func @matmul_chunk(%parts: !task.dist<[3, 4, 4], f64, chunks [1, 4, 4], contiguous>) {
  %n = arith.constant 16 : index
  // CHECK: %[[S:.*]] = task.scratch %{{.*}} : <f64>
  %s = task.scratch %n : <f64>
  task.stage shape [10, 4] chunks [4, 4] contiguous {
  ^bb0(%chunk: index, %s0: index, %s1: index, %e0: index, %e1: index):
    // CHECK: task.matmul_chunk %{{.*}}[%{{.*}}] = %[[S]], %[[S]] rows %{{.*}} : <[3, 4, 4], f64, chunks [1, 4, 4], contiguous>, <f64>
    task.matmul_chunk %parts[%chunk] = %s, %s rows %e0 : !task.dist<[3, 4, 4], f64, chunks [1, 4, 4], contiguous>, !task.chunk<f64>
    task.yield
  }
  // CHECK: task.release %[[S]] : <f64>
  task.release %s : <f64>
  return
}

// CHECK-LABEL: func.func @selection_stage
func.func @selection_stage() {
  %n = arith.constant 4 : index
  // CHECK: %[[SEL:.*]] = task.selection_open : <f64>
  %sel = task.selection_open : !task.selection<f64>
  %v = task.scratch %n : <f64>
  %m = task.scratch %n : <i1>
  task.stage shape [10] chunks [4] contiguous {
  ^bb0(%chunk: index, %s0: index, %e0: index):
    // CHECK: task.select_chunk %{{.*}}, %{{.*}} count %{{.*}} into %[[SEL]] : <f64>, <f64>, !task.chunk<i1>
    task.select_chunk %v, %m count %e0 into %sel : !task.selection<f64>, !task.chunk<f64>, !task.chunk<i1>
    task.yield
  }
  // CHECK: task.place_selection %[[SEL]] : <f64> -> <[s0], f64, chunks [s1], contiguous>
  %r = task.place_selection %sel : !task.selection<f64> -> !task.dist<[s0], f64, chunks [s1], contiguous>
  return
}

// CHECK-LABEL: func.func @distinct_selection_stage
func.func @distinct_selection_stage() {
  %n = arith.constant 4 : index
  // CHECK: %[[SEL:.*]] = task.selection_open distinct : <i32>
  %sel = task.selection_open distinct : !task.selection<i32>
  %v = task.scratch %n : <i32>
  task.stage shape [10] chunks [4] contiguous {
  ^bb0(%chunk: index, %s0: index, %e0: index):
    // CHECK: task.select_chunk %{{.*}} count %{{.*}} into %[[SEL]] : <i32>, <i32>
    task.select_chunk %v count %e0 into %sel : !task.selection<i32>, !task.chunk<i32>
    task.yield
  }
  %r = task.place_selection %sel : !task.selection<i32> -> !task.dist<[s0], i32, chunks [s1], contiguous>
  return
}

// CHECK-LABEL: func.func @matmul_rows_chunk
func.func @matmul_rows_chunk(%dest: !task.dist<[10, 3], f64, chunks [4, 3], contiguous>, %rep: !task.dist<[3, 4, 3], f64, chunks [1, 4, 3], contiguous>) {
  %n = arith.constant 16 : index
  %s = task.scratch %n : <f64>
  task.stage shape [10, 4] chunks [4, 4] contiguous {
  ^bb0(%chunk: index, %s0: index, %s1: index, %e0: index, %e1: index):
    // CHECK: task.matmul_rows_chunk %{{.*}}[%{{.*}}] = %{{.*}}, %{{.*}} rows %{{.*}} : <[10, 3], f64, chunks [4, 3], contiguous>, <f64>, <[3, 4, 3], f64, chunks [1, 4, 3], contiguous>
    task.matmul_rows_chunk %dest[%chunk] = %s, %rep rows %e0 : !task.dist<[10, 3], f64, chunks [4, 3], contiguous>, !task.chunk<f64>, !task.dist<[3, 4, 3], f64, chunks [1, 4, 3], contiguous>
    task.yield
  }
  task.release %s : <f64>
  return
}

// A stencil's window: a tile of a chunk's rows with margins along one axis.
// CHECK-LABEL: func.func @window
func.func @window() {
  %n = arith.constant 40 : index
  // CHECK: %[[W:.*]] = task.scratch %{{.*}} margins [0, 4] tile 32768 : <f64>
  %w = task.scratch %n margins [0, 4] tile 32768 : <f64>
  // CHECK: task.release %[[W]] : <f64>
  task.release %w : <f64>
  // With the count of rows its stage steps by.
  %rows = arith.constant 4096 : index
  // CHECK: task.scratch %{{.*}} rows %{{.*}} margins [2, 0] tile 32768 : <f64>
  %r = task.scratch %n rows %rows margins [2, 0] tile 32768 : <f64>
  task.release %r : <f64>
  return
}
