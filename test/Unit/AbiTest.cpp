//===- AbiTest.cpp - The C ABI's layout and the detected MPI_Comm ABI -----===//

#include "bridge/RuntimeConfig.h"
#include "bridge/legacy.h"
#include "bridge/runtime.h"

#include <gtest/gtest.h>
#include <mpi.h>

#include <stddef.h>
#include <type_traits>

// The layout that section 7 of the language spec fixes for legacy code.
static_assert(offsetof(bridge_chunk, data) == 0, "");
static_assert(offsetof(bridge_chunk, index) == 8, "");
static_assert(offsetof(bridge_chunk, shape) == 16, "");
static_assert(offsetof(bridge_chunk, start) == 48, "");
static_assert(sizeof(bridge_chunk) == 80, "");
static_assert(offsetof(bridge_array, dtype) == 0, "");
static_assert(offsetof(bridge_array, ndim) == 4, "");
static_assert(offsetof(bridge_array, shape) == 8, "");
static_assert(offsetof(bridge_array, nchunks) == 40, "");
static_assert(offsetof(bridge_array, chunks) == 48, "");
// The block-cyclic fields, appended after the original 56 bytes.
static_assert(offsetof(bridge_array, layout) == 56, "");
static_assert(offsetof(bridge_array, grid) == 64, "");
static_assert(offsetof(bridge_array, coords) == 72, "");
static_assert(offsetof(bridge_array, block) == 80, "");
static_assert(offsetof(bridge_array, local) == 96, "");
static_assert(offsetof(bridge_array, lld) == 112, "");
static_assert(sizeof(bridge_array) == 120, "");

TEST(Abi, ChunkLayout) {
  EXPECT_EQ(offsetof(bridge_chunk, data), 0u);
  EXPECT_EQ(offsetof(bridge_chunk, index), 8u);
  EXPECT_EQ(offsetof(bridge_chunk, shape), 16u);
  EXPECT_EQ(offsetof(bridge_chunk, start), 48u);
  EXPECT_EQ(sizeof(bridge_chunk), 80u);
}

TEST(Abi, ArrayLayout) {
  EXPECT_EQ(offsetof(bridge_array, dtype), 0u);
  EXPECT_EQ(offsetof(bridge_array, ndim), 4u);
  EXPECT_EQ(offsetof(bridge_array, shape), 8u);
  EXPECT_EQ(offsetof(bridge_array, nchunks), 40u);
  EXPECT_EQ(offsetof(bridge_array, chunks), 48u);
  EXPECT_EQ(offsetof(bridge_array, layout), 56u);
  EXPECT_EQ(offsetof(bridge_array, lld), 112u);
  EXPECT_EQ(sizeof(bridge_array), 120u);
}

TEST(Abi, EnumValues) {
  EXPECT_EQ(BRIDGE_F64, 0);
  EXPECT_EQ(BRIDGE_F32, 1);
  EXPECT_EQ(BRIDGE_I64, 2);
  EXPECT_EQ(BRIDGE_I32, 3);
  EXPECT_EQ(BRIDGE_BOOL, 4);
  EXPECT_EQ(bridge_dtype_size(BRIDGE_F64), 8);
  EXPECT_EQ(bridge_dtype_size(BRIDGE_F32), 4);
  EXPECT_EQ(bridge_dtype_size(BRIDGE_I64), 8);
  EXPECT_EQ(bridge_dtype_size(BRIDGE_I32), 4);
  EXPECT_EQ(bridge_dtype_size(BRIDGE_BOOL), 1);
  EXPECT_EQ(bridge_dtype_size(99), 0);
}

TEST(Abi, RuntimeConfigMatchesMPI) {
  EXPECT_EQ(BRIDGE_RT_MPI_COMM_BYTES, int(sizeof(MPI_Comm)));
  EXPECT_EQ(BRIDGE_RT_MPI_COMM_IS_POINTER,
            int(std::is_pointer<MPI_Comm>::value));
  EXPECT_EQ(BRIDGE_RT_MPI_FINT_BYTES, int(sizeof(MPI_Fint)));
}

// The handle Fortran legacy code receives names the same communicator.
TEST(Legacy, FortranHandleRoundTrips) {
  MPI_Comm comm = MPI_COMM_NULL;
  bridge_rt_legacy_comm(&comm);
  MPI_Fint handle = MPI_Comm_c2f(comm);
  EXPECT_EQ(MPI_Comm_f2c(handle), comm);
}

TEST(Legacy, CommIsACopyOfWorld) {
  MPI_Comm comm = MPI_COMM_NULL;
  bridge_rt_legacy_comm(&comm);
  ASSERT_NE(comm, MPI_COMM_NULL);
  int result = MPI_UNEQUAL;
  MPI_Comm_compare(comm, MPI_COMM_WORLD, &result);
  // A duplicate, so legacy traffic never matches the runtime's.
  EXPECT_EQ(result, MPI_CONGRUENT);
  // Stable across calls.
  MPI_Comm again = MPI_COMM_NULL;
  bridge_rt_legacy_comm(&again);
  EXPECT_EQ(comm, again);
  // Usable for a collective, as legacy code does.
  int one = 1, sum = 0;
  EXPECT_EQ(MPI_Allreduce(&one, &sum, 1, MPI_INT, MPI_SUM, comm), MPI_SUCCESS);
  EXPECT_EQ(sum, bridge_rt_size());
}

TEST(Legacy, EnterCheckExitOnSuccess) {
  bridge_rt_legacy_enter("solve");
  bridge_rt_legacy_check("solve", 0); // Returns: status 0 is success.
  bridge_rt_legacy_exit("solve");
  SUCCEED();
}

// A bound status is the lowest failed rank's, whatever rank 0 returned.
TEST(Legacy, StatusOfTheLowestFailedRank) {
  int rank = bridge_rt_rank(), size = bridge_rt_size();
  EXPECT_EQ(bridge_rt_legacy_status(0), 0);
  EXPECT_EQ(bridge_rt_legacy_status(rank >= 1 ? 10 + rank : 0),
            size > 1 ? 11 : 0);
  EXPECT_EQ(bridge_rt_legacy_status(rank == size - 1 ? -3 : 0), -3);
  EXPECT_EQ(bridge_rt_legacy_status(rank == 0 ? 7 : 8), 7);
}

TEST(Lifecycle, RankAndSize) {
  int rank = -1, size = -1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  EXPECT_EQ(bridge_rt_rank(), rank);
  EXPECT_EQ(bridge_rt_size(), size);
}

TEST(Memory, AlignedAndWritable) {
  for (int64_t bytes : {0, 1, 7, 63, 64, 65, 1000, 1 << 20}) {
    auto *p = static_cast<unsigned char *>(bridge_rt_alloc(bytes));
    ASSERT_NE(p, nullptr) << bytes;
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 64, 0u) << bytes;
    for (int64_t i = 0; i < bytes; ++i)
      p[i] = static_cast<unsigned char>(i);
    for (int64_t i = 0; i < bytes; ++i)
      ASSERT_EQ(p[i], static_cast<unsigned char>(i));
    bridge_rt_free(p);
  }
  void *a = bridge_rt_alloc(0), *b = bridge_rt_alloc(0);
  EXPECT_NE(a, b); // Zero-byte requests still give distinct pointers.
  bridge_rt_free(a);
  bridge_rt_free(b);
  bridge_rt_free(nullptr);
}
