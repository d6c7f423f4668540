//===- Main.cpp - GoogleTest driver for the runtime under MPI -------------===//
//
// Runs the unit tests on every rank. Rank 0 prints GoogleTest's usual report;
// other ranks print only their failures. `--bridge-fail=MODE` instead drives
// one of the runtime's fatal paths, for runtime-fail.test, and the file modes
// of FileModes.cpp serve the .npy lit tests.
//
//===----------------------------------------------------------------------===//

#include "NpyUtil.h"
#include "RunSizes.h"
#include "bridge/runtime.h"

#include <gtest/gtest.h>
#include <mpi.h>

#include <stdio.h>
#include <string.h>

namespace {

class RankFailurePrinter : public testing::EmptyTestEventListener {
public:
  explicit RankFailurePrinter(int rank) : rank(rank) {}
  void OnTestPartResult(const testing::TestPartResult &r) override {
    if (r.failed())
      fprintf(stderr, "[rank %d] %s:%d: failure\n%s\n", rank,
              r.file_name() ? r.file_name() : "?", r.line_number(),
              r.summary());
  }

private:
  int rank;
};

// Each mode ends the job from inside the runtime while the other ranks wait
// in a collective, to show that no rank hangs.
int runFailMode(const char *mode) {
  int rank = bridge_rt_rank(), last = bridge_rt_size() - 1;
  if (!strcmp(mode, "legacy-check")) {
    if (rank == last)
      bridge_rt_legacy_check("solve", 3);
  } else if (!strcmp(mode, "message")) {
    if (rank == 0)
      bridge_rt_fail("something went wrong");
  } else if (!strcmp(mode, "legacy-mpi-error")) {
    if (rank == last) {
      MPI_Comm comm;
      bridge_rt_legacy_comm(&comm);
      bridge_rt_legacy_enter("solve");
      int x = 0;
      MPI_Send(&x, 1, MPI_INT, bridge_rt_size() + 5, 0, comm); // Bad rank.
      bridge_rt_legacy_exit("solve");
    }
  } else if (!strcmp(mode, "not-owned")) {
    int64_t shape[1] = {10}, chunks[1] = {10};
    bridge_rt_dist *a = bridge_rt_dist_create(BRIDGE_F64, 1, shape, chunks,
                                              BRIDGE_RT_CONTIGUOUS);
    if (rank == 0 && last > 0)
      bridge_rt_dist_chunk(a, 0); // Chunk 0 lives on the last rank.
    else if (rank == 0)
      bridge_rt_dist_chunk(a, 1); // Outside the grid.
  } else if (!strcmp(mode, "grid-box")) {
    int64_t shape[2] = {10, 10}, chunks[2] = {5, 4};
    bridge_rt_grid *grid =
        bridge_rt_grid_create(2, shape, chunks, BRIDGE_RT_CONTIGUOUS);
    int64_t start[2], extent[2];
    if (rank == last)
      bridge_rt_grid_box(grid, 6, start, extent); // The grid has 6 chunks.
  } else if (!strcmp(mode, "grid-overflow")) {
    int64_t shape[2] = {int64_t(1) << 40, int64_t(1) << 40}, chunks[2] = {1, 1};
    if (rank == 0)
      bridge_rt_grid_create(2, shape, chunks, BRIDGE_RT_CONTIGUOUS);
  } else if (!strcmp(mode, "halo-mode")) {
    int64_t shape[1] = {10}, chunks[1] = {5};
    bridge_rt_dist *a =
        bridge_rt_dist_create_halo(BRIDGE_F64, 1, shape, chunks, 0, 1);
    if (rank == last) // The producer shares for edge, the fill is for wrap.
      bridge_rt_dist_share_margins(a, 1, BRIDGE_RT_PAD_EDGE);
    bridge_rt_dist_fill_halo(a, BRIDGE_RT_PAD_WRAP);
  } else if (!strcmp(mode, "oom")) {
    if (rank == 0)
      bridge_rt_alloc(int64_t(1) << 62);
  } else if (!strcmp(mode, "select-mask-dtype")) {
    int64_t shape[1] = {6}, chunks[1] = {4};
    bridge_rt_dist *a = bridge_rt_dist_create(BRIDGE_F64, 1, shape, chunks,
                                              BRIDGE_RT_CONTIGUOUS);
    int64_t count;
    if (rank == last)
      bridge_rt_select_mask(a, a, &count); // The mask is not bool.
  } else if (!strcmp(mode, "selection-place-shape")) {
    int64_t shape[1] = {6}, chunks[1] = {4};
    bridge_rt_dist *a = bridge_rt_dist_create(BRIDGE_I32, 1, shape, chunks,
                                              BRIDGE_RT_CONTIGUOUS);
    const bridge_array *view = bridge_rt_dist_view(a);
    for (int64_t c = 0; c < view->nchunks; ++c)
      memset(view->chunks[c].data, 0, size_t(view->chunks[c].shape[0]) * 4);
    int64_t count;
    bridge_rt_selection *unique = bridge_rt_unique_open(BRIDGE_I32);
    for (int64_t c = 0; c < view->nchunks; ++c)
      bridge_rt_select_chunk(unique, view->chunks[c].data, nullptr,
                             view->chunks[c].shape[0]);
    bridge_rt_selection_close(unique, &count);
    int64_t wrong[1] = {count + 1};
    bridge_rt_dist *dst = bridge_rt_dist_create(BRIDGE_I32, 1, wrong, chunks,
                                                BRIDGE_RT_CONTIGUOUS);
    if (rank == last)
      bridge_rt_selection_place(unique, dst); // One row too many.
  } else if (!strcmp(mode, "size-index")) {
    if (rank == last)
      bridge_rt_size_value(5); // The unit tests embed no sizes.
  } else if (!strcmp(mode, "param-type") || !strcmp(mode, "param-index")) {
    bridge::plan::SizeProgram program;
    program.addParam(
        {"n", bridge::plan::ParamType::I64, std::string("3"), "a.bdsl:1:7"});
    bridge::rt::evaluateRunSizes(program, {});
    if (rank == 0 && !strcmp(mode, "param-type"))
      bridge_rt_param_str(0);
    if (rank == last && !strcmp(mode, "param-index"))
      bridge_rt_param_f64(-1);
  } else {
    fprintf(stderr, "unknown --bridge-fail mode '%s'\n", mode);
    return 2;
  }
  MPI_Barrier(MPI_COMM_WORLD);
  return 0; // Not reached when the mode fails the job.
}

} // namespace

int main(int argc, char **argv) {
  // The tests own MPI here, so bridge_rt_finalize leaves it to us.
  MPI_Init(&argc, &argv);
  bridge_rt_init(argc, argv);
  int rank = bridge_rt_rank();

  for (int i = 1; i < argc; ++i) {
    if (!strncmp(argv[i], "--bridge-fail=", 14))
      return runFailMode(argv[i] + 14);
    int status = !strcmp(argv[i], "--bridge-pad-table")
                     ? bridge::test::printPadTable()
                     : bridge::test::runFileMode(argv[i]);
    if (status >= 0) {
      fflush(stdout);
      int end = bridge_rt_finalize();
      MPI_Finalize();
      return status || end;
    }
  }

  testing::InitGoogleTest(&argc, argv);
  if (rank != 0) {
    testing::TestEventListeners &listeners =
        testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
    listeners.Append(new RankFailurePrinter(rank));
  }
  int failed = RUN_ALL_TESTS() != 0, anyFailed = 0;
  MPI_Allreduce(&failed, &anyFailed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  if (rank == 0 && anyFailed && !failed)
    fprintf(stderr, "some rank other than 0 failed a test\n");

  int status = bridge_rt_finalize();
  MPI_Finalize();
  return anyFailed || status != 0;
}
