//===- SharedFiles.h - Files the runtime tests share between ranks --------===//
//
// Shared by the .npy and HDF5 round-trip tests.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_TEST_UNIT_SHAREDFILES_H
#define BRIDGE_TEST_UNIT_SHAREDFILES_H

#include "bridge/runtime.h"

#include <mpi.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <string>
#include <unistd.h>
#include <vector>

namespace bridge::test {

/// A fresh directory shared by all ranks, removed with its files at the end.
class SharedDir {
public:
  /// `prefix` names the directory, e.g. "bridge-npy".
  explicit SharedDir(const char *prefix) {
    char name[512] = {0};
    if (bridge_rt_rank() == 0) {
      const char *tmp = getenv("TMPDIR");
      snprintf(name, sizeof(name), "%s/%s-XXXXXX", tmp && *tmp ? tmp : "/tmp",
               prefix);
      if (!mkdtemp(name))
        name[0] = 0;
    }
    MPI_Bcast(name, sizeof(name), MPI_CHAR, 0, MPI_COMM_WORLD);
    path = name;
  }
  ~SharedDir() {
    MPI_Barrier(MPI_COMM_WORLD);
    if (bridge_rt_rank() == 0 && !path.empty()) {
      for (const std::string &f : files())
        unlink((path + "/" + f).c_str());
      rmdir(path.c_str());
    }
    MPI_Barrier(MPI_COMM_WORLD);
  }
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    if (DIR *d = opendir(path.c_str())) {
      while (dirent *e = readdir(d))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
          out.push_back(e->d_name);
      closedir(d);
    }
    return out;
  }
  std::string path;
};

inline const int32_t kDtypes[] = {BRIDGE_F64, BRIDGE_F32, BRIDGE_I64, BRIDGE_I32,
                           BRIDGE_BOOL};

inline bridge_rt_dist *create(int32_t dtype, int ndim, const int64_t *shape,
                       const int64_t *chunks) {
  if (!chunks)
    return bridge_rt_dist_create_block(dtype, ndim, shape);
  return bridge_rt_dist_create(dtype, ndim, shape, chunks,
                               BRIDGE_RT_CONTIGUOUS);
}

inline int64_t globalSum(int64_t x) {
  int64_t total = 0;
  MPI_Allreduce(&x, &total, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
  return total;
}

} // namespace bridge::test

#endif // BRIDGE_TEST_UNIT_SHAREDFILES_H
