// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// An array created with a halo for its producer to write the interior, then
// its margins filled in place. The stage that writes it shares each chunk's
// edges with its neighbours' margins right after the chunk's body, with the
// fill's mode (wrap, 3); the ordinary array it also writes shares nothing. It visits its last chunk
// first, then the others in order, so that the edges other ranks read are
// written (and sent) before the rest.
// CHECK-LABEL: func.func @fill
// CHECK:         %[[WIDTH:.*]] = arith.constant 2 : i64
// CHECK-NEXT:    %[[A:.*]] = call @bridge_rt_dist_create_halo(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[WIDTH]])
// CHECK:         %[[B:.*]] = call @bridge_rt_dist_create(
// CHECK:         scf.for %[[I:[^ ]+]] = %[[LO:[^ ]+]] to %[[HI:[^ ]+]] step
// CHECK-NEXT:      %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NEXT:      %[[AT_LO:.*]] = arith.cmpi eq, %[[I]], %[[LO]] : index
// CHECK-NEXT:      %[[PREV:.*]] = arith.subi %[[I]], %[[ONE]] : index
// CHECK-NEXT:      %[[LAST:.*]] = arith.subi %[[HI]], %[[ONE]] : index
// CHECK-NEXT:      %[[CHUNK:.*]] = arith.select %[[AT_LO]], %[[LAST]], %[[PREV]] : index
// CHECK-NEXT:      %[[C64:.*]] = arith.index_cast %[[CHUNK]] : index to i64
// CHECK:           func.call @bridge_rt_ckpt_store(
// CHECK-NEXT:        }
// CHECK-NEXT:      }
// CHECK-NEXT:      %[[MODE:.*]] = arith.constant 3 : i32
// CHECK-NEXT:      func.call @bridge_rt_dist_share_margins(%[[A]], %[[C64]], %[[MODE]]) : (!llvm.ptr, i64, i32) -> ()
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

// A stage that also pushes partials, which go in chunk order, visits its
// chunks in order.
// CHECK-LABEL: func.func @fill_and_sum
// CHECK:         scf.for %[[I:[^ ]+]] = %{{[^ ]+}} to %{{[^ ]+}} step
// CHECK-NEXT:      %[[C64:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK:           func.call @bridge_rt_dist_share_margins(%{{.*}}, %[[C64]], %{{.*}})
// CHECK:           func.call @bridge_rt_reduce_push_f64(%{{.*}}, %[[C64]], %{{.*}})
func.func @fill_and_sum() -> f64 {
  %a = task.alloc : !task.dist<[100], f64, chunks [10], contiguous, halo [2]>
  %p = task.stage shape [100] chunks [10] contiguous outs(%a : !task.dist<[100], f64, chunks [10], contiguous, halo [2]>) -> !task.partials<f64> {
  ^bb0(%c: index, %s: index, %e: index, %out: !task.chunk<f64>):
    %v = arith.constant 1.0 : f64
    task.write %v, %out[%s] : !task.chunk<f64>
    task.yield %v : f64
  }
  %r = task.combine sum %p : !task.partials<f64> -> f64
  task.fill_halo %a wrap : !task.dist<[100], f64, chunks [10], contiguous, halo [2]>
  return %r : f64
}
