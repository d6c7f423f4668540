// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// An array created with a halo for its producer to write the interior, then
// its margins filled in place.
// CHECK-LABEL: func.func @fill
// CHECK:         %[[WIDTH:.*]] = arith.constant 2 : i64
// CHECK-NEXT:    %[[A:.*]] = call @bridge_rt_dist_create_halo(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[WIDTH]])
// CHECK:         %[[WRAP:.*]] = arith.constant 3 : i32
// CHECK-NEXT:    call @bridge_rt_dist_fill_halo(%[[A]], %[[WRAP]]) : (!llvm.ptr, i32) -> ()
func.func @fill() {
  %a = task.alloc : !task.dist<[100], f64, chunks [10], contiguous, halo [2]>
  task.fill_halo %a wrap : !task.dist<[100], f64, chunks [10], contiguous, halo [2]>
  return
}
