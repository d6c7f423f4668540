//===- Hdf5Test.cpp - Saving and loading HDF5 datasets --------------------===//
//
// Round trips through HDF5 files in a directory that rank 0 creates and
// shares. h5py's and netCDF4's view of the files is checked by
// hdf5-h5py.test, the failures by hdf5-errors.test.
//
//===----------------------------------------------------------------------===//

#include "NpyUtil.h"
#include "SharedFiles.h"

#include "bridge/hdf5_header.h"

#include <gtest/gtest.h>
#include <mpi.h>

#include <string>
#include <vector>

using namespace bridge::test;

namespace {

/// Saves npyValue data of `shape` in `saveChunks` (null: block slabs) and
/// loads it back in `loadChunks`; returns the elements that differ.
int64_t roundTrip(const std::string &path, const char *dataset, int32_t dtype,
                  int ndim, const int64_t *shape, const int64_t *saveChunks,
                  const int64_t *loadChunks) {
  bridge_rt_dist *a = create(dtype, ndim, shape, saveChunks);
  fillNpyValues(a);
  bridge_rt_save_h5(a, path.c_str(), dataset);
  bridge_rt_dist *b = create(dtype, ndim, shape, loadChunks);
  bridge_rt_load_h5(b, path.c_str(), dataset);
  int64_t bad = globalSum(countNpyMismatches(b));
  bridge_rt_dist_destroy(b);
  bridge_rt_dist_destroy(a);
  return bad;
}

} // namespace

TEST(Hdf5, RoundTripAllDtypesAndLayouts) {
  SharedDir dir("bridge-h5");
  ASSERT_FALSE(dir.path.empty());
  std::string path = dir.path + "/a.h5";
  const int64_t shapes[4][4] = {{29}, {9, 7}, {4, 5, 6}, {3, 4, 2, 5}};
  // Chunks that split every axis (rows of chunks go through the bounce
  // buffer), only axis 0 (one transfer per rank), and only the last axis
  // while one element thick before it (straight into the storage).
  const int64_t splitAll[4][4] = {{4}, {2, 3}, {3, 2, 4}, {2, 3, 2, 2}};
  const int64_t axis0[4][4] = {{10}, {2, 7}, {1, 5, 6}, {2, 4, 2, 5}};
  const int64_t thin[4][4] = {{3}, {1, 2}, {1, 1, 4}, {1, 1, 1, 2}};
  const int64_t(*layouts[])[4] = {splitAll, axis0, thin, nullptr};
  // Every element type through two pairs of layouts, f64 through all
  // sixteen.
  for (int32_t dtype : kDtypes)
    for (int ndim = 1; ndim <= 4; ++ndim)
      for (int pair = 0; pair < 16; ++pair) {
        int s = pair / 4, l = pair % 4;
        if (dtype != BRIDGE_F64 && !(s == 0 && l == 2) && !(s == 3 && l == 1))
          continue;
        SCOPED_TRACE(testing::Message() << npyDtypeName(dtype) << " ndim "
                                        << ndim << " save " << s << " load "
                                        << l);
        const int64_t *save = layouts[s] ? layouts[s][ndim - 1] : nullptr;
        const int64_t *load = layouts[l] ? layouts[l][ndim - 1] : nullptr;
        EXPECT_EQ(roundTrip(path, "/g/x", dtype, ndim, shapes[ndim - 1],
                            save, load),
                  0);
      }
  // Saved again and again into one file, which holds one dataset still.
  int32_t dtype = -1, ndim = -1;
  int64_t shape[BRIDGE_MAX_DIMS];
  bridge_rt_h5_shape(path.c_str(), "/g/x", &dtype, &ndim, shape);
  EXPECT_EQ(dtype, BRIDGE_BOOL);
  EXPECT_EQ(ndim, 4);
  for (int d = 0; d < 4; ++d)
    EXPECT_EQ(shape[d], shapes[3][d]);
  EXPECT_EQ(dir.files(), std::vector<std::string>{"a.h5"});
}

TEST(Hdf5, MoreRanksThanChunksAndEmptyArrays) {
  SharedDir dir("bridge-h5");
  std::string path = dir.path + "/small.h5";
  const int64_t shape[] = {3}, chunks[] = {2};
  EXPECT_EQ(roundTrip(path, "x", BRIDGE_I64, 1, shape, chunks, chunks), 0);
  // A chunk wider than the array: one chunk, on one rank.
  const int64_t two[] = {2}, wide[] = {5};
  EXPECT_EQ(roundTrip(path, "one", BRIDGE_F32, 1, two, nullptr, wide), 0);
  const int64_t empty[] = {0, 4}, emptyChunks[] = {2, 2};
  EXPECT_EQ(roundTrip(path, "/empty", BRIDGE_F64, 2, empty, emptyChunks,
                      nullptr),
            0);
  int32_t dtype = BRIDGE_F64, ndim = 2;
  int64_t got[BRIDGE_MAX_DIMS];
  bridge_rt_h5_shape(path.c_str(), "empty", &dtype, &ndim, got);
  EXPECT_EQ(got[0], 0);
  EXPECT_EQ(got[1], 4);
}

TEST(Hdf5, SavingKeepsTheFilesOtherDatasets) {
  SharedDir dir("bridge-h5");
  std::string path = dir.path + "/many.h5";
  const int64_t a[] = {10}, ac[] = {3};
  const int64_t b[] = {3, 4}, bc[] = {2, 4};
  EXPECT_EQ(roundTrip(path, "/a", BRIDGE_F64, 1, a, ac, ac), 0);
  EXPECT_EQ(roundTrip(path, "/g/h/b", BRIDGE_I32, 2, b, bc, nullptr), 0);
  // /a replaced by another element type and shape; /g/h/b stays.
  EXPECT_EQ(roundTrip(path, "a", BRIDGE_I64, 2, b, bc, bc), 0);
  bridge_rt_dist *kept = create(BRIDGE_I32, 2, b, bc);
  bridge_rt_load_h5(kept, path.c_str(), "/g/h/b");
  EXPECT_EQ(globalSum(countNpyMismatches(kept)), 0);
  bridge_rt_dist_destroy(kept);
  // "FILE:/DATASET" in one string.
  bridge_rt_dist *c = create(BRIDGE_BOOL, 1, a, ac);
  fillNpyValues(c);
  bridge_rt_save_h5(c, (path + ":/g/c").c_str(), nullptr);
  bridge_rt_dist *d = create(BRIDGE_BOOL, 1, a, nullptr);
  bridge_rt_load_h5(d, path.c_str(), "/g/c");
  EXPECT_EQ(globalSum(countNpyMismatches(d)), 0);
  bridge_rt_dist_destroy(d);
  bridge_rt_dist_destroy(c);
  EXPECT_EQ(dir.files(), std::vector<std::string>{"many.h5"});
}

TEST(Hdf5, HeaderReaderChecksAsLoadingDoes) {
  // What bridgec and a program's start-up read, without MPI: the dataset's
  // element type and shape, or the message bridge_rt_load_h5 would end with.
  SharedDir dir("bridge-h5");
  std::string path = dir.path + "/header.h5";
  const int64_t shape[] = {5, 3}, chunks[] = {2, 3};
  bridge_rt_dist *a = create(BRIDGE_F32, 2, shape, chunks);
  fillNpyValues(a);
  bridge_rt_save_h5(a, path.c_str(), "/g/x");
  bridge_rt_dist_destroy(a);

  bridge::plan::FileShape found;
  EXPECT_EQ(bridge::readHdf5Header(path, "g/x", found), std::nullopt);
  EXPECT_EQ(found.dtype, BRIDGE_F32);
  EXPECT_EQ(found.ndim, 2);
  EXPECT_EQ(found.shape[0], 5);
  EXPECT_EQ(found.shape[1], 3);
  EXPECT_EQ(found.shape[2], 1);
  EXPECT_EQ(bridge::readHdf5Header(path, "/nope", found),
            path + ":/nope: no such dataset");
  EXPECT_EQ(bridge::readHdf5Header(path, "/g", found),
            path + ":/g: is a group, not a dataset");
  EXPECT_EQ(bridge::readHdf5Header(dir.path + "/none.h5", "/x", found),
            dir.path + "/none.h5:/x: cannot open the file: No such file or "
                       "directory");
  // Too long for any message about the dataset: the path alone is named.
  std::string longPath = dir.path + "/" + std::string(6000, 'a');
  EXPECT_EQ(bridge::readHdf5Header(longPath, "/x", found),
            longPath + ": path too long");
}

TEST(Hdf5, LargeRowsOfChunksGoThroughTheBufferInParts) {
  // One row of four 16.8 MB chunks that split axis 1: more than the 64 MiB
  // buffer, so a rank holding all of them moves them in two parts.
  SharedDir dir("bridge-h5");
  std::string path = dir.path + "/wide.h5";
  const int64_t shape[] = {2, 4200000}, chunks[] = {2, 1050000};
  const int64_t rows[] = {1, 4200000};
  EXPECT_EQ(roundTrip(path, "w", BRIDGE_F64, 2, shape, chunks, chunks), 0);
  bridge_rt_dist *b = create(BRIDGE_F64, 2, shape, rows);
  bridge_rt_load_h5(b, path.c_str(), "w");
  EXPECT_EQ(globalSum(countNpyMismatches(b)), 0);
  bridge_rt_dist_destroy(b);
}
