// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// The array program's main becomes C's main around runtime set-up; a stage
// becomes a loop over the owned chunk range; collectives and the legacy call
// become runtime calls, with the communicator passed last; the ranks agree
// on an i32 status.

// CHECK-LABEL: func.func @main(%{{.*}}: i32, %{{.*}}: !llvm.ptr) -> i32
// CHECK:         call @bridge_rt_init
// CHECK:         %[[D:.*]] = call @bridge_rt_dist_create
// CHECK:         %[[P:.*]] = call @bridge_rt_reduce_begin_f64
// CHECK:         call @bridge_rt_owned_range
// CHECK:         scf.for
// CHECK:           call @bridge_rt_dist_chunk(%[[D]]
// CHECK:           llvm.store
// CHECK:           call @bridge_rt_reduce_push_f64(%[[P]]
// CHECK:         call @bridge_rt_reduce_end_f64(%[[P]])
// CHECK:         call @bridge_rt_print_f64
// CHECK:         call @bridge_rt_dist_view(%[[D]])
// CHECK:         call @bridge_rt_legacy_comm
// CHECK:         call @bridge_rt_legacy_enter
// CHECK:         %[[R:.*]] = call @solve(%{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, i32, !llvm.ptr) -> i32
// CHECK:         call @bridge_rt_legacy_exit
// CHECK:         call @bridge_rt_legacy_status(%[[R]]) : (i32) -> i32
// CHECK:         call @bridge_rt_dist_destroy(%[[D]])
// CHECK:         %[[STATUS:.*]] = call @bridge_rt_finalize() : () -> i32
// CHECK:         return %[[STATUS]]
// CHECK:       func.func private @solve(!llvm.ptr, i32, !llvm.ptr) -> i32
// CHECK-NOT:   task.
func.func @main() {
  %d = task.alloc : !task.dist<[100], f64, chunks [10], contiguous>
  %p = task.stage shape [100] chunks [10] contiguous
      outs(%d : !task.dist<[100], f64, chunks [10], contiguous>) -> !task.partials<f64> {
  ^bb0(%c: index, %start: index, %extent: index, %out: !task.chunk<f64>):
    %zero = arith.constant 0 : index
    %v = arith.constant 1.0 : f64
    task.write %v, %out[%zero] : !task.chunk<f64>
    task.yield %v : f64
  }
  %s = task.combine sum %p : !task.partials<f64> -> f64
  task.print %s : f64
  %flag = arith.constant true
  %r = task.call @solve(%d, %flag) : (!task.dist<[100], f64, chunks [10], contiguous>, i1) -> i32
  task.free %d : !task.dist<[100], f64, chunks [10], contiguous>
  return
}
