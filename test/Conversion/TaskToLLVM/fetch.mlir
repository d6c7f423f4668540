// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// A fetch passes the coordinates as a stack array of int64_t and a slot of
// the element's storage type, then loads the slot; bools travel as a byte.

// CHECK-LABEL: func.func @fetch
// CHECK:         %[[A:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[OUT:.*]] = llvm.alloca %{{.*}} x f64
// CHECK:         %[[COORDS:.*]] = llvm.alloca %{{.*}} x i64
// CHECK:         arith.constant 2 : i64
// CHECK:         arith.constant 1 : i64
// CHECK:         call @bridge_rt_dist_fetch(%[[A]], %[[COORDS]], %[[OUT]]) : (!llvm.ptr, !llvm.ptr, !llvm.ptr) -> ()
// CHECK:         %[[V:.*]] = llvm.load %[[OUT]] : !llvm.ptr -> f64
// CHECK:         call @bridge_rt_print_f64(%[[V]])
// CHECK:         %[[B:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[BYTE:.*]] = llvm.alloca %{{.*}} x i8
// CHECK:         call @bridge_rt_dist_fetch(%[[B]], %{{.*}}, %[[BYTE]])
// CHECK:         %[[STORED:.*]] = llvm.load %[[BYTE]] : !llvm.ptr -> i8
// CHECK:         %[[FLAG:.*]] = arith.trunci %[[STORED]] : i8 to i1
// CHECK:         arith.extui %[[FLAG]] : i1 to i32
// CHECK:       func.func private @bridge_rt_dist_fetch(!llvm.ptr, !llvm.ptr, !llvm.ptr)
func.func @fetch() {
  %a = task.alloc : !task.dist<[6, 8], f64, chunks [4, 3], contiguous>
  %v = task.fetch %a [2, 1] : !task.dist<[6, 8], f64, chunks [4, 3], contiguous> -> f64
  task.print %v : f64
  %b = task.alloc : !task.dist<[4], i1, chunks [2], contiguous>
  %flag = task.fetch %b [3] : !task.dist<[4], i1, chunks [2], contiguous> -> i1
  task.print %flag : i1
  task.free %a : !task.dist<[6, 8], f64, chunks [4, 3], contiguous>
  task.free %b : !task.dist<[4], i1, chunks [2], contiguous>
  return
}
