// RUN: bridge-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{arrays have 1 to 4 dimensions, not 5}}
func.func @too_many_dims(%x: !array.array<[1, 1, 1, 1, 1], f64, chunks [1, 1, 1, 1, 1]>)

// -----

// expected-error @+1 {{chunks have 1 dimensions but the shape has 2}}
func.func @chunk_rank(%x: !array.array<[4, 4], f64, chunks [2]>)

// -----

// expected-error @+1 {{chunk extents must be positive}}
func.func @zero_chunk(%x: !array.array<[4], f64, chunks [0]>)

// -----

// expected-error @+1 {{array extents must be positive}}
func.func @zero_extent(%x: !array.array<[0], f64, chunks [1]>)

// -----

// expected-error @+1 {{element type must be f64, f32, i64, i32 or i1, not 'i8'}}
func.func @bad_element(%x: !array.array<[4], i8, chunks [2]>)

// -----

func.func @random_type() {
  %r_seed = arith.constant 1 : i64
  // expected-error @+1 {{generates f64 elements}}
  %r = array.random seed %r_seed : !array.array<[4], f32, chunks [2]>
  return
}

// -----

func.func @full_type(%v: f32) {
  // expected-error @+1 {{value type 'f32' differs from the element type 'f64'}}
  %r = array.full %v : f32 -> !array.array<[4], f64, chunks [2]>
  return
}

// -----

func.func @arange_rank() {
  // expected-error @+1 {{produces a 1-D array}}
  %r = array.arange : !array.array<[4, 4], i64, chunks [2, 2]>
  return
}

// -----

func.func @binary_types(%a: !array.array<[4], f64, chunks [2]>, %b: f32) {
  // expected-error @+1 {{operand element types differ: 'f64' and 'f32'}}
  %r = array.binary add %a, %b : (!array.array<[4], f64, chunks [2]>, f32) -> !array.array<[4], f64, chunks [2]>
  return
}

// -----

func.func @binary_grid(%a: !array.array<[4], f64, chunks [2]>, %b: !array.array<[4], f64, chunks [4]>) {
  // expected-error @+1 {{operands have different shapes or chunks}}
  %r = array.binary add %a, %b : (!array.array<[4], f64, chunks [2]>, !array.array<[4], f64, chunks [4]>) -> !array.array<[4], f64, chunks [2]>
  return
}

// -----

func.func @compare_result(%a: !array.array<[4], f64, chunks [2]>) {
  // expected-error @+1 {{result type should be '!array.array<[4], i1, chunks [2]>'}}
  %r = array.binary lt %a, %a : (!array.array<[4], f64, chunks [2]>, !array.array<[4], f64, chunks [2]>) -> !array.array<[4], f64, chunks [2]>
  return
}

// -----

func.func @logic_operands(%a: f64) {
  // expected-error @+1 {{'and' takes bool operands}}
  %r = array.binary and %a, %a : (f64, f64) -> f64
  return
}

// -----

func.func @not_operand(%a: f64) {
  // expected-error @+1 {{'not' takes bool operands}}
  %r = array.unary not %a : f64 -> f64
  return
}

// -----

func.func @sqrt_int(%a: i64) {
  // expected-error @+1 {{'sqrt' takes floating-point operands}}
  %r = array.unary sqrt %a : i64 -> i64
  return
}

// -----

func.func @select_condition(%a: f64) {
  // expected-error @+1 {{condition must be bool}}
  %r = array.select %a, %a, %a : (f64, f64, f64) -> f64
  return
}

// -----

func.func @select_types(%c: i1, %a: f64, %b: i64) {
  // expected-error @+1 {{both alternatives must have one element type}}
  %r = array.select %c, %a, %b : (i1, f64, i64) -> f64
  return
}

// -----

func.func @reduce_scalar(%a: !array.array<[4], f64, chunks [2]>) {
  // expected-error @+1 {{a whole-array reduction gives a scalar}}
  %r = array.reduce sum %a : !array.array<[4], f64, chunks [2]> -> !array.array<[4], f64, chunks [2]>
  return
}

// -----

func.func @reduce_axis(%a: !array.array<[4, 4], f64, chunks [2, 2]>) {
  // expected-error @+1 {{axis 2 is out of range for a 2-D array}}
  %r = array.reduce sum %a axis 2 : !array.array<[4, 4], f64, chunks [2, 2]> -> !array.array<[4], f64, chunks [2]>
  return
}

// -----

func.func @call_block(%s: f64) {
  // expected-error @+1 {{block layout given for scalar argument 0}}
  array.call @f(%s) {block_args = array<i64: 0>} : (f64) -> ()
  return
}

// -----

func.func @call_block_result(%x: !array.array<[100], f64, chunks [10]>) {
  // expected-error @+1 {{block layout given for a result that is not an array}}
  %r = array.call @f(%x) {block_result} : (!array.array<[100], f64, chunks [10]>) -> f64
  return
}

// -----

func.func @call_result_grid(%s: f64, %x: !array.array<[100], f64, chunks [10]>) {
  // expected-error @+1 {{array result must have the shape and chunks of the first array argument}}
  %r = array.call @f(%s, %x) : (f64, !array.array<[100], f64, chunks [10]>) -> !array.array<[100], f64, chunks [20]>
  return
}

// -----

func.func @call_result_without_array(%s: f64) {
  // expected-error @+1 {{array result must have the shape and chunks of the first array argument}}
  %r = array.call @f(%s) : (f64) -> !array.array<[100], i32, chunks [10]>
  return
}

// -----

func.func @broadcast_element_type(%x: !array.array<[6], f64, chunks [3]>) {
  // expected-error @+1 {{result element type must be 'f64'}}
  %r = array.broadcast %x : !array.array<[6], f64, chunks [3]> -> !array.array<[4, 6], f32, chunks [2, 3]>
  return
}

// -----

func.func @broadcast_fewer_dims(%x: !array.array<[4, 6], f64, chunks [2, 3]>) {
  // expected-error @+1 {{result has fewer dimensions than the input}}
  %r = array.broadcast %x : !array.array<[4, 6], f64, chunks [2, 3]> -> !array.array<[6], f64, chunks [3]>
  return
}

// -----

func.func @broadcast_extent(%x: !array.array<[5], f64, chunks [3]>) {
  // expected-error @+1 {{dimension 1 of extent 5 does not stretch}}
  %r = array.broadcast %x : !array.array<[5], f64, chunks [3]> -> !array.array<[4, 6], f64, chunks [2, 3]>
  return
}

// -----

func.func @broadcast_chunks(%x: !array.array<[6], f64, chunks [2]>) {
  // expected-error @+1 {{dimension 1 keeps its extent but not its chunks}}
  %r = array.broadcast %x : !array.array<[6], f64, chunks [2]> -> !array.array<[4, 6], f64, chunks [2, 3]>
  return
}

// -----

func.func @broadcast_nothing(%x: !array.array<[4, 6], f64, chunks [2, 3]>) {
  // expected-error @+1 {{stretches no dimension}}
  %r = array.broadcast %x : !array.array<[4, 6], f64, chunks [2, 3]> -> !array.array<[4, 6], f64, chunks [2, 3]>
  return
}

// -----

func.func @expand_dims_extent(%x: !array.array<[10], f64, chunks [4]>) {
  // expected-error @+1 {{dimension 0 must have extent 1 and chunk 1}}
  %r = array.expand_dims %x [0] : !array.array<[10], f64, chunks [4]> -> !array.array<[2, 10], f64, chunks [1, 4]>
  return
}

// -----

func.func @expand_dims_input(%x: !array.array<[10], f64, chunks [4]>) {
  // expected-error @+1 {{result must be the input with the listed dimensions inserted}}
  %r = array.expand_dims %x [1] : !array.array<[10], f64, chunks [4]> -> !array.array<[10, 1], f64, chunks [5, 1]>
  return
}

// -----

func.func @reshape_count(%x: !array.array<[24], f64, chunks [6]>) {
  // expected-error @+1 {{shapes hold different numbers of elements}}
  %r = array.reshape %x : !array.array<[24], f64, chunks [6]> -> !array.array<[5, 5], f64, chunks [1, 5]>
  return
}

// -----

func.func @reshape_element(%x: !array.array<[24], f64, chunks [6]>) {
  // expected-error @+1 {{result element type must be 'f64'}}
  %r = array.reshape %x : !array.array<[24], f64, chunks [6]> -> !array.array<[4, 6], f32, chunks [1, 6]>
  return
}

// -----

func.func @reshape_rows_cut(%x: !array.array<[24], f64, chunks [6]>) {
  // expected-error @+1 {{input dimensions [0, 1) and result dimensions [0, 2) do not hold the same elements in each chunk}}
  %r = array.reshape %x : !array.array<[24], f64, chunks [6]> -> !array.array<[6, 4], f64, chunks [1, 4]>
  return
}

// -----

func.func @reshape_trailing_cut(%m: !array.array<[8, 6], f64, chunks [3, 2]>) {
  // expected-error @+1 {{input dimensions [0, 2) and result dimensions [0, 1) do not hold the same elements in each chunk}}
  %r = array.reshape %m : !array.array<[8, 6], f64, chunks [3, 2]> -> !array.array<[48], f64, chunks [6]>
  return
}

// -----

func.func @reshape_run_time_cut(%s: !array.array<[s0, 5, s2], f64, chunks [s1, 2, 1]>) {
  // expected-error @+1 {{the dimensions between those both shapes share do not hold one stretch of elements in each chunk}}
  %r = array.reshape %s : !array.array<[s0, 5, s2], f64, chunks [s1, 2, 1]> -> !array.array<[s0, s3], f64, chunks [s1, s4]>
  return
}

// -----

func.func @reshape_second_group(%t: !array.array<[4, 3, 5], f64, chunks [2, 3, 5]>) {
  // expected-error @+1 {{input dimensions [2, 3) and result dimensions [1, 2) do not hold the same elements in each chunk}}
  %r = array.reshape %t : !array.array<[4, 3, 5], f64, chunks [2, 3, 5]> -> !array.array<[12, 5], f64, chunks [6, 2]>
  return
}

// -----

func.func @call_column_major_scalar(%s: f64) {
  // expected-error @+1 {{column-major order given for scalar argument 0}}
  array.call @f(%s) {column_major_args = array<i64: 0>} : (f64) -> ()
  return
}

// -----

func.func @call_column_major_result(%s: f64) {
  // expected-error @+1 {{column-major order given for a result that is not an array}}
  %r = array.call @f(%s) {column_major_result} : (f64) -> f64
  return
}

// -----

func.func @arrange_reads_past(%x: !array.array<[6], f64, chunks [4]>) {
  // expected-error @+1 {{source 0 reads past dimension 0}}
  %f = array.arrange %x dims [0] offsets [6] steps [-1] lo [0] hi [6] : !array.array<[6], f64, chunks [4]> -> !array.array<[6], f64, chunks [4]>
  return
}

// -----

func.func @scan_bool(%x: !array.array<[6], i1, chunks [3]>) {
  // expected-error @+1 {{scans f64, f32 or i64 elements, got 'i1'}}
  %r = array.scan sum %x axis 0 : <[6], i1, chunks [3]>
  return
}

// -----

func.func @transpose_not_permutation(%y: !array.array<[2, 3], f64, chunks [1, 3]>) {
  // expected-error @+1 {{axes must be a permutation}}
  %t = array.transpose %y {perm = array<i64: 0, 0>} : !array.array<[2, 3], f64, chunks [1, 3]> -> !array.array<[2, 2], f64, chunks [1, 1]>
  return
}

// -----

func.func @scan_axis(%x: !array.array<[6, 2], f64, chunks [3, 2]>) {
  // expected-error @+1 {{axis 2 is out of range for a 2-D array}}
  %r = array.scan prod %x axis 2 : <[6, 2], f64, chunks [3, 2]>
  return
}

// -----

func.func @scan_4d(%x: !array.array<[2, 2, 2, 2], f64, chunks [1, 1, 1, 1]>) {
  // expected-error @+1 {{scans arrays of at most 3 dimensions}}
  %r = array.scan sum %x axis 0 : <[2, 2, 2, 2], f64, chunks [1, 1, 1, 1]>
  return
}

// -----

func.func @quantile_count(%x: !array.array<[8], f64, chunks [3]>) {
  // expected-error @+1 {{has one result per quantile}}
  %q = array.quantile %x q [0.25, 0.75] : <[8], f64, chunks [3]> -> f64
  return
}

// -----

func.func @quantile_range(%x: !array.array<[8], f64, chunks [3]>) {
  // expected-error @+1 {{quantiles must lie in [0, 1]}}
  %q = array.quantile %x q [1.5] : <[8], f64, chunks [3]> -> f64
  return
}

// -----

func.func @quantile_bool(%x: !array.array<[8], i1, chunks [3]>) {
  // expected-error @+1 {{quantiles of bools are not defined}}
  %q = array.quantile %x q [0.5] : <[8], i1, chunks [3]> -> f64
  return
}

// -----

func.func @median_f32(%x: !array.array<[8], f32, chunks [3]>) {
  // expected-error @+1 {{results must be 'f32'}}
  %m = array.quantile %x median q [] : <[8], f32, chunks [3]> -> f64
  return
}

// -----

func.func @line_quantile_axis(%x: !array.array<[8, 5], f64, chunks [3, 5]>) {
  // expected-error @+1 {{axis 2 is outside the input's rank}}
  %q = array.line_quantile %x axis 2 q 0.5 : <[8, 5], f64, chunks [3, 5]> -> <[8], f64, chunks [3]>
  return
}

// -----

func.func @line_quantile_shape(%x: !array.array<[8, 5], f64, chunks [3, 5]>) {
  // expected-error @+1 {{result must have the input's shape and chunks without the axis}}
  %q = array.line_quantile %x axis 1 q 0.5 : <[8, 5], f64, chunks [3, 5]> -> <[5], f64, chunks [5]>
  return
}

// -----

func.func @line_quantile_median_f32(%x: !array.array<[8, 5], f32, chunks [3, 5]>) {
  // expected-error @+1 {{result elements must be 'f32'}}
  %q = array.line_quantile %x axis 1 median q 0.5 : <[8, 5], f32, chunks [3, 5]> -> <[8], f64, chunks [3]>
  return
}

// -----

func.func @matmul_contracted(%a: !array.array<[4, 7], f64, chunks [2, 7]>,
                             %b: !array.array<[6, 3], f64, chunks [6, 3]>) {
  // expected-error @+1 {{contracted extents 7 and 6 differ}}
  %r = array.matmul %a, %b : <[4, 7], f64, chunks [2, 7]>, <[6, 3], f64, chunks [6, 3]> -> <[4, 3], f64, chunks [2, 3]>
  return
}

// -----

func.func @matmul_int(%a: !array.array<[4, 6], i64, chunks [2, 6]>,
                      %b: !array.array<[6, 3], i64, chunks [6, 3]>) {
  // expected-error @+1 {{multiplies f64 or f32 elements, got 'i64'}}
  %r = array.matmul %a, %b : <[4, 6], i64, chunks [2, 6]>, <[6, 3], i64, chunks [6, 3]> -> <[4, 3], i64, chunks [2, 3]>
  return
}

// -----

func.func @matmul_mixed(%a: !array.array<[4, 6], f32, chunks [2, 6]>,
                        %b: !array.array<[6, 3], f64, chunks [6, 3]>) {
  // expected-error @+1 {{operands have the result's element type}}
  %r = array.matmul %a, %b : <[4, 6], f32, chunks [2, 6]>, <[6, 3], f64, chunks [6, 3]> -> <[4, 3], f64, chunks [2, 3]>
  return
}

// -----

func.func @matmul_3d(%a: !array.array<[2, 4, 6], f64, chunks [1, 2, 6]>,
                     %b: !array.array<[6, 3], f64, chunks [6, 3]>) {
  // expected-error @+1 {{operands are 2-D}}
  %r = array.matmul %a, %b : <[2, 4, 6], f64, chunks [1, 2, 6]>, <[6, 3], f64, chunks [6, 3]> -> <[4, 3], f64, chunks [2, 3]>
  return
}

// -----

func.func @matmul_result_chunks(%a: !array.array<[4, 6], f64, chunks [2, 6]>,
                                %b: !array.array<[6, 3], f64, chunks [6, 3]>) {
  // expected-error @+1 {{result chunks are [lhs row chunks, rhs columns]}}
  %r = array.matmul %a, %b : <[4, 6], f64, chunks [2, 6]>, <[6, 3], f64, chunks [6, 3]> -> <[4, 3], f64, chunks [4, 3]>
  return
}

// -----

func.func @matmul_partials_rows(%a: !array.array<[10, 3], f64, chunks [5, 3]>,
                                %b: !array.array<[10, 2], f64, chunks [4, 2]>) {
  // expected-error @+1 {{operands share their extent and chunks along axis 0}}
  %r = array.matmul_partials %a, %b : <[10, 3], f64, chunks [5, 3]>, <[10, 2], f64, chunks [4, 2]> -> <[2, 3, 2], f64, chunks [1, 3, 2]>
  return
}

// -----

func.func @matmul_partials_whole(%a: !array.array<[10, 3], f64, chunks [5, 2]>,
                                 %b: !array.array<[10, 2], f64, chunks [5, 2]>) {
  // expected-error @+1 {{operands hold axis 1 whole in each chunk}}
  %r = array.matmul_partials %a, %b : <[10, 3], f64, chunks [5, 2]>, <[10, 2], f64, chunks [5, 2]> -> <[2, 3, 2], f64, chunks [1, 3, 2]>
  return
}

// -----

func.func @matmul_partials_count(%a: !array.array<[10, 3], f64, chunks [5, 3]>,
                                 %b: !array.array<[10, 2], f64, chunks [5, 2]>) {
  // expected-error @+1 {{result is [chunks along axis 0, lhs columns, rhs columns] in chunks [1, lhs columns, rhs columns]}}
  %r = array.matmul_partials %a, %b : <[10, 3], f64, chunks [5, 3]>, <[10, 2], f64, chunks [5, 2]> -> <[3, 3, 2], f64, chunks [1, 3, 2]>
  return
}

// -----

func.func @compress_mask_type(%x: !array.array<[10], f64, chunks [5]>,
                              %m: !array.array<[10], f64, chunks [5]>) {
  // expected-error @+1 {{mask must be bool, got 'f64'}}
  %e = array.compress %x, %m : <[10], f64, chunks [5]>, <[10], f64, chunks [5]> -> <[s0], f64, chunks [s1]>
  return
}

// -----

func.func @compress_split_rows(%x: !array.array<[10, 3], f64, chunks [5, 2]>,
                               %m: !array.array<[10, 3], i1, chunks [5, 2]>) {
  // expected-error @+1 {{input chunks must hold every axis but the first whole}}
  %e = array.compress %x, %m : <[10, 3], f64, chunks [5, 2]>, <[10, 3], i1, chunks [5, 2]> -> <[s0], f64, chunks [s1]>
  return
}

// -----

func.func @compress_mask_chunks(%x: !array.array<[10, 3], f64, chunks [5, 3]>,
                                %m: !array.array<[10], i1, chunks [4]>) {
  // expected-error @+1 {{mask must be chunked as the input along its axes}}
  %e = array.compress %x, %m : <[10, 3], f64, chunks [5, 3]>, <[10], i1, chunks [4]> -> <[s0, 3], f64, chunks [s1, 3]>
  return
}

// -----

func.func @compress_rows_rank(%x: !array.array<[10, 3], f64, chunks [5, 3]>,
                              %m: !array.array<[10], i1, chunks [5]>) {
  // expected-error @+1 {{result must have 2 dimensions}}
  %e = array.compress %x, %m : <[10, 3], f64, chunks [5, 3]>, <[10], i1, chunks [5]> -> <[s0], f64, chunks [s1]>
  return
}

// -----

func.func @compress_constant_length(%x: !array.array<[10], f64, chunks [5]>,
                                    %m: !array.array<[10], i1, chunks [5]>) {
  // expected-error @+1 {{result length must be a size the program learns while it runs, got 4}}
  %e = array.compress %x, %m : <[10], f64, chunks [5]>, <[10], i1, chunks [5]> -> <[4], f64, chunks [4]>
  return
}

// -----

func.func @unique_rank(%x: !array.array<[10, 3], f64, chunks [5, 3]>) {
  // expected-error @+1 {{result must be 1-D}}
  %u = array.unique %x : <[10, 3], f64, chunks [5, 3]> -> <[s0, 3], f64, chunks [s1, 3]>
  return
}

// -----

func.func @bincount_input(%x: !array.array<[10], f64, chunks [5]>, %n: i64) {
  // expected-error @+1 {{input must be i64}}
  %c = array.bincount %x length %n : <[10], f64, chunks [5]> -> <[4], i64, chunks [4]>
  return
}

// -----

func.func @bincount_chunks(%i: !array.array<[10], i64, chunks [5]>, %n: i64) {
  // expected-error @+1 {{result must be one chunk}}
  %c = array.bincount %i length %n : <[10], i64, chunks [5]> -> <[4], i64, chunks [2]>
  return
}
