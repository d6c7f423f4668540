//===- ArrayOps.td - Operations of the array dialect -------*- tablegen -*-===//
#ifndef BRIDGE_ARRAY_OPS
#define BRIDGE_ARRAY_OPS

include "mlir/IR/EnumAttr.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "bridge/Dialect/Array/ArrayDialect.td"
include "bridge/Dialect/Array/ArrayInterfaces.td"
include "bridge/Dialect/Array/ArrayTypes.td"
include "bridge/Dialect/Array/PadMode.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def Array_Scalar : AnyTypeOf<[F64, F32, I64, I32, I1], "scalar">;
def Array_ArrayOrScalar : AnyTypeOf<[Array_ArrayType, Array_Scalar],
                                    "chunked array or scalar">;

//===----------------------------------------------------------------------===//
// Enumerations
//===----------------------------------------------------------------------===//

def Array_UnaryKind : I32EnumAttr<"UnaryKind", "elementwise unary function", [
    I32EnumAttrCase<"neg", 0>, I32EnumAttrCase<"lnot", 1, "not">,
    I32EnumAttrCase<"abs", 2>, I32EnumAttrCase<"sqrt", 3>,
    I32EnumAttrCase<"exp", 4>, I32EnumAttrCase<"log", 5>,
    I32EnumAttrCase<"log2", 6>, I32EnumAttrCase<"log10", 7>,
    I32EnumAttrCase<"sin", 8>, I32EnumAttrCase<"cos", 9>,
    I32EnumAttrCase<"tan", 10>, I32EnumAttrCase<"tanh", 11>,
    I32EnumAttrCase<"floor", 12>, I32EnumAttrCase<"ceil", 13>,
    I32EnumAttrCase<"round", 14>, I32EnumAttrCase<"sign", 15>,
    I32EnumAttrCase<"isnan", 16>, I32EnumAttrCase<"isfinite", 17>,
    I32EnumAttrCase<"square", 18>, I32EnumAttrCase<"reciprocal", 19>,
    I32EnumAttrCase<"trunc", 20>, I32EnumAttrCase<"expm1", 21>,
    I32EnumAttrCase<"log1p", 22>, I32EnumAttrCase<"arcsin", 23>,
    I32EnumAttrCase<"arccos", 24>, I32EnumAttrCase<"arctan", 25>,
    I32EnumAttrCase<"sinh", 26>, I32EnumAttrCase<"cosh", 27>,
    I32EnumAttrCase<"isinf", 28>]> {
  let cppNamespace = "::bridge::array";
}

def Array_BinaryKind : I32EnumAttr<"BinaryKind", "elementwise binary function", [
    I32EnumAttrCase<"add", 0>, I32EnumAttrCase<"sub", 1>,
    I32EnumAttrCase<"mul", 2>, I32EnumAttrCase<"div", 3>,
    I32EnumAttrCase<"floordiv", 4>, I32EnumAttrCase<"mod", 5>,
    I32EnumAttrCase<"pow", 6>, I32EnumAttrCase<"minimum", 7>,
    I32EnumAttrCase<"maximum", 8>, I32EnumAttrCase<"eq", 9>,
    I32EnumAttrCase<"ne", 10>, I32EnumAttrCase<"lt", 11>,
    I32EnumAttrCase<"le", 12>, I32EnumAttrCase<"gt", 13>,
    I32EnumAttrCase<"ge", 14>, I32EnumAttrCase<"land", 15, "and">,
    I32EnumAttrCase<"lor", 16, "or">, I32EnumAttrCase<"arctan2", 17>,
    I32EnumAttrCase<"hypot", 18>]> {
  let cppNamespace = "::bridge::array";
}

def Array_ReduceKind : I32EnumAttr<"ReduceKind", "reduction", [
    I32EnumAttrCase<"sum", 0>, I32EnumAttrCase<"prod", 1>,
    I32EnumAttrCase<"mean", 2>, I32EnumAttrCase<"min", 3>,
    I32EnumAttrCase<"max", 4>, I32EnumAttrCase<"std", 5>,
    I32EnumAttrCase<"var", 6>, I32EnumAttrCase<"count_nonzero", 7>,
    I32EnumAttrCase<"any", 8>, I32EnumAttrCase<"all", 9>,
    I32EnumAttrCase<"nansum", 10>, I32EnumAttrCase<"nanmean", 11>,
    I32EnumAttrCase<"nanmin", 12>, I32EnumAttrCase<"nanmax", 13>,
    I32EnumAttrCase<"nanstd", 14>, I32EnumAttrCase<"nanvar", 15>,
    I32EnumAttrCase<"argmin", 16>, I32EnumAttrCase<"argmax", 17>]> {
  let cppNamespace = "::bridge::array";
}

//===----------------------------------------------------------------------===//
// Creation
//===----------------------------------------------------------------------===//

def Array_RandomOp : Array_Op<"random", [Pure,
    DeclareOpInterfaceMethods<Array_ElementwiseOpInterface>]> {
  let summary = "uniform [0, 1) values from the counter-based generator";
  let description = [{
    Element `i` (global row-major index) is `u01(seed, i)` of the language
    spec, section 6: independent of chunking, rank count and placement.
  }];
  let arguments = (ins I64:$seed);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = "`seed` $seed attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Array_NormalOp : Array_Op<"normal", [Pure,
    DeclareOpInterfaceMethods<Array_ElementwiseOpInterface>]> {
  let summary = "normal values by Box-Muller over the counter-based generator";
  let arguments = (ins I64:$seed, F64:$mean, F64:$std);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = [{
    `seed` $seed `mean` $mean `std` $std attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

def Array_FullOp : Array_Op<"full", [Pure,
    DeclareOpInterfaceMethods<Array_ElementwiseOpInterface>]> {
  let summary = "an array with every element equal to a scalar";
  let arguments = (ins Array_Scalar:$value);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = "$value attr-dict `:` type($value) `->` type($result)";
  let hasVerifier = 1;
}

def Array_ArangeOp : Array_Op<"arange", [Pure,
    DeclareOpInterfaceMethods<Array_ElementwiseOpInterface>]> {
  let summary = "0, 1, ..., N-1 along a 1-D array";
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Array_LoadOp : Array_Op<"load"> {
  let summary = "an array read from a file when the program runs";
  let description = [{
    A NumPy .npy file, with `raw` a headerless file of little-endian
    row-major elements, or with `dataset` that dataset of an HDF5 (or
    netCDF-4) file. The path is relative to the directory the program runs
    in, or with `path_param` the value of that `str` parameter; each rank
    reads only the bytes of the chunks it owns.
  }];
  let arguments = (ins StrAttr:$path, OptionalAttr<I32Attr>:$path_param,
                       OptionalAttr<StrAttr>:$dataset, UnitAttr:$raw);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = [{
    $path (`param` $path_param^)? (`dataset` $dataset^)? (`raw` $raw^)?
    attr-dict `:` type($result)
  }];
}

//===----------------------------------------------------------------------===//
// Values known when the program starts
//===----------------------------------------------------------------------===//

def Array_SizeOp : Array_Op<"size", [Pure]> {
  let summary = "a size the program knows when it starts, as a scalar";
  let description = [{
    The value of `size`: a symbol of the program's sizes (`bridge.sizes`),
    e.g. an i64 parameter or an extent of a file read at run time.
  }];
  let arguments = (ins I64Attr:$size);
  let results = (outs I64:$result);
  let assemblyFormat = "custom<Size>($size) attr-dict";
}

def Array_ParamOp : Array_Op<"param", [Pure]> {
  let summary = "the value of an f64 or bool parameter";
  let description = [{
    Parameter `index` of the program's sizes, as set on the command line
    (`--set NAME=VALUE`) or by its default. i64 parameters are sizes
    (`array.size`).
  }];
  let arguments = (ins I32Attr:$index);
  let results = (outs AnyTypeOf<[F64, I1]>:$result);
  let assemblyFormat = "$index attr-dict `:` type($result)";
}

//===----------------------------------------------------------------------===//
// Structure (these move data between chunks and ranks)
//===----------------------------------------------------------------------===//

def Array_SliceOp : Array_Op<"slice", [Pure,
    DeclareOpInterfaceMethods<Array_DataMovementOpInterface>]> {
  let summary = "a strided box of an array";
  let description = [{
    Element t of the result is element `starts + steps * t` of the input, per
    dimension; the result's shape gives the box's extent. A negative step
    reads backwards (a flip), a step of 0 repeats one element (an edge pad).
  }];
  let arguments = (ins Array_ArrayType:$input, DenseI64ArrayAttr:$starts,
                       DenseI64ArrayAttr:$steps);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = [{
    $input `starts` custom<SizeArray>($starts) `steps` $steps attr-dict `:`
      type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Array_IndexOp : Array_Op<"index", [Pure]> {
  let summary = "one element of an array, as a scalar";
  let arguments = (ins Array_ArrayType:$input, DenseI64ArrayAttr:$indices);
  let results = (outs Array_Scalar:$result);
  let assemblyFormat = [{
    $input custom<SizeArray>($indices) attr-dict `:` type($input) `->`
      type($result)
  }];
  let hasVerifier = 1;
}

def Array_SqueezeOp : Array_Op<"squeeze", [Pure]> {
  let summary = "drop the listed dimensions, each of extent 1";
  let description = [{
    Mixed integer and slice indexing (`m[2, 1:5]`) slices with the integer
    dimensions kept at extent 1, then drops them. Chunks keep their layout,
    so this moves no data.
  }];
  let arguments = (ins Array_ArrayType:$input, DenseI64ArrayAttr:$dims);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = [{
    $input $dims attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Array_ExpandDimsOp : Array_Op<"expand_dims", [Pure]> {
  let summary = "insert dimensions of extent 1 at the listed positions";
  let description = [{
    The inverse of `squeeze`: `dims` are positions in the result, each of
    extent 1 and chunk 1 (a reduction's `keepdims=True`). Chunks keep their
    layout, so this moves no data.
  }];
  let arguments = (ins Array_ArrayType:$input, DenseI64ArrayAttr:$dims);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = [{
    $input $dims attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Array_ReshapeOp : Array_Op<"reshape", [Pure]> {
  let summary = "the same elements in C order under another shape";
  let description = [{
    numpy.reshape in C order. The axes fall into groups of equal element
    count (`bridge/Dialect/Array/ReshapeGroups.h`); in each group, on both
    sides, every axis after the first one of extent above 1 is whole in each
    chunk, and a chunk holds as many of the group's elements on both sides.
    Chunk c of the input then holds, in row-major order, exactly the
    elements of chunk c of the result, so this moves no data.
  }];
  let arguments = (ins Array_ArrayType:$input);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Array_BroadcastOp : Array_Op<"broadcast", [Pure]> {
  let summary = "stretch an array to a larger shape, as NumPy broadcasts";
  let description = [{
    Shapes align at their last dimensions. A dimension of the input with
    extent 1 (a constant) stretches to the result's extent; a leading
    dimension of the result that the input lacks repeats it. Every other
    dimension keeps the input's extent. The result takes the chunks of the
    operand it meets; element `i` of the result is element `i` of the input
    with stretched coordinates at 0 and missing ones dropped.
  }];
  let arguments = (ins Array_ArrayType:$input);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Result dimensions the input lacks (leading ones).
    int64_t getNumNewDims() {
      return getType().getRank() - getInput().getType().getRank();
    }
    /// True when result dimension `dim` reads input coordinate 0 only.
    bool isStretched(int64_t dim);
  }];
}

def Array_RechunkOp : Array_Op<"rechunk", [Pure,
    DeclareOpInterfaceMethods<Array_DataMovementOpInterface>]> {
  let summary = "the same array tiled by other chunks";
  let arguments = (ins Array_ArrayType:$input);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Array_TransposeOp : Array_Op<"transpose", [Pure,
    DeclareOpInterfaceMethods<Array_DataMovementOpInterface>]> {
  let summary = "permute the axes, as numpy.transpose does";
  let description = [{
    Result dimension d is input dimension `perm[d]`; without `perm` the axes
    are reversed, numpy.transpose's default.
  }];
  let arguments = (ins Array_ArrayType:$input,
                       OptionalAttr<DenseI64ArrayAttr>:$perm);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The input dimension of each result dimension.
    llvm::SmallVector<int64_t, 4> getPermutation();
  }];
}

def Array_ConcatOp : Array_Op<"concat", [Pure,
    DeclareOpInterfaceMethods<Array_DataMovementOpInterface>]> {
  let summary = "join arrays along an existing axis";
  let description = [{
    Input k starts at `offsets[k]` along `axis` of the result (the sum of the
    extents before it, a size).
  }];
  let arguments = (ins Variadic<Array_ArrayType>:$inputs, I64Attr:$axis,
                       DenseI64ArrayAttr:$offsets);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = [{
    $inputs `axis` $axis `offsets` custom<SizeArray>($offsets) attr-dict `:`
      type($inputs) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Array_ArrangeOp : Array_Op<"arrange", [Pure,
    DeclareOpInterfaceMethods<Array_DataMovementOpInterface>]> {
  let summary = "fill the result box by box from its sources";
  let description = [{
    Source k fills the box [lo, hi) of the result: coordinate t of result
    dimension d holds coordinate `offsets[d] + steps[d] * (t - lo[d])` of
    dimension `dims[d]` of the source (a dimension at or past the source's
    rank is a unit one, read with step 0). Each attribute lists the rank's
    entries for every source in turn; the same value may be a source more
    than once. The boxes tile the result. Flips, rolls, pads, tiles and
    stacks are one of these: every element moves once, from where it is to
    where the result keeps it.
  }];
  let arguments = (ins Variadic<Array_ArrayType>:$inputs,
                       DenseI64ArrayAttr:$dims, DenseI64ArrayAttr:$offsets,
                       DenseI64ArrayAttr:$steps, DenseI64ArrayAttr:$lo,
                       DenseI64ArrayAttr:$hi);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = [{
    $inputs `dims` $dims `offsets` $offsets `steps` $steps `lo` $lo `hi` $hi
      attr-dict `:` type($inputs) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Array_ConvolveOp : Array_Op<"convolve", [Pure, AllTypesMatch<["input", "result"]>]> {
  let summary = "a centred stencil along one axis";
  let description = [{
    With h = len(weights) / 2, along `axis`:
    `result[i] = sum_k weights[k] * padded[i + k]` where
    `padded = numpy.pad(input, h, mode)`, i.e. numpy.correlate on the padded
    input. Halos cross chunk and rank boundaries.
  }];
  let arguments = (ins Array_ArrayType:$input, DenseF64ArrayAttr:$weights,
                       Array_PadMode:$mode, I64Attr:$axis);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = [{
    $input `weights` $weights $mode `axis` $axis attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t getHalo() { return getWeights().size() / 2; }
  }];
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

def Array_CastOp : Array_Op<"cast", [Pure,
    DeclareOpInterfaceMethods<Array_ElementwiseOpInterface>]> {
  let summary = "element type conversion with NumPy's astype semantics";
  let arguments = (ins Array_ArrayOrScalar:$input);
  let results = (outs Array_ArrayOrScalar:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasVerifier = 1;
}

def Array_UnaryOp : Array_Op<"unary", [Pure,
    DeclareOpInterfaceMethods<Array_ElementwiseOpInterface>]> {
  let summary = "an elementwise function of one operand";
  let arguments = (ins Array_UnaryKind:$kind, Array_ArrayOrScalar:$input);
  let results = (outs Array_ArrayOrScalar:$result);
  let assemblyFormat = [{
    $kind $input attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Array_BinaryOp : Array_Op<"binary", [Pure,
    DeclareOpInterfaceMethods<Array_ElementwiseOpInterface>]> {
  let summary = "an elementwise function of two operands";
  let description = [{
    Both operands have the same element type; a scalar operand broadcasts.
    Two array operands have the same shape and chunks. Comparisons give i1.
  }];
  let arguments = (ins Array_BinaryKind:$kind, Array_ArrayOrScalar:$lhs,
                       Array_ArrayOrScalar:$rhs);
  let results = (outs Array_ArrayOrScalar:$result);
  let assemblyFormat = [{
    $kind $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Array_SelectOp : Array_Op<"select", [Pure,
    DeclareOpInterfaceMethods<Array_ElementwiseOpInterface>]> {
  let summary = "where(cond, a, b)";
  let arguments = (ins Array_ArrayOrScalar:$condition,
                       Array_ArrayOrScalar:$trueValue,
                       Array_ArrayOrScalar:$falseValue);
  let results = (outs Array_ArrayOrScalar:$result);
  let assemblyFormat = [{
    $condition `,` $trueValue `,` $falseValue attr-dict `:`
      functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

def Array_ReduceOp : Array_Op<"reduce", [Pure]> {
  let summary = "a reduction over the whole array or along one axis";
  let description = [{
    Without `axis` the result is a scalar; with it, an array with that axis
    removed. Floating-point results do not depend on the rank count: partial
    results combine in chunk-index order.
  }];
  let arguments = (ins Array_ReduceKind:$kind, Array_ArrayType:$input,
                       OptionalAttr<I64Attr>:$axis);
  let results = (outs Array_ArrayOrScalar:$result);
  let assemblyFormat = [{
    $kind $input (`axis` $axis^)? attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Array_QuantileOp : Array_Op<"quantile", [Pure]> {
  let summary = "exact quantiles or the median of every element";
  let description = [{
    NumPy's `median(input)` (with `median`), or `quantile(input, q[i])` for
    each `q` with the linear method: one scalar per quantile, f32 for the
    median of an f32 array and f64 otherwise. A NaN element gives NaN.
  }];
  let arguments = (ins Array_ArrayType:$input, UnitAttr:$median,
                       DenseF64ArrayAttr:$q);
  let results = (outs Variadic<Array_Scalar>:$results);
  let assemblyFormat = [{
    $input (`median` $median^)? `q` $q attr-dict `:` type($input) `->`
      type($results)
  }];
  let hasVerifier = 1;
}

def Array_LineQuantileOp : Array_Op<"line_quantile", [Pure]> {
  let summary = "the median or a quantile along one axis";
  let description = [{
    NumPy's `median(input, axis)` (with `median`) or `quantile(input, q,
    axis)` with the linear method: each result element is that of the line
    of `input` along `axis` through it. Exact; NaN for a line with a NaN.
    f32 for the median of an f32 array, f64 otherwise. The result has the
    input's shape and chunks without the axis.
  }];
  let arguments = (ins Array_ArrayType:$input, I64Attr:$axis, UnitAttr:$median,
                       F64Attr:$q);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = [{
    $input `axis` $axis (`median` $median^)? `q` $q attr-dict `:` type($input)
      `->` type($result)
  }];
  let hasVerifier = 1;
}

def Array_BincountOp : Array_Op<"bincount", [Pure]> {
  let summary = "how often each value 0 .. length-1 occurs";
  let description = [{
    The counts of the values 0 .. `length` - 1 among the elements of the i64
    `input` (any shape), as a 1-D i64 array of `length` elements in one
    chunk; other values are not counted. Each rank counts the values its
    stages meet; the counts are summed once. `histogram` counts bin numbers.
  }];
  let arguments = (ins Array_ArrayType:$input, I64:$length);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = [{
    $input `length` $length attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Lengths that the data decides
//===----------------------------------------------------------------------===//

def Array_CompressOp : Array_Op<"compress", [Pure]> {
  let summary = "the elements or rows that a mask selects, in row-major order";
  let description = [{
    NumPy's `input[mask]`: with a bool `mask` of the input's shape, the 1-D
    array of the selected elements; with a 1-D `mask` over the input's first
    axis, the selected rows (every other axis kept). The result's extent
    along axis 0 is a size that the program learns while it runs (a Learnt
    symbol, bridge/sizes.h). So that chunk order is row-major order, the
    input's chunks hold every axis but the first whole and the mask's chunks
    are the input's along its axes.
  }];
  let arguments = (ins Array_ArrayType:$input, Array_ArrayType:$mask);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = [{
    $input `,` $mask attr-dict `:` type($input) `,` type($mask) `->`
      type($result)
  }];
  let hasVerifier = 1;
}

def Array_UniqueOp : Array_Op<"unique", [Pure]> {
  let summary = "the distinct values in ascending order";
  let description = [{
    NumPy's `unique(input)`: the distinct elements of the input, of any
    shape, as a 1-D array in ascending order, NaNs last as one value. Its
    extent is a size that the program learns while it runs.
  }];
  let arguments = (ins Array_ArrayType:$input);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Effects, in program order
//===----------------------------------------------------------------------===//

def Array_PrintOp : Array_Op<"print"> {
  let summary = "print a scalar on rank 0";
  let arguments = (ins Array_Scalar:$value);
  let assemblyFormat = "$value attr-dict `:` type($value)";
}

def Array_RequireZeroOp : Array_Op<"require_zero"> {
  let summary = "fail the job when a count of wrong elements is not zero";
  let description = [{
    `count` is a reduction over the data (e.g. of the values a built-in
    cannot take); when it is not zero, the job ends with `message`.
  }];
  let arguments = (ins I64:$count, StrAttr:$message);
  let assemblyFormat = "$count `,` $message attr-dict";
}

def Array_SaveOp : Array_Op<"save"> {
  let summary = "write the whole array as a NumPy .npy file or HDF5 dataset";
  let description = [{
    To `path`, or with `path_param` to the value of that `str` parameter;
    a path `file.h5:/group/name` names an HDF5 dataset.
  }];
  let arguments = (ins Array_ArrayType:$input, StrAttr:$path,
                       OptionalAttr<I32Attr>:$path_param);
  let assemblyFormat = [{
    $input `to` $path (`param` $path_param^)? attr-dict `:` type($input)
  }];
}

def Array_CallOp : Array_Op<"call"> {
  let summary = "collective call of a linked legacy function";
  let description = [{
    Every rank calls `callee` with a `bridge_array` view of each array operand
    (the chunks it owns, or for the operand indices in `block_args` one
    balanced slab of axis 0 per rank), the scalars by value, and the
    communicator of all ranks. An i32 result is a status: the one of the
    lowest rank whose status is not zero, or 0. Another result is rank 0's
    return value. With `check_status` (a statement `call` of an i32 function), a non-zero
    result on any rank fails the job. With `fortran` the communicator goes
    as a Fortran handle (MPI_Fint, `integer` in Fortran).

    An array result has the shape and chunks of the first array argument, or
    with `declared_grid` those of its type (`shape=` and `chunks=` at the
    declaration): the function fills it through one more `bridge_array`,
    after the arguments, holding this rank's chunks of that grid (the same
    chunks as the first array argument when it takes its grid), or with
    `block_result` one balanced slab of axis 0 per rank.

    `cyclic_layouts` lists, five numbers each, the operands (index, or -1
    for the result) in ScaLAPACK's block-cyclic layout: index, block rows,
    block columns, process grid rows and columns (0 and 0: the most square
    grid of all ranks). Each such operand is one column-major local matrix
    per rank; the result is moved into its chunks after the call.

    The array operands in `column_major_args` are handed over with each
    chunk's elements in column-major order (`order=F`); with
    `column_major_result` the function writes the result's chunks so.
  }];
  let arguments = (ins FlatSymbolRefAttr:$callee,
                       Variadic<Array_ArrayOrScalar>:$args,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$block_args,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$column_major_args,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$cyclic_layouts,
                       UnitAttr:$check_status,
                       UnitAttr:$block_result, UnitAttr:$column_major_result,
                       UnitAttr:$declared_grid, UnitAttr:$fortran);
  let results = (outs Optional<AnyTypeOf<[F64, I64, I32, Array_ArrayType]>>:$result);
  let assemblyFormat = [{
    $callee `(` $args `)` attr-dict `:` functional-type($args, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Scans
//===----------------------------------------------------------------------===//

def Array_ScanKind : I32EnumAttr<"ScanKind", "cumulative operation", [
    I32EnumAttrCase<"sum", 0>, I32EnumAttrCase<"prod", 1>]> {
  let cppNamespace = "::bridge::array";
}

def Array_ScanOp : Array_Op<"scan", [Pure,
    AllTypesMatch<["input", "result"]>]> {
  let summary = "cumulative sum or product along an axis";
  let description = [{
    numpy.cumsum / numpy.cumprod along `axis`, in the input's element type
    (f64, f32 or i64; the frontend casts first) and on its chunks. The bits
    depend on the chunking alone: each chunk is scanned on its own, then
    combined with the totals of the chunks before it along the axis, folded
    from left to right in chunk order.
  }];
  let arguments = (ins Array_ScanKind:$kind, Array_ArrayType:$input,
                       I64Attr:$axis);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = [{
    $kind $input `axis` $axis attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

def Array_MatmulOp : Array_Op<"matmul", [Pure]> {
  let summary = "matrix product of two 2-D arrays";
  let description = [{
    numpy.matmul of `lhs` ([n, m]) and `rhs` ([m, k]), giving [n, k], in the
    operands' float element type (f64 or f32; the frontend casts first).
    Each result element sums over the contracted axis in one fixed order,
    from its first index to its last within a chunk of the contraction, and
    chunk partials combined along the fixed tree over the chunk index.
  }];
  let arguments = (ins Array_ArrayType:$lhs, Array_ArrayType:$rhs);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Array_MatmulPartialsOp : Array_Op<"matmul_partials", [Pure]> {
  let summary = "per-chunk products of the transposed rows of two arrays";
  let description = [{
    `lhs` ([n, m]) and `rhs` ([n, k]) share their chunks along axis 0 and
    hold axis 1 whole. Result element (c, i, j) sums lhs[p, i] * rhs[p, j]
    over the rows p of chunk c along axis 0, in increasing p: the partial
    product of chunk c of transpose(lhs) @ rhs. The result is [C, m, k] with
    chunks [1, m, k], C the chunk count along axis 0, so its chunk c lies
    where the operands' chunk c does; a sum along axis 0 completes the
    product.
  }];
  let arguments = (ins Array_ArrayType:$lhs, Array_ArrayType:$rhs);
  let results = (outs Array_ArrayType:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
  let hasVerifier = 1;
}

#endif // BRIDGE_ARRAY_OPS
