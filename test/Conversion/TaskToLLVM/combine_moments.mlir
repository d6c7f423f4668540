// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// The four partials of moments share one runtime reduction: each chunk
// pushes its count, shift and sums in one call, and the combine ends the
// reduction, which writes the mean and the sum of squared deviations to two
// stack slots.

// CHECK-LABEL: func.func @moments
// CHECK-NOT:     call @bridge_rt_alloc(
// CHECK:         %[[N:.*]] = call @bridge_rt_grid_nchunks(
// CHECK-NEXT:    %[[CONTIGUOUS:.*]] = arith.constant 0 : i32
// CHECK-NEXT:    %[[R:.*]] = call @bridge_rt_moments_begin(%[[CONTIGUOUS]], %[[N]]) : (i32, i64) -> !llvm.ptr
// CHECK-NOT:     bridge_rt_moments_begin
// CHECK:         call @bridge_rt_stage_begin(
// CHECK:         %[[COUNT:.*]] = llvm.alloca %{{.*}} x i64
// CHECK:         %[[SHIFT:.*]] = llvm.alloca %{{.*}} x i64
// CHECK:         %[[S1:.*]] = llvm.alloca %{{.*}} x i64
// CHECK:         %[[S2:.*]] = llvm.alloca %{{.*}} x i64
// CHECK:         scf.for
// CHECK:           %[[CHUNK:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK:           %[[C:.*]] = llvm.load %[[COUNT]] : !llvm.ptr -> i64
// CHECK-NEXT:      %[[K:.*]] = llvm.load %[[SHIFT]] : !llvm.ptr -> f64
// CHECK-NEXT:      %[[A:.*]] = llvm.load %[[S1]] : !llvm.ptr -> f64
// CHECK-NEXT:      %[[B:.*]] = llvm.load %[[S2]] : !llvm.ptr -> f64
// CHECK-NEXT:      func.call @bridge_rt_moments_push(%[[R]], %[[CHUNK]], %[[C]], %[[K]], %[[A]], %[[B]])
// CHECK-NEXT:    }
// CHECK:         %[[MEAN:.*]] = llvm.alloca %{{.*}} x f64
// CHECK-NEXT:    %{{.*}} = arith.constant 1 : i64
// CHECK-NEXT:    %[[M2:.*]] = llvm.alloca %{{.*}} x f64
// CHECK-NEXT:    call @bridge_rt_moments_end(%[[R]], %[[MEAN]], %[[M2]])
// CHECK-NEXT:    %[[MEANV:.*]] = llvm.load %[[MEAN]] : !llvm.ptr -> f64
// CHECK-NEXT:    %[[M2V:.*]] = llvm.load %[[M2]] : !llvm.ptr -> f64
// CHECK-NEXT:    call @bridge_rt_print_f64(%[[MEANV]])
// CHECK-NEXT:    call @bridge_rt_print_f64(%[[M2V]])
// CHECK:       func.func private @bridge_rt_moments_end(!llvm.ptr, !llvm.ptr, !llvm.ptr)
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
