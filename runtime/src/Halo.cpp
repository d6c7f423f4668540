//===- Halo.cpp - Chunks extended by their neighbours' rows (numpy.pad) ---===//
//
// A halo array has its source's grid and owners; along the halo axis, stored
// element l of the chunk starting at s holds padded[s + l] with padded =
// numpy.pad(src, width, mode). Each stored coordinate t in [s - w, e + w)
// (unpadded coordinates) reads the source coordinate that numpy.pad copies
// there (bridge/layout/Pad.h); the redistribution engine then moves the rows
// from their owners.
//
//===----------------------------------------------------------------------===//

#include "DistInternal.h"

#include "bridge/layout/Pad.h"

#include <string.h>

using namespace bridge::rt;
using bridge::layout::PadMode;

static_assert(int32_t(PadMode::Edge) == BRIDGE_RT_PAD_EDGE &&
                  int32_t(PadMode::Symmetric) == BRIDGE_RT_PAD_SYMMETRIC &&
                  int32_t(PadMode::Reflect) == BRIDGE_RT_PAD_REFLECT &&
                  int32_t(PadMode::Wrap) == BRIDGE_RT_PAD_WRAP &&
                  int32_t(PadMode::Constant) == BRIDGE_RT_PAD_CONSTANT,
              "one numbering of pad modes");

int64_t bridge::rt::padCoord(const void *ctx, int64_t t) {
  const PadCoord &pad = *static_cast<const PadCoord *>(ctx);
  return bridge::layout::padSource(t, pad.n, PadMode(pad.mode));
}

extern "C" bridge_rt_dist *bridge_rt_dist_halo(const bridge_rt_dist *src,
                                               int32_t axis, int64_t width,
                                               int32_t mode) {
  const char *fn = "bridge_rt_dist_halo";
  bridge::rt::SpanScope span("halo", "transfer");
  if (!src)
    failf("%s: null array", fn);
  int ndim = src->view.ndim;
  if (axis < 0 || axis >= ndim)
    failf("%s: axis %d of a %d-dimensional array", fn, int(axis), ndim);
  if (width < 0 || width > (INT64_MAX >> 3))
    failf("%s: invalid width %lld", fn, (long long)width);
  if (mode < BRIDGE_RT_PAD_EDGE || mode > BRIDGE_RT_PAD_CONSTANT)
    failf("%s: unknown pad mode %d", fn, int(mode));
  if (src->haloAxis >= 0)
    failf("%s: the source already has a halo", fn);

  bridge_rt_dist *dst =
      createDist(src->view.dtype, src->grid, src->placement, axis, width, fn);
  padInto(dst, src, mode, fn);
  return dst;
}

void bridge::rt::padInto(bridge_rt_dist *dst, const bridge_rt_dist *src,
                         int32_t mode, const char *fn) {
  int axis = dst->haloAxis;
  int64_t esize = elemSize(dst);
  // The engine leaves the zeros of constant mode unwritten.
  if (mode == BRIDGE_RT_PAD_CONSTANT)
    for (StoredChunks it(dst); !it.done(); it.next()) {
      // Along an axis other than the first, the rows of a chunk whose
      // margins are read in place lie a pitch apart.
      int64_t strides[BRIDGE_MAX_DIMS], rowBytes = esize, rows = 1;
      storedStrides(dst, *it, strides);
      for (int d = axis; d < BRIDGE_MAX_DIMS; ++d)
        rowBytes *= it->shape[d];
      for (int d = 0; d < axis; ++d)
        rows *= it->shape[d];
      for (int64_t r = 0; r < rows; ++r)
        memset(static_cast<char *>(it->data) +
                   r * (axis ? strides[axis - 1] : 0),
               0, size_t(rowBytes));
    }
  PadCoord pad{src->view.shape[axis], mode};
  DimMap maps[BRIDGE_MAX_DIMS];
  for (int d = 0; d < src->view.ndim; ++d)
    maps[d] = DimMap{d, 0, 1, 0, src->view.shape[d], nullptr, nullptr};
  maps[axis].coord = padCoord;
  maps[axis].ctx = &pad;
  redistribute(dst, src, maps, fn);
}
