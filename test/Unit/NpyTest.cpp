//===- NpyTest.cpp - Saving and loading .npy and raw files ----------------===//
//
// Round trips through files in a directory that rank 0 creates and shares.
// NumPy's view of the files is checked by npy-numpy.test, the failures by
// npy-errors.test.
//
//===----------------------------------------------------------------------===//

#include "NpyUtil.h"
#include "SharedFiles.h"

#include <gtest/gtest.h>
#include <mpi.h>

#include <stdio.h>
#include <string>
#include <vector>

using namespace bridge::test;

namespace {

std::string readFile(const std::string &path) {
  std::string out;
  if (FILE *f = fopen(path.c_str(), "rb")) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
      out.append(buf, n);
    fclose(f);
  }
  return out;
}

} // namespace

TEST(Npy, RoundTripAllDtypesAndRanks) {
  SharedDir dir("bridge-npy");
  ASSERT_FALSE(dir.path.empty());
  const int64_t shapes[4][4] = {{29}, {9, 7}, {4, 5, 6}, {3, 4, 2, 5}};
  const int64_t saveChunks[4][4] = {{4}, {2, 3}, {3, 2, 4}, {2, 3, 2, 2}};
  const int64_t loadChunks[4][4] = {{10}, {9, 2}, {1, 5, 5}, {3, 1, 2, 4}};
  for (int32_t dtype : kDtypes)
    for (int ndim = 1; ndim <= 4; ++ndim)
      for (int layout = 0; layout < 3; ++layout) {
        SCOPED_TRACE(testing::Message() << npyDtypeName(dtype) << " ndim "
                                        << ndim << " layout " << layout);
        std::string path = dir.path + "/a.npy";
        // Layouts: ragged -> other ragged, ragged -> block, block -> ragged.
        bridge_rt_dist *a = create(dtype, ndim, shapes[ndim - 1],
                                   layout == 2 ? nullptr
                                               : saveChunks[ndim - 1]);
        fillNpyValues(a);
        bridge_rt_save_npy(a, path.c_str()); // Overwrites the last one.
        bridge_rt_dist *b = create(dtype, ndim, shapes[ndim - 1],
                                   layout == 1 ? nullptr
                                               : loadChunks[ndim - 1]);
        bridge_rt_load_npy(b, path.c_str());
        EXPECT_EQ(globalSum(countNpyMismatches(b)), 0);
        bridge_rt_dist_destroy(b);
        bridge_rt_dist_destroy(a);
      }
  // The target alone remains: no temporary file.
  MPI_Barrier(MPI_COMM_WORLD);
  std::vector<std::string> files = dir.files();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0], "a.npy");
}

TEST(Npy, HeaderBytes) {
  SharedDir dir("bridge-npy");
  ASSERT_FALSE(dir.path.empty());
  struct Case {
    int32_t dtype;
    int ndim;
    int64_t shape[4];
    const char *dict;
  } cases[] = {
      {BRIDGE_F64, 2, {3, 4},
       "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }"},
      {BRIDGE_F32, 1, {5},
       "{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }"},
      {BRIDGE_I64, 3, {1, 2, 3},
       "{'descr': '<i8', 'fortran_order': False, 'shape': (1, 2, 3), }"},
      {BRIDGE_I32, 4, {2, 1, 1, 2},
       "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 1, 1, 2), }"},
      {BRIDGE_BOOL, 1, {0},
       "{'descr': '|b1', 'fortran_order': False, 'shape': (0,), }"},
  };
  for (const Case &c : cases) {
    int64_t chunks[4] = {1, 1, 1, 1};
    bridge_rt_dist *a = create(c.dtype, c.ndim, c.shape, chunks);
    fillNpyValues(a);
    std::string path = dir.path + "/h.npy";
    bridge_rt_save_npy(a, path.c_str());
    if (bridge_rt_rank() == 0) {
      std::string bytes = readFile(path);
      ASSERT_GE(bytes.size(), 10u);
      EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
      size_t hlen = size_t(uint8_t(bytes[8])) | size_t(uint8_t(bytes[9])) << 8;
      EXPECT_EQ((10 + hlen) % 64, 0u);
      std::string header = bytes.substr(10, hlen);
      EXPECT_EQ(header.substr(0, strlen(c.dict)), c.dict);
      EXPECT_EQ(header.back(), '\n');
      EXPECT_EQ(header.find_first_not_of(' ', strlen(c.dict)), hlen - 1);
      int64_t elems = 1;
      for (int d = 0; d < c.ndim; ++d)
        elems *= c.shape[d];
      ASSERT_EQ(bytes.size(), 10 + hlen + elems * bridge_dtype_size(c.dtype));
      for (int64_t i = 0; i < elems; ++i)
        EXPECT_EQ(loadAs(c.dtype, bytes.data() + 10 + hlen +
                                      i * bridge_dtype_size(c.dtype)),
                  npyValue(c.dtype, i));
    }
    bridge_rt_dist_destroy(a);
  }
}

TEST(Npy, LoadRaw) {
  SharedDir dir("bridge-npy");
  ASSERT_FALSE(dir.path.empty());
  int64_t shape[2] = {11, 6}, chunks[2] = {4, 4};
  for (int32_t dtype : kDtypes) {
    std::string path = dir.path + "/x.raw";
    int64_t esize = bridge_dtype_size(dtype), n = shape[0] * shape[1];
    if (bridge_rt_rank() == 0) {
      std::vector<char> bytes(size_t(n * esize));
      for (int64_t i = 0; i < n; ++i)
        storeAs(dtype, bytes.data() + i * esize, npyValue(dtype, i));
      FILE *f = fopen(path.c_str(), "wb");
      ASSERT_NE(f, nullptr);
      fwrite(bytes.data(), 1, bytes.size(), f);
      fclose(f);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    for (bool block : {false, true}) {
      bridge_rt_dist *a = create(dtype, 2, shape, block ? nullptr : chunks);
      bridge_rt_load_raw(a, path.c_str());
      EXPECT_EQ(globalSum(countNpyMismatches(a)), 0)
          << npyDtypeName(dtype) << (block ? " block" : "");
      bridge_rt_dist_destroy(a);
    }
    MPI_Barrier(MPI_COMM_WORLD);
  }
}

TEST(Npy, LoadNormalisesBools) {
  SharedDir dir("bridge-npy");
  ASSERT_FALSE(dir.path.empty());
  std::string path = dir.path + "/b.raw";
  if (bridge_rt_rank() == 0) {
    FILE *f = fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    const unsigned char bytes[4] = {0, 1, 2, 255};
    fwrite(bytes, 1, 4, f);
    fclose(f);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  int64_t shape = 4, chunk = 1;
  bridge_rt_dist *a =
      bridge_rt_dist_create(BRIDGE_BOOL, 1, &shape, &chunk, BRIDGE_RT_CONTIGUOUS);
  bridge_rt_load_raw(a, path.c_str());
  const bridge_array *v = bridge_rt_dist_view(a);
  for (int64_t i = 0; i < v->nchunks; ++i)
    EXPECT_EQ(*static_cast<unsigned char *>(v->chunks[i].data),
              v->chunks[i].index ? 1 : 0);
  bridge_rt_dist_destroy(a);
}
