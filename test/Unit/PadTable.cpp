//===- PadTable.cpp - numpy.pad's sources as the layout library gives them -===//
//
// `--bridge-pad-table` prints, for every pad mode, axis length n and width w,
// the source index of each padded position (-1 for a zero), for
// Inputs/pad_table.py to compare with numpy.pad itself.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "bridge/layout/Pad.h"

#include <stdio.h>

using namespace bridge::layout;

int bridge::test::printPadTable() {
  if (bridge_rt_rank() != 0)
    return 0;
  static const struct {
    const char *name;
    PadMode mode;
  } kModes[] = {{"edge", PadMode::Edge},
                {"symmetric", PadMode::Symmetric},
                {"reflect", PadMode::Reflect},
                {"wrap", PadMode::Wrap},
                {"constant", PadMode::Constant}};
  for (const auto &m : kModes)
    for (int64_t n = 1; n <= 7; ++n)
      for (int64_t w = 0; w <= 3 * n + 2; ++w) {
        printf("%s %lld %lld", m.name, (long long)n, (long long)w);
        for (int64_t t = -w; t < n + w; ++t)
          printf(" %lld", (long long)padSource(t, n, m.mode));
        printf("\n");
      }
  return 0;
}
