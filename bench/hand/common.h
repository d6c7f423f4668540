// Shared pieces of the hand-written MPI programs (seed.cpp, multi.cpp): the
// spec's generator (bdsl-core.md section 6), the placement of chunks on ranks,
// and the hand-off to the legacy function (bench/legacy.c) through the
// bridge_array ABI (section 7).
//
// Placement: rank r of P owns the contiguous run of chunk indices
// [floor(K*r/P), floor(K*(r+1)/P)) of the K chunks, hence one contiguous block
// of the element index space, held in ONE buffer; the chunk table handed to the
// legacy function points into that buffer. The compute loops run over the
// rank's whole block, ignoring chunk boundaries.
#pragma once

#include <mpi.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <bridge/legacy.h>

extern "C" double consume(const bridge_array *a, MPI_Comm comm);

namespace hand {

// u01(s, i) of spec section 6: splitmix64 of the global index, top 53 bits.
static inline double u01(uint64_t s, uint64_t i) {
  uint64_t z = s + (i + 1) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z = z ^ (z >> 31);
  // z >> 11 < 2^53: the signed conversion is exact and vectorises.
  return double(int64_t(z >> 11)) * 0x1.0p-53;
}

struct Args {
  int64_t n = 100000000;    // elements
  int64_t chunk = 1000000;  // elements per chunk
  uint64_t seed = 42;
};

// --n N --chunk C --seed S (the harness passes all three).
static inline Args parseArgs(int argc, char **argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--n")) a.n = strtoll(argv[i + 1], nullptr, 10);
    else if (!strcmp(argv[i], "--chunk")) a.chunk = strtoll(argv[i + 1], nullptr, 10);
    else if (!strcmp(argv[i], "--seed")) a.seed = strtoull(argv[i + 1], nullptr, 10);
    else {
      fprintf(stderr, "unknown option %s\n", argv[i]);
      exit(2);
    }
  }
  return a;
}

// The programs over whole rows of a 2-D array: --rows R --cols C
// --chunk ROWS_PER_CHUNK --seed S, each defaulting to `defaults`.
struct RowsArgs {
  int64_t rows, cols, chunk;
  uint64_t seed;

  // Rows are the elements of the 1-D placement.
  Args rowPlacement() const {
    Args a;
    a.n = rows;
    a.chunk = chunk;
    a.seed = seed;
    return a;
  }
};

static inline RowsArgs parseRowsArgs(int argc, char **argv, RowsArgs s) {
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--rows")) s.rows = strtoll(argv[i + 1], nullptr, 10);
    else if (!strcmp(argv[i], "--cols")) s.cols = strtoll(argv[i + 1], nullptr, 10);
    else if (!strcmp(argv[i], "--chunk")) s.chunk = strtoll(argv[i + 1], nullptr, 10);
    else if (!strcmp(argv[i], "--seed")) s.seed = strtoull(argv[i + 1], nullptr, 10);
    else {
      fprintf(stderr, "unknown option %s\n", argv[i]);
      exit(2);
    }
  }
  return s;
}

// This rank's chunks and their element block [lo, hi).
struct Block {
  int64_t firstChunk = 0, endChunk = 0, lo = 0, hi = 0;
  int64_t size() const { return hi - lo; }
};

static inline Block blockOf(const Args &a, int rank, int size) {
  int64_t k = (a.n + a.chunk - 1) / a.chunk;
  Block b;
  b.firstChunk = k * rank / size;
  b.endChunk = k * (rank + 1) / size;
  b.lo = b.firstChunk * a.chunk;
  b.hi = b.endChunk * a.chunk < a.n ? b.endChunk * a.chunk : a.n;
  if (b.hi < b.lo) b.hi = b.lo;
  return b;
}

// This rank's block in MPI_COMM_WORLD.
static inline Block myBlock(const Args &a) {
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return blockOf(a, rank, size);
}

// Describe the rank's block as its chunks, and call the legacy function. With
// `cols`, the block is of whole rows of an [a.n, cols] array (a.n and a.chunk
// count rows) and `data` holds row b.lo first; without, a 1-D array.
static inline double handOff(const Args &a, const Block &b, double *data, MPI_Comm comm,
                             int64_t cols = 0) {
  const int64_t width = cols > 0 ? cols : 1;
  std::vector<bridge_chunk> chunks;
  chunks.reserve(size_t(b.endChunk - b.firstChunk));
  for (int64_t c = b.firstChunk; c < b.endChunk; ++c) {
    bridge_chunk ch{};
    int64_t start = c * a.chunk;
    int64_t end = start + a.chunk < a.n ? start + a.chunk : a.n;
    ch.data = data + (start - b.lo) * width;
    ch.index = c;
    ch.shape[0] = end - start;
    ch.shape[1] = width;
    ch.shape[2] = ch.shape[3] = 1;
    ch.start[0] = start;
    chunks.push_back(ch);
  }
  bridge_array arr{};
  arr.dtype = BRIDGE_F64;
  arr.ndim = cols > 0 ? 2 : 1;
  arr.shape[0] = a.n;
  arr.shape[1] = width;
  arr.shape[2] = arr.shape[3] = 1;
  arr.nchunks = int64_t(chunks.size());
  arr.chunks = chunks.data();
  return consume(&arr, comm);
}

/// Prints the result on rank 0 and the slowest rank's phase time (since
/// `t0`) on stderr, then finalises MPI.
static inline int finish(double total, double t0, double *data) {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  double t = MPI_Wtime() - t0, tmax = 0;
  MPI_Reduce(&t, &tmax, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
  if (rank == 0) {
    printf("%.17g\n", total);
    fprintf(stderr, "HAND phase=%.6f\n", tmax);
  }
  free(data);
  MPI_Finalize();
  return 0;
}

} // namespace hand
