// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// Scalars print through three runtime functions: floats as f64, bools as
// int32_t, other integers as int64_t.

// CHECK-LABEL: func.func @print(
// CHECK-SAME:      %[[F64:[^:]*]]: f64, %[[F32:[^:]*]]: f32, %[[I64:[^:]*]]: i64, %[[I32:[^:]*]]: i32, %[[BOOL:[^:]*]]: i1)
// CHECK-NEXT:    call @bridge_rt_print_f64(%[[F64]]) : (f64) -> ()
// CHECK-NEXT:    %[[WIDE:.*]] = arith.extf %[[F32]] : f32 to f64
// CHECK-NEXT:    call @bridge_rt_print_f64(%[[WIDE]])
// CHECK-NEXT:    call @bridge_rt_print_i64(%[[I64]]) : (i64) -> ()
// CHECK-NEXT:    %[[WIDE:.*]] = arith.extsi %[[I32]] : i32 to i64
// CHECK-NEXT:    call @bridge_rt_print_i64(%[[WIDE]])
// CHECK-NEXT:    %[[WIDE:.*]] = arith.extui %[[BOOL]] : i1 to i32
// CHECK-NEXT:    call @bridge_rt_print_bool(%[[WIDE]]) : (i32) -> ()
// CHECK-NEXT:    return
// CHECK:       func.func private @bridge_rt_print_f64(f64)
// CHECK:       func.func private @bridge_rt_print_i64(i64)
// CHECK:       func.func private @bridge_rt_print_bool(i32)
func.func @print(%f64: f64, %f32: f32, %i64: i64, %i32: i32, %bool: i1) {
  task.print %f64 : f64
  task.print %f32 : f32
  task.print %i64 : i64
  task.print %i32 : i32
  task.print %bool : i1
  return
}
