// RUN: bridge-opt %s --convert-array-to-task | FileCheck %s

// Folding along an outer axis, four neighbouring columns share the loop
// along the axis: their lanes ride together (four 8-lane states), each row
// read four elements at a time, and each column writes its own partial. The
// columns that do not fill a group of four fold one at a time after them.

// CHECK-LABEL: func.func @columns
// CHECK:         task.stage shape [4, 10] chunks [1, 10] contiguous ins(%{{.*}}) outs(%{{.*}})
// CHECK:           scf.for
// CHECK:             scf.for %{{.*}} = %{{.*}} to %[[WHOLE:.*]] step %c4
// CHECK:               scf.for {{.*}} -> (vector<8xf64>, vector<8xf64>, vector<8xf64>, vector<8xf64>)
// CHECK-COUNT-32:        task.read
// CHECK-COUNT-4:       task.write
// CHECK:             scf.for %{{.*}} = %[[WHOLE]] to %{{.*}} step %c1
// CHECK:               scf.for {{.*}} -> (vector<8xf64>)
// CHECK-COUNT-8:         task.read
// CHECK:               task.write
// CHECK-NOT:           task.write
// CHECK:         task.stage shape [10] chunks [10]
func.func @columns() {
  %x = array.load "x.npy" : !array.array<[100, 10], f64, chunks [25, 10]>
  %s = array.reduce sum %x axis 0 : !array.array<[100, 10], f64, chunks [25, 10]> -> !array.array<[10], f64, chunks [10]>
  array.save %s to "s.npy" : !array.array<[10], f64, chunks [10]>
  return
}
