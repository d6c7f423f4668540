// RUN: bridge-opt %s --split-input-file --verify-diagnostics --convert-task-to-llvm | FileCheck %s

// Every rank calls the legacy function with a bridge_array view of each array,
// scalars by value (bools as i32) and the communicator last, between
// bridge_rt_legacy_enter and _exit; rank 0's result is broadcast, except an
// i32 status, of which every rank gets the lowest failed rank's. With
// check_status a non-zero i32 result fails the job.

// CHECK-DAG:   llvm.mlir.global internal constant @[[SOLVE:__bridge_str_[0-9a-f]+]]("solve\00")
// CHECK-DAG:   llvm.mlir.global internal constant @{{.*}}("status\00")
// CHECK-LABEL: func.func @calls(
// CHECK-SAME:      %[[X:[^:]*]]: f64, %[[FLAG:[^:]*]]: i1)
// CHECK:         %[[A:.*]] = call @bridge_rt_dist_create_block(
// CHECK:         %[[VIEW:.*]] = call @bridge_rt_dist_view(%[[A]]) : (!llvm.ptr) -> !llvm.ptr
// CHECK:         %[[FLAG32:.*]] = arith.extui %[[FLAG]] : i1 to i32
// CHECK:         %[[COMMSLOT:.*]] = llvm.alloca %{{.*}} x i8
// CHECK:         call @bridge_rt_legacy_comm(%[[COMMSLOT]])
// CHECK:         %[[COMM:.*]] = llvm.load %[[COMMSLOT]]
// CHECK:         %[[NAMEADDR:.*]] = llvm.mlir.addressof @[[SOLVE]]
// CHECK:         %[[NAME:.*]] = llvm.getelementptr %[[NAMEADDR]][0, 0]
// CHECK:         call @bridge_rt_legacy_enter(%[[NAME]])
// CHECK:         %[[R:.*]] = call @solve(%[[VIEW]], %[[X]], %[[FLAG32]], %[[COMM]])
// CHECK:         call @bridge_rt_legacy_exit(%[[NAME]])
// CHECK:         %[[R0:.*]] = call @bridge_rt_bcast_f64(%[[R]]) : (f64) -> f64

// CHECK:         call @bridge_rt_dist_view(%[[A]])
// CHECK:         call @bridge_rt_legacy_comm(
// CHECK:         call @bridge_rt_legacy_enter(%[[NAME:[^)]+]])
// CHECK:         %[[S:.*]] = call @status(
// CHECK:         call @bridge_rt_legacy_exit(%[[NAME]])
// CHECK:         call @bridge_rt_legacy_check(%[[NAME]], %[[S]]) : (!llvm.ptr, i32) -> ()
// CHECK:         %[[S0:.*]] = call @bridge_rt_legacy_status(%[[S]]) : (i32) -> i32

// An i64 result is rank 0's, broadcast.
// CHECK:         %[[N:.*]] = call @count(
// CHECK:         call @bridge_rt_bcast_i64(%[[N]]) : (i64) -> i64

// A function without a result is not broadcast.
// CHECK:         call @bridge_rt_legacy_enter(%[[NAME:[^)]+]])
// CHECK:         call @side(%[[X]], %{{.*}}) : (f64, {{.*}}) -> ()
// CHECK-NEXT:    call @bridge_rt_legacy_exit(%[[NAME]])
// CHECK-NEXT:    call @bridge_rt_print_f64(%[[R0]])
// CHECK-NEXT:    arith.extsi %[[S0]] : i32 to i64

// CHECK-DAG:   func.func private @solve(!llvm.ptr, f64, i32, {{.*}}) -> f64
// CHECK-DAG:   func.func private @status(!llvm.ptr, {{.*}}) -> i32
// CHECK-DAG:   func.func private @side(f64, {{.*}})
// CHECK-DAG:   func.func private @bridge_rt_legacy_check(!llvm.ptr, i32)
func.func @calls(%x: f64, %flag: i1) {
  %a = task.alloc : !task.dist<[100], f64, chunks [10], block>
  %r = task.call @solve(%a, %x, %flag) : (!task.dist<[100], f64, chunks [10], block>, f64, i1) -> f64
  %s = task.call @status(%a) {check_status} : (!task.dist<[100], f64, chunks [10], block>) -> i32
  %n = task.call @count(%a) : (!task.dist<[100], f64, chunks [10], block>) -> i64
  task.call @side(%x) : (f64) -> ()
  task.print %r : f64
  task.print %s : i32
  task.free %a : !task.dist<[100], f64, chunks [10], block>
  return
}

// -----

// One legacy function has one C signature.
func.func @twice(%x: f64, %n: i64) {
  task.call @solve(%x) : (f64) -> ()
  // expected-error @+2 {{legacy function 'solve' is called with two different signatures}}
  // expected-error @+1 {{failed to legalize operation 'task.call'}}
  task.call @solve(%n) : (i64) -> ()
  return
}
