// RUN: bridge-opt %s --convert-task-to-llvm | FileCheck %s

// A stage becomes a loop over the chunks bridge_rt_owned_range gives this
// rank of the runtime's grid, inside a bridge_rt_stage_begin/end span. The
// body receives the chunk's index, its start and extent per dimension
// (computed in place for a regular grid, from bridge_rt_grid_box for block
// slabs) and each array's chunk storage; task.yield stores into a
// stack slot per partial, which is pushed into the runtime reduction begun
// before the loop. A stage with outputs skips chunks that a checkpoint
// restores; their restored partials are pushed all the same. Whether the
// run keeps checkpoints is asked once, before the loop: without them no
// chunk calls the runtime for them.

// CHECK-LABEL: func.func @contiguous
// CHECK:         %[[IN:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[OUT:.*]] = call @bridge_rt_dist_create(
// CHECK:         %[[RANK:.*]] = arith.constant 2 : i32
// CHECK:         %[[PLACEMENT:.*]] = arith.constant 0 : i32
// CHECK:         %[[G:.*]] = call @bridge_rt_grid_create(%[[RANK]], %{{.*}}, %{{.*}}, %[[PLACEMENT]])
// CHECK:         %[[GRID:.*]] = call @bridge_rt_grid_nchunks(%[[G]])
// 8 bytes per chunk of the grid.
// CHECK:         %[[SUM:.*]] = call @bridge_rt_reduce_begin_f64(%{{.*}}, %{{.*}}, %[[GRID]])
// CHECK:         %[[CONTIGUOUS:.*]] = arith.constant 0 : i32
// CHECK:         %[[LO:.*]] = llvm.alloca %{{.*}} x i64
// CHECK:         %[[HI:.*]] = llvm.alloca %{{.*}} x i64
// CHECK:         call @bridge_rt_owned_range(%[[CONTIGUOUS]], %[[GRID]], %[[LO]], %[[HI]])
// CHECK:         %[[FIRST:.*]] = llvm.load %[[LO]] : !llvm.ptr -> i64
// CHECK:         %[[FIRSTIDX:.*]] = arith.index_cast %[[FIRST]] : i64 to index
// CHECK:         %[[LAST:.*]] = llvm.load %[[HI]] : !llvm.ptr -> i64
// CHECK:         %[[LASTIDX:.*]] = arith.index_cast %[[LAST]] : i64 to index
// CHECK:         call @bridge_rt_stage_begin(
// The chunk count along the last axis, ceil(8 / 3), for the chunks' boxes.
// CHECK:         %[[COUNT1:.*]] = arith.divsi
// CHECK:         %[[SLOT:.*]] = llvm.alloca %{{.*}} x i64
// Checkpoint arguments: the outputs and the partial slots, as arrays of
// pointers outside the loop.
// CHECK:         %[[OUTS:.*]] = llvm.alloca %{{.*}} x !llvm.ptr
// CHECK:         %[[SLOTS:.*]] = llvm.alloca %{{.*}} x !llvm.ptr
// CHECK:         %[[OUT0:.*]] = llvm.getelementptr %[[OUTS]][0]
// CHECK:         llvm.store %[[OUT]], %[[OUT0]]
// CHECK:         %[[ASKED:.*]] = call @bridge_rt_ckpt_active() : () -> i32
// CHECK:         %[[ACTIVE:.*]] = arith.cmpi ne, %[[ASKED]]
// CHECK:         scf.for %[[C:.*]] = %[[FIRSTIDX]] to %[[LASTIDX]]
// CHECK:           %[[C64:.*]] = arith.index_cast %[[C]] : index to i64
// A regular grid's box is computed in place: the chunk's coordinates by
// division by the counts, k * chunk, the chunk clipped to the extent.
// CHECK:           %[[K1:.*]] = arith.remsi %[[C64]], %[[COUNT1]] : i64
// CHECK:           %[[K0:.*]] = arith.divsi %[[C64]], %[[COUNT1]] : i64
// CHECK:           arith.muli %[[K1]]
// CHECK:           %[[START1:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK:           arith.muli %[[K0]]
// CHECK:           arith.minsi
// CHECK:           arith.index_cast %{{.*}} : i64 to index
// CHECK:           %[[EXTENT0:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK:           %[[INCHUNK:.*]] = func.call @bridge_rt_dist_chunk(%[[IN]], %[[C64]])
// CHECK:           %[[OUTCHUNK:.*]] = func.call @bridge_rt_dist_chunk(%[[OUT]], %[[C64]])
// CHECK:           %[[SLOT0:.*]] = llvm.getelementptr %[[SLOTS]][0]
// CHECK:           llvm.store %[[SLOT]], %[[SLOT0]]
// CHECK:           %[[MISSING:.*]] = scf.if %[[ACTIVE]] -> (i1) {
// CHECK-NEXT:        %[[RESTORED:.*]] = func.call @bridge_rt_ckpt_restore(%[[PROGRAM:.*]], %[[STAGE:.*]], %[[C64]], %[[OUTS]], %[[NOUTS:.*]], %[[SLOTS]], %[[NSLOTS:.*]]) : (i64, i64, i64, !llvm.ptr, i32, !llvm.ptr, i32) -> i32
// CHECK:             %[[NOTFOUND:.*]] = arith.cmpi eq, %[[RESTORED]]
// CHECK-NEXT:        scf.yield %[[NOTFOUND]] : i1
// CHECK-NEXT:      } else {
// CHECK-NEXT:        %[[TRUE:.*]] = arith.constant true
// CHECK-NEXT:        scf.yield %[[TRUE]] : i1
// CHECK-NEXT:      }
// CHECK:           scf.if %[[MISSING]] {
// CHECK:             %[[OFF:.*]] = arith.addi %[[START1]], %[[EXTENT0]] : index
// CHECK:             llvm.getelementptr %[[INCHUNK]]
// CHECK:             llvm.getelementptr %[[OUTCHUNK]]
// CHECK:             llvm.store %[[V:.*]], %[[SLOT]] : f64, !llvm.ptr
// CHECK:             scf.if %[[ACTIVE]] {
// CHECK-NEXT:          func.call @bridge_rt_ckpt_store(%[[PROGRAM]], %[[STAGE]], %[[C64]], %[[OUTS]], %[[NOUTS]], %[[SLOTS]], %[[NSLOTS]])
// CHECK-NEXT:        }
// CHECK-NEXT:      }
// CHECK-NEXT:      %[[PARTIAL:.*]] = llvm.load %[[SLOT]] : !llvm.ptr -> f64
// CHECK-NEXT:      func.call @bridge_rt_reduce_push_f64(%[[SUM]], %[[C64]], %[[PARTIAL]])
// CHECK-NEXT:    }
// CHECK-NEXT:    call @bridge_rt_stage_end()
// CHECK-NEXT:    call @bridge_rt_grid_destroy(%[[G]])
// CHECK:         call @bridge_rt_reduce_end_f64(%[[SUM]])
func.func @contiguous() {
  %in = task.alloc : !task.dist<[6, 8], f64, chunks [4, 3], contiguous>
  %out = task.alloc : !task.dist<[6, 8], f64, chunks [4, 3], contiguous>
  %p = task.stage shape [6, 8] chunks [4, 3] contiguous
      ins(%in : !task.dist<[6, 8], f64, chunks [4, 3], contiguous>)
      outs(%out : !task.dist<[6, 8], f64, chunks [4, 3], contiguous>) -> !task.partials<f64> {
  ^bb0(%c: index, %s0: index, %s1: index, %e0: index, %e1: index, %a: !task.chunk<f64>, %b: !task.chunk<f64>):
    %off = arith.addi %s1, %e0 : index
    %v = task.read %a[%off] : !task.chunk<f64>
    task.write %v, %b[%off] : !task.chunk<f64>
    task.yield %v : f64
  }
  %s = task.combine sum %p : !task.partials<f64> -> f64
  task.free %in : !task.dist<[6, 8], f64, chunks [4, 3], contiguous>
  task.free %out : !task.dist<[6, 8], f64, chunks [4, 3], contiguous>
  return
}

// Under `block` the runtime's grid has one slab of axis 0 per rank: rows
// [N*c/P, N*(c+1)/P). Block stages are not checkpointed.
// CHECK-LABEL: func.func @block
// CHECK:         %[[B:.*]] = call @bridge_rt_dist_create_block(
// CHECK:         %[[BLOCK:.*]] = arith.constant 1 : i32
// CHECK:         %[[G:.*]] = call @bridge_rt_grid_create(%{{.*}}, %{{.*}}, %{{.*}}, %[[BLOCK]])
// CHECK:         %[[GRID:.*]] = call @bridge_rt_grid_nchunks(%[[G]])
// CHECK:         %[[BLOCK2:.*]] = arith.constant 1 : i32
// CHECK:         call @bridge_rt_owned_range(%[[BLOCK2]], %[[GRID]],
// CHECK:         scf.for %[[C:.*]] =
// CHECK:           %[[C64:.*]] = arith.index_cast %[[C]] : index to i64
// CHECK:           call @bridge_rt_grid_box(%[[G]], %[[C64]],
// CHECK:           func.call @bridge_rt_dist_chunk(%[[B]], %[[C64]])
// CHECK-NOT:       bridge_rt_ckpt
// CHECK:         call @bridge_rt_stage_end()
// CHECK-NEXT:    call @bridge_rt_grid_destroy(%[[G]])
func.func @block() {
  %b = task.alloc : !task.dist<[10, 4], f64, chunks [10, 4], block>
  task.stage shape [10, 4] chunks [10, 4] block outs(%b : !task.dist<[10, 4], f64, chunks [10, 4], block>) {
  ^bb0(%c: index, %s0: index, %s1: index, %e0: index, %e1: index, %out: !task.chunk<f64>):
    %off = arith.addi %s0, %e1 : index
    %v = arith.constant 1.0 : f64
    task.write %v, %out[%off] : !task.chunk<f64>
    task.yield
  }
  task.free %b : !task.dist<[10, 4], f64, chunks [10, 4], block>
  return
}

// A stage without outputs only yields partials: nothing to checkpoint. A
// partial nobody combines begins no reduction and is pushed nowhere.
// CHECK-LABEL: func.func @partials
// CHECK-NOT:     bridge_rt_reduce_begin
// CHECK-NOT:     bridge_rt_alloc
// CHECK:         call @bridge_rt_stage_begin(
// CHECK:         %[[NSLOT:.*]] = llvm.alloca %{{.*}} x i64
// CHECK:         %[[KSLOT:.*]] = llvm.alloca %{{.*}} x i64
// CHECK:         scf.for %[[C:.*]] =
// CHECK-NOT:       bridge_rt_ckpt
// CHECK:           llvm.store %{{.*}}, %[[NSLOT]] : i64, !llvm.ptr
// CHECK:           llvm.store %{{.*}}, %[[KSLOT]] : f64, !llvm.ptr
// CHECK-NEXT:    }
// CHECK-NEXT:    call @bridge_rt_stage_end()
func.func @partials() {
  %n, %k = task.stage shape [8] chunks [4] contiguous -> !task.partials<i64>, !task.partials<f64> {
  ^bb0(%c: index, %s: index, %e: index):
    %one = arith.constant 1 : i64
    %zero = arith.constant 0.0 : f64
    task.yield %one, %zero : i64, f64
  }
  return
}

// CHECK: func.func private @bridge_rt_owned_range(i32, i64, !llvm.ptr, !llvm.ptr)
// CHECK: func.func private @bridge_rt_stage_begin(!llvm.ptr)
// CHECK: func.func private @bridge_rt_stage_end()
// CHECK: func.func private @bridge_rt_dist_chunk(!llvm.ptr, i64) -> !llvm.ptr
// CHECK: func.func private @bridge_rt_ckpt_restore(i64, i64, i64, !llvm.ptr, i32, !llvm.ptr, i32) -> i32
// CHECK: func.func private @bridge_rt_ckpt_store(i64, i64, i64, !llvm.ptr, i32, !llvm.ptr, i32)
