// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// The storage for one chunk comes from the runtime's allocator (elements
// times the element size) and returns to it; the product of the chunk a
// stage has just computed is one call, with the chunk index and the rows.

// CHECK-LABEL: func.func @chunk
// CHECK:         %[[BYTES:.*]] = arith.muli %{{.*}}, %{{.*}} : i64
// CHECK-NEXT:    %[[S:.*]] = call @bridge_rt_alloc(%[[BYTES]]) : (i64) -> !llvm.ptr
// CHECK:         call @bridge_rt_matmul_chunk(%{{.*}}, %{{.*}}, %[[S]], %[[S]], %{{.*}}) : (!llvm.ptr, i64, !llvm.ptr, !llvm.ptr, i64) -> ()
// CHECK:         call @bridge_rt_free(%[[S]]) : (!llvm.ptr) -> ()
func.func @chunk(%i: index) {
  %parts = task.alloc : !task.dist<[3, 4, 4], f64, chunks [1, 4, 4], contiguous>
  %n = arith.constant 16 : index
  %s = task.scratch %n : <f64>
  task.stage shape [10, 4] chunks [4, 4] contiguous {
  ^bb0(%chunk: index, %s0: index, %s1: index, %e0: index, %e1: index):
    task.matmul_chunk %parts[%chunk] = %s, %s rows %e0 : !task.dist<[3, 4, 4], f64, chunks [1, 4, 4], contiguous>, !task.chunk<f64>
    task.yield
  }
  task.release %s : <f64>
  return
}

// The rows form's product of a chunk reads that chunk of the replica itself.

// CHECK-LABEL: func.func @rows
// CHECK:         call @bridge_rt_matmul_rows_chunk(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, i64, !llvm.ptr, !llvm.ptr, i64) -> ()
func.func @rows(%i: index) {
  %dest = task.alloc : !task.dist<[10, 3], f64, chunks [4, 3], contiguous>
  %rep = task.alloc : !task.dist<[3, 4, 3], f64, chunks [1, 4, 3], contiguous>
  %n = arith.constant 16 : index
  %s = task.scratch %n : <f64>
  task.stage shape [10, 4] chunks [4, 4] contiguous {
  ^bb0(%chunk: index, %s0: index, %s1: index, %e0: index, %e1: index):
    task.matmul_rows_chunk %dest[%chunk] = %s, %rep rows %e0 : !task.dist<[10, 3], f64, chunks [4, 3], contiguous>, !task.chunk<f64>, !task.dist<[3, 4, 3], f64, chunks [1, 4, 3], contiguous>
    task.yield
  }
  task.release %s : <f64>
  return
}
