//===- FileModes.cpp - File I/O driven from lit tests ---------------------===//
//
// Modes of the test binary that write files for NumPy to check, read files
// NumPy wrote, or run one load or save that lit expects to fail.
//
//===----------------------------------------------------------------------===//

#include "NpyUtil.h"

#include <mpi.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <string>

using namespace bridge::test;

namespace {

const int32_t kDtypes[] = {BRIDGE_F64, BRIDGE_F32, BRIDGE_I64, BRIDGE_I32,
                           BRIDGE_BOOL};
const int64_t kShapes[4][4] = {{13}, {7, 5}, {3, 4, 5}, {2, 3, 4, 5}};
// Ragged chunks of kShapes.
const int64_t kChunks[4][4] = {{4}, {3, 2}, {2, 3, 2}, {1, 2, 3, 2}};

std::string fileName(const char *dir, int32_t dtype, int ndim,
                     const char *suffix) {
  return std::string(dir) + "/" + npyDtypeName(dtype) + "_" +
         std::to_string(ndim) + "d" + suffix;
}

int32_t parseDtype(const char *name) {
  for (int32_t t : kDtypes)
    if (!strcmp(name, npyDtypeName(t)))
      return t;
  fprintf(stderr, "unknown dtype '%s'\n", name);
  exit(2);
}

/// PATH,DTYPE,SHAPE with SHAPE like 3x4; "{rank}" in PATH becomes the rank.
struct Spec {
  std::string path;
  int32_t dtype;
  int ndim = 0;
  int64_t shape[BRIDGE_MAX_DIMS];
};

Spec parseSpec(const char *text) {
  Spec s;
  std::string t(text);
  size_t c1 = t.find(','), c2 = t.find(',', c1 + 1);
  if (c1 == std::string::npos || c2 == std::string::npos) {
    fprintf(stderr, "expected PATH,DTYPE,SHAPE, got '%s'\n", text);
    exit(2);
  }
  s.path = t.substr(0, c1);
  size_t at = s.path.find("{rank}");
  if (at != std::string::npos)
    s.path.replace(at, 6, std::to_string(bridge_rt_rank()));
  s.dtype = parseDtype(t.substr(c1 + 1, c2 - c1 - 1).c_str());
  const char *p = t.c_str() + c2 + 1;
  while (*p && s.ndim < BRIDGE_MAX_DIMS) {
    s.shape[s.ndim++] = strtoll(p, const_cast<char **>(&p), 10);
    if (*p == 'x')
      ++p;
  }
  return s;
}

bridge_rt_dist *createRagged(int32_t dtype, int ndim, const int64_t *shape) {
  int64_t chunks[BRIDGE_MAX_DIMS];
  for (int d = 0; d < ndim; ++d)
    chunks[d] = shape[d] > 2 ? shape[d] / 2 : 1;
  return bridge_rt_dist_create(dtype, ndim, shape, chunks,
                               BRIDGE_RT_CONTIGUOUS);
}

int npyWrite(const char *dir) {
  for (int32_t dtype : kDtypes)
    for (int ndim = 1; ndim <= 4; ++ndim) {
      bridge_rt_dist *a =
          bridge_rt_dist_create(dtype, ndim, kShapes[ndim - 1],
                                kChunks[ndim - 1], BRIDGE_RT_CONTIGUOUS);
      fillNpyValues(a);
      bridge_rt_save_npy(a, fileName(dir, dtype, ndim, ".npy").c_str());
      bridge_rt_dist_destroy(a);
    }
  return 0;
}

int npyRead(const char *dir) {
  int files = 0;
  for (int32_t dtype : kDtypes)
    for (int ndim = 1; ndim <= 4; ++ndim)
      for (const char *suffix : {".npy", "_v2.npy", ".raw"})
        for (bool block : {false, true}) {
          std::string path = fileName(dir, dtype, ndim, suffix);
          bridge_rt_dist *a =
              block ? bridge_rt_dist_create_block(dtype, ndim,
                                                  kShapes[ndim - 1])
                    : bridge_rt_dist_create(dtype, ndim, kShapes[ndim - 1],
                                            kChunks[ndim - 1],
                                            BRIDGE_RT_CONTIGUOUS);
          if (!strcmp(suffix, ".raw"))
            bridge_rt_load_raw(a, path.c_str());
          else
            bridge_rt_load_npy(a, path.c_str());
          int64_t bad = countNpyMismatches(a), total = 0;
          MPI_Allreduce(&bad, &total, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
          if (total != 0) {
            std::string msg = path + ": " + std::to_string(total) +
                              " elements differ from the expected values";
            bridge_rt_fail(msg.c_str());
          }
          bridge_rt_dist_destroy(a);
          files += !block;
        }
  if (bridge_rt_rank() == 0)
    printf("read %d files\n", files);
  return 0;
}

} // namespace

namespace bridge::test {

int runFileMode(const char *arg) {
  auto value = [&](const char *prefix) -> const char * {
    size_t n = strlen(prefix);
    return strncmp(arg, prefix, n) ? nullptr : arg + n;
  };
  const char *v;
  if ((v = value("--bridge-npy-write=")))
    return npyWrite(v);
  if ((v = value("--bridge-npy-read=")))
    return npyRead(v);
  bool raw = false;
  if ((v = value("--bridge-load=")) || (raw = (v = value("--bridge-load-raw=")))) {
    Spec s = parseSpec(v);
    bridge_rt_dist *a = createRagged(s.dtype, s.ndim, s.shape);
    if (raw)
      bridge_rt_load_raw(a, s.path.c_str());
    else
      bridge_rt_load_npy(a, s.path.c_str());
    bridge_rt_dist_destroy(a);
    if (bridge_rt_rank() == 0)
      printf("loaded %s\n", s.path.c_str());
    return 0;
  }
  if ((v = value("--bridge-save="))) {
    Spec s = parseSpec(v);
    bridge_rt_dist *a = createRagged(s.dtype, s.ndim, s.shape);
    fillNpyValues(a);
    bridge_rt_save_npy(a, s.path.c_str());
    bridge_rt_dist_destroy(a);
    if (bridge_rt_rank() == 0)
      printf("saved %s\n", s.path.c_str());
    return 0;
  }
  return runHdf5Mode(arg);
}

} // namespace bridge::test
