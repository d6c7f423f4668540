//===- SaveTarget.cpp - Saves whose target is known only at run time -------===//
//
// Apart from Npy.cpp and Hdf5.cpp so that only programs that save to a
// parameter's path link parallel HDF5 for it.
//
//===----------------------------------------------------------------------===//

#include "bridge/runtime.h"

#include <string.h>

extern "C" void bridge_rt_save_target(const bridge_rt_dist *src,
                                      const char *target) {
  if (target && strstr(target, ":/"))
    bridge_rt_save_h5(src, target, nullptr);
  else
    bridge_rt_save_npy(src, target);
}
