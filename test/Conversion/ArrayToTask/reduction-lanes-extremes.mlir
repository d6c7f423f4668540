// RUN: bridge-opt %s --convert-array-to-task=fuse=false | FileCheck %s

// Float extremes fold in 8 lanes too (ReductionLanes.h): their result does
// not depend on the order, and independent lanes let the fold vectorize. An
// argmax carries its lanes' indices beside their values, and its tree takes
// the right-hand lane when better, or as good (equal, or both NaN) at a lower
// index, or when the left has seen no element (index -1). Integer extremes
// keep one accumulator, which LLVM vectorizes on its own; an integer argmin
// takes lanes like a float one.

// CHECK-LABEL: func.func @main
// CHECK:         task.stage shape [1000] chunks [64] contiguous -> !task.partials<f64>
// CHECK:           scf.for {{.*}} iter_args({{.*}}) -> (vector<8xf64>)
// CHECK:             arith.maximumf
// CHECK:           %[[MAX:.*]] = llvm.freeze %{{.*}} : vector<8xf64>
// CHECK:           vector.shuffle %[[MAX]], %[[MAX]] [0, 2, 4, 6]
// CHECK:           arith.maximumf %{{.*}}, %{{.*}} : vector<4xf64>
// CHECK:         task.stage shape [1000] chunks [64] contiguous -> !task.partials<f64>, !task.partials<i64>
// CHECK:           scf.for {{.*}} -> (vector<8xf64>, vector<8xi64>)
// CHECK:           %[[VALUES:.*]] = llvm.freeze %{{.*}}#0 : vector<8xf64>
// CHECK:           %[[INDICES:.*]] = llvm.freeze %{{.*}}#1 : vector<8xi64>
// CHECK:           %[[LV:.*]] = vector.shuffle %[[VALUES]], %[[VALUES]] [0, 2, 4, 6]
// CHECK:           %[[RV:.*]] = vector.shuffle %[[VALUES]], %[[VALUES]] [1, 3, 5, 7]
// CHECK:           %[[LI:.*]] = vector.shuffle %[[INDICES]], %[[INDICES]] [0, 2, 4, 6]
// CHECK:           %[[RI:.*]] = vector.shuffle %[[INDICES]], %[[INDICES]] [1, 3, 5, 7]
// CHECK:           %[[GREATER:.*]] = arith.cmpf ogt, %[[RV]], %[[LV]] : vector<4xf64>
// CHECK:           %[[RNAN:.*]] = arith.cmpf uno, %[[RV]], %[[RV]] : vector<4xf64>
// CHECK:           %[[LNUM:.*]] = arith.cmpf ord, %[[LV]], %[[LV]] : vector<4xf64>
// CHECK:           %[[FIRSTNAN:.*]] = arith.andi %[[RNAN]], %[[LNUM]] : vector<4xi1>
// CHECK:           %[[BETTER:.*]] = arith.ori %[[GREATER]], %[[FIRSTNAN]] : vector<4xi1>
// CHECK:           %[[EQUAL:.*]] = arith.cmpf oeq, %[[RV]], %[[LV]] : vector<4xf64>
// CHECK:           %[[RNAN2:.*]] = arith.cmpf uno, %[[RV]], %[[RV]] : vector<4xf64>
// CHECK:           %[[LNAN:.*]] = arith.cmpf uno, %[[LV]], %[[LV]] : vector<4xf64>
// CHECK:           %[[BOTHNAN:.*]] = arith.andi %[[RNAN2]], %[[LNAN]] : vector<4xi1>
// CHECK:           %[[TIE:.*]] = arith.ori %[[EQUAL]], %[[BOTHNAN]] : vector<4xi1>
// CHECK:           %[[LOWER:.*]] = arith.cmpi slt, %[[RI]], %[[LI]] : vector<4xi64>
// CHECK:           %[[TIEWINS:.*]] = arith.andi %[[TIE]], %[[LOWER]] : vector<4xi1>
// CHECK:           %[[WINS:.*]] = arith.ori %[[BETTER]], %[[TIEWINS]] : vector<4xi1>
// CHECK:           %[[LNONE:.*]] = arith.cmpi slt, %[[LI]], %[[ZERO:.*]] : vector<4xi64>
// CHECK:           %[[RSOME:.*]] = arith.cmpi sge, %[[RI]], %[[ZERO]] : vector<4xi64>
// CHECK:           %[[RTAKEN:.*]] = arith.andi %[[RSOME]], %[[WINS]] : vector<4xi1>
// CHECK:           %[[TAKE:.*]] = arith.ori %[[LNONE]], %[[RTAKEN]] : vector<4xi1>
// CHECK:           arith.select %[[TAKE]], %[[RV]], %[[LV]] : vector<4xi1>, vector<4xf64>
// CHECK:           arith.select %[[TAKE]], %[[RI]], %[[LI]] : vector<4xi1>, vector<4xi64>
// CHECK:           task.yield %{{.*}}, %{{.*}} : f64, i64
// CHECK:         task.stage shape [1000] chunks [64] contiguous -> !task.partials<i64>
// CHECK-NOT:       vector
// CHECK:           scf.for {{.*}} -> (i64)
// CHECK:             arith.maxsi
// CHECK:           task.yield %{{.*}} : i64
// CHECK:         task.stage shape [1000] chunks [64] contiguous -> !task.partials<i64>, !task.partials<i64>
// CHECK:           scf.for {{.*}} -> (vector<8xi64>, vector<8xi64>)
// CHECK:           %[[IV:.*]] = llvm.freeze %{{.*}}#0 : vector<8xi64>
// CHECK:           %[[LIV:.*]] = vector.shuffle %[[IV]], %[[IV]] [0, 2, 4, 6]
// CHECK:           %[[RIV:.*]] = vector.shuffle %[[IV]], %[[IV]] [1, 3, 5, 7]
// CHECK:           arith.cmpi slt, %[[RIV]], %[[LIV]] : vector<4xi64>
// CHECK:           arith.cmpi eq, %[[RIV]], %[[LIV]] : vector<4xi64>

func.func @main() {
  %seed = arith.constant 42 : i64
  %x = array.random seed %seed : !array.array<[1000], f64, chunks [64]>
  %m = array.reduce max %x : !array.array<[1000], f64, chunks [64]> -> f64
  array.print %m : f64
  %i = array.reduce argmax %x : !array.array<[1000], f64, chunks [64]> -> i64
  array.print %i : i64
  %a = array.arange : !array.array<[1000], i64, chunks [64]>
  %t = array.reduce max %a : !array.array<[1000], i64, chunks [64]> -> i64
  array.print %t : i64
  %j = array.reduce argmin %a : !array.array<[1000], i64, chunks [64]> -> i64
  array.print %j : i64
  return
}
