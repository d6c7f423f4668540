//===- Hdf5Modes.cpp - HDF5 file I/O driven from lit tests ----------------===//
//
// Modes of the test binary for the HDF5 lit tests (Inputs/h5_files.py makes
// and checks the files):
//   --bridge-h5-read=DIR     loads every dataset that DIR/manifest.txt lists
//                            under several chunkings and compares the values
//   --bridge-h5-write=DIR    saves datasets into DIR for h5py to check
//   --bridge-load-h5=FILE,DATASET,DTYPE,SHAPE    one load (SHAPE like 3x4)
//   --bridge-h5-shape=FILE,DATASET,DTYPE,NDIM    one inspection (-1: any)
//   --bridge-save-h5=FILE:/DATASET,DTYPE,SHAPE   one save
// "{rank}" in the FILE of a load or a save becomes the rank.
//
//===----------------------------------------------------------------------===//

#include "NpyUtil.h"

#include <mpi.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <string>
#include <vector>

using namespace bridge::test;

namespace {

int32_t parseDtype(const std::string &name) {
  for (int32_t t = BRIDGE_F64; t <= BRIDGE_BOOL; ++t)
    if (name == npyDtypeName(t))
      return t;
  if (name == "-1")
    return -1;
  fprintf(stderr, "unknown dtype '%s'\n", name.c_str());
  exit(2);
}

/// "3x4" (or "" for no dimension).
std::vector<int64_t> parseShape(const std::string &text) {
  std::vector<int64_t> shape;
  const char *p = text.c_str();
  while (*p) {
    shape.push_back(strtoll(p, const_cast<char **>(&p), 10));
    if (*p == 'x')
      ++p;
  }
  return shape;
}

/// `path` with "{rank}" replaced by this rank, so that a test can give the
/// ranks different views of the file system.
std::string withRank(std::string path) {
  size_t at = path.find("{rank}");
  if (at != std::string::npos)
    path.replace(at, 6, std::to_string(bridge_rt_rank()));
  return path;
}

std::vector<std::string> splitCommas(const char *text, size_t n) {
  std::vector<std::string> parts;
  std::string t(text);
  size_t at = 0;
  for (size_t i = 0; i + 1 < n; ++i) {
    size_t c = t.find(',', at);
    if (c == std::string::npos) {
      fprintf(stderr, "expected %zu comma-separated fields in '%s'\n", n, text);
      exit(2);
    }
    parts.push_back(t.substr(at, c - at));
    at = c + 1;
  }
  parts.push_back(t.substr(at));
  return parts;
}

/// The chunkings every dataset is read under: halves of every axis (chunks
/// that split later axes go through the bounce buffer), block slabs, single
/// rows of axis 0, and chunks one element thick but along the last axis.
bridge_rt_dist *createLayout(int layout, int32_t dtype,
                             const std::vector<int64_t> &shape) {
  int ndim = int(shape.size());
  if (layout == 1)
    return bridge_rt_dist_create_block(dtype, ndim, shape.data());
  int64_t chunks[BRIDGE_MAX_DIMS];
  for (int d = 0; d < ndim; ++d) {
    int64_t s = shape[d];
    switch (layout) {
    case 0: chunks[d] = s > 2 ? s / 2 : 1; break;
    case 2: chunks[d] = d == 0 ? 1 : (s > 0 ? s : 1); break;
    default:
      chunks[d] = d + 1 < ndim ? 1 : (s > 2 ? s / 2 : 1);
      break;
    }
  }
  return bridge_rt_dist_create(dtype, ndim, shape.data(), chunks,
                               BRIDGE_RT_CONTIGUOUS);
}

void requireAllMatch(bridge_rt_dist *a, const std::string &what) {
  int64_t bad = countNpyMismatches(a), total = 0;
  MPI_Allreduce(&bad, &total, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
  if (total != 0) {
    std::string msg = what + ": " + std::to_string(total) +
                      " elements differ from the expected values";
    bridge_rt_fail(msg.c_str());
  }
}

int h5Read(const char *dir) {
  std::string manifest = std::string(dir) + "/manifest.txt";
  FILE *f = fopen(manifest.c_str(), "r");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", manifest.c_str());
    return 2;
  }
  char file[4096], dataset[512], dtypeName[16], shapeText[128];
  int n = 0;
  while (fscanf(f, "%4095s %511s %15s %127s", file, dataset, dtypeName,
                shapeText) == 4) {
    int32_t dtype = parseDtype(dtypeName);
    std::vector<int64_t> shape = parseShape(shapeText);
    std::string what = std::string(file) + ":" + dataset;
    int32_t gotType = -1, gotNdim = -1;
    int64_t gotShape[BRIDGE_MAX_DIMS];
    bridge_rt_h5_shape(file, dataset, &gotType, &gotNdim, gotShape);
    bool same = gotType == dtype && gotNdim == int32_t(shape.size());
    for (int d = 0; d < BRIDGE_MAX_DIMS; ++d)
      same = same && gotShape[d] == (d < gotNdim ? shape[d] : 1);
    if (!same)
      bridge_rt_fail((what + ": bridge_rt_h5_shape disagrees").c_str());
    for (int layout = 0; layout < 4; ++layout) {
      bridge_rt_dist *a = createLayout(layout, dtype, shape);
      bridge_rt_load_h5(a, file, dataset);
      requireAllMatch(a, what + " (layout " + std::to_string(layout) + ")");
      bridge_rt_dist_destroy(a);
    }
    ++n;
  }
  fclose(f);
  if (bridge_rt_rank() == 0)
    printf("read %d datasets\n", n);
  return 0;
}

void saveValues(int32_t dtype, const std::vector<int64_t> &shape,
                const std::vector<int64_t> &chunks, const std::string &path,
                const char *dataset) {
  int ndim = int(shape.size());
  bridge_rt_dist *a =
      chunks.empty()
          ? bridge_rt_dist_create_block(dtype, ndim, shape.data())
          : bridge_rt_dist_create(dtype, ndim, shape.data(), chunks.data(),
                                  BRIDGE_RT_CONTIGUOUS);
  fillNpyValues(a);
  bridge_rt_save_h5(a, path.c_str(), dataset);
  bridge_rt_dist_destroy(a);
}

int h5Write(const char *dir) {
  std::string d(dir);
  const std::vector<int64_t> shapes[4] = {
      {13}, {7, 5}, {3, 4, 5}, {2, 3, 4, 5}};
  // Ragged on every axis.
  const std::vector<int64_t> chunks[4] = {
      {4}, {3, 2}, {2, 3, 2}, {1, 2, 3, 2}};
  int n = 0;
  for (int32_t dtype = BRIDGE_F64; dtype <= BRIDGE_BOOL; ++dtype)
    for (int k = 0; k < 4; ++k, ++n) {
      std::string name = std::string(npyDtypeName(dtype)) + "/" +
                         std::to_string(k + 1) + "d";
      saveValues(dtype, shapes[k], chunks[k], d + "/all.h5", name.c_str());
    }
  saveValues(BRIDGE_F64, {3}, {2}, d + "/all.h5", "/again");
  saveValues(BRIDGE_I32, {6, 2}, {4, 1}, d + "/all.h5", "/again");
  saveValues(BRIDGE_F64, {9, 4, 3}, {}, d + "/block.h5", "x");
  saveValues(BRIDGE_BOOL, {7, 5}, {2, 5}, d + "/split.h5:/a/b", nullptr);
  saveValues(BRIDGE_I64, {2, 3}, {1, 2}, d + "/existing.h5", "/replace");
  saveValues(BRIDGE_BOOL, {5}, {1}, d + "/existing.h5", "/g/new/deep");
  saveValues(BRIDGE_F64, {5, 7}, {2, 7}, d + "/t2m.nc", "/extra");
  n += 7;
  if (bridge_rt_rank() == 0)
    printf("wrote %d datasets\n", n);
  return 0;
}

} // namespace

namespace bridge::test {

int runHdf5Mode(const char *arg) {
  auto value = [&](const char *prefix) -> const char * {
    size_t n = strlen(prefix);
    return strncmp(arg, prefix, n) ? nullptr : arg + n;
  };
  const char *v;
  if ((v = value("--bridge-h5-read=")))
    return h5Read(v);
  if ((v = value("--bridge-h5-write=")))
    return h5Write(v);
  if ((v = value("--bridge-load-h5="))) {
    std::vector<std::string> f = splitCommas(v, 4);
    f[0] = withRank(f[0]);
    int32_t dtype = parseDtype(f[2]);
    bridge_rt_dist *a = createLayout(0, dtype, parseShape(f[3]));
    bridge_rt_load_h5(a, f[0].c_str(), f[1].c_str());
    bridge_rt_dist_destroy(a);
    if (bridge_rt_rank() == 0)
      printf("loaded %s:%s\n", f[0].c_str(), f[1].c_str());
    return 0;
  }
  if ((v = value("--bridge-h5-shape="))) {
    std::vector<std::string> f = splitCommas(v, 4);
    int32_t dtype = parseDtype(f[2]), ndim = int32_t(atoi(f[3].c_str()));
    int64_t shape[BRIDGE_MAX_DIMS];
    bridge_rt_h5_shape(f[0].c_str(), f[1].c_str(), &dtype, &ndim, shape);
    if (bridge_rt_rank() == 0) {
      printf("%s", npyDtypeName(dtype));
      for (int d = 0; d < ndim; ++d)
        printf("%c%lld", d ? 'x' : ' ', (long long)shape[d]);
      printf("\n");
    }
    return 0;
  }
  if ((v = value("--bridge-save-h5="))) {
    std::vector<std::string> f = splitCommas(v, 3);
    f[0] = withRank(f[0]);
    std::vector<int64_t> shape = parseShape(f[2]), chunks;
    for (int64_t s : shape)
      chunks.push_back(s > 2 ? s / 2 : 1);
    saveValues(parseDtype(f[1]), shape, chunks, f[0], nullptr);
    if (bridge_rt_rank() == 0)
      printf("saved %s\n", f[0].c_str());
    return 0;
  }
  return -1;
}

} // namespace bridge::test
