//===- TaskOps.td - Operations of the task dialect ---------*- tablegen -*-===//
#ifndef BRIDGE_TASK_OPS
#define BRIDGE_TASK_OPS

include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "bridge/Dialect/Task/TaskDialect.td"
include "bridge/Dialect/Task/TaskTypes.td"
include "bridge/Dialect/Array/PadMode.td"

def Task_Scalar : AnyTypeOf<[F64, F32, I64, I32, I1], "scalar">;

def Task_AllocOp : Task_Op<"alloc", [MemoryEffects<[MemAlloc]>]> {
  let summary = "allocate this rank's chunks of a distributed array";
  let results = (outs Task_DistType:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
}

def Task_FreeOp : Task_Op<"free", [MemoryEffects<[MemFree]>]> {
  let summary = "release a distributed array after its last use";
  let arguments = (ins Task_DistType:$array);
  let assemblyFormat = "$array attr-dict `:` type($array)";
}

def Task_LoadOp : Task_Op<"load", [MemoryEffects<[MemAlloc, MemWrite]>]> {
  let summary = "allocate an array and fill it from a file, each rank its chunks";
  let description = [{
    From `path`, or with `path_param` from the value of that `str` parameter:
    a .npy file, a raw file with `raw`, dataset `dataset` of an HDF5 file.
  }];
  let arguments = (ins StrAttr:$path, OptionalAttr<I32Attr>:$path_param,
                       OptionalAttr<StrAttr>:$dataset, UnitAttr:$raw);
  let results = (outs Task_DistType:$result);
  let assemblyFormat = [{
    $path (`param` $path_param^)? (`dataset` $dataset^)? (`raw` $raw^)?
    attr-dict `:` type($result)
  }];
}

def Task_SaveOp : Task_Op<"save"> {
  let summary = "write an array to a file, complete or not at all";
  let description = [{
    To `path`, or with `path_param` to the value of that `str` parameter: a
    .npy file, or an HDF5 dataset for `file.h5:/group/name`.
  }];
  let arguments = (ins Task_DistType:$array, StrAttr:$path,
                       OptionalAttr<I32Attr>:$path_param);
  let assemblyFormat = [{
    $array `to` $path (`param` $path_param^)? attr-dict `:` type($array)
  }];
}

def Task_RedistributeOp : Task_Op<"redistribute"> {
  let summary = "move elements between arrays by per-axis affine maps";
  let description = [{
    For each destination dimension d, destination coordinates t in
    [lo[d], hi[d]) read source coordinate offsets[d] + steps[d] * (t - lo[d])
    of source dimension dims[d]. Offsets, lo and hi are sizes (constants or
    symbols of the program's sizes), never negative; a step of 0 repeats one
    source coordinate, a negative step reads backwards (a flip). A source of lower rank is read through unit
    dimensions from its rank on. A collective step: data moves point to point
    between the owners. Rechunk, slicing, flips, transpose, concat, `block`
    hand-offs and the replicas of a broadcast are all instances.
  }];
  let arguments = (ins Task_DistType:$source, Task_DistType:$dest,
                       DenseI32ArrayAttr:$src_dims, DenseI64ArrayAttr:$offsets,
                       DenseI64ArrayAttr:$steps, DenseI64ArrayAttr:$lo,
                       DenseI64ArrayAttr:$hi);
  let assemblyFormat = [{
    $source `into` $dest `dims` $src_dims `offsets` custom<SizeArray>($offsets)
      `steps` $steps `lo` custom<SizeArray>($lo) `hi` custom<SizeArray>($hi)
      attr-dict `:` type($source) `to` type($dest)
  }];
  let hasVerifier = 1;
}

def Task_ReorderOp : Task_Op<"reorder", [AllTypesMatch<["source", "dest"]>]> {
  let summary = "copy each owned chunk between row-major and column-major order";
  let description = [{
    Writes every chunk this rank owns of `source` into the same chunk of
    `dest`, its elements reordered from row-major to column-major with
    `column_major`, from column-major to row-major without. The hand-off of
    `order=F` arguments and results of legacy calls; nothing moves between
    ranks.
  }];
  let arguments = (ins Task_DistType:$source, Task_DistType:$dest,
                       UnitAttr:$column_major);
  let assemblyFormat = "$source `into` $dest attr-dict `:` type($source)";
}

def Task_HaloOp : Task_Op<"halo", [MemoryEffects<[MemAlloc, MemRead]>]> {
  let summary = "a copy whose chunks also hold their neighbours' edges";
  let description = [{
    The result's chunks extend the source's by the result type's halo on
    both sides of each dimension, filled from neighbouring chunks (on any
    rank) or, past the array's ends, by numpy.pad's `mode`.
  }];
  let arguments = (ins Task_DistType:$source, Array_PadMode:$mode);
  let results = (outs Task_DistType:$result);
  let assemblyFormat = [{
    $source $mode attr-dict `:` type($source) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Task_FillHaloOp : Task_Op<"fill_halo", [MemoryEffects<[MemRead, MemWrite]>]> {
  let summary = "fill a halo array's margins from its own interior";
  let description = [{
    A stage wrote each chunk's interior; the margins become what task.halo
    of an array holding the interiors would hold (neighbouring chunks' edges,
    numpy.pad's `mode` past the array's ends): rows of chunks on this rank
    are copied in place, the others received, as a hand-written program
    fills its ghost cells. Collective.
  }];
  let arguments = (ins Task_DistType:$array, Array_PadMode:$mode);
  let assemblyFormat = "$array $mode attr-dict `:` type($array)";
  let hasVerifier = 1;
}

def Task_SizeOp : Task_Op<"size", [Pure]> {
  let summary = "a size the program knows when it starts, as a scalar";
  let description = [{
    The value of size symbol `size` of the program's sizes (`bridge.sizes`)
    for this run.
  }];
  let arguments = (ins I64Attr:$size);
  let results = (outs I64:$result);
  let assemblyFormat = "custom<Size>($size) attr-dict";
}

def Task_ParamOp : Task_Op<"param", [Pure]> {
  let summary = "the value of an f64 or bool parameter for this run";
  let arguments = (ins I32Attr:$index);
  let results = (outs AnyTypeOf<[F64, I1]>:$result);
  let assemblyFormat = "$index attr-dict `:` type($result)";
}

def Task_FetchOp : Task_Op<"fetch"> {
  let summary = "one element of an array, on every rank";
  let arguments = (ins Task_DistType:$array, DenseI64ArrayAttr:$indices);
  let results = (outs Task_Scalar:$result);
  let assemblyFormat = [{
    $array custom<SizeArray>($indices) attr-dict `:` type($array) `->`
      type($result)
  }];
}

def Task_QuantileOp : Task_Op<"quantile"> {
  let summary = "exact quantiles or the median of every element, on every rank";
  let description = [{
    NumPy's median of every element of `array`, or its quantiles (linear
    method) at each of `q`, by distributed radix selection: no rank gathers
    the array, and the results are the same at every rank count. A NaN
    element gives NaN. One f64 result per quantile; one for the median.
  }];
  let arguments = (ins Task_DistType:$array, UnitAttr:$median,
                       DenseF64ArrayAttr:$q);
  let results = (outs Variadic<F64>:$results);
  let assemblyFormat = [{
    $array (`median` $median^)? `q` $q attr-dict `:` type($array) `->`
      type($results)
  }];
  let hasVerifier = 1;
}

def Task_StageOp : Task_Op<"stage", [AttrSizedOperandSegments]> {
  let summary = "one pass over a chunk grid, run by each chunk's owner";
  let description = [{
    For every chunk of the grid (`shape` tiled by `chunks`) that `placement`
    gives to this rank, runs the body once with: the linear chunk index, the
    chunk's global start per dimension, its extent per dimension, one
    `!task.chunk` per `ins` array (read) and one per `outs` array (written).
    The body yields one partial value per result; each result feeds one
    `task.combine`, or with three others one `task.combine_moments`, which
    folds the partials as the chunks are computed. Fused elementwise chains
    and reductions live in one stage, so each stage is one pass over memory.
  }];
  let arguments = (ins DenseI64ArrayAttr:$shape, DenseI64ArrayAttr:$chunks,
                       Task_Placement:$placement,
                       Variadic<Task_DistType>:$ins,
                       Variadic<Task_DistType>:$outs);
  let results = (outs Variadic<Task_PartialsType>:$partials);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    `shape` custom<SizeArray>($shape) `chunks` custom<SizeArray>($chunks)
    $placement
    (`ins` `(` $ins^ `:` type($ins) `)`)?
    (`outs` `(` $outs^ `:` type($outs) `)`)?
    (`->` type($partials)^)? $body attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t getRank() { return getShape().size(); }
    int64_t getNumChunks();
    mlir::Block &getBodyBlock() { return getBody().front(); }
    mlir::BlockArgument getChunkIndex() { return getBodyBlock().getArgument(0); }
    mlir::BlockArgument getStart(unsigned dim) {
      return getBodyBlock().getArgument(1 + dim);
    }
    mlir::BlockArgument getExtent(unsigned dim) {
      return getBodyBlock().getArgument(1 + getRank() + dim);
    }
    mlir::BlockArgument getInChunk(unsigned i) {
      return getBodyBlock().getArgument(1 + 2 * getRank() + i);
    }
    mlir::BlockArgument getOutChunk(unsigned i) {
      return getBodyBlock().getArgument(1 + 2 * getRank() + getIns().size() + i);
    }
    /// Creates the body block with the arguments the verifier expects.
    mlir::Block &createBodyBlock(mlir::OpBuilder &builder);
    /// The array (of `ins`, then `outs`) whose chunk is `value`, when it is
    /// a chunk argument of this stage's body; null otherwise.
    mlir::Value getChunkArray(mlir::Value value);
  }];
}

def Task_YieldOp : Task_Op<"yield", [Pure, Terminator, HasParent<"StageOp">,
                                     ReturnLike]> {
  let summary = "the partial results of one chunk";
  let arguments = (ins Variadic<Task_Scalar>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
}

class Task_ElementOfChunk<string value> : TypesMatchWith<
    "value type is the chunk's element type", "chunk", value,
    "::llvm::cast<::bridge::task::ChunkType>($_self).getElementType()">;

def Task_ReadOp : Task_Op<"read", [MemoryEffects<[MemRead]>,
                                   Task_ElementOfChunk<"value">]> {
  let summary = "load one element of a chunk by its row-major offset";
  let arguments = (ins Task_ChunkType:$chunk, Index:$offset);
  let results = (outs Task_Scalar:$value);
  let assemblyFormat = "$chunk `[` $offset `]` attr-dict `:` type($chunk)";
}

def Task_LineQuantileOp : Task_Op<"line_quantile", [MemoryEffects<[MemRead]>]> {
  let summary = "the median or a quantile of one line of a chunk";
  let description = [{
    NumPy's median (with `median`) or its quantile at `q` (linear method) of
    the `count` elements of `chunk` from row-major offset `offset` on,
    `stride` elements apart: one line of a chunk that holds the axis whole.
    Exact; NaN when any element is NaN.
  }];
  let arguments = (ins Task_ChunkType:$chunk, Index:$offset, Index:$stride,
                       Index:$count, UnitAttr:$median, F64Attr:$q);
  let results = (outs F64:$value);
  let assemblyFormat = [{
    $chunk `[` $offset `,` $stride `,` $count `]` (`median` $median^)? `q` $q
      attr-dict `:` type($chunk)
  }];
  let hasVerifier = 1;
}

def Task_WriteOp : Task_Op<"write", [MemoryEffects<[MemWrite]>,
                                     Task_ElementOfChunk<"value">]> {
  let summary = "store one element of a chunk by its row-major offset";
  let arguments = (ins Task_Scalar:$value, Task_ChunkType:$chunk, Index:$offset);
  let assemblyFormat = [{
    $value `,` $chunk `[` $offset `]` attr-dict `:` type($chunk)
  }];
}

def Task_CombineOp : Task_Op<"combine"> {
  let summary = "combine per-chunk partials along a fixed tree, on every rank";
  let description = [{
    A collective step: the partials are combined along the aligned binary
    tree over the chunk indices (bridge/layout/CombineTree.h), which depends
    only on the chunk count, so the bits do not depend on the rank count.
  }];
  let arguments = (ins Task_CombineKind:$kind, Task_PartialsType:$partials);
  let results = (outs AnyTypeOf<[F64, I64]>:$result);
  let assemblyFormat = [{
    $kind $partials attr-dict `:` type($partials) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Task_CombineMomentsOp : Task_Op<"combine_moments"> {
  let summary = "mean and sum of squared deviations from per-chunk moments";
  let description = [{
    Chunk c holds `count` elements x with sum(x - shift) = s1 and
    sum((x - shift)^2) = s2. Combined along the same tree as `task.combine`
    (Chan et al.'s pairwise update).
  }];
  let arguments = (ins Task_PartialsType:$count, Task_PartialsType:$shift,
                       Task_PartialsType:$s1, Task_PartialsType:$s2);
  let results = (outs F64:$mean, F64:$m2);
  let assemblyFormat = [{
    $count `,` $shift `,` $s1 `,` $s2 attr-dict `:` type($count) `,`
      type($shift) `,` type($s1) `,` type($s2)
  }];
  let hasVerifier = 1;
}

def Task_CombineArgOp : Task_Op<"combine_arg"> {
  let summary = "argmin or argmax from per-chunk extremes and their indices";
  let description = [{
    Chunk c's first minimum (`kind` min) or maximum (max) and its flat
    index, combined along the same tree as `task.combine`: ties keep the
    smaller index and the first NaN wins, as in NumPy. The result is the
    index.
  }];
  let arguments = (ins Task_CombineKind:$kind, Task_PartialsType:$values,
                       Task_PartialsType:$indices);
  let results = (outs I64:$result);
  let assemblyFormat = [{
    $kind $values `,` $indices attr-dict `:` type($values) `,` type($indices)
  }];
  let hasVerifier = 1;
}

def Task_PrintOp : Task_Op<"print"> {
  let summary = "print a scalar on rank 0";
  let arguments = (ins Task_Scalar:$value);
  let assemblyFormat = "$value attr-dict `:` type($value)";
}

def Task_RequireZeroOp : Task_Op<"require_zero"> {
  let summary = "fail the job when a count of wrong elements is not zero";
  let description = [{
    Collective: every rank holds the same `count` (a combined reduction).
    When it is not zero, rank 0 fails the job with `message` and the count.
  }];
  let arguments = (ins I64:$count, StrAttr:$message);
  let assemblyFormat = "$count `,` $message attr-dict";
}

def Task_CallOp : Task_Op<"call"> {
  let summary = "collective call of a legacy function on every rank";
  let description = [{
    Every rank, also one that owns no chunk, calls `callee` with a
    `bridge_array` view of each distributed array, the scalars by value and
    the communicator of all ranks. An i32 result is a status: every rank
    gets the status of the lowest rank whose status is not zero, or 0. Other
    results are rank 0's return value, broadcast to every rank. With
    `check_status`, a rank whose i32 result is not zero fails the job, naming
    itself and the function. With `fortran` the communicator goes as a
    Fortran handle (MPI_Fint).
  }];
  let arguments = (ins FlatSymbolRefAttr:$callee,
                       Variadic<AnyTypeOf<[Task_DistType, Task_Scalar]>>:$args,
                       UnitAttr:$check_status, UnitAttr:$fortran);
  let results = (outs Optional<AnyTypeOf<[F64, I64, I32]>>:$result);
  let assemblyFormat = [{
    $callee `(` $args `)` attr-dict `:` functional-type($args, results)
  }];
}

def Task_CheckpointOp : Task_Op<"checkpoint", [NoTerminator, SingleBlock]> {
  let summary = "fill an array by a region, or restore it from a checkpoint";
  let description = [{
    The body fills `array` (a legacy call and what brings its result into
    `array`'s chunks). With the program option `--checkpoint DIR`, when every
    rank finds every chunk it owns of `array` in an earlier run's checkpoint,
    the chunks are restored and the body does not run; otherwise the body runs
    and each rank stores its chunks. The decision is collective, so every rank
    runs the body's collectives or none does.
  }];
  let arguments = (ins Task_DistType:$array);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$array attr-dict `:` type($array) $body";
}

//===----------------------------------------------------------------------===//
// Scans: a local scan per chunk, then a carry from the chunks before it
//===----------------------------------------------------------------------===//

def Task_ScanLocalOp : Task_Op<"scan_local",
    [AllTypesMatch<["source", "dest"]>]> {
  let summary = "scan each owned chunk on its own, keeping its totals";
  let description = [{
    Writes the cumulative sum or product (`kind`) along `axis` of each chunk
    this rank owns of `source`, taken within the chunk, to the same chunk of
    `dest`, and the chunk's last slice along `axis` to the same chunk of
    `totals`, whose chunks have extent 1 along `axis`. Local.
  }];
  let arguments = (ins Task_CombineKind:$kind, Task_DistType:$source,
                       Task_DistType:$dest, Task_DistType:$totals,
                       I64Attr:$axis);
  let assemblyFormat = [{
    $kind $source `into` $dest `totals` $totals `axis` $axis attr-dict `:`
      type($source) `,` type($totals)
  }];
  let hasVerifier = 1;
}

def Task_ScanCarryOp : Task_Op<"scan_carry"> {
  let summary = "complete a scan with the totals of the chunks before each";
  let description = [{
    `totals` has the grid of `array` and one axis more, inserted at `axis`:
    its chunk at position g along `axis` holds the totals of every chunk of
    its line, in chunk order, on axis `axis + 1`. Each chunk of `array` folds
    the g totals before it from left to right and combines the result with
    each of its elements. Local; the bits depend on the chunking only.
  }];
  let arguments = (ins Task_CombineKind:$kind, Task_DistType:$array,
                       Task_DistType:$totals, I64Attr:$axis);
  let assemblyFormat = [{
    $kind $array `totals` $totals `axis` $axis attr-dict `:` type($array) `,`
      type($totals)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Matrix products: one local product per chunk
//===----------------------------------------------------------------------===//

def Task_MatmulLocalOp : Task_Op<"matmul_local"> {
  let summary = "multiply the matrices of each owned chunk";
  let description = [{
    `lhs`, `rhs` and `dest` have the same number of chunks, and chunk c of
    each lies on the same rank. For each chunk c this rank owns, with the
    chunks read as matrices over their last two axes, chunk c of `dest`
    becomes A @ B, A being chunk c of `lhs` (its transpose with
    `transpose_lhs`) and B chunk c of `rhs`. Each element sums over the
    contracted index in increasing order. Local.
  }];
  let arguments = (ins Task_DistType:$lhs, Task_DistType:$rhs,
                       Task_DistType:$dest, UnitAttr:$transpose_lhs);
  let assemblyFormat = [{
    $lhs `,` $rhs `into` $dest attr-dict `:` type($lhs) `,` type($rhs) `->`
      type($dest)
  }];
  let hasVerifier = 1;
}

def Task_MatmulChunkOp : Task_Op<"matmul_chunk",
    [MemoryEffects<[MemRead, MemWrite]>, AllTypesMatch<["lhs", "rhs"]>]> {
  let summary = "the partial product of the chunk a stage has just computed";
  let description = [{
    In a stage: chunk `chunk` of `dest` ([C, m, k], chunks [1, m, k], on this
    rank) becomes transpose(A) @ B, A the first `rows` x m elements of `lhs`
    and B the first `rows` x k of `rhs`, row-major: storage the stage filled
    for its current chunk (task.scratch). The kernel and the order of
    task.matmul_local.
  }];
  let arguments = (ins Task_DistType:$dest, Index:$chunk,
                       Task_ChunkType:$lhs, Task_ChunkType:$rhs, Index:$rows);
  let assemblyFormat = [{
    $dest `[` $chunk `]` `=` $lhs `,` $rhs `rows` $rows attr-dict `:`
      type($dest) `,` type($lhs)
  }];
  let hasVerifier = 1;
}

def Task_MatmulRowsChunkOp : Task_Op<"matmul_rows_chunk",
    [MemoryEffects<[MemRead, MemWrite]>]> {
  let summary = "the rows form's product of the chunk a stage has just computed";
  let description = [{
    In a stage: chunk `chunk` of `dest` (2-D, `rows` x k, its columns whole)
    becomes A @ B, A the first `rows` x m elements of `lhs`, row-major
    (task.scratch), and B chunk `chunk` of `replica` ([C, m, k], chunks
    [1, m, k]). The kernel and the order of task.matmul_local.
  }];
  let arguments = (ins Task_DistType:$dest, Index:$chunk, Task_ChunkType:$lhs,
                       Task_DistType:$replica, Index:$rows);
  let assemblyFormat = [{
    $dest `[` $chunk `]` `=` $lhs `,` $replica `rows` $rows attr-dict `:`
      type($dest) `,` type($lhs) `,` type($replica)
  }];
  let hasVerifier = 1;
}

def Task_ScratchOp : Task_Op<"scratch", [MemoryEffects<[MemAlloc]>]> {
  let summary = "storage reused by a stage for each chunk";
  let description = [{
    `elements` elements: a constant (the accumulators of folds that advance
    a row at a time), or those of the largest chunk of the stage's grid,
    with `margins` more along each dimension where given, and with `tile`,
    as many rows (along dimension 0) as `tile` elements of a chunk's rows
    hold, at least one, whatever the chunk's extent there (a stencil's
    window: its input over a tile of rows, with their margins). `rows`, if
    given, is that count of rows, by which the stage's body steps: a stage
    moved onto block slabs (task-place-stages), whose rows are whole, takes
    another count and storage sized for it when its chunks cut its rows.
    The placement plan counts it in the stage's memory.
  }];
  let arguments = (ins Index:$elements, Optional<Index>:$rows,
                       OptionalAttr<DenseI64ArrayAttr>:$margins,
                       OptionalAttr<I64Attr>:$tile);
  let results = (outs Task_ChunkType:$chunk);
  let assemblyFormat = "$elements (`rows` $rows^)? (`margins` $margins^)? "
                       "(`tile` $tile^)? attr-dict `:` type($chunk)";
}

def Task_ReleaseOp : Task_Op<"release", [MemoryEffects<[MemFree]>]> {
  let summary = "release a task.scratch";
  let arguments = (ins Task_ChunkType:$chunk);
  let assemblyFormat = "$chunk attr-dict `:` type($chunk)";
}

def Task_PitchOp : Task_Op<"pitch", [Pure]> {
  let summary = "the stored extent between a halo chunk's rows";
  let description = [{
    For `chunk`, a chunk argument of the enclosing `task.stage` that belongs
    to a halo array (a `!task.dist` with a halo): the stored elements along
    the halo axis from one position on the axes before it to the next, by
    which a row-major offset steps (bridge_rt_dist_chunk_pitch). It is the
    chunk's extent plus its two margins, or more where the rank's chunks of
    a line along the axis share one block, so that their margins are their
    neighbours' slabs, read in place.
  }];
  let arguments = (ins Task_ChunkType:$chunk);
  let results = (outs Index:$pitch);
  let assemblyFormat = "$chunk attr-dict `:` type($chunk)";
  let hasVerifier = 1;
}

def Task_CompressOp : Task_Op<"compress",
    [MemoryEffects<[MemAlloc, MemRead, MemWrite]>]> {
  let summary = "the units a mask selects, in a new array of the learnt length";
  let description = [{
    `source[mask]` (array.compress): each rank packs the elements or rows of
    its chunks whose mask entry is true, the ranks learn the total (the
    Learnt size that is the result's extent along axis 0,
    bridge_rt_learn_size), then the result is created and the packed units
    move to its owners in order. `source` and `mask` have the same number of
    chunks, whose order is row-major order. Collective.
  }];
  let arguments = (ins Task_DistType:$source, Task_DistType:$mask);
  let results = (outs Task_DistType:$result);
  let assemblyFormat = [{
    $source `,` $mask attr-dict `:` type($source) `,` type($mask) `->`
      type($result)
  }];
  let hasVerifier = 1;
}

def Task_SelectionOpenOp : Task_Op<"selection_open",
    [MemoryEffects<[MemAlloc]>]> {
  let summary = "an empty selection that stages fill, on every rank";
  let description = [{
    `distinct`: the selection of unique(x), which keeps each value once and
    places them in ascending order; its chunks come without a mask.
  }];
  let arguments = (ins UnitAttr:$distinct);
  let results = (outs Task_SelectionType:$selection);
  let assemblyFormat = "(`distinct` $distinct^)? attr-dict `:` type($selection)";
}

def Task_SelectChunkOp : Task_Op<"select_chunk",
    [MemoryEffects<[MemRead, MemWrite]>]> {
  let summary = "append the selected elements of a stage's chunk";
  let description = [{
    In a stage: appends to `selection`, in order, those of the first `count`
    elements of `values` whose entry of `mask` is true: storage the stage
    filled for its current chunk (task.scratch). Stages meet their chunks
    in chunk order, whose elements are in row-major order. A distinct
    selection takes every value, and no mask.
  }];
  let arguments = (ins Task_SelectionType:$selection, Task_ChunkType:$values,
                       Optional<Task_ChunkType>:$mask, Index:$count);
  let assemblyFormat = [{
    $values (`,` $mask^)? `count` $count `into` $selection attr-dict `:`
      type($selection) `,` type($values) (`,` type($mask)^)?
  }];
  let hasVerifier = 1;
}

def Task_PlaceSelectionOp : Task_Op<"place_selection",
    [MemoryEffects<[MemAlloc, MemRead, MemWrite, MemFree]>]> {
  let summary = "the selected elements, in a new array of the learnt length";
  let description = [{
    The ranks learn how many elements their stages selected (the Learnt size
    that is the result's extent), then the result is created and the
    elements move to its owners in order; the selection is released.
    Collective.
  }];
  let arguments = (ins Task_SelectionType:$selection);
  let results = (outs Task_DistType:$result);
  let assemblyFormat = [{
    $selection attr-dict `:` type($selection) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Counts of values (histogram, bincount)
//===----------------------------------------------------------------------===//

def Task_CountsOp : Task_Op<"counts", [MemoryEffects<[MemAlloc]>]> {
  let summary = "zeroed counters of the values 0 .. length-1, on every rank";
  let arguments = (ins I64:$length);
  let results = (outs Task_CountsType:$counts);
  let assemblyFormat = "$length attr-dict";
}

def Task_CountOp : Task_Op<"count", [MemoryEffects<[MemRead, MemWrite]>]> {
  let summary = "count one value, in a stage";
  let description = [{
    Adds one to the counter of `value` when 0 <= value < length (the
    `length` of the counters' `task.counts`); other values are not counted.
  }];
  let arguments = (ins Task_CountsType:$counts, I64:$value, I64:$length);
  let assemblyFormat = "$counts `[` $value `]` `length` $length attr-dict";
}

def Task_SumCountsOp : Task_Op<"sum_counts"> {
  let summary = "sum every rank's counters into an array";
  let description = [{
    Sums the counters of all ranks into `dest`, a 1-D i64 array of `length`
    elements in one chunk, on its owner, and releases them. Collective.
  }];
  let arguments = (ins Task_CountsType:$counts, I64:$length,
                       Task_DistType:$dest);
  let assemblyFormat = [{
    $counts `length` $length `into` $dest attr-dict `:` type($dest)
  }];
  let hasVerifier = 1;
}

#endif // BRIDGE_TASK_OPS
