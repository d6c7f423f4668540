// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// An array created with a halo for its producer to write the interior, then
// its margins filled in place. The stage that writes it shares each chunk's
// edges with its neighbours' margins right after the chunk's body; the
// ordinary array it also writes shares nothing.
// CHECK-LABEL: func.func @fill
// CHECK:         %[[WIDTH:.*]] = arith.constant 2 : i64
// CHECK-NEXT:    %[[A:.*]] = call @bridge_rt_dist_create_halo(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[WIDTH]])
// CHECK:         %[[B:.*]] = call @bridge_rt_dist_create(
// CHECK:         scf.for
// CHECK:           %[[C64:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK:           func.call @bridge_rt_ckpt_store(
// CHECK-NEXT:        }
// CHECK-NEXT:      }
// CHECK-NEXT:      func.call @bridge_rt_dist_share_margins(%[[A]], %[[C64]]) : (!llvm.ptr, i64) -> ()
// CHECK-NOT:       bridge_rt_dist_share_margins
// CHECK:         call @bridge_rt_stage_end()
// CHECK:         %[[WRAP:.*]] = arith.constant 3 : i32
// CHECK-NEXT:    call @bridge_rt_dist_fill_halo(%[[A]], %[[WRAP]]) : (!llvm.ptr, i32) -> ()
func.func @fill() {
  %a = task.alloc : !task.dist<[100], f64, chunks [10], contiguous, halo [2]>
  %b = task.alloc : !task.dist<[100], f64, chunks [10], contiguous>
  task.stage shape [100] chunks [10] contiguous outs(%a, %b : !task.dist<[100], f64, chunks [10], contiguous, halo [2]>, !task.dist<[100], f64, chunks [10], contiguous>) {
  ^bb0(%c: index, %s: index, %e: index, %out: !task.chunk<f64>, %other: !task.chunk<f64>):
    %v = arith.constant 1.0 : f64
    task.write %v, %out[%s] : !task.chunk<f64>
    task.write %v, %other[%s] : !task.chunk<f64>
    task.yield
  }
  task.fill_halo %a wrap : !task.dist<[100], f64, chunks [10], contiguous, halo [2]>
  return
}
