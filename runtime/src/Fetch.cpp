//===- Fetch.cpp - One element of a distributed array, on every rank ------===//

#include "DistInternal.h"

#include <string.h>

using namespace bridge::rt;

extern "C" void bridge_rt_dist_fetch(const bridge_rt_dist *src,
                                     const int64_t *coords, void *out) {
  const char *fn = "bridge_rt_dist_fetch";
  bridge::rt::SpanScope span("fetch", "transfer");
  int ndim = src->view.ndim;
  int64_t kc[BRIDGE_MAX_DIMS] = {0, 0, 0, 0}, local[BRIDGE_MAX_DIMS] = {0, 0, 0, 0};
  for (int d = 0; d < ndim; ++d) {
    if (coords[d] < 0 || coords[d] >= src->view.shape[d])
      failf("%s: index %lld is out of bounds for axis %d with size %lld", fn,
            (long long)coords[d], d, (long long)src->view.shape[d]);
    kc[d] = src->grid.axes[d].find(coords[d]);
    local[d] = coords[d] - src->grid.axes[d].begin(kc[d]) +
               (d == src->haloAxis ? src->haloWidth : 0);
  }
  int64_t chunk = src->grid.index(kc), esize = elemSize(src);
  int owner = chunkOwner(src, chunk);
  if (owner == bridge_rt_rank()) {
    bridge_chunk c = storedChunk(src, chunk);
    int64_t strides[BRIDGE_MAX_DIMS], offset = 0;
    storedStrides(src, c, strides);
    for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
      offset += local[d] * strides[d];
    memcpy(out, static_cast<const char *>(c.data) + offset, size_t(esize));
  }
  checkMPI(MPI_Bcast(out, int(esize), MPI_BYTE, owner, comm()), fn);
}
