// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// A write stores into element `offset` of the chunk's storage; bools are
// widened to bytes first.

// CHECK-LABEL: func.func @write
// CHECK:         scf.for
// CHECK-NOT:       bridge_rt_grid_box
// CHECK:           arith.muli
// CHECK:           arith.minsi
// CHECK:           %[[START:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK:           %[[FLAGS:.*]] = func.call @bridge_rt_dist_chunk(
// CHECK:           %[[REALS:.*]] = func.call @bridge_rt_dist_chunk(
// CHECK:           scf.if
// CHECK:             %[[TRUE:.*]] = arith.constant true
// CHECK:             %[[BYTE:.*]] = arith.extui %[[TRUE]] : i1 to i8
// CHECK:             %[[I:.*]] = arith.index_cast %[[START]] : index to i64
// CHECK:             %[[A:.*]] = llvm.getelementptr %[[FLAGS]][%[[I]]] : (!llvm.ptr, i64) -> !llvm.ptr, i8
// CHECK:             llvm.store %[[BYTE]], %[[A]] : i8, !llvm.ptr
// CHECK:             %[[HALF:.*]] = arith.constant 5.000000e-01 : f64
// CHECK:             %[[J:.*]] = arith.index_cast %[[START]] : index to i64
// CHECK:             %[[B:.*]] = llvm.getelementptr %[[REALS]][%[[J]]] : (!llvm.ptr, i64) -> !llvm.ptr, f64
// CHECK:             llvm.store %[[HALF]], %[[B]] : f64, !llvm.ptr
// CHECK-NOT:     task.write
func.func @write() {
  %flags = task.alloc : !task.dist<[8], i1, chunks [4], contiguous>
  %reals = task.alloc : !task.dist<[8], f64, chunks [4], contiguous>
  task.stage shape [8] chunks [4] contiguous
      outs(%flags, %reals : !task.dist<[8], i1, chunks [4], contiguous>, !task.dist<[8], f64, chunks [4], contiguous>) {
  ^bb0(%c: index, %s: index, %e: index, %a: !task.chunk<i1>, %b: !task.chunk<f64>):
    %true = arith.constant true
    task.write %true, %a[%s] : !task.chunk<i1>
    %half = arith.constant 0.5 : f64
    task.write %half, %b[%s] : !task.chunk<f64>
    task.yield
  }
  return
}
