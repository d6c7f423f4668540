//===- SizedProgram.cpp - A program whose sizes come with the run ---------===//
//
// Starts as a generated program does: it embeds a placement plan (built here
// by hand) whose sizes depend on parameters and on a .npy file's header,
// then calls bridge_rt_init with its command line. What a pipeline of
//
//   param n: i64 = 1000                                    # pipeline.bdsl:1
//   param input: str                                       # pipeline.bdsl:2
//   param scale: f64 = 0.5
//   param verbose: bool = false
//   let a = load(input, dtype=f64, ndim=2, chunks=[250, -1])
//   let b = random([n, a.shape[1]], chunks=[250, -1])
//   let z = a + b
//   print z[n - 1, 0] + sum(z)
//
// would carry. Rank 0 then prints every size and parameter it reads through
// the C API, and whether every rank read the same; run-sizes.test drives it.
//
//===----------------------------------------------------------------------===//

#include "bridge/plan.h"
#include "bridge/runtime.h"

#include <mpi.h>

#include <stdio.h>

#include <string>

using namespace bridge::plan;

namespace {

Plan sizedPlan() {
  Plan plan;
  SizeProgram &sizes = plan.sizes;
  sizes.addParam(
      {"n", ParamType::I64, std::string("1000"), "pipeline.bdsl:1:7"});
  int32_t input = sizes.addParam(
      {"input", ParamType::Str, std::nullopt, "pipeline.bdsl:2:7"});
  sizes.addParam(
      {"scale", ParamType::F64, std::string("0.5"), "pipeline.bdsl:3:7"});
  sizes.addParam(
      {"verbose", ParamType::Bool, std::string("false"), "pipeline.bdsl:4:7"});
  int32_t file = sizes.addFile(
      {FileFormat::Npy, "", input, "", BRIDGE_F64, 2, "pipeline.bdsl:5:9"});

  int64_t n = sizes.param(0);
  sizes.check(*sizes.apply(SizeOp::Lt, 0, n, 0, "pipeline.bdsl:6:18"),
              "pipeline.bdsl:6:18",
              "shape entry must be positive, got {s" +
                  std::to_string(symbolIndex(n)) + "}");
  int64_t rows = sizes.fileDim(file, 0), cols = sizes.fileDim(file, 1);
  auto text = [](int64_t size) {
    return isSymbol(size) ? "{s" + std::to_string(symbolIndex(size)) + "}"
                          : std::to_string(size);
  };
  sizes.check(*sizes.apply(SizeOp::Eq, rows, n, 0, "pipeline.bdsl:7:11"),
              "pipeline.bdsl:7:11",
              "shapes [" + text(rows) + ", " + text(cols) + "] and [" +
                  text(n) + ", " + text(cols) + "] cannot broadcast");
  int64_t chunk = *sizes.apply(SizeOp::Min, n, 250);
  int64_t grown = *sizes.apply(SizeOp::Add, n, 249, 0, "pipeline.bdsl:5:9");
  int64_t nchunks = *sizes.apply(SizeOp::FloorDiv, grown, 250);
  int64_t last = *sizes.apply(SizeOp::Sub, n, 1, 0, "pipeline.bdsl:8:7");

  plan.arrays.push_back(
      {"pipeline.bdsl:5", 8, false, false, 0, 0, {rows, cols}, {chunk, cols}, -1, 0});
  plan.arrays.push_back(
      {"pipeline.bdsl:6", 8, false, false, 0, 0, {n, cols}, {chunk, cols}, -1, 0});
  plan.arrays.push_back(
      {"pipeline.bdsl:7", 8, false, false, 0, 0, {n, cols}, {chunk, cols}, -1, 0});
  plan.steps.push_back({StepKind::Load, "input", {}, {0}, {}, 0, 0});
  plan.steps.push_back({StepKind::Alloc, "", {}, {1}, {}, 0, 0});
  plan.steps.push_back({StepKind::Alloc, "", {}, {2}, {}, 0, 0});
  plan.steps.push_back({StepKind::Stage, "", {0, 1}, {2}, {}, 1, nchunks});
  plan.steps.push_back({StepKind::Combine, "", {}, {}, {}, 1, nchunks});
  plan.steps.push_back({StepKind::Fetch,
                        "",
                        {2},
                        {},
                        {{0, 0, 1, last, last}, {0, 0, 1, 0, 0}},
                        0,
                        0});
  plan.steps.push_back({StepKind::Free, "", {0, 1, 2}, {}, {}, 0, 0});
  return plan;
}

/// FNV-1a, to compare strings across ranks.
int64_t hashOf(const std::string &text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return int64_t(h);
}

/// Whether every rank holds `value`.
bool agree(int64_t value) {
  int64_t low = 0, high = 0;
  MPI_Allreduce(&value, &low, 1, MPI_INT64_T, MPI_MIN, MPI_COMM_WORLD);
  MPI_Allreduce(&value, &high, 1, MPI_INT64_T, MPI_MAX, MPI_COMM_WORLD);
  return low == high;
}

} // namespace

int main(int argc, char **argv) {
  Plan plan = sizedPlan();
  // Static, as the compiler embeds it.
  static const std::string text = serialize(plan);
  bridge_rt_set_plan(text.c_str());
  bridge_rt_init(argc, argv);

  bool same = true;
  std::string sizes;
  for (size_t k = 0; k < plan.sizes.insts.size(); ++k) {
    int64_t value = bridge_rt_size_value(int64_t(k));
    same &= agree(value);
    sizes += " s" + std::to_string(k) + "=" + std::to_string(value);
  }
  int64_t n = bridge_rt_param_i64(0);
  std::string input = bridge_rt_param_str(1);
  double scale = bridge_rt_param_f64(2);
  int32_t verbose = bridge_rt_param_bool(3);
  int64_t scaleBits = 0;
  __builtin_memcpy(&scaleBits, &scale, sizeof(scale));
  same &=
      agree(n) && agree(scaleBits) && agree(verbose) && agree(hashOf(input));
  if (bridge_rt_rank() == 0) {
    printf("sizes:%s\n", sizes.c_str());
    printf("n=%lld input=%s scale=%g verbose=%d\n", (long long)n, input.c_str(),
           scale, int(verbose));
    printf("%s\n", same ? "every rank agrees" : "the ranks disagree");
  }
  return bridge_rt_finalize();
}
