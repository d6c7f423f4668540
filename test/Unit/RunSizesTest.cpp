//===- RunSizesTest.cpp - The sizes of a run, evaluated at start-up -------===//
//
// Rank 0 evaluates and every rank gets its values: each rank here passes
// other settings than rank 0's, and only rank 0 is given a file that exists,
// so a rank that evaluated or read a file itself would see other values or
// fail. The failures, which end the job, are run-sizes.test's.
//
//===----------------------------------------------------------------------===//

#include "RunSizes.h"

#include "bridge/layout/Npy.h"
#include "bridge/runtime.h"

#include <gtest/gtest.h>
#include <mpi.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

using namespace bridge;
using namespace bridge::plan;

namespace {

/// `n: i64`, `path: str`, `scale: f64 = 0.25`, `verbose: bool = false` and a
/// .npy input named by `path`: sizes n, the file's extents and n * rows.
SizeProgram program() {
  SizeProgram p;
  p.addParam({"n", ParamType::I64, std::nullopt, "a.bdsl:1:7"});
  int32_t path =
      p.addParam({"path", ParamType::Str, std::nullopt, "a.bdsl:2:7"});
  p.addParam({"scale", ParamType::F64, std::string("0.25"), "a.bdsl:3:7"});
  p.addParam({"verbose", ParamType::Bool, std::string("false"), "a.bdsl:4:7"});
  int32_t file = p.addFile({FileFormat::Npy, "", path, "", 0, 2, "a.bdsl:5:9"});
  int64_t n = p.param(0);
  int64_t rows = p.fileDim(file, 0);
  p.fileDim(file, 1);
  p.apply(SizeOp::Mul, n, rows, 0, "a.bdsl:6:3");
  return p;
}

/// A .npy header of shape (rows, cols) in this rank's own directory.
class RankFile {
public:
  RankFile(int64_t rows, int64_t cols) {
    const char *tmp = getenv("TMPDIR");
    dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/bridge-sizes-XXXXXX";
    if (!mkdtemp(dir.data()))
      return;
    path = dir + "/in.npy";
    int64_t shape[2] = {rows, cols};
    char header[256];
    int64_t length = layout::writeNpyHeader(layout::NpyType::F64, 2, shape,
                                            header, sizeof(header));
    if (FILE *f = fopen(path.c_str(), "wb")) {
      fwrite(header, 1, size_t(length), f);
      fclose(f);
    }
  }
  ~RankFile() {
    unlink(path.c_str());
    rmdir(dir.c_str());
  }
  std::string dir, path;
};

int64_t globalMax(int64_t value) {
  int64_t out = 0;
  MPI_Allreduce(&value, &out, 1, MPI_INT64_T, MPI_MAX, MPI_COMM_WORLD);
  return out;
}

int64_t globalMin(int64_t value) {
  int64_t out = 0;
  MPI_Allreduce(&value, &out, 1, MPI_INT64_T, MPI_MIN, MPI_COMM_WORLD);
  return out;
}

TEST(RunSizes, EveryRankGetsRankZerosValues) {
  int rank = bridge_rt_rank();
  RankFile file(rank == 0 ? 40 : 3, 7);
  ParamSettings settings;
  if (rank == 0)
    settings = {{"n", "1_000"}, {"path", file.path}, {"verbose", "true"}};
  else
    settings = {{"n", std::to_string(rank)},
                {"path", file.dir + "/none.npy"},
                {"scale", "9"}};
  const SizeValues &values = rt::evaluateRunSizes(program(), settings);

  ASSERT_EQ(values.symbols.size(), 4u);
  EXPECT_EQ(bridge_rt_size_value(0), 1000);
  EXPECT_EQ(bridge_rt_size_value(1), 40);
  EXPECT_EQ(bridge_rt_size_value(2), 7);
  EXPECT_EQ(bridge_rt_size_value(3), 40000);
  EXPECT_EQ(bridge_rt_param_i64(0), 1000);
  EXPECT_EQ(bridge_rt_param_f64(2), 0.25);
  EXPECT_EQ(bridge_rt_param_bool(3), 1);
  // Rank 0's path, whose directory only rank 0 made.
  std::string path = bridge_rt_param_str(1);
  int64_t length = int64_t(path.size());
  EXPECT_EQ(globalMin(length), globalMax(length));
  EXPECT_EQ(path.substr(path.size() - 7), "/in.npy");
  if (rank == 0)
    EXPECT_EQ(path, file.path);
  else
    EXPECT_NE(path.find("/bridge-sizes-"), std::string::npos);
}

TEST(RunSizes, LongPathsTravelWhole) {
  SizeProgram p;
  p.addParam({"path", ParamType::Str, std::nullopt, "a.bdsl:1:7"});
  p.addParam({"note", ParamType::Str, std::string(""), "a.bdsl:2:7"});
  std::string longPath(PATH_MAX, 'x');
  ParamSettings settings = {{"path", longPath}};
  if (bridge_rt_rank() != 0)
    settings = {{"path", "short"}, {"note", "other"}};
  rt::evaluateRunSizes(p, settings);
  EXPECT_EQ(bridge_rt_param_str(0), longPath);
  EXPECT_STREQ(bridge_rt_param_str(1), "");
}

TEST(RunSizes, CheckpointKeysFollowTheValues) {
  rt::evaluateRunSizes(SizeProgram(), {});
  EXPECT_EQ(rt::checkpointKey(0x1234), 0x1234u);

  SizeProgram p;
  p.addParam({"n", ParamType::I64, std::string("5"), "a.bdsl:1:7"});
  p.param(0);
  rt::evaluateRunSizes(p, {});
  uint64_t five = rt::checkpointKey(0x1234);
  rt::evaluateRunSizes(p, {{"n", "6"}});
  uint64_t six = rt::checkpointKey(0x1234);
  EXPECT_NE(five, 0x1234u);
  EXPECT_NE(five, six);
  // The same on every rank, so all ranks find the same checkpoints.
  EXPECT_EQ(globalMin(int64_t(six)), globalMax(int64_t(six)));
  rt::evaluateRunSizes(p, {{"n", "5"}});
  EXPECT_EQ(rt::checkpointKey(0x1234), five);
}

std::optional<std::string> fakeHdf5(const std::string &path,
                                    const std::string &dataset,
                                    FileShape &shape) {
  if (path != "t2m.nc" || dataset != "t2m")
    return path + ":" + dataset + ": no such dataset";
  shape.dtype = 1;
  shape.ndim = 3;
  shape.shape[0] = 24;
  shape.shape[1] = 721;
  shape.shape[2] = 1440;
  return std::nullopt;
}

TEST(RunSizes, Hdf5HeadersGoThroughTheHook) {
  FileInput h5{FileFormat::Hdf5, "t2m.nc", -1, "t2m", 1, 3, "a.bdsl:1:9"};
  FileShape shape;
  // Linked with the runtime's HDF5 support, which registers its reader.
  rt::Hdf5ShapeReader linked = rt::hdf5ShapeReader;
  ASSERT_NE(linked, nullptr);
  rt::hdf5ShapeReader = nullptr;
  EXPECT_EQ(rt::readRunFileShape(h5, "t2m.nc", shape),
            "t2m.nc: HDF5 is not supported by this runtime");

  rt::hdf5ShapeReader = fakeHdf5;
  SizeProgram p;
  int32_t file = p.addFile(h5);
  p.fileDim(file, 2);
  if (bridge_rt_rank() == 0) {
    EXPECT_EQ(rt::readRunFileShape(h5, "t.h5", shape),
              "t.h5:t2m: no such dataset");
  }
  rt::evaluateRunSizes(p, {});
  rt::hdf5ShapeReader = linked;
  EXPECT_EQ(bridge_rt_size_value(0), 1440);
}

} // namespace
