// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// A selection of rows is three steps: the collective call that packs this rank's
// part and counts the whole, the learning of that count as the result's
// length (symbol 0 here), and the result created with it (its sizes read
// after the learning) and filled by the last collective call.

// CHECK-LABEL: func.func @f
// CHECK:         %[[X:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[M:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[COUNT:.*]] = llvm.alloca
// CHECK-NEXT:    %[[SEL:.*]] = call @bridge_rt_select_mask(%[[X]], %[[M]], %[[COUNT]])
// CHECK-NEXT:    %[[N:.*]] = llvm.load %[[COUNT]] : !llvm.ptr -> i64
// CHECK-NEXT:    %[[SYM:.*]] = arith.constant 0 : i64
// CHECK-NEXT:    call @bridge_rt_learn_size(%[[SYM]], %[[N]])
// CHECK:         call @bridge_rt_size_value(
// CHECK:         %[[R:.*]] = call @bridge_rt_dist_create(
// CHECK-NEXT:    call @bridge_rt_selection_place(%[[SEL]], %[[R]])
func.func @f() {
  %x = task.alloc : !task.dist<[10, 3], f64, chunks [4, 3], contiguous>
  %m = task.alloc : !task.dist<[10], i1, chunks [4], contiguous>
  %r = task.compress %x, %m : !task.dist<[10, 3], f64, chunks [4, 3], contiguous>, !task.dist<[10], i1, chunks [4], contiguous> -> !task.dist<[s0, 3], f64, chunks [s1, 3], contiguous>
  return
}
