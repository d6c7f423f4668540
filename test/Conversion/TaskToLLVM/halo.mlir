// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// A halo is a new array from bridge_rt_dist_halo(source, axis, width, mode),
// with the runtime's pad mode value.

// CHECK-LABEL: func.func @halo
// CHECK:         %[[SRC:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[AXIS:.*]] = arith.constant 1 : i32
// CHECK:         %[[WIDTH:.*]] = arith.constant 2 : i64
// CHECK:         %[[REFLECT:.*]] = arith.constant 2 : i32
// CHECK:         %[[H:.*]] = call @bridge_rt_dist_halo(%[[SRC]], %[[AXIS]], %[[WIDTH]], %[[REFLECT]]) : (!llvm.ptr, i32, i64, i32) -> !llvm.ptr
// CHECK:         %[[AXIS:.*]] = arith.constant 0 : i32
// CHECK:         %[[WIDTH:.*]] = arith.constant 1 : i64
// CHECK:         %[[CONSTANT:.*]] = arith.constant 4 : i32
// CHECK:         call @bridge_rt_dist_halo(%[[SRC]], %[[AXIS]], %[[WIDTH]], %[[CONSTANT]])
// CHECK-NOT:     call @bridge_rt_dist_halo
// CHECK:         call @bridge_rt_dist_destroy(%[[H]])
// CHECK:         call @bridge_rt_dist_destroy(%{{.*}})
// CHECK:         call @bridge_rt_dist_destroy(%[[SRC]])
// CHECK:       func.func private @bridge_rt_dist_halo(!llvm.ptr, i32, i64, i32) -> !llvm.ptr
func.func @halo() {
  %a = task.alloc : !task.dist<[6, 8], f64, chunks [4, 3], contiguous>
  %h = task.halo %a reflect : !task.dist<[6, 8], f64, chunks [4, 3], contiguous> -> !task.dist<[6, 8], f64, chunks [4, 3], contiguous, halo [0, 2]>
  %e = task.halo %a constant : !task.dist<[6, 8], f64, chunks [4, 3], contiguous> -> !task.dist<[6, 8], f64, chunks [4, 3], contiguous, halo [1, 0]>
  task.free %h : !task.dist<[6, 8], f64, chunks [4, 3], contiguous, halo [0, 2]>
  task.free %e : !task.dist<[6, 8], f64, chunks [4, 3], contiguous, halo [1, 0]>
  task.free %a : !task.dist<[6, 8], f64, chunks [4, 3], contiguous>
  return
}
