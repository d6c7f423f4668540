// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// task.yield stores each value into the stack slot of its partial, in order,
// and disappears; in a checkpointed stage the store of the chunk's
// checkpoint follows, when the run keeps checkpoints.

// CHECK-LABEL: func.func @yield
// CHECK:         call @bridge_rt_stage_begin(
// CHECK:         %[[COUNT:.*]] = llvm.alloca %{{.*}} x i64
// CHECK:         %[[SUM:.*]] = llvm.alloca %{{.*}} x i64
// CHECK:         scf.for
// CHECK:           scf.if
// CHECK:             %[[N:.*]] = arith.constant 4 : i64
// CHECK:             %[[X:.*]] = arith.constant 2.500000e-01 : f64
// CHECK-NEXT:        llvm.store %[[N]], %[[COUNT]] : i64, !llvm.ptr
// CHECK-NEXT:        llvm.store %[[X]], %[[SUM]] : f64, !llvm.ptr
// CHECK-NEXT:        scf.if %{{.*}} {
// CHECK-NEXT:          func.call @bridge_rt_ckpt_store(
// CHECK-NEXT:        }
// CHECK-NEXT:      }
// CHECK-NOT:     task.yield
func.func @yield() {
  %out = task.alloc : !task.dist<[8], f64, chunks [4], contiguous>
  %n, %s = task.stage shape [8] chunks [4] contiguous
      outs(%out : !task.dist<[8], f64, chunks [4], contiguous>) -> !task.partials<i64>, !task.partials<f64> {
  ^bb0(%c: index, %start: index, %extent: index, %o: !task.chunk<f64>):
    %four = arith.constant 4 : i64
    %quarter = arith.constant 0.25 : f64
    task.yield %four, %quarter : i64, f64
  }
  %total = task.combine sum %n : !task.partials<i64> -> i64
  %sum = task.combine sum %s : !task.partials<f64> -> f64
  task.free %out : !task.dist<[8], f64, chunks [4], contiguous>
  return
}
