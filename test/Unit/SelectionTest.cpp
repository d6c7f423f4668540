//===- SelectionTest.cpp - x[mask] and unique(x), of data-dependent length ===//
//
// Every rank generates the whole input from its global indices and computes
// the result sequentially (the selected units in row-major order; std::sort
// and std::unique with NaN last, as NumPy's unique), then checks the count
// and the elements of the destination chunks it stores. Each test runs
// unchanged at any rank count.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <gtest/gtest.h>
#include <mpi.h>

#include <math.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace bridge::test;

namespace {

using Shape = std::vector<int64_t>;

int64_t product(const Shape &shape, size_t from = 0) {
  int64_t n = 1;
  for (size_t d = from; d < shape.size(); ++d)
    n *= shape[d];
  return n;
}

uint64_t mix(uint64_t i) {
  uint64_t z = (i + 1) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 31)) * 0xBF58476D1CE4E5B9ull;
  return z ^ (z >> 29);
}

/// `v` as an element of `dtype` holds it, read back as a double.
double asStored(int32_t dtype, double v) {
  char bytes[8];
  storeAs(dtype, bytes, v);
  return loadAs(dtype, bytes);
}

/// Element `i` (flat, row-major) of a source of `dtype`.
double sourceValue(int32_t dtype, int64_t i) {
  switch (dtype) {
  case BRIDGE_F64:
  case BRIDGE_F32:
    return asStored(dtype, testValue(uint64_t(i)));
  case BRIDGE_BOOL:
    return double(mix(uint64_t(i)) % 2);
  default:
    return double(int64_t(mix(uint64_t(i)) % 2001) - 1000);
  }
}

bridge_rt_dist *create(int32_t dtype, const Shape &shape, const Shape &chunks) {
  return bridge_rt_dist_create(dtype, int32_t(shape.size()), shape.data(),
                               chunks.data(), BRIDGE_RT_CONTIGUOUS);
}

/// The row-major flat index of global coordinates `g` in `shape`.
int64_t flatIndex(const int64_t *g, const int64_t *shape, int32_t ndim) {
  int64_t flat = 0;
  for (int32_t d = 0; d < ndim; ++d)
    flat = flat * shape[d] + g[d];
  return flat;
}

/// Fills every stored element of `a` with f(flat index).
template <typename F> void fill(bridge_rt_dist *a, F f) {
  const bridge_array *v = bridge_rt_dist_view(a);
  forEachElement(v, [&](const int64_t *g, char *p) {
    storeAs(v->dtype, p, f(flatIndex(g, v->shape, v->ndim)));
  });
}

bool same(double a, double b) { return (isnan(a) && isnan(b)) || a == b; }

/// Compares every element this rank stores of `dst` with `expected` (flat,
/// row-major) and the whole of its chunks with the expected element count.
void expectPlaced(bridge_rt_dist *dst, const std::vector<double> &expected,
                  const char *what) {
  const bridge_array *v = bridge_rt_dist_view(dst);
  int64_t bad = 0, seen = 0;
  std::string first;
  forEachElement(v, [&](const int64_t *g, char *p) {
    int64_t flat = flatIndex(g, v->shape, v->ndim);
    double got = loadAs(v->dtype, p);
    ++seen;
    if (flat >= int64_t(expected.size()) || !same(got, expected[flat])) {
      if (bad++ == 0)
        first = "at " + std::to_string(flat) + ": got " + std::to_string(got) +
                ", expected " +
                (flat < int64_t(expected.size())
                     ? std::to_string(expected[flat])
                     : std::string("nothing"));
    }
  });
  EXPECT_EQ(bad, 0) << what << " on rank " << bridge_rt_rank() << ": "
                    << first;
  int64_t all = 0;
  MPI_Allreduce(&seen, &all, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
  EXPECT_EQ(all, int64_t(expected.size())) << what;
}

/// The destination of a selection of `count` units of `unitShape`,
/// `dstChunk` units per chunk.
bridge_rt_dist *createResult(int32_t dtype, int64_t count,
                             const Shape &unitShape, int64_t dstChunk) {
  Shape shape{count}, chunks{dstChunk};
  for (int64_t e : unitShape) {
    shape.push_back(e);
    chunks.push_back(e);
  }
  return create(dtype, shape, chunks);
}

/// src[mask] for a source of `shape` and `chunks` (only axis 0 split) and a
/// mask over its first `maskDims` axes, whose flat entry j is isSet(j);
/// placed into chunks of `dstChunk` units.
template <typename IsSet>
void checkMask(int32_t dtype, const Shape &shape, const Shape &chunks,
               size_t maskDims, IsSet isSet, int64_t dstChunk,
               const char *what) {
  Shape maskShape(shape.begin(), shape.begin() + maskDims);
  Shape maskChunks(chunks.begin(), chunks.begin() + maskDims);
  Shape unitShape(shape.begin() + maskDims, shape.end());
  int64_t unit = product(unitShape);
  bridge_rt_dist *src = create(dtype, shape, chunks);
  bridge_rt_dist *mask = create(BRIDGE_BOOL, maskShape, maskChunks);
  fill(src, [&](int64_t i) { return sourceValue(dtype, i); });
  fill(mask, [&](int64_t j) { return isSet(j) ? 1.0 : 0.0; });

  std::vector<double> expected;
  for (int64_t j = 0; j < product(maskShape); ++j)
    if (isSet(j))
      for (int64_t k = 0; k < unit; ++k)
        expected.push_back(sourceValue(dtype, j * unit + k));
  int64_t count = -1;
  bridge_rt_selection *sel = bridge_rt_select_mask(src, mask, &count);
  ASSERT_EQ(count, int64_t(expected.size()) / unit) << what;
  bridge_rt_dist *dst = createResult(dtype, count, unitShape, dstChunk);
  bridge_rt_selection_place(sel, dst);
  expectPlaced(dst, expected, what);
  bridge_rt_dist_destroy(dst);
  bridge_rt_dist_destroy(mask);
  bridge_rt_dist_destroy(src);
}

/// Appends each of this rank's chunks of `values` (with their `flags`, or
/// none for a distinct selection) to `sel`, as a stage that computes them
/// does, closes it and places it in chunks of `dstChunk`; checks the count
/// and the placed elements against `expected`. Returns the result, or null
/// when the count is wrong.
bridge_rt_dist *appendAndPlace(bridge_rt_selection *sel,
                               const bridge_array *values,
                               const bridge_array *flags,
                               const std::vector<double> &expected,
                               int64_t dstChunk, const char *what) {
  for (int64_t c = 0; c < values->nchunks; ++c)
    bridge_rt_select_chunk(sel, values->chunks[c].data,
                           flags ? flags->chunks[c].data : nullptr,
                           bridge_chunk_size(&values->chunks[c]));
  int64_t count = -1;
  bridge_rt_selection_close(sel, &count);
  EXPECT_EQ(count, int64_t(expected.size())) << what;
  if (count != int64_t(expected.size()))
    return nullptr;
  bridge_rt_dist *dst = createResult(values->dtype, count, {}, dstChunk);
  bridge_rt_selection_place(sel, dst);
  expectPlaced(dst, expected, what);
  return dst;
}

/// The same selection of elements appended a chunk at a time, as a stage
/// that computes the source and the mask appends it.
template <typename IsSet>
void checkAppended(int32_t dtype, int64_t n, int64_t chunk, IsSet isSet,
                   int64_t dstChunk, const char *what) {
  bridge_rt_dist *src = create(dtype, {n}, {chunk});
  bridge_rt_dist *mask = create(BRIDGE_BOOL, {n}, {chunk});
  fill(src, [&](int64_t i) { return sourceValue(dtype, i); });
  fill(mask, [&](int64_t j) { return isSet(j) ? 1.0 : 0.0; });
  std::vector<double> expected;
  for (int64_t j = 0; j < n; ++j)
    if (isSet(j))
      expected.push_back(sourceValue(dtype, j));
  bridge_rt_dist *dst = appendAndPlace(
      bridge_rt_selection_open(dtype), bridge_rt_dist_view(src),
      bridge_rt_dist_view(mask), expected, dstChunk, what);
  if (dst)
    bridge_rt_dist_destroy(dst);
  bridge_rt_dist_destroy(mask);
  bridge_rt_dist_destroy(src);
}

/// NumPy's unique of `values`: ascending, NaN last, one NaN.
std::vector<double> uniqueOf(std::vector<double> values) {
  std::sort(values.begin(), values.end(), [](double a, double b) {
    return isnan(b) ? !isnan(a) : a < b;
  });
  values.erase(std::unique(values.begin(), values.end(), same), values.end());
  return values;
}

/// unique(src) for `src` filled with value(flat index), into chunks of
/// `dstChunk`.
template <typename Value>
void checkUnique(bridge_rt_dist *src, Value value, int64_t dstChunk,
                 const char *what) {
  const bridge_array *v = bridge_rt_dist_view(src);
  int32_t dtype = v->dtype;
  fill(src, [&](int64_t i) { return value(i); });
  std::vector<double> all;
  int64_t n = 1;
  for (int32_t d = 0; d < v->ndim; ++d)
    n *= v->shape[d];
  for (int64_t i = 0; i < n; ++i)
    all.push_back(asStored(dtype, value(i)));
  std::vector<double> expected = uniqueOf(all);
  bridge_rt_dist *dst = appendAndPlace(bridge_rt_unique_open(dtype), v,
                                       nullptr, expected, dstChunk, what);
  if (!dst)
    return;
  // Zeros come out as 0.0, whichever zeros went in.
  forEachElement(bridge_rt_dist_view(dst), [&](const int64_t *, char *p) {
    double x = loadAs(dtype, p);
    EXPECT_FALSE(x == 0 && signbit(x)) << what;
  });
  bridge_rt_dist_destroy(dst);
}

/// Doubles with duplicates everywhere, NaNs, infinities and both zeros.
double specialValue(int64_t i) {
  switch (mix(uint64_t(i)) % 13) {
  case 0:
    return NAN;
  case 1:
    return -NAN;
  case 2:
    return INFINITY;
  case 3:
    return -INFINITY;
  case 4:
    return -0.0;
  case 5:
    return 0.0;
  default:
    return double(int64_t(mix(uint64_t(i) + 77) % 41) - 20) / 4;
  }
}

const int32_t kDtypes[] = {BRIDGE_F64, BRIDGE_F32, BRIDGE_I64, BRIDGE_I32,
                           BRIDGE_BOOL};

TEST(Selection, Mask1DUnevenChunks) {
  auto isSet = [](int64_t j) { return j * 37 % 5 < 2; };
  for (int32_t dtype : kDtypes)
    for (int64_t dstChunk : {int64_t(1), int64_t(7), int64_t(64)})
      checkMask(dtype, {103}, {10}, 1, isSet, dstChunk, "1-D mask");
}

TEST(Selection, Mask2DElementsUnevenChunks) {
  auto isSet = [](int64_t j) { return mix(uint64_t(j)) % 3 == 0; };
  checkMask(BRIDGE_F64, {13, 5}, {4, 5}, 2, isSet, 6, "2-D mask");
  checkMask(BRIDGE_I32, {13, 5}, {4, 5}, 2, isSet, 100, "2-D mask");
  checkMask(BRIDGE_F32, {9, 2, 3}, {2, 2, 3}, 3, isSet, 4, "3-D mask");
}

TEST(Selection, AppendedChunkByChunk) {
  auto isSet = [](int64_t j) { return j * 37 % 5 < 2; };
  for (int32_t dtype : kDtypes)
    checkAppended(dtype, 1003, 10, isSet, 64, "appended");
  // Growth past the first chunks, an all-false run, more ranks than chunks.
  checkAppended(BRIDGE_F64, 5000, 700, [](int64_t j) { return j > 1400; }, 333,
                "appended, a false start");
  checkAppended(BRIDGE_I64, 5, 4, [](int64_t j) { return j != 2; }, 8,
                "appended, two chunks");
  checkAppended(BRIDGE_F32, 23, 5, [](int64_t) { return false; }, 4,
                "appended, nothing");
}

TEST(Selection, RowMask) {
  auto isSet = [](int64_t j) { return j % 3 != 1; };
  for (int32_t dtype : kDtypes)
    checkMask(dtype, {17, 3}, {5, 3}, 1, isSet, 4, "row mask");
  checkMask(BRIDGE_F64, {17, 3}, {5, 3}, 1, isSet, 1, "row mask");
  // Sub-arrays of a 2-D mask over a 3-D array.
  checkMask(BRIDGE_F64, {7, 4, 2}, {3, 4, 2}, 2, isSet, 5, "2-D row mask");
}

TEST(Selection, AllFalse) {
  auto none = [](int64_t) { return false; };
  checkMask(BRIDGE_F64, {23}, {5}, 1, none, 4, "all-false mask");
  checkMask(BRIDGE_I64, {23, 3}, {5, 3}, 1, none, 4, "all-false row mask");
  checkMask(BRIDGE_BOOL, {6, 4}, {1, 4}, 2, none, 1, "all-false 2-D mask");
}

TEST(Selection, AllTrue) {
  auto all = [](int64_t) { return true; };
  checkMask(BRIDGE_F64, {23}, {5}, 1, all, 5, "all-true mask, same chunks");
  checkMask(BRIDGE_F64, {23}, {5}, 1, all, 3, "all-true mask");
  checkMask(BRIDGE_I32, {11, 3}, {4, 3}, 1, all, 11, "all-true row mask");
  checkMask(BRIDGE_F32, {11, 3}, {4, 3}, 2, all, 2, "all-true 2-D mask");
}

TEST(Selection, MoreRanksThanChunks) {
  auto isSet = [](int64_t j) { return j != 2; };
  // Two source chunks and one destination chunk: under four ranks most own
  // none.
  checkMask(BRIDGE_F64, {5}, {4}, 1, isSet, 8, "one destination chunk");
  checkMask(BRIDGE_F64, {5}, {5}, 1, isSet, 1, "one source chunk");
  checkMask(BRIDGE_I64, {2, 3}, {1, 3}, 1, isSet, 1, "two rows");
}

TEST(Selection, MaskOfEmptyArray) {
  auto all = [](int64_t) { return true; };
  checkMask(BRIDGE_F64, {0}, {4}, 1, all, 3, "empty array");
}

TEST(Selection, UniqueFloatsWithSpecialValues) {
  Shape shape{37, 6}, chunks{5, 4};
  for (int32_t dtype : {BRIDGE_F64, BRIDGE_F32}) {
    bridge_rt_dist *src = create(dtype, shape, chunks);
    for (int64_t dstChunk : {int64_t(1), int64_t(3), int64_t(50)})
      checkUnique(src, specialValue, dstChunk, "unique of floats");
    bridge_rt_dist_destroy(src);
  }
}

TEST(Selection, UniqueAllDistinctDoubles) {
  // Many distinct values, so that the splitters spread them over the ranks.
  bridge_rt_dist *src = create(BRIDGE_F64, {4000}, {300});
  checkUnique(src, [](int64_t i) { return testValue(uint64_t(i) % 3001); }, 128,
              "unique of distinct doubles");
  bridge_rt_dist_destroy(src);
}

TEST(Selection, UniqueOfManyValues) {
  // Enough values that an appended selection dedupes while it grows: few
  // distinct ones, then nearly all distinct.
  bridge_rt_dist *src = create(BRIDGE_I64, {200'000}, {9'999});
  checkUnique(src, [](int64_t i) { return double(mix(i) % 300); }, 64,
              "unique of few values among many");
  checkUnique(src, [](int64_t i) { return double(mix(i) % 150'000); }, 4096,
              "unique of many values");
  bridge_rt_dist_destroy(src);
}

TEST(Selection, UniqueIntegers) {
  bridge_rt_dist *i32 = create(BRIDGE_I32, {1000}, {64});
  auto spread = [](int64_t i) { return double(int64_t(mix(i) % 200) - 100); };
  checkUnique(i32, spread, 16, "unique of i32");
  checkUnique(i32, [](int64_t i) { return double(INT32_MIN + i % 3); }, 2,
              "unique of i32 extremes");
  bridge_rt_dist_destroy(i32);
  bridge_rt_dist *i64 = create(BRIDGE_I64, {20, 9}, {3, 2});
  checkUnique(i64, [](int64_t i) { return double(int64_t(mix(i) % 97) - 50); },
              7, "unique of i64");
  bridge_rt_dist_destroy(i64);
}

TEST(Selection, UniqueBool) {
  bridge_rt_dist *b = create(BRIDGE_BOOL, {50}, {7});
  checkUnique(b, [](int64_t i) { return double(i % 3 == 0); }, 1,
              "unique of bools");
  checkUnique(b, [](int64_t) { return 0.0; }, 4, "unique of false");
  checkUnique(b, [](int64_t) { return 1.0; }, 4, "unique of true");
  bridge_rt_dist_destroy(b);
}

TEST(Selection, UniqueOneValue) {
  bridge_rt_dist *src = create(BRIDGE_F64, {31}, {2});
  checkUnique(src, [](int64_t) { return 2.5; }, 1, "unique of one value");
  checkUnique(src, [](int64_t) { return NAN; }, 1, "unique of NaNs");
  bridge_rt_dist_destroy(src);
}

TEST(Selection, UniqueEmptyAndFewChunks) {
  bridge_rt_dist *empty = create(BRIDGE_F64, {0}, {3});
  checkUnique(empty, [](int64_t i) { return double(i); }, 2, "unique of empty");
  bridge_rt_dist_destroy(empty);
  bridge_rt_dist *one = create(BRIDGE_I32, {5}, {5});
  checkUnique(one, [](int64_t i) { return double(5 - i % 2); }, 1,
              "unique of one chunk");
  bridge_rt_dist_destroy(one);
}

TEST(Selection, UniqueOfBlockLayout) {
  int64_t shape[2] = {11, 3};
  bridge_rt_dist *src = bridge_rt_dist_create_block(BRIDGE_F64, 2, shape);
  checkUnique(src, specialValue, 5, "unique of a block layout");
  bridge_rt_dist_destroy(src);
}

} // namespace
