// RUN: bridge-opt %s --convert-array-to-task | FileCheck %s

// The two forms of a matrix product. Rows form: the right operand copied to
// a replica per row chunk of the left (a new leading axis read with step 0
// through its unit axis 2); the left operand, rechunked to hold its
// contracted axis whole and generated, is not stored: the stage that
// computes it (and z, on the same grid) multiplies each chunk of its rows
// by that chunk's replica. Gram form, transpose(z) @ y: y rechunked to z's
// rows (z has more columns; y too is recomputed), the per-chunk partial
// products written as [3, 4, 3] in chunks [1, 4, 3] without forming the
// transpose, gathered whole where the result lives and combined there along
// the tree.

// CHECK-LABEL: func.func @main
// CHECK:         %[[B:.*]] = task.alloc : <[4, 3], f64, chunks [2, 3], contiguous>
// CHECK:         %[[REP:.*]] = task.alloc : <[3, 4, 3], f64, chunks [1, 4, 3], contiguous>
// CHECK-NEXT:    task.redistribute %[[B]] into %[[REP]] dims [2, 0, 1] offsets [0, 0, 0] steps [0, 1, 1] lo [0, 0, 0] hi [3, 4, 3]
// CHECK-NEXT:    task.free %[[B]]
// CHECK-NEXT:    %[[Z:.*]] = task.alloc : <[10, 4], f64, chunks [4, 4], contiguous>
// CHECK-NOT:     task.alloc : <[10, 4]
// CHECK:         %[[P:.*]] = task.alloc : <[10, 3], f64, chunks [4, 3], contiguous>
// CHECK-NEXT:    %[[A:.*]] = task.scratch %{{.*}} : <f64>
// CHECK-NEXT:    task.stage shape [10, 4] chunks [4, 4] contiguous outs(%[[Z]]
// CHECK:           task.matmul_rows_chunk %[[P]][%{{.*}}] = %[[A]], %[[REP]] rows %{{.*}} : <[10, 3], f64, chunks [4, 3], contiguous>, <f64>, <[3, 4, 3], f64, chunks [1, 4, 3], contiguous>
// CHECK:         task.release %[[A]]
// CHECK-NEXT:    task.free %[[REP]]
// CHECK:         task.save %[[P]] to "rows.npy"
// CHECK-NOT:     task.redistribute %[[Z]]
// CHECK:         %[[Y:.*]] = task.alloc : <[10, 3], f64, chunks [4, 3], contiguous>
// CHECK-NEXT:    task.stage shape [10, 3] chunks [4, 3] contiguous outs(%[[Y]]
// CHECK:         %[[PARTS:.*]] = task.alloc : <[3, 4, 3], f64, chunks [1, 4, 3], contiguous>
// CHECK-NEXT:    task.matmul_local %[[Z]], %[[Y]] into %[[PARTS]] {transpose_lhs} : <[10, 4], f64, chunks [4, 4], contiguous>, <[10, 3], f64, chunks [4, 3], contiguous> -> <[3, 4, 3], f64, chunks [1, 4, 3], contiguous>
// CHECK:         task.stage shape [3, 4, 3] chunks [1, 4, 3] contiguous ins(%[[PARTS]]
// CHECK:         %[[WHOLE:.*]] = task.alloc : <[3, 4, 3], f64, chunks [3, 4, 3], contiguous>
// CHECK-NEXT:    task.redistribute %{{.*}} into %[[WHOLE]] dims [0, 1, 2]
// CHECK:         %[[G:.*]] = task.alloc : <[4, 3], f64, chunks [4, 3], contiguous>
// CHECK-NEXT:    task.stage shape [4, 3] chunks [4, 3] contiguous ins(%[[WHOLE]]
// CHECK:         task.save %[[G]] to "gram.npy"
func.func @main() {
  %s = arith.constant 1 : i64
  %a = array.random seed %s : !array.array<[10, 4], f64, chunks [4, 2]>
  %b = array.random seed %s : !array.array<[4, 3], f64, chunks [2, 3]>
  %z = array.random seed %s : !array.array<[10, 4], f64, chunks [4, 4]>
  %y = array.random seed %s : !array.array<[10, 3], f64, chunks [5, 3]>
  %p = array.matmul %a, %b : <[10, 4], f64, chunks [4, 2]>, <[4, 3], f64, chunks [2, 3]> -> <[10, 3], f64, chunks [4, 3]>
  array.save %p to "rows.npy" : !array.array<[10, 3], f64, chunks [4, 3]>
  %t = array.transpose %z : <[10, 4], f64, chunks [4, 4]> -> <[4, 10], f64, chunks [4, 4]>
  %g = array.matmul %t, %y : <[4, 10], f64, chunks [4, 4]>, <[10, 3], f64, chunks [5, 3]> -> <[4, 3], f64, chunks [4, 3]>
  array.save %g to "gram.npy" : !array.array<[4, 3], f64, chunks [4, 3]>
  return
}
