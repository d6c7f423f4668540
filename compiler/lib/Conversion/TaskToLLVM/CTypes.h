//===- CTypes.h - MLIR types of the runtime ABI's C types -------*- C++ -*-===//
//
// Declarations and struct layouts of the runtime ABI are written with the C
// types of bridge/runtime.h; these templates give the MLIR types generated
// code uses for them. A C type without a mapping does not compile.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_CONVERSION_TASKTOLLVM_CTYPES_H
#define BRIDGE_CONVERSION_TASKTOLLVM_CTYPES_H

#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/IR/BuiltinTypes.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>

namespace bridge::abi {

/// The MLIR type of C type `T`, for the types the runtime ABI uses.
template <typename T>
struct CType;

template <>
struct CType<int32_t> {
  static mlir::Type get(mlir::MLIRContext *ctx) {
    return mlir::IntegerType::get(ctx, 32);
  }
};

template <>
struct CType<int64_t> {
  static mlir::Type get(mlir::MLIRContext *ctx) {
    return mlir::IntegerType::get(ctx, 64);
  }
};

/// LLVM integers carry no sign.
template <>
struct CType<uint64_t> : CType<int64_t> {};

template <>
struct CType<double> {
  static mlir::Type get(mlir::MLIRContext *ctx) {
    return mlir::Float64Type::get(ctx);
  }
};

/// Every data pointer, const or not, is an opaque pointer.
template <typename Pointee>
struct CType<Pointee *> {
  static mlir::Type get(mlir::MLIRContext *ctx) {
    return mlir::LLVM::LLVMPointerType::get(ctx);
  }
};

/// The MLIR function type of C function type `Signature`.
template <typename Signature>
struct CFunctionType;

template <typename Result, typename... Params>
struct CFunctionType<Result(Params...)> {
  static mlir::FunctionType get(mlir::MLIRContext *ctx) {
    llvm::SmallVector<mlir::Type> params{CType<Params>::get(ctx)...};
    llvm::SmallVector<mlir::Type, 1> results;
    if constexpr (!std::is_void_v<Result>)
      results.push_back(CType<Result>::get(ctx));
    return mlir::FunctionType::get(ctx, params, results);
  }
};

/// A C struct with fields of types `Fields`, in order, and its LLVM struct
/// type. Both place each field at the next multiple of its alignment, which
/// offset() computes so that the C declaration can be checked against it.
template <typename... Fields>
struct CStruct {
  static constexpr size_t numFields = sizeof...(Fields);

  template <size_t Index>
  using Field = std::tuple_element_t<Index, std::tuple<Fields...>>;

  static mlir::LLVM::LLVMStructType get(mlir::MLIRContext *ctx) {
    return mlir::LLVM::LLVMStructType::getLiteral(ctx,
                                                  {CType<Fields>::get(ctx)...});
  }

  static constexpr size_t offset(size_t index) {
    size_t end = 0;
    for (size_t i = 0; i <= index; ++i)
      end = alignUp(end, aligns[i]) + (i < index ? sizes[i] : 0);
    return end;
  }

  static constexpr size_t size() {
    size_t align = 1;
    for (size_t fieldAlign : aligns)
      align = fieldAlign > align ? fieldAlign : align;
    return alignUp(offset(numFields - 1) + sizes[numFields - 1], align);
  }

private:
  static constexpr std::array<size_t, numFields> sizes{sizeof(Fields)...};
  static constexpr std::array<size_t, numFields> aligns{alignof(Fields)...};

  static constexpr size_t alignUp(size_t value, size_t align) {
    return (value + align - 1) / align * align;
  }
};

} // namespace bridge::abi

#endif // BRIDGE_CONVERSION_TASKTOLLVM_CTYPES_H
