// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// A read loads element `offset` of the chunk's storage; bools are stored as
// bytes and truncated to i1.

// CHECK-LABEL: func.func @read
// CHECK:         scf.for
// CHECK-NOT:       bridge_rt_grid_box
// CHECK:           arith.muli
// CHECK:           arith.minsi
// CHECK:           %[[START:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK:           %[[EXTENT:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK:           %[[FLAGS:.*]] = func.call @bridge_rt_dist_chunk(
// CHECK:           %[[INTS:.*]] = func.call @bridge_rt_dist_chunk(
// CHECK:           %[[I:.*]] = arith.index_cast %[[EXTENT]] : index to i64
// CHECK:           %[[A:.*]] = llvm.getelementptr %[[FLAGS]][%[[I]]] : (!llvm.ptr, i64) -> !llvm.ptr, i8
// CHECK:           %[[BYTE:.*]] = llvm.load %[[A]] : !llvm.ptr -> i8
// CHECK:           %[[FLAG:.*]] = arith.trunci %[[BYTE]] : i8 to i1
// CHECK:           %[[J:.*]] = arith.index_cast %[[START]] : index to i64
// CHECK:           %[[B:.*]] = llvm.getelementptr %[[INTS]][%[[J]]] : (!llvm.ptr, i64) -> !llvm.ptr, i32
// CHECK:           %[[INT:.*]] = llvm.load %[[B]] : !llvm.ptr -> i32
// CHECK:           arith.extui %[[FLAG]] : i1 to i64
// CHECK:           arith.extsi %[[INT]] : i32 to i64
// CHECK-NOT:     task.read
func.func @read() {
  %flags = task.alloc : !task.dist<[8], i1, chunks [4], contiguous>
  %ints = task.alloc : !task.dist<[8], i32, chunks [4], contiguous>
  %p, %q = task.stage shape [8] chunks [4] contiguous
      ins(%flags, %ints : !task.dist<[8], i1, chunks [4], contiguous>, !task.dist<[8], i32, chunks [4], contiguous>) -> !task.partials<i64>, !task.partials<i64> {
  ^bb0(%c: index, %s: index, %e: index, %a: !task.chunk<i1>, %b: !task.chunk<i32>):
    %flag = task.read %a[%e] : !task.chunk<i1>
    %int = task.read %b[%s] : !task.chunk<i32>
    %flag64 = arith.extui %flag : i1 to i64
    %int64 = arith.extsi %int : i32 to i64
    task.yield %flag64, %int64 : i64, i64
  }
  return
}
