// RUN: bridge-opt %s --convert-task-to-llvm --split-input-file | FileCheck %s

// A selection that a stage fills: opened with the element type's dtype code
// (f64 is 0), each chunk's selected elements appended by one call, then
// closed (the ranks learn the total), its length learnt and the result
// created and filled, as for task.compress.

// CHECK-LABEL: func.func @f
// CHECK:         %[[CODE:.*]] = arith.constant 0 : i32
// CHECK-NEXT:    %[[SEL:.*]] = call @bridge_rt_selection_open(%[[CODE]]) : (i32) -> !llvm.ptr
// CHECK:         call @bridge_rt_select_chunk(%[[SEL]], %{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, i64) -> ()
// CHECK:         call @bridge_rt_selection_close(%[[SEL]], %[[COUNT:.*]]) : (!llvm.ptr, !llvm.ptr) -> ()
// CHECK-NEXT:    %[[N:.*]] = llvm.load %[[COUNT]] : !llvm.ptr -> i64
// CHECK:         call @bridge_rt_learn_size(%{{.*}}, %[[N]])
// CHECK:         %[[R:.*]] = call @bridge_rt_dist_create(
// CHECK:         call @bridge_rt_selection_place(%[[SEL]], %[[R]]) : (!llvm.ptr, !llvm.ptr) -> ()
module attributes {bridge.sizes = "learnt 10 0 @ \22p:1:1\22\0Amin 4 s0 @ \22p:1:1\22\0A"} {
  func.func @f() {
    %n = arith.constant 4 : index
    %sel = task.selection_open : !task.selection<f64>
    %v = task.scratch %n : <f64>
    %m = task.scratch %n : <i1>
    task.stage shape [10] chunks [4] contiguous {
    ^bb0(%chunk: index, %s0: index, %e0: index):
      task.select_chunk %v, %m count %e0 into %sel : !task.selection<f64>, !task.chunk<f64>, !task.chunk<i1>
      task.yield
    }
    %r = task.place_selection %sel : !task.selection<f64> -> !task.dist<[s0], f64, chunks [s1], contiguous>
    return
  }
}

// -----

// unique's selection: opened distinct, each chunk's values appended with a
// null mask; closed and placed as any selection.

// CHECK-LABEL: func.func @distinct
// CHECK:         %[[CODE:.*]] = arith.constant 3 : i32
// CHECK-NEXT:    %[[SEL:.*]] = call @bridge_rt_unique_open(%[[CODE]]) : (i32) -> !llvm.ptr
// CHECK:         %[[NONE:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK:         call @bridge_rt_select_chunk(%[[SEL]], %{{.*}}, %[[NONE]], %{{.*}}) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, i64) -> ()
// CHECK:         call @bridge_rt_selection_close(%[[SEL]], %{{.*}}) : (!llvm.ptr, !llvm.ptr) -> ()
// CHECK:         call @bridge_rt_selection_place(%[[SEL]], %{{.*}}) : (!llvm.ptr, !llvm.ptr) -> ()
module attributes {bridge.sizes = "learnt 10 0 @ \22p:1:1\22\0Amin 4 s0 @ \22p:1:1\22\0A"} {
  func.func @distinct() {
    %n = arith.constant 4 : index
    %sel = task.selection_open distinct : !task.selection<i32>
    %v = task.scratch %n : <i32>
    task.stage shape [10] chunks [4] contiguous {
    ^bb0(%chunk: index, %s0: index, %e0: index):
      task.select_chunk %v count %e0 into %sel : !task.selection<i32>, !task.chunk<i32>
      task.yield
    }
    %r = task.place_selection %sel : !task.selection<i32> -> !task.dist<[s0], i32, chunks [s1], contiguous>
    return
  }
}
