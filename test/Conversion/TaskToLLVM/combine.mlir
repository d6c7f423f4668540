// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// A combine passes the runtime's reduce op and the producing stage's
// placement and chunk count with the partial buffer: f64 partials to
// bridge_rt_combine_f64, i64 partials to bridge_rt_combine_i64. The buffer is
// freed after its combine.

// CHECK-LABEL: func.func @combine
// CHECK:         %[[REALS:.*]] = call @bridge_rt_alloc(
// CHECK:         %[[INTS:.*]] = call @bridge_rt_alloc(
// CHECK:         call @bridge_rt_stage_end()
// CHECK-NEXT:    call @bridge_rt_grid_destroy(
// CHECK-NEXT:    %[[MAX:.*]] = arith.constant 3 : i32
// CHECK-NEXT:    %[[CONTIGUOUS:.*]] = arith.constant 0 : i32
// CHECK-NEXT:    %[[CHUNKS:.*]] = arith.constant 2 : i64
// CHECK-NEXT:    %[[S:.*]] = call @bridge_rt_combine_f64(%[[MAX]], %[[CONTIGUOUS]], %[[REALS]], %[[CHUNKS]]) : (i32, i32, !llvm.ptr, i64) -> f64
// CHECK-NEXT:    call @bridge_rt_free(%[[REALS]])
// CHECK-NEXT:    %[[ALL:.*]] = arith.constant 5 : i32
// CHECK-NEXT:    %[[CONTIGUOUS:.*]] = arith.constant 0 : i32
// CHECK-NEXT:    %[[CHUNKS:.*]] = arith.constant 2 : i64
// CHECK-NEXT:    %[[T:.*]] = call @bridge_rt_combine_i64(%[[ALL]], %[[CONTIGUOUS]], %[[INTS]], %[[CHUNKS]]) : (i32, i32, !llvm.ptr, i64) -> i64
// CHECK-NEXT:    call @bridge_rt_free(%[[INTS]])
// CHECK-NEXT:    call @bridge_rt_print_f64(%[[S]])
// CHECK-NEXT:    call @bridge_rt_print_i64(%[[T]])
// CHECK-DAG:   func.func private @bridge_rt_combine_f64(i32, i32, !llvm.ptr, i64) -> f64
// CHECK-DAG:   func.func private @bridge_rt_combine_i64(i32, i32, !llvm.ptr, i64) -> i64
func.func @combine() {
  %p, %q = task.stage shape [8] chunks [4] contiguous -> !task.partials<f64>, !task.partials<i64> {
  ^bb0(%c: index, %s: index, %e: index):
    %one = arith.constant 1 : i64
    %zero = arith.constant 0.0 : f64
    task.yield %zero, %one : f64, i64
  }
  %s = task.combine max %p : !task.partials<f64> -> f64
  %t = task.combine all %q : !task.partials<i64> -> i64
  task.print %s : f64
  task.print %t : i64
  return
}
