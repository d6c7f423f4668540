// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// The steps of a scan are local runtime calls: the chunk scans with their
// totals, and the carry from the replicated totals; the axis, then the
// operator (BRIDGE_RT_SUM 0, BRIDGE_RT_PROD 1).

// CHECK-LABEL: func.func @f
// CHECK:         %[[X:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[R:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[T:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[REP:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[AXIS:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    %[[PROD:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    call @bridge_rt_scan_local(%[[R]], %[[X]], %[[T]], %[[AXIS]], %[[PROD]]) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, i32, i32) -> ()
// CHECK:         %[[AXIS2:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    %[[SUM:.*]] = arith.constant 0 : i32
// CHECK-NEXT:    call @bridge_rt_scan_carry(%[[R]], %[[REP]], %[[AXIS2]], %[[SUM]]) : (!llvm.ptr, !llvm.ptr, i32, i32) -> ()
// CHECK:       func.func private @bridge_rt_scan_local(!llvm.ptr, !llvm.ptr, !llvm.ptr, i32, i32)
// CHECK:       func.func private @bridge_rt_scan_carry(!llvm.ptr, !llvm.ptr, i32, i32)
func.func @f() {
  %x = task.alloc : !task.dist<[10, 6], f64, chunks [4, 3], contiguous>
  %r = task.alloc : !task.dist<[10, 6], f64, chunks [4, 3], contiguous>
  %t = task.alloc : !task.dist<[10, 2], f64, chunks [4, 1], contiguous>
  %rep = task.alloc : !task.dist<[10, 2, 2], f64, chunks [4, 1, 2], contiguous>
  task.scan_local prod %x into %r totals %t axis 1 : !task.dist<[10, 6], f64, chunks [4, 3], contiguous>, !task.dist<[10, 2], f64, chunks [4, 1], contiguous>
  task.scan_carry sum %r totals %rep axis 1 : !task.dist<[10, 6], f64, chunks [4, 3], contiguous>, !task.dist<[10, 2, 2], f64, chunks [4, 1, 2], contiguous>
  return
}
