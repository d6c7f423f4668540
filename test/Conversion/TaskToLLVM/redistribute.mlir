// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// A redistribution fills one bridge_rt_axis_map {i32 src_dim, i32 reserved,
// i64 offset, step, lo, hi} per destination dimension on the stack and passes
// the destination first.

// CHECK-LABEL: func.func @transpose
// CHECK:         %[[SRC:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[DST:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[MAPS:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(i32, i32, i64, i64, i64, i64)>
// Destination dimension 0 reads source dimension 1.
// CHECK:         %[[DIM:.*]] = arith.constant 1 : i32
// CHECK:         %[[F:.*]] = llvm.getelementptr %[[MAPS]][0, 0]
// CHECK:         llvm.store %[[DIM]], %[[F]] : i32, !llvm.ptr
// CHECK:         %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK:         %[[F:.*]] = llvm.getelementptr %[[MAPS]][0, 1]
// CHECK:         llvm.store %[[ZERO]], %[[F]] : i32, !llvm.ptr
// CHECK:         %[[OFFSET:.*]] = arith.constant 0 : i64
// CHECK:         %[[F:.*]] = llvm.getelementptr %[[MAPS]][0, 2]
// CHECK:         llvm.store %[[OFFSET]], %[[F]] : i64, !llvm.ptr
// CHECK:         %[[STEP:.*]] = arith.constant 1 : i64
// CHECK:         %[[F:.*]] = llvm.getelementptr %[[MAPS]][0, 3]
// CHECK:         llvm.store %[[STEP]], %[[F]] : i64, !llvm.ptr
// CHECK:         %[[LO:.*]] = arith.constant 0 : i64
// CHECK:         %[[F:.*]] = llvm.getelementptr %[[MAPS]][0, 4]
// CHECK:         llvm.store %[[LO]], %[[F]] : i64, !llvm.ptr
// CHECK:         %[[HI:.*]] = arith.constant 8 : i64
// CHECK:         %[[F:.*]] = llvm.getelementptr %[[MAPS]][0, 5]
// CHECK:         llvm.store %[[HI]], %[[F]] : i64, !llvm.ptr
// Destination dimension 1: source dimension 0, every second element from -1,
// written from index 1.
// CHECK:         %[[DIM:.*]] = arith.constant 0 : i32
// CHECK:         %[[F:.*]] = llvm.getelementptr %[[MAPS]][1, 0]
// CHECK:         llvm.store %[[DIM]], %[[F]]
// CHECK:         %[[F:.*]] = llvm.getelementptr %[[MAPS]][1, 1]
// CHECK:         %[[OFFSET:.*]] = arith.constant -1 : i64
// CHECK:         %[[F:.*]] = llvm.getelementptr %[[MAPS]][1, 2]
// CHECK:         llvm.store %[[OFFSET]], %[[F]]
// CHECK:         %[[STEP:.*]] = arith.constant 2 : i64
// CHECK:         %[[F:.*]] = llvm.getelementptr %[[MAPS]][1, 3]
// CHECK:         llvm.store %[[STEP]], %[[F]]
// CHECK:         %[[LO:.*]] = arith.constant 1 : i64
// CHECK:         %[[F:.*]] = llvm.getelementptr %[[MAPS]][1, 4]
// CHECK:         llvm.store %[[LO]], %[[F]]
// CHECK:         %[[HI:.*]] = arith.constant 6 : i64
// CHECK:         %[[F:.*]] = llvm.getelementptr %[[MAPS]][1, 5]
// CHECK:         llvm.store %[[HI]], %[[F]]
// CHECK-NOT:     llvm.getelementptr %[[MAPS]][2
// CHECK:         call @bridge_rt_redistribute(%[[DST]], %[[SRC]], %[[MAPS]]) : (!llvm.ptr, !llvm.ptr, !llvm.ptr) -> ()
// CHECK:       func.func private @bridge_rt_redistribute(!llvm.ptr, !llvm.ptr, !llvm.ptr)
func.func @transpose() {
  %a = task.alloc : !task.dist<[6, 8], f64, chunks [4, 3], contiguous>
  %t = task.alloc : !task.dist<[8, 6], f64, chunks [8, 6], contiguous>
  task.redistribute %a into %t dims [1, 0] offsets [0, 1] steps [1, 2] lo [0, 1] hi [8, 6] : !task.dist<[6, 8], f64, chunks [4, 3], contiguous> to !task.dist<[8, 6], f64, chunks [8, 6], contiguous>
  task.free %a : !task.dist<[6, 8], f64, chunks [4, 3], contiguous>
  task.free %t : !task.dist<[8, 6], f64, chunks [8, 6], contiguous>
  return
}
