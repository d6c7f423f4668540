// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// An array becomes a runtime handle: its dtype code, rank, shape and chunk
// shape (stack arrays of int64_t) and placement go to bridge_rt_dist_create;
// a block array has no chunk shape.

// CHECK-LABEL: func.func @contiguous
// CHECK-DAG:     %[[F32:.*]] = arith.constant 1 : i32
// CHECK-DAG:     %[[RANK:.*]] = arith.constant 2 : i32
// CHECK:         %[[SHAPE:.*]] = llvm.alloca %{{.*}} x i64
// CHECK:         %[[S0:.*]] = llvm.getelementptr %[[SHAPE]][0]
// CHECK:         %[[C6:.*]] = arith.constant 6 : i64
// CHECK:         llvm.store %[[C6]], %[[S0]]
// CHECK:         %[[S1:.*]] = llvm.getelementptr %[[SHAPE]][1]
// CHECK:         %[[C8:.*]] = arith.constant 8 : i64
// CHECK:         llvm.store %[[C8]], %[[S1]]
// CHECK:         %[[CHUNKS:.*]] = llvm.alloca %{{.*}} x i64
// CHECK:         arith.constant 4 : i64
// CHECK:         arith.constant 3 : i64
// CHECK:         %[[CONTIGUOUS:.*]] = arith.constant 0 : i32
// CHECK:         %[[D:.*]] = call @bridge_rt_dist_create(%[[F32]], %[[RANK]], %[[SHAPE]], %[[CHUNKS]], %[[CONTIGUOUS]])
// CHECK:         call @bridge_rt_dist_destroy(%[[D]])
func.func @contiguous() {
  %a = task.alloc : !task.dist<[6, 8], f32, chunks [4, 3], contiguous>
  task.free %a : !task.dist<[6, 8], f32, chunks [4, 3], contiguous>
  return
}

// CHECK-LABEL: func.func @block
// CHECK-DAG:     %[[BOOL:.*]] = arith.constant 4 : i32
// CHECK-DAG:     %[[RANK:.*]] = arith.constant 1 : i32
// CHECK:         %[[SHAPE:.*]] = llvm.alloca %{{.*}} x i64
// CHECK:         arith.constant 16 : i64
// CHECK-NOT:     llvm.alloca
// CHECK:         call @bridge_rt_dist_create_block(%[[BOOL]], %[[RANK]], %[[SHAPE]])
func.func @block() {
  %b = task.alloc : !task.dist<[16], i1, chunks [16], block>
  return
}

// The element types' dtype codes.
// CHECK-LABEL: func.func @dtypes
// CHECK:         %[[F64:.*]] = arith.constant 0 : i32
// CHECK:         call @bridge_rt_dist_create(%[[F64]],
// CHECK:         %[[I64:.*]] = arith.constant 2 : i32
// CHECK:         call @bridge_rt_dist_create(%[[I64]],
// CHECK:         %[[I32:.*]] = arith.constant 3 : i32
// CHECK:         call @bridge_rt_dist_create(%[[I32]],
func.func @dtypes() {
  %f64 = task.alloc : !task.dist<[4], f64, chunks [2], contiguous>
  %i64 = task.alloc : !task.dist<[4], i64, chunks [2], contiguous>
  %i32 = task.alloc : !task.dist<[4], i32, chunks [2], contiguous>
  return
}

// CHECK: func.func private @bridge_rt_dist_create(i32, i32, !llvm.ptr, !llvm.ptr, i32) -> !llvm.ptr
// CHECK: func.func private @bridge_rt_dist_create_block(i32, i32, !llvm.ptr) -> !llvm.ptr
