// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// A stage begins one runtime reduction per combine, with the combine's
// reduce op, the stage's placement and its chunk count: f64 partials through
// bridge_rt_reduce_*_f64, i64 partials through bridge_rt_reduce_*_i64. Each
// chunk's partials go to a stack slot, then into the reduction; the combine
// ends it. No buffer of a slot per chunk is allocated.

// CHECK-LABEL: func.func @combine
// CHECK-NOT:     call @bridge_rt_alloc(
// CHECK:         %[[N:.*]] = call @bridge_rt_grid_nchunks(
// CHECK-NEXT:    %[[CONTIGUOUS:.*]] = arith.constant 0 : i32
// CHECK-NEXT:    %[[MAX:.*]] = arith.constant 3 : i32
// CHECK-NEXT:    %[[REALS:.*]] = call @bridge_rt_reduce_begin_f64(%[[MAX]], %[[CONTIGUOUS]], %[[N]]) : (i32, i32, i64) -> !llvm.ptr
// CHECK-NEXT:    %[[ALL:.*]] = arith.constant 5 : i32
// CHECK-NEXT:    %[[INTS:.*]] = call @bridge_rt_reduce_begin_i64(%[[ALL]], %[[CONTIGUOUS]], %[[N]]) : (i32, i32, i64) -> !llvm.ptr
// CHECK:         call @bridge_rt_stage_begin(
// CHECK:         %[[REAL_SLOT:.*]] = llvm.alloca %{{.*}} x i64
// CHECK:         %[[INT_SLOT:.*]] = llvm.alloca %{{.*}} x i64
// CHECK:         scf.for
// CHECK:           %[[CHUNK:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK:           llvm.store %{{.*}}, %[[REAL_SLOT]] : f64, !llvm.ptr
// CHECK-NEXT:      llvm.store %{{.*}}, %[[INT_SLOT]] : i64, !llvm.ptr
// CHECK-NEXT:      %[[REAL:.*]] = llvm.load %[[REAL_SLOT]] : !llvm.ptr -> f64
// CHECK-NEXT:      func.call @bridge_rt_reduce_push_f64(%[[REALS]], %[[CHUNK]], %[[REAL]])
// CHECK-NEXT:      %[[INT:.*]] = llvm.load %[[INT_SLOT]] : !llvm.ptr -> i64
// CHECK-NEXT:      func.call @bridge_rt_reduce_push_i64(%[[INTS]], %[[CHUNK]], %[[INT]])
// CHECK-NEXT:    }
// CHECK-NEXT:    call @bridge_rt_stage_end()
// CHECK-NEXT:    call @bridge_rt_grid_destroy(
// CHECK-NEXT:    %[[S:.*]] = call @bridge_rt_reduce_end_f64(%[[REALS]]) : (!llvm.ptr) -> f64
// CHECK-NEXT:    %[[T:.*]] = call @bridge_rt_reduce_end_i64(%[[INTS]]) : (!llvm.ptr) -> i64
// CHECK-NEXT:    call @bridge_rt_print_f64(%[[S]])
// CHECK-NEXT:    call @bridge_rt_print_i64(%[[T]])
// CHECK-DAG:   func.func private @bridge_rt_reduce_begin_f64(i32, i32, i64) -> !llvm.ptr
// CHECK-DAG:   func.func private @bridge_rt_reduce_push_i64(!llvm.ptr, i64, i64)
// CHECK-DAG:   func.func private @bridge_rt_reduce_end_f64(!llvm.ptr) -> f64
// CHECK-DAG:   func.func private @bridge_rt_reduce_end_i64(!llvm.ptr) -> i64
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
