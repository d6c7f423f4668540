// RUN: bridge-opt %s --convert-array-to-task | FileCheck %s

// A slice of a concatenation of stored arrays reads each of them straight:
// one redistribution per source whose box the slice reaches, its offsets and
// box composed (rows 5, 8, 11 and 14 of the 16 come from the first source's
// row 5 and the second's rows 0, 3 and 6; the sources, a transpose, are read
// through to the loaded array), and the concatenation is never formed.

// CHECK-LABEL: func.func @sliceOfConcat
// CHECK:         %[[X:.*]] = task.load "x.npy" : <[6, 8], f64, chunks [4, 3], contiguous>
// CHECK-NOT:     <[16, 6]
// CHECK:         %[[SL:.*]] = task.alloc : <[4, 1], f64, chunks [3, 1], contiguous>
// CHECK-NEXT:    task.redistribute %[[X]] into %[[SL]] dims [1, 0] offsets [5, 2] steps [3, 1] lo [0, 0] hi [1, 1]
// CHECK-NEXT:    task.redistribute %[[X]] into %[[SL]] dims [1, 0] offsets [0, 2] steps [3, 1] lo [1, 0] hi [4, 1]
func.func @sliceOfConcat() {
  %x = array.load "x.npy" : !array.array<[6, 8], f64, chunks [4, 3]>
  %t = array.transpose %x : !array.array<[6, 8], f64, chunks [4, 3]> -> !array.array<[8, 6], f64, chunks [3, 4]>
  %cc = array.concat %t, %t axis 0 offsets [0, 8] : !array.array<[8, 6], f64, chunks [3, 4]>, !array.array<[8, 6], f64, chunks [3, 4]> -> !array.array<[16, 6], f64, chunks [3, 4]>
  %sl = array.slice %cc starts [5, 2] steps [3, 1] : !array.array<[16, 6], f64, chunks [3, 4]> -> !array.array<[4, 1], f64, chunks [3, 1]>
  %s = array.reduce max %sl : !array.array<[4, 1], f64, chunks [3, 1]> -> f64
  array.print %s : f64
  return
}

// A box that the slice does not reach is dropped.
// CHECK-LABEL: func.func @sliceOfOneSource
// CHECK:         %[[X:.*]] = task.load "x.npy"
// CHECK:         task.redistribute %[[X]] into %{{.*}} dims [1, 0] offsets [2, 0] steps [1, 1] lo [0, 0] hi [4, 6]
// CHECK-NOT:     task.redistribute
// CHECK:         return
func.func @sliceOfOneSource() {
  %x = array.load "x.npy" : !array.array<[6, 8], f64, chunks [4, 3]>
  %t = array.transpose %x : !array.array<[6, 8], f64, chunks [4, 3]> -> !array.array<[8, 6], f64, chunks [3, 4]>
  %cc = array.concat %t, %t axis 0 offsets [0, 8] : !array.array<[8, 6], f64, chunks [3, 4]>, !array.array<[8, 6], f64, chunks [3, 4]> -> !array.array<[16, 6], f64, chunks [3, 4]>
  %sl = array.slice %cc starts [2, 0] steps [1, 1] : !array.array<[16, 6], f64, chunks [3, 4]> -> !array.array<[4, 6], f64, chunks [3, 4]>
  %s = array.reduce max %sl : !array.array<[4, 6], f64, chunks [3, 4]> -> f64
  array.print %s : f64
  return
}
