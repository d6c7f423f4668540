// RUN: bridge-opt %s -split-input-file -verify-diagnostics

func.func @grid_mismatch(%d: !task.dist<[100], f64, chunks [20], contiguous>) {
  // expected-error @+1 {{is not on the stage's grid}}
  task.stage shape [100] chunks [10] contiguous ins(%d : !task.dist<[100], f64, chunks [20], contiguous>) {
  ^bb0(%c: index, %s: index, %e: index, %a: !task.chunk<f64>):
    task.yield
  }
  return
}

// -----

func.func @arity() {
  // expected-error @+1 {{body takes 3 arguments, not 2}}
  task.stage shape [100] chunks [10] contiguous {
  ^bb0(%c: index, %s: index):
    task.yield
  }
  return
}

// -----

func.func @chunk_type(%d: !task.dist<[100], f64, chunks [10], contiguous>) {
  // expected-error @+1 {{body argument 3 must be a chunk of}}
  task.stage shape [100] chunks [10] contiguous ins(%d : !task.dist<[100], f64, chunks [10], contiguous>) {
  ^bb0(%c: index, %s: index, %e: index, %a: !task.chunk<f32>):
    task.yield
  }
  return
}

// -----

func.func @yield_count() {
  // expected-error @+1 {{body yields 0 values for 1 partial results}}
  %p = task.stage shape [100] chunks [10] contiguous -> !task.partials<f64> {
  ^bb0(%c: index, %s: index, %e: index):
    task.yield
  }
  return
}

// -----

func.func @yield_type() {
  // expected-error @+1 {{yielded 'i64' does not match '!task.partials<f64>'}}
  %p = task.stage shape [100] chunks [10] contiguous -> !task.partials<f64> {
  ^bb0(%c: index, %s: index, %e: index):
    %v = arith.constant 1 : i64
    task.yield %v : i64
  }
  return
}

// -----

func.func @combine_type() {
  %p = task.stage shape [100] chunks [10] contiguous -> !task.partials<f64> {
  ^bb0(%c: index, %s: index, %e: index):
    %v = arith.constant 1.0 : f64
    task.yield %v : f64
  }
  // expected-error @+1 {{result type must equal the partials' element type}}
  %s = task.combine sum %p : !task.partials<f64> -> i64
  return
}

// -----

func.func @combine_source(%p: !task.partials<f64>) {
  // expected-error @+1 {{partials must come from a task.stage}}
  %s = task.combine sum %p : !task.partials<f64> -> f64
  return
}

// -----

func.func @grid_rank() {
  // expected-error @+1 {{grid must have 1 to 4 dimensions}}
  task.stage shape [100] chunks [10, 10] contiguous {
  ^bb0(%c: index, %s: index, %e: index):
    task.yield
  }
  return
}

// -----

func.func @redistribute_higher_source(%s: !task.dist<[2, 6], f64, chunks [1, 3], contiguous>, %d: !task.dist<[6], f64, chunks [2], contiguous>) {
  // expected-error @+1 {{needs one map per destination dimension}}
  task.redistribute %s into %d dims [0] offsets [0] steps [1] lo [0] hi [6] : !task.dist<[2, 6], f64, chunks [1, 3], contiguous> to !task.dist<[6], f64, chunks [2], contiguous>
  return
}

// -----

func.func @run_time_grid_cuts(%d: !task.dist<[s0, 5, 6], f64, chunks [s1, 2, 3], contiguous>) {
  // Two cut axes cannot pair with one.
  // expected-error @+1 {{is not on the stage's grid}}
  task.stage shape [s0, s3] chunks [s1, s3] contiguous ins(%d : !task.dist<[s0, 5, 6], f64, chunks [s1, 2, 3], contiguous>) {
  ^bb0(%c: index, %s0: index, %s1: index, %e0: index, %e1: index, %a: !task.chunk<f64>):
    task.yield
  }
  return
}

// -----

func.func @replica_constant(%d: !task.dist<[2, 6], f64, chunks [1, 3], contiguous>) {
  // expected-error @+1 {{is not on the stage's grid}}
  task.stage shape [10, 6] chunks [4, 3] contiguous ins(%d : !task.dist<[2, 6], f64, chunks [1, 3], contiguous>) {
  ^bb0(%c: index, %s0: index, %s1: index, %e0: index, %e1: index, %a: !task.chunk<f64>):
    task.yield
  }
  return
}

// -----

func.func @reorder_types(%a: !task.dist<[6, 4], f32, chunks [3, 4], contiguous>,
                         %b: !task.dist<[6, 4], f32, chunks [2, 4], contiguous>) {
  // expected-error @+1 {{failed to verify that all of {source, dest} have same type}}
  "task.reorder"(%a, %b) : (!task.dist<[6, 4], f32, chunks [3, 4], contiguous>, !task.dist<[6, 4], f32, chunks [2, 4], contiguous>) -> ()
  return
}

// -----

func.func @scan_kind(%a: !task.dist<[6], f64, chunks [3], contiguous>,
                     %t: !task.dist<[2], f64, chunks [1], contiguous>) {
  // expected-error @+1 {{scans sum or multiply}}
  task.scan_local max %a into %a totals %t axis 0 : !task.dist<[6], f64, chunks [3], contiguous>, !task.dist<[2], f64, chunks [1], contiguous>
  return
}

// -----

func.func @scan_totals(%a: !task.dist<[6], f64, chunks [3], contiguous>,
                       %t: !task.dist<[2], f64, chunks [2], contiguous>) {
  // expected-error @+1 {{totals have the source's element type, rank and chunks of extent 1 along the axis}}
  task.scan_local sum %a into %a totals %t axis 0 : !task.dist<[6], f64, chunks [3], contiguous>, !task.dist<[2], f64, chunks [2], contiguous>
  return
}

// -----

func.func @scan_carry_rank(%a: !task.dist<[6], f64, chunks [3], contiguous>,
                           %t: !task.dist<[2], f64, chunks [1], contiguous>) {
  // expected-error @+1 {{totals have the array's element type, one axis more and chunks of extent 1 along the axis}}
  task.scan_carry sum %a totals %t axis 0 : !task.dist<[6], f64, chunks [3], contiguous>, !task.dist<[2], f64, chunks [1], contiguous>
  return
}

// -----

func.func @quantile_median_with_q(%d: !task.dist<[8], f64, chunks [3], contiguous>) {
  // expected-error @+1 {{takes quantiles, or is a median with none}}
  %m = task.quantile %d median q [0.5] : !task.dist<[8], f64, chunks [3], contiguous> -> f64
  return
}

// -----

func.func @quantile_count(%d: !task.dist<[8], f64, chunks [3], contiguous>) {
  // expected-error @+1 {{has one result per quantile}}
  %q:2 = task.quantile %d q [0.5] : !task.dist<[8], f64, chunks [3], contiguous> -> f64, f64
  return
}

// -----

func.func @line_quantile_range(%chunk: !task.chunk<f64>, %i: index) {
  // expected-error @+1 {{quantile must lie in [0, 1]}}
  %q = task.line_quantile %chunk[%i, %i, %i] q 1.5 : !task.chunk<f64>
  return
}

// -----

func.func @line_quantile_bool(%chunk: !task.chunk<i1>, %i: index) {
  // expected-error @+1 {{quantiles of bools are not defined}}
  %q = task.line_quantile %chunk[%i, %i, %i] q 0.5 : !task.chunk<i1>
  return
}

// -----

func.func @matmul_counts(%a: !task.dist<[10, 4], f64, chunks [5, 4], contiguous>,
                         %b: !task.dist<[3, 4, 2], f64, chunks [1, 4, 2], contiguous>,
                         %c: !task.dist<[10, 2], f64, chunks [5, 2], contiguous>) {
  // expected-error @+1 {{operands have one chunk count, got 2, 3 and 2}}
  task.matmul_local %a, %b into %c : !task.dist<[10, 4], f64, chunks [5, 4], contiguous>, !task.dist<[3, 4, 2], f64, chunks [1, 4, 2], contiguous> -> !task.dist<[10, 2], f64, chunks [5, 2], contiguous>
  return
}

// -----

func.func @matmul_inner(%a: !task.dist<[10, 4], f64, chunks [5, 4], contiguous>,
                        %b: !task.dist<[10, 2], f64, chunks [5, 2], contiguous>,
                        %c: !task.dist<[10, 2], f64, chunks [5, 2], contiguous>) {
  // expected-error @+1 {{contracted chunk extents 4 and 5 differ}}
  task.matmul_local %a, %b into %c : !task.dist<[10, 4], f64, chunks [5, 4], contiguous>, !task.dist<[10, 2], f64, chunks [5, 2], contiguous> -> !task.dist<[10, 2], f64, chunks [5, 2], contiguous>
  return
}

// -----

func.func @matmul_dest(%a: !task.dist<[10, 4], f64, chunks [5, 4], contiguous>,
                       %b: !task.dist<[10, 2], f64, chunks [5, 2], contiguous>,
                       %c: !task.dist<[2, 4, 3], f64, chunks [1, 4, 3], contiguous>) {
  // expected-error @+1 {{destination chunks are 4 x 2, got 4 x 3}}
  task.matmul_local %a, %b into %c {transpose_lhs} : !task.dist<[10, 4], f64, chunks [5, 4], contiguous>, !task.dist<[10, 2], f64, chunks [5, 2], contiguous> -> !task.dist<[2, 4, 3], f64, chunks [1, 4, 3], contiguous>
  return
}

// -----

func.func @matmul_int(%a: !task.dist<[10, 4], i64, chunks [5, 4], contiguous>,
                      %b: !task.dist<[10, 2], i64, chunks [5, 2], contiguous>,
                      %c: !task.dist<[2, 4, 2], i64, chunks [1, 4, 2], contiguous>) {
  // expected-error @+1 {{multiplies f64 or f32 elements, got 'i64'}}
  task.matmul_local %a, %b into %c {transpose_lhs} : !task.dist<[10, 4], i64, chunks [5, 4], contiguous>, !task.dist<[10, 2], i64, chunks [5, 2], contiguous> -> !task.dist<[2, 4, 2], i64, chunks [1, 4, 2], contiguous>
  return
}

// -----

func.func @compress_mask_chunks() {
  %x = task.alloc : !task.dist<[10, 3], f64, chunks [5, 3], contiguous>
  %m = task.alloc : !task.dist<[10], i1, chunks [4], contiguous>
  // expected-error @+1 {{mask must be chunked as the source along its axes}}
  %r = task.compress %x, %m : !task.dist<[10, 3], f64, chunks [5, 3], contiguous>, !task.dist<[10], i1, chunks [4], contiguous> -> !task.dist<[s0, 3], f64, chunks [s1, 3], contiguous>
  return
}

// -----

func.func @halo_without_width() {
  %a = task.alloc : !task.dist<[100], f64, chunks [10], contiguous>
  // expected-error @+1 {{extends exactly one dimension}}
  %h = task.halo %a wrap : !task.dist<[100], f64, chunks [10], contiguous> -> !task.dist<[100], f64, chunks [10], contiguous, halo [0]>
  return
}

// -----

func.func @fill_halo_without_halo() {
  %a = task.alloc : !task.dist<[100], f64, chunks [10], contiguous>
  // expected-error @+1 {{fills a contiguous array with a halo along one dimension}}
  task.fill_halo %a wrap : !task.dist<[100], f64, chunks [10], contiguous>
  return
}

// -----

func.func @sum_counts_chunks(%n: i64) {
  %c = task.counts %n
  %d = task.alloc : !task.dist<[4], i64, chunks [2], contiguous>
  // expected-error @+1 {{destination must be one chunk}}
  task.sum_counts %c length %n into %d : !task.dist<[4], i64, chunks [2], contiguous>
  return
}

// -----

func.func @sum_counts_type(%n: i64) {
  %c = task.counts %n
  %d = task.alloc : !task.dist<[4], f64, chunks [4], contiguous>
  // expected-error @+1 {{destination must be a 1-D i64 array}}
  task.sum_counts %c length %n into %d : !task.dist<[4], f64, chunks [4], contiguous>
  return
}

// -----

func.func @matmul_chunk_outside(%parts: !task.dist<[3, 4, 4], f64, chunks [1, 4, 4], contiguous>, %i: index) {
  %s = task.scratch %i : <f64>
  // expected-error @+1 {{runs in a stage}}
  task.matmul_chunk %parts[%i] = %s, %s rows %i : !task.dist<[3, 4, 4], f64, chunks [1, 4, 4], contiguous>, !task.chunk<f64>
  return
}

// -----

func.func @matmul_chunk_type(%parts: !task.dist<[3, 4, 4], f64, chunks [1, 4, 4], contiguous>, %i: index) {
  %s = task.scratch %i : <f32>
  task.stage shape [10, 4] chunks [4, 4] contiguous {
  ^bb0(%chunk: index, %s0: index, %s1: index, %e0: index, %e1: index):
    // expected-error @+1 {{operands have the destination's element type}}
    task.matmul_chunk %parts[%chunk] = %s, %s rows %e0 : !task.dist<[3, 4, 4], f64, chunks [1, 4, 4], contiguous>, !task.chunk<f32>
    task.yield
  }
  return
}

// -----

func.func @matmul_chunk_dest(%parts: !task.dist<[3, 4, 4], f64, chunks [1, 2, 4], contiguous>, %i: index) {
  %s = task.scratch %i : <f64>
  task.stage shape [10, 4] chunks [4, 4] contiguous {
  ^bb0(%chunk: index, %s0: index, %s1: index, %e0: index, %e1: index):
    // expected-error @+1 {{destination is [C, m, k] in contiguous chunks [1, m, k]}}
    task.matmul_chunk %parts[%chunk] = %s, %s rows %e0 : !task.dist<[3, 4, 4], f64, chunks [1, 2, 4], contiguous>, !task.chunk<f64>
    task.yield
  }
  return
}

// -----

func.func @select_chunk_mask(%i: index) {
  %sel = task.selection_open : !task.selection<f64>
  %v = task.scratch %i : <f64>
  %m = task.scratch %i : <i32>
  task.stage shape [10] chunks [4] contiguous {
  ^bb0(%chunk: index, %s0: index, %e0: index):
    // expected-error @+1 {{mask must be bool}}
    task.select_chunk %v, %m count %e0 into %sel : !task.selection<f64>, !task.chunk<f64>, !task.chunk<i32>
    task.yield
  }
  return
}

// -----

func.func @select_chunk_distinct_mask(%i: index) {
  %sel = task.selection_open distinct : !task.selection<f64>
  %v = task.scratch %i : <f64>
  %m = task.scratch %i : <i1>
  task.stage shape [10] chunks [4] contiguous {
  ^bb0(%chunk: index, %s0: index, %e0: index):
    // expected-error @+1 {{takes no mask into a distinct selection}}
    task.select_chunk %v, %m count %e0 into %sel : !task.selection<f64>, !task.chunk<f64>, !task.chunk<i1>
    task.yield
  }
  return
}

// -----

func.func @select_chunk_no_mask(%i: index) {
  %sel = task.selection_open : !task.selection<f64>
  %v = task.scratch %i : <f64>
  task.stage shape [10] chunks [4] contiguous {
  ^bb0(%chunk: index, %s0: index, %e0: index):
    // expected-error @+1 {{needs a mask}}
    task.select_chunk %v count %e0 into %sel : !task.selection<f64>, !task.chunk<f64>
    task.yield
  }
  return
}

// -----

func.func @select_chunk_outside(%i: index) {
  %sel = task.selection_open : !task.selection<f64>
  %v = task.scratch %i : <f64>
  %m = task.scratch %i : <i1>
  // expected-error @+1 {{runs in a stage}}
  task.select_chunk %v, %m count %i into %sel : !task.selection<f64>, !task.chunk<f64>, !task.chunk<i1>
  return
}

// -----

func.func @place_selection_length() {
  %sel = task.selection_open : !task.selection<f64>
  // expected-error @+1 {{result length must be a size the program learns while it runs}}
  %r = task.place_selection %sel : !task.selection<f64> -> !task.dist<[10], f64, chunks [5], contiguous>
  return
}

// -----

func.func @matmul_rows_chunk_dest(%dest: !task.dist<[10, 3], f64, chunks [4, 2], contiguous>, %rep: !task.dist<[3, 4, 3], f64, chunks [1, 4, 3], contiguous>, %i: index) {
  %s = task.scratch %i : <f64>
  task.stage shape [10, 4] chunks [4, 4] contiguous {
  ^bb0(%chunk: index, %s0: index, %s1: index, %e0: index, %e1: index):
    // expected-error @+1 {{destination is 2-D and contiguous, its columns whole}}
    task.matmul_rows_chunk %dest[%chunk] = %s, %rep rows %e0 : !task.dist<[10, 3], f64, chunks [4, 2], contiguous>, !task.chunk<f64>, !task.dist<[3, 4, 3], f64, chunks [1, 4, 3], contiguous>
    task.yield
  }
  return
}

// -----

func.func @matmul_rows_chunk_replica(%dest: !task.dist<[10, 3], f64, chunks [4, 3], contiguous>, %rep: !task.dist<[3, 4, 3], f64, chunks [3, 4, 3], contiguous>, %i: index) {
  %s = task.scratch %i : <f64>
  task.stage shape [10, 4] chunks [4, 4] contiguous {
  ^bb0(%chunk: index, %s0: index, %s1: index, %e0: index, %e1: index):
    // expected-error @+1 {{replica is [C, m, k] in contiguous chunks [1, m, k]}}
    task.matmul_rows_chunk %dest[%chunk] = %s, %rep rows %e0 : !task.dist<[10, 3], f64, chunks [4, 3], contiguous>, !task.chunk<f64>, !task.dist<[3, 4, 3], f64, chunks [3, 4, 3], contiguous>
    task.yield
  }
  return
}

// -----

func.func @pitch_without_halo() {
  %a = task.alloc : !task.dist<[6, 8], f64, chunks [4, 3], contiguous>
  task.stage shape [6, 8] chunks [4, 3] contiguous ins(%a : !task.dist<[6, 8], f64, chunks [4, 3], contiguous>) {
  ^bb0(%c: index, %s0: index, %s1: index, %e0: index, %e1: index, %in: !task.chunk<f64>):
    // expected-error @+1 {{takes the chunk of a halo array, not of '!task.dist<[6, 8], f64, chunks [4, 3], contiguous>'}}
    %p = task.pitch %in : !task.chunk<f64>
    task.yield
  }
  return
}

// -----

func.func @pitch_of_scratch(%n: index) {
  %s = task.scratch %n : <f64>
  task.stage shape [6, 8] chunks [4, 3] contiguous {
  ^bb0(%c: index, %s0: index, %s1: index, %e0: index, %e1: index):
    // expected-error @+1 {{takes a chunk argument of the enclosing task.stage}}
    %p = task.pitch %s : !task.chunk<f64>
    task.yield
  }
  return
}
