// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// Moments combine in one call that writes the mean and the sum of squared
// deviations to two stack slots; the four buffers are freed after it.

// CHECK-LABEL: func.func @moments
// CHECK:         %[[COUNT:.*]] = call @bridge_rt_alloc(
// CHECK:         %[[SHIFT:.*]] = call @bridge_rt_alloc(
// CHECK:         %[[S1:.*]] = call @bridge_rt_alloc(
// CHECK:         %[[S2:.*]] = call @bridge_rt_alloc(
// CHECK:         call @bridge_rt_stage_end()
// CHECK-NEXT:    call @bridge_rt_grid_destroy(
// CHECK-NEXT:    %{{.*}} = arith.constant 1 : i64
// CHECK-NEXT:    %[[MEAN:.*]] = llvm.alloca %{{.*}} x f64
// CHECK-NEXT:    %{{.*}} = arith.constant 1 : i64
// CHECK-NEXT:    %[[M2:.*]] = llvm.alloca %{{.*}} x f64
// CHECK-NEXT:    %[[CONTIGUOUS:.*]] = arith.constant 0 : i32
// CHECK-NEXT:    %[[CHUNKS:.*]] = arith.constant 3 : i64
// CHECK-NEXT:    call @bridge_rt_combine_moments(%[[CONTIGUOUS]], %[[COUNT]], %[[SHIFT]], %[[S1]], %[[S2]], %[[CHUNKS]], %[[MEAN]], %[[M2]])
// CHECK-NEXT:    %[[MEANV:.*]] = llvm.load %[[MEAN]] : !llvm.ptr -> f64
// CHECK-NEXT:    %[[M2V:.*]] = llvm.load %[[M2]] : !llvm.ptr -> f64
// CHECK-DAG:     call @bridge_rt_free(%[[COUNT]])
// CHECK-DAG:     call @bridge_rt_free(%[[SHIFT]])
// CHECK-DAG:     call @bridge_rt_free(%[[S1]])
// CHECK-DAG:     call @bridge_rt_free(%[[S2]])
// CHECK:         call @bridge_rt_print_f64(%[[MEANV]])
// CHECK-NEXT:    call @bridge_rt_print_f64(%[[M2V]])
// CHECK:       func.func private @bridge_rt_combine_moments(i32, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, i64, !llvm.ptr, !llvm.ptr)
func.func @moments() {
  %n, %k, %s1, %s2 = task.stage shape [10] chunks [4] contiguous -> !task.partials<i64>, !task.partials<f64>, !task.partials<f64>, !task.partials<f64> {
  ^bb0(%c: index, %r0: index, %e0: index):
    %one = arith.constant 1 : i64
    %zero = arith.constant 0.0 : f64
    task.yield %one, %zero, %zero, %zero : i64, f64, f64, f64
  }
  %mean, %m2 = task.combine_moments %n, %k, %s1, %s2 : !task.partials<i64>, !task.partials<f64>, !task.partials<f64>, !task.partials<f64>
  task.print %mean : f64
  task.print %m2 : f64
  return
}
