//===- PlanTest.cpp - Placement plans whose sizes come with the run -------===//
#include "bridge/plan.h"

#include "bridge/layout/Npy.h"

#include <gtest/gtest.h>

#include <stdio.h>
#include <stdlib.h>
#include <string>
#include <unistd.h>

using namespace bridge::plan;

namespace {

ReadFileShape noFiles() {
  return [](const FileInput &, const std::string &path, FileShape &) {
    return std::optional<std::string>(path + ": no such file");
  };
}

/// `param n: i64 = 10`; x = [3 * n] in chunks of n, y = x[1:], its sum and
/// y[n].
struct SizedPlan {
  Plan plan;
  int64_t rows = 0, chunk = 0, rest = 0;

  SizedPlan() {
    SizeProgram &sizes = plan.sizes;
    sizes.addParam({"n", ParamType::I64, std::string("10"), "a.bdsl:1:7"});
    chunk = sizes.param(0);
    rows = *sizes.apply(SizeOp::Mul, chunk, 3, 0, "a.bdsl:2:9");
    rest = *sizes.apply(SizeOp::Sub, rows, 1, 0, "a.bdsl:3:9");
    plan.arrays.push_back(
        {"a.bdsl:2", 8, false, false, 0, 0, {rows}, {chunk}, -1, 0});
    plan.arrays.push_back(
        {"a.bdsl:3", 8, false, false, 0, 0, {rest}, {chunk}, -1, 0});
    plan.steps.push_back({StepKind::Alloc, "", {}, {0}, {}, 0, 0});
    plan.steps.push_back({StepKind::Alloc, "", {}, {1}, {}, 0, 0});
    plan.steps.push_back(
        {StepKind::Move, "", {0}, {1}, {{0, 1, 1, 0, rest}}, 0, 0});
    plan.steps.push_back({StepKind::Stage, "", {1}, {}, {}, 1, rows});
    plan.steps.push_back({StepKind::Combine, "", {}, {}, {}, 1, rows});
    plan.steps.push_back(
        {StepKind::Fetch, "", {1}, {}, {{0, 0, 1, chunk, chunk}}, 0, 0});
  }

  /// The same plan with constants for n.
  Plan withConstants(int64_t n) const {
    Plan constant = plan;
    constant.sizes = SizeProgram();
    constant.arrays[0].shape = {3 * n};
    constant.arrays[1].shape = {3 * n - 1};
    constant.arrays[0].chunks = constant.arrays[1].chunks = {n};
    constant.steps[2].maps[0].hi = 3 * n - 1;
    constant.steps[3].chunks = constant.steps[4].chunks = 3 * n;
    constant.steps[5].maps[0].lo = constant.steps[5].maps[0].hi = n;
    return constant;
  }
};

SizeValues evaluated(const Plan &plan, const ParamSettings &settings) {
  SizeValues values;
  std::optional<std::string> error =
      evaluate(plan.sizes, settings, noFiles(), values);
  EXPECT_EQ(error, std::nullopt);
  return values;
}

TEST(Plan, TextFormCarriesTheSizeProgram) {
  SizedPlan sized;
  std::string text = serialize(sized.plan);
  EXPECT_EQ(text.rfind("bridge-plan 3\nsize param n i64 default \"10\"", 0), 0u)
      << text;
  EXPECT_NE(text.find("array 8 c 1 s1 s0 -1 0 a.bdsl:2\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("step move 1 0 1 1 0 0 0 1 0 1 1 0 s2 -\n"),
            std::string::npos)
      << text;
  Plan parsed;
  std::string error;
  ASSERT_TRUE(parse(text, parsed, error)) << error << "\n" << text;
  EXPECT_EQ(serialize(parsed), text);
  EXPECT_EQ(parsed.sizes.serialize(), sized.plan.sizes.serialize());
}

TEST(Plan, ParserRejectsSymbolsTheSizesDoNotDefine) {
  const std::string head = "bridge-plan 3\n";
  const std::string sizes = "size param n i64 @ \"a.bdsl:1:7\"\n"
                            "size param_value 0 @ \"a.bdsl:1:7\"\n";
  Plan plan;
  std::string error;
  EXPECT_TRUE(parse(head + sizes + "array 8 c 1 s0 s0 -1 0 x\n", plan, error))
      << error;
  EXPECT_FALSE(parse(head + sizes + "array 8 c 1 s1 10 -1 0 x\n", plan, error));
  EXPECT_FALSE(parse(head + "array 8 c 1 s0 10 -1 0 x\n", plan, error));
  EXPECT_FALSE(parse(head + sizes +
                         "array 8 c 1 10 10 -1 0 x\n"
                         "step move 1 0 1 0 0 0 0 1 0 0 1 0 s3 -\n",
                     plan, error));
  // A step of a move is never a symbol.
  EXPECT_FALSE(parse(head + sizes +
                         "array 8 c 1 10 10 -1 0 x\n"
                         "step move 1 0 1 0 0 0 0 1 0 0 s0 0 s0 -\n",
                     plan, error));
  // The size program comes first and must parse.
  EXPECT_FALSE(parse(head + "array 8 c 1 10 10 -1 0 x\n" + sizes, plan, error));
  EXPECT_FALSE(parse(head + "size add s0 1 @ \"l\"\n", plan, error));
  EXPECT_NE(error.find("sizes: size program line 1"), std::string::npos)
      << error;
  EXPECT_FALSE(parse("bridge-plan 1\n", plan, error));
}

TEST(Plan, ResolvedPlanModelsAsTheConstantOne) {
  SizedPlan sized;
  for (int64_t n : {1, 7, 1000}) {
    SizeValues values = evaluated(sized.plan, {{"n", std::to_string(n)}});
    Plan concrete;
    ASSERT_EQ(resolve(sized.plan, values, concrete), std::nullopt);
    EXPECT_TRUE(concrete.sizes.empty());
    EXPECT_EQ(serialize(concrete), serialize(sized.withConstants(n)));
    for (int ranks : {1, 3, 4})
      EXPECT_EQ(explain(PlacementModel(concrete, ranks)),
                explain(PlacementModel(sized.withConstants(n), ranks)));
  }
}

TEST(Plan, ResolveRejectsWhatTheModelCannotTake) {
  SizedPlan sized;
  Plan concrete;
  std::optional<std::string> error =
      resolve(sized.plan, evaluated(sized.plan, {{"n", "0"}}), concrete);
  ASSERT_TRUE(error);
  EXPECT_EQ(*error, "array 0 (a.bdsl:2) has extent 0 in chunks of 0 along "
                    "axis 0");

  Plan outside = sized.plan;
  outside.steps[2].maps[0].offset = 2; // reads x[3n], one past its end
  error = resolve(outside, evaluated(outside, {}), concrete);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("step 2 moves elements from outside"),
            std::string::npos)
      << *error;

  Plan farFetch = sized.plan;
  farFetch.steps[5].maps[0].lo = sized.rest; // y[3n - 1], past y's end
  error = resolve(farFetch, evaluated(farFetch, {}), concrete);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("step 5 fetches an element outside array 1"),
            std::string::npos)
      << *error;

  Plan huge = sized.plan;
  huge.arrays[0].shape.push_back(int64_t(1) << 60);
  huge.arrays[0].chunks.push_back(int64_t(1) << 60);
  error = resolve(huge, evaluated(huge, {}), concrete);
  ASSERT_TRUE(error);
  EXPECT_EQ(*error, "array 0 (a.bdsl:2) takes the arrays past 2^62 bytes");

  Plan halo = sized.plan;
  halo.arrays.push_back(
      {"a.bdsl:4", 8, false, false, 0, 0, {sized.rows}, {7}, 0, 1});
  halo.steps.push_back({StepKind::Halo, "edge", {0}, {2}, {}, 0, 0});
  error = resolve(halo, evaluated(halo, {}), concrete);
  ASSERT_TRUE(error);
  EXPECT_EQ(*error, "step 6 gives a halo to another grid than its source's");

  // Values of another program.
  error = resolve(sized.plan, SizeValues(), concrete);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("not evaluated"), std::string::npos) << *error;
}

/// A private directory for this rank's files, removed at the end.
class RankDir {
public:
  RankDir() {
    const char *tmp = getenv("TMPDIR");
    path = std::string(tmp && *tmp ? tmp : "/tmp") + "/bridge-plan-XXXXXX";
    if (!mkdtemp(path.data()))
      path.clear();
  }
  ~RankDir() {
    for (const std::string &file : files)
      unlink(file.c_str());
    rmdir(path.c_str());
  }
  std::string write(const std::string &name, const std::string &bytes) {
    std::string file = path + "/" + name;
    if (FILE *f = fopen(file.c_str(), "wb")) {
      fwrite(bytes.data(), 1, bytes.size(), f);
      fclose(f);
    }
    files.push_back(file);
    return file;
  }
  std::string path;

private:
  std::vector<std::string> files;
};

std::string npyHeader(bridge::layout::NpyType type, int32_t ndim,
                      const int64_t *shape) {
  char header[512];
  int64_t length =
      bridge::layout::writeNpyHeader(type, ndim, shape, header, sizeof(header));
  return std::string(header, size_t(length));
}

TEST(Plan, NpyShapesComeFromTheHeaderAlone) {
  RankDir dir;
  ASSERT_FALSE(dir.path.empty());
  const int64_t shape[] = {100, 7};
  std::string matrix =
      dir.write("m.npy", npyHeader(bridge::layout::NpyType::I32, 2, shape));
  FileShape got;
  ASSERT_EQ(readNpyShape(matrix, got), std::nullopt);
  EXPECT_EQ(got.dtype, 3);
  EXPECT_EQ(got.ndim, 2);
  EXPECT_EQ(got.shape[0], 100);
  EXPECT_EQ(got.shape[1], 7);

  const int64_t wide[] = {1, 2, 3, 4, 5};
  std::string five =
      dir.write("5d.npy", npyHeader(bridge::layout::NpyType::F64, 5, wide));
  ASSERT_EQ(readNpyShape(five, got), std::nullopt);
  EXPECT_EQ(got.ndim, 5);
  EXPECT_EQ(got.shape[3], 4);

  EXPECT_EQ(readNpyShape(dir.path + "/gone.npy", got),
            dir.path + "/gone.npy: cannot open: No such file or directory");
  EXPECT_EQ(readNpyShape(dir.path, got),
            dir.path + ": cannot read: Is a directory");
  std::string text = dir.write("text.npy", "hello");
  std::optional<std::string> error = readNpyShape(text, got);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->rfind(text + ": not a .npy file", 0), 0u) << *error;
  std::string cut = dir.write(
      "cut.npy",
      npyHeader(bridge::layout::NpyType::F64, 2, shape).substr(0, 30));
  error = readNpyShape(cut, got);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->rfind(cut + ": the file is truncated", 0), 0u) << *error;
}

TEST(Plan, SettingsSplitAtTheFirstEquals) {
  ParamSettings settings;
  EXPECT_EQ(parseSetting("n=1_000", settings), std::nullopt);
  EXPECT_EQ(parseSetting("path=a=b.npy", settings), std::nullopt);
  EXPECT_EQ(parseSetting("empty=", settings), std::nullopt);
  ASSERT_EQ(settings.size(), 3u);
  EXPECT_EQ(settings[0],
            std::make_pair(std::string("n"), std::string("1_000")));
  EXPECT_EQ(settings[1].second, "a=b.npy");
  EXPECT_EQ(settings[2].second, "");
  EXPECT_EQ(parseSetting("n", settings), "'n' is not NAME=VALUE");
  EXPECT_EQ(parseSetting("=5", settings), "'=5' is not NAME=VALUE");
  EXPECT_EQ(settings.size(), 3u);
}

} // namespace
