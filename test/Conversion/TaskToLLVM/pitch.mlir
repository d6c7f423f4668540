// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// The pitch of a halo chunk is the runtime's, asked once per chunk before
// the body, however many reads use it; the array without a halo asks none.
// CHECK-LABEL: func.func @pitch
// CHECK:         %[[A:.*]] = call @bridge_rt_dist_create_halo(
// CHECK:         scf.for
// CHECK:           %[[C64:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK:           %[[P64:.*]] = func.call @bridge_rt_dist_chunk_pitch(%[[A]], %[[C64]]) : (!llvm.ptr, i64) -> i64
// CHECK-NEXT:      %[[P:.*]] = arith.index_cast %[[P64]] : i64 to index
// CHECK-NOT:       bridge_rt_dist_chunk_pitch
// CHECK:           arith.muli %{{.*}}, %[[P]] : index
// CHECK:           arith.addi %[[P]], %{{.*}} : index
// CHECK:         call @bridge_rt_stage_end()
// CHECK:       func.func private @bridge_rt_dist_chunk_pitch(!llvm.ptr, i64) -> i64
func.func @pitch() {
  %a = task.alloc : !task.dist<[6, 8], f64, chunks [4, 3], contiguous, halo [0, 2]>
  %b = task.alloc : !task.dist<[6, 8], f64, chunks [4, 3], contiguous>
  task.stage shape [6, 8] chunks [4, 3] contiguous ins(%a : !task.dist<[6, 8], f64, chunks [4, 3], contiguous, halo [0, 2]>) outs(%b : !task.dist<[6, 8], f64, chunks [4, 3], contiguous>) {
  ^bb0(%c: index, %s0: index, %s1: index, %e0: index, %e1: index, %in: !task.chunk<f64>, %out: !task.chunk<f64>):
    %p = task.pitch %in : !task.chunk<f64>
    %row = arith.muli %s0, %p : index
    %v = task.read %in[%row] : !task.chunk<f64>
    %p2 = task.pitch %in : !task.chunk<f64>
    %next = arith.addi %p2, %row : index
    %w = task.read %in[%next] : !task.chunk<f64>
    %sum = arith.addf %v, %w : f64
    task.write %sum, %out[%s1] : !task.chunk<f64>
    task.yield
  }
  task.free %a : !task.dist<[6, 8], f64, chunks [4, 3], contiguous, halo [0, 2]>
  task.free %b : !task.dist<[6, 8], f64, chunks [4, 3], contiguous>
  return
}
