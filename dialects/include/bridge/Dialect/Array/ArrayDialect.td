//===- ArrayDialect.td - The array-level dialect -----------*- tablegen -*-===//
//
// Whole-array, value-semantic operations: what a pipeline computes, with no
// notion of ranks yet. Types carry shape, element type and chunking.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_ARRAY_DIALECT
#define BRIDGE_ARRAY_DIALECT

include "mlir/IR/OpBase.td"

def Array_Dialect : Dialect {
  let name = "array";
  let cppNamespace = "::bridge::array";
  let summary = "Chunked arrays and the operations of the pipeline language";
  let description = [{
    Values are immutable chunked arrays (`!array.array`) or builtin scalars
    (f64, f32, i64, i32, and i1 for bool). Operations follow NumPy semantics;
    the frontend has already inserted every promotion as an explicit cast.
  }];
  let useDefaultTypePrinterParser = 1;
  // Elementwise operations compute their elements with arith and math.
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::math::MathDialect"];
  let extraClassDeclaration = [{
    /// The module attribute holding the program's parameters and run-time
    /// sizes: the text of a bridge::plan::SizeProgram (bridge/sizes.h),
    /// whose symbols the types and attributes name.
    static constexpr ::llvm::StringLiteral getSizesAttrName() {
      return "bridge.sizes";
    }
  }];
}

class Array_Op<string mnemonic, list<Trait> traits = []>
    : Op<Array_Dialect, mnemonic, traits>;

#endif // BRIDGE_ARRAY_DIALECT
