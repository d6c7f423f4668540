// RUN: bridge-opt %s --convert-array-to-task | FileCheck %s

// A scan along an axis of 3 chunks: each chunk scanned on its own, keeping
// its totals ([3, 6], one row per chunk along the axis); the totals copied
// to every chunk of their line (a replica with a new axis at the scanned
// one, step 0 along it, read through the totals' unit axis 2); then the
// carry. With one chunk along the axis there is nothing to carry.

// CHECK-LABEL: func.func @main
// CHECK:         %[[X:.*]] = task.alloc : <[10, 6], f64, chunks [4, 3], contiguous>
// CHECK:         task.stage shape [10, 6] chunks [4, 3] contiguous outs(%[[X]] :
// CHECK:         %[[R:.*]] = task.alloc : <[10, 6], f64, chunks [4, 3], contiguous>
// CHECK-NEXT:    %[[T:.*]] = task.alloc : <[3, 6], f64, chunks [1, 3], contiguous>
// CHECK-NEXT:    task.scan_local sum %[[X]] into %[[R]] totals %[[T]] axis 0 : <[10, 6], f64, chunks [4, 3], contiguous>, <[3, 6], f64, chunks [1, 3], contiguous>
// CHECK-NEXT:    %[[REP:.*]] = task.alloc : <[3, 3, 6], f64, chunks [1, 3, 3], contiguous>
// CHECK-NEXT:    task.redistribute %[[T]] into %[[REP]] dims [2, 0, 1] offsets [0, 0, 0] steps [0, 1, 1] lo [0, 0, 0] hi [3, 3, 6]
// CHECK-NEXT:    task.free %[[T]]
// CHECK-NEXT:    task.scan_carry sum %[[R]] totals %[[REP]] axis 0
// CHECK-NEXT:    task.free %[[REP]]
// CHECK:         task.save %[[R]] to "c.npy"
// Along axis 1 (2 chunks of 3): totals [10, 2], replica [10, 2, 2].
// CHECK:         %[[T1:.*]] = task.alloc : <[10, 2], f64, chunks [4, 1], contiguous>
// CHECK-NEXT:    task.scan_local prod %[[X]] into %{{.*}} totals %[[T1]] axis 1
// CHECK:         %[[REP1:.*]] = task.alloc : <[10, 2, 2], f64, chunks [4, 1, 2], contiguous>
// CHECK-NEXT:    task.redistribute %[[T1]] into %[[REP1]] dims [0, 2, 1] offsets [0, 0, 0] steps [1, 0, 1] lo [0, 0, 0] hi [10, 2, 2]
// CHECK:         task.scan_carry prod %{{.*}} totals %[[REP1]] axis 1
// CHECK:         task.save %{{.*}} to "p.npy"
// One chunk along the axis: the local scan is the whole scan.
// CHECK:         %[[T2:.*]] = task.alloc : <[1], i64, chunks [1], contiguous>
// CHECK-NEXT:    task.scan_local sum %{{.*}} into %{{.*}} totals %[[T2]] axis 0
// CHECK:         task.free %[[T2]]
// CHECK-NOT:     task.scan_carry
// CHECK:         task.save %{{.*}} to "i.npy"
func.func @main() {
  %seed = arith.constant 1 : i64
  %x = array.random seed %seed : <[10, 6], f64, chunks [4, 3]>
  %c = array.scan sum %x axis 0 : <[10, 6], f64, chunks [4, 3]>
  array.save %c to "c.npy" : <[10, 6], f64, chunks [4, 3]>
  %p = array.scan prod %x axis 1 : <[10, 6], f64, chunks [4, 3]>
  array.save %p to "p.npy" : <[10, 6], f64, chunks [4, 3]>
  %a = array.arange : <[5], i64, chunks [5]>
  %i = array.scan sum %a axis 0 : <[5], i64, chunks [5]>
  array.save %i to "i.npy" : <[5], i64, chunks [5]>
  return
}
