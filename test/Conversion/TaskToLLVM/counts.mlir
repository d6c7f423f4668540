// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// The counters come from the runtime and return to it when they are summed;
// counting a value adds one to its counter without a branch: a value out of
// range (negative ones too, compared unsigned) adds zero to counter 0.

// CHECK-LABEL: func.func @f
// CHECK:         %[[C:.*]] = call @bridge_rt_counts_create(%[[N:.*]]) : (i64) -> !llvm.ptr
// CHECK:         %[[IN:.*]] = arith.cmpi ult, %[[V:.*]], %[[N]] : i64
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK-NEXT:    %[[I:.*]] = arith.select %[[IN]], %[[V]], %[[ZERO]] : i64
// CHECK-NEXT:    %[[P:.*]] = llvm.getelementptr %[[C]][%[[I]]] : (!llvm.ptr, i64) -> !llvm.ptr, i64
// CHECK-NEXT:    %[[OLD:.*]] = llvm.load %[[P]] : !llvm.ptr -> i64
// CHECK-NEXT:    %[[ONE:.*]] = arith.extui %[[IN]] : i1 to i64
// CHECK-NEXT:    %[[NEW:.*]] = arith.addi %[[OLD]], %[[ONE]] : i64
// CHECK-NEXT:    llvm.store %[[NEW]], %[[P]] : i64, !llvm.ptr
// CHECK:         %[[D:.*]] = call @bridge_rt_dist_create(
// CHECK:         call @bridge_rt_counts_sum(%[[C]], %[[N]], %[[D]]) : (!llvm.ptr, i64, !llvm.ptr) -> ()
func.func @f(%n: i64, %v: i64) {
  %c = task.counts %n
  task.count %c[%v] length %n
  %d = task.alloc : !task.dist<[4], i64, chunks [4], contiguous>
  task.sum_counts %c length %n into %d : !task.dist<[4], i64, chunks [4], contiguous>
  return
}
