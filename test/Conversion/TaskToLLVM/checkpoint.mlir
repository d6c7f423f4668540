// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// An array filled by a checkpointed body is restored collectively; only when
// some rank lacks a chunk does the body run, and then the array is stored.
// Stages and checkpoints share one numbering in program order.

// CHECK-LABEL: func.func @f
// CHECK:         %[[A:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[STEP:.*]] = arith.constant 1 : i64
// CHECK-NEXT:    %[[RESTORED:.*]] = call @bridge_rt_ckpt_restore_array(%{{.*}}, %[[STEP]], %[[A]]) : (i64, i64, !llvm.ptr) -> i32
// CHECK:         %[[MISSING:.*]] = arith.cmpi eq, %[[RESTORED]], %{{.*}} : i32
// CHECK-NEXT:    scf.if %[[MISSING]] {
// CHECK:           call @fill(
// CHECK:           call @bridge_rt_ckpt_store_array(%{{.*}}, %[[STEP]], %[[A]]) : (i64, i64, !llvm.ptr) -> ()
// CHECK-NEXT:    }
func.func @f() {
  task.stage shape [8] chunks [4] contiguous {
  ^bb0(%c: index, %s: index, %e: index):
    task.yield
  }
  %a = task.alloc : !task.dist<[8], f64, chunks [4], contiguous>
  task.checkpoint %a : !task.dist<[8], f64, chunks [4], contiguous> {
    task.call @fill(%a) : (!task.dist<[8], f64, chunks [4], contiguous>) -> ()
  }
  return
}
