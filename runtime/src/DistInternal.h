//===- DistInternal.h - The layout of distributed arrays, for the runtime -===//
//
// A bridge_rt_dist lays its elements out on a chunk grid (bridge/layout/Grid.h:
// regular tilings, or the balanced slabs of BRIDGE_RT_BLOCK). Chunk c of the
// row-major grid is owned by the rank that the placement gives it; an owned
// chunk with no element has no storage and is absent from the legacy view.
//
// A halo array (bridge_rt_dist_halo) has the grid of its source but stores
// `haloWidth` extra elements on both sides of `haloAxis` in every chunk. Its
// chunk entries give the stored extents, with starts shifted by -haloWidth.
// Where layout::marginsInPlace holds, neighbouring chunks overlap in storage:
// a margin from a chunk on the same rank is that chunk's slabs, and along an
// axis other than the first a chunk's rows lie storedPitch apart.
//
// The runtime links without libstdc++: no STL containers, no operator new, no
// function-local statics with dynamic initialisation.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_RUNTIME_DISTINTERNAL_H
#define BRIDGE_RUNTIME_DISTINTERNAL_H

#include "Internal.h"

#include "bridge/layout/Grid.h"
#include "bridge/layout/Placement.h"

#include <stdlib.h>
#include <string.h>

namespace bridge::rt {

/// A growable array of trivially copyable values in malloc'd memory.
template <typename T> class Vec {
public:
  Vec() = default;
  Vec(const Vec &) = delete;
  Vec &operator=(const Vec &) = delete;
  ~Vec() { free(items); }

  void push(const T &value) {
    if (n == cap)
      grow(cap ? cap * 2 : 8);
    items[n++] = value;
  }
  void resize(int64_t size) {
    if (size > cap)
      grow(size);
    n = size;
  }
  void clear() { n = 0; }
  int64_t size() const { return n; }
  T *data() { return items; }
  const T *data() const { return items; }
  T &operator[](int64_t i) { return items[i]; }
  const T &operator[](int64_t i) const { return items[i]; }
  T *begin() { return items; }
  T *end() { return items + n; }
  const T *begin() const { return items; }
  const T *end() const { return items + n; }

private:
  void grow(int64_t want) {
    void *p = realloc(items, size_t(want) * sizeof(T));
    if (!p)
      failf("out of memory allocating %lld bytes",
            (long long)(want * int64_t(sizeof(T))));
    items = static_cast<T *>(p);
    cap = want;
  }
  T *items = nullptr;
  int64_t n = 0, cap = 0;
};

} // namespace bridge::rt

static_assert(bridge::layout::kMaxDims == BRIDGE_MAX_DIMS,
              "grids have the ABI's dimensions");
static_assert(int32_t(bridge::layout::Placement::Contiguous) ==
                      BRIDGE_RT_CONTIGUOUS &&
                  int32_t(bridge::layout::Placement::Block) == BRIDGE_RT_BLOCK,
              "one numbering of placements");

namespace bridge::rt {
struct HaloExchange;
} // namespace bridge::rt

struct bridge_rt_dist {
  bridge_array view;
  int32_t placement;
  bridge::layout::Grid grid;
  int64_t lo, hi;      // Chunks [lo, hi) are owned by this rank.
  int32_t haloAxis;    // -1 unless a halo array.
  int64_t haloWidth;
  // The rank's chunks overlap in storage (layout::marginsInPlace): a
  // chunk's slabs follow those of the chunk before it in its line of chunks
  // along the halo axis, whose last slabs are its lower margin.
  bool marginsInPlace;
  // Chunks whose edge slabs bridge_rt_dist_share_margins has copied into
  // their neighbours' margins since the last fill.
  int64_t sharedChunks;
  // The margins on their way while the producer writes (HaloFill.cpp):
  // owned, or null.
  bridge::rt::HaloExchange *early;
  int32_t haloSerial; // Halo arrays created before this one.
  // Byte offset in `storage` of each owned chunk [lo, hi), -1 for one without
  // elements; null for a block-cyclic array, which has its own table.
  int64_t *offsets;
  // The legacy view's entries (owned chunks with elements), built when first
  // asked for (ownedView): 80 bytes a chunk, 10 % of a chunk of 100 f64.
  bridge_chunk *table;
  void *storage; // One allocation for all stored chunks.
  // A copy of the block-cyclic array this one was moved from (Cyclic.cpp),
  // so that moving it back into that layout copies locally; owned, or null.
  bridge_rt_dist *cyclicShadow;
};

namespace bridge::rt {

/// The grid of an array of `ndim` dimensions and global `shape` under
/// `placement`: tiled by `chunks` when contiguous; one balanced slab of axis
/// 0 per rank under BRIDGE_RT_BLOCK (`chunks` unused, may be null). Fails
/// the job, naming `fn`, on invalid arguments or a grid of more than
/// INT64_MAX chunks.
layout::Grid makeGrid(int32_t ndim, const int64_t *shape, const int64_t *chunks,
                      int32_t placement, const char *fn);

/// Creates an array on `grid` (copied). `haloAxis` < 0 for an ordinary
/// array. `what` names the caller in errors.
bridge_rt_dist *createDist(int32_t dtype, const layout::Grid &grid,
                           int32_t placement, int32_t haloAxis,
                           int64_t haloWidth, const char *what);

/// Completes and frees the margins that `a`'s producer sent ahead of a fill
/// that never came (HaloFill.cpp).
void endHaloExchange(bridge_rt_dist *a);

/// Posts non-blocking point-to-point transfers of `bytes` at `buf` on the
/// runtime's communicator with `tag`, in pieces of at most 1 GiB so that MPI
/// can count them.
void postPieces(Vec<MPI_Request> &reqs, bool send, char *buf, int64_t bytes,
                int peer, int tag, const char *fn);

/// numpy.pad's source coordinate, as a DimMap::coord: `ctx` is a PadCoord
/// for an axis of `n` elements; -1 for a zero.
struct PadCoord {
  int64_t n;
  int32_t mode; // a bridge_rt_pad_mode
};
int64_t padCoord(const void *ctx, int64_t t);

/// Writes halo array `dst` (its haloAxis and haloWidth) from `src`, an
/// ordinary array on the same grid, as numpy.pad(src, width, mode) along the
/// axis: the redistribution engine moves every stored row from its owner,
/// and constant mode's zeros are written first. Collective.
void padInto(bridge_rt_dist *dst, const bridge_rt_dist *src, int32_t mode,
             const char *fn);

/// The rank that owns `chunk` of `a` (0 <= chunk < a->grid.nchunks).
inline int32_t chunkOwner(const bridge_rt_dist *a, int64_t chunk) {
  return layout::chunkOwner(layout::Placement(a->placement), chunk,
                            a->grid.nchunks, bridge_rt_size());
}

/// The view's entry (stored extents) of owned chunk `chunk` at grid
/// coordinates `at`; its data is null when this rank does not store it.
bridge_chunk chunkAt(const bridge_rt_dist *a, int64_t chunk,
                     const int64_t at[BRIDGE_MAX_DIMS]);
/// The same, finding the chunk's coordinates.
bridge_chunk storedChunk(const bridge_rt_dist *a, int64_t chunk);
/// The storage of `chunk`, or null when this rank does not store it.
char *chunkData(const bridge_rt_dist *a, int64_t chunk);

/// The stored elements along the halo axis of halo array `a` between
/// consecutive positions, on the axes before it, of its owned chunk at
/// coordinates `at`: the chunk's stored extent, or, where margins are read
/// in place, that of the rank's block of the chunk's line.
int64_t storedPitch(const bridge_rt_dist *a, const int64_t at[BRIDGE_MAX_DIMS]);

/// The byte strides of stored chunk `c` of `a` (from storedChunk).
void storedStrides(const bridge_rt_dist *a, const bridge_chunk &c,
                   int64_t strides[BRIDGE_MAX_DIMS]);
/// The legacy view of `a`, its table built on first use.
const bridge_array &ownedView(bridge_rt_dist *a);

/// The chunks this rank stores, in ascending index, each entry computed as
/// the walk reaches it: `for (StoredChunks it(a); !it.done(); it.next())`.
class StoredChunks {
public:
  explicit StoredChunks(const bridge_rt_dist *a);
  bool done() const { return chunk >= last; }
  const bridge_chunk &operator*() const { return entry; }
  const bridge_chunk *operator->() const { return &entry; }
  void next();

private:
  void settle();
  const bridge_rt_dist *a;
  int64_t chunk, last;
  int64_t at[BRIDGE_MAX_DIMS] = {0, 0, 0, 0};
  bridge_chunk entry = {};
};

/// How one destination dimension reads the source, for redistribute():
/// either affine (as bridge_rt_axis_map) or, when `coord` is set, an explicit
/// function from the destination coordinate to a source coordinate (negative:
/// not written). Destination coordinates are those of the stored extent: a
/// halo array's chunk that starts at s along its halo axis with width w
/// covers [s - w, e + w).
struct DimMap {
  int32_t srcDim;
  int64_t offset, step, lo, hi;
  int64_t (*coord)(const void *ctx, int64_t t);
  const void *ctx;
};

/// The data-movement engine behind bridge_rt_redistribute and halos: `maps`
/// has one entry per dimension of `dst` (ndim of them, validated by the
/// caller). Collective.
void redistribute(bridge_rt_dist *dst, const bridge_rt_dist *src,
                  const DimMap *maps, const char *fn);

/// Copies the 2-D array `src` into `dst` of the same dtype and shape, one of
/// them BRIDGE_RT_CYCLIC, the other contiguous or cyclic (Cyclic.cpp).
/// Collective.
void cyclicMove(bridge_rt_dist *dst, const bridge_rt_dist *src,
                const char *fn);

/// Element size of `a`'s dtype.
inline int64_t elemSize(const bridge_rt_dist *a) {
  return bridge_dtype_size(a->view.dtype);
}

} // namespace bridge::rt

#endif // BRIDGE_RUNTIME_DISTINTERNAL_H
