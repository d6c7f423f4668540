//===- FetchTest.cpp - One element on every rank --------------------------===//

#include "TestUtil.h"

#include <gtest/gtest.h>

using namespace bridge::test;

namespace {

void fillCodes(bridge_rt_dist *a) {
  const bridge_array *v = bridge_rt_dist_view(a);
  int32_t dtype = v->dtype;
  forEachElement(v, [&](const int64_t *g, char *p) {
    storeAs(dtype, p, dtype == BRIDGE_BOOL ? double((g[0] + g[1]) % 2)
                                           : double(g[0] * 100 + g[1] + 1));
  });
}

} // namespace

TEST(Fetch, EveryElementEveryDtype) {
  int64_t shape[2] = {9, 7}, chunks[2] = {4, 3};
  for (int32_t dtype : {BRIDGE_F64, BRIDGE_F32, BRIDGE_I64, BRIDGE_I32,
                        BRIDGE_BOOL}) {
    for (bool block : {false, true}) {
      bridge_rt_dist *a =
          block ? bridge_rt_dist_create_block(dtype, 2, shape)
                : bridge_rt_dist_create(dtype, 2, shape, chunks,
                                        BRIDGE_RT_CONTIGUOUS);
      fillCodes(a);
      int64_t bad = 0;
      for (int64_t i = 0; i < shape[0]; ++i)
        for (int64_t j = 0; j < shape[1]; ++j) {
          int64_t coords[2] = {i, j};
          char out[8] = {0};
          bridge_rt_dist_fetch(a, coords, out);
          double want = dtype == BRIDGE_BOOL ? double((i + j) % 2)
                                             : double(i * 100 + j + 1);
          bad += loadAs(dtype, out) != want;
        }
      EXPECT_EQ(bad, 0) << "dtype " << dtype << (block ? " block" : "");
      bridge_rt_dist_destroy(a);
    }
  }
}

TEST(Fetch, FromAHalo) {
  int64_t n = 10, chunk = 3, shape1[1] = {n};
  bridge_rt_dist *a = bridge_rt_dist_create(BRIDGE_I64, 1, shape1, &chunk,
                                            BRIDGE_RT_CONTIGUOUS);
  fillCodes(a);
  bridge_rt_dist *h = bridge_rt_dist_halo(a, 0, 2, BRIDGE_RT_PAD_WRAP);
  for (int64_t i = 0; i < n; ++i) {
    int64_t out = -1;
    bridge_rt_dist_fetch(h, &i, &out);
    EXPECT_EQ(out, i * 100 + 1);
  }
  bridge_rt_dist_destroy(h);
  bridge_rt_dist_destroy(a);
}
