//===- Halo.cpp - Chunks extended by their neighbours' rows (numpy.pad) ---===//
//
// A halo array has its source's grid and owners; along the halo axis, stored
// element l of the chunk starting at s holds padded[s + l] with padded =
// numpy.pad(src, width, mode). Each stored coordinate t in [s - w, e + w)
// (unpadded coordinates) reads one source coordinate, computed in closed
// form below, which equals NumPy's iterative padding for every width; the
// redistribution engine then moves the rows from their owners.
//
//===----------------------------------------------------------------------===//

#include "DistInternal.h"

#include <string.h>

using namespace bridge::rt;

namespace {

struct Pad {
  int64_t n;
  int32_t mode;
};

int64_t positiveMod(int64_t t, int64_t p) {
  int64_t m = t % p;
  return m < 0 ? m + p : m;
}

/// The source coordinate of padded coordinate t (shifted so that the array
/// itself is [0, n)), or -1 for a zero.
int64_t padCoord(const void *ctx, int64_t t) {
  const Pad &pad = *static_cast<const Pad *>(ctx);
  int64_t n = pad.n;
  if (t >= 0 && t < n)
    return t;
  switch (pad.mode) {
  case BRIDGE_RT_PAD_EDGE:
    return t < 0 ? 0 : n - 1;
  case BRIDGE_RT_PAD_WRAP:
    return positiveMod(t, n);
  case BRIDGE_RT_PAD_REFLECT: {
    // Period 2n-2, mirrored without repeating the edge; NumPy extends a
    // single element as `edge` does.
    if (n == 1)
      return 0;
    int64_t m = positiveMod(t, 2 * n - 2);
    return m < n ? m : 2 * n - 2 - m;
  }
  case BRIDGE_RT_PAD_SYMMETRIC: {
    // Period 2n, mirrored repeating the edge.
    int64_t m = positiveMod(t, 2 * n);
    return m < n ? m : 2 * n - 1 - m;
  }
  default:
    return -1; // BRIDGE_RT_PAD_CONSTANT
  }
}

} // namespace

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

  bridge_rt_dist *dst = createDist(src->view.dtype, ndim, src->axes,
                                   src->placement, axis, width, fn);
  int64_t esize = elemSize(src);
  if (mode == BRIDGE_RT_PAD_CONSTANT)
    for (int64_t i = 0; i < dst->view.nchunks; ++i)
      memset(dst->table[i].data, 0,
             size_t(bridge_chunk_size(&dst->table[i]) * esize));

  Pad pad{src->view.shape[axis], mode};
  DimMap maps[BRIDGE_MAX_DIMS];
  for (int d = 0; d < ndim; ++d)
    maps[d] = DimMap{d, 0, 1, 0, src->view.shape[d], nullptr, nullptr};
  maps[axis].coord = padCoord;
  maps[axis].ctx = &pad;
  redistribute(dst, src, maps, fn);
  return dst;
}
