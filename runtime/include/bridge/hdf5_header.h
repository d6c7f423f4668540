//===- bridge/hdf5_header.h - An HDF5 dataset's type and shape --*- C++ -*-===//
//
// What a program's start-up and bridgec read of a `load_h5` input before any
// element: the dataset's element type and shape, with the runtime's checks
// and messages. Plain C++, so that bridgec includes it: neither HDF5's nor
// MPI's headers (parallel HDF5's hdf5.h includes mpi.h); the library
// bridge_hdf5_inspect implements it with serial HDF5 calls.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_HDF5_HEADER_H
#define BRIDGE_HDF5_HEADER_H

#include "bridge/sizes.h"

#include <optional>
#include <string>

namespace bridge {

/// Reads the element type (a bridge_dtype) and shape of dataset `dataset`
/// (`/group/name`; without a leading `/` from the root) of the HDF5 file at
/// `path` into `shape`, as bridge_rt_load_h5 checks them: the file is a
/// readable HDF5 file, the dataset exists and has 1 to 4 dimensions, an
/// element type of the language and only filters this HDF5 library decodes.
/// Otherwise returns the runtime's message, e.g. "data.h5:/x: no such
/// dataset". Silences HDF5's own error printing while it runs.
std::optional<std::string> readHdf5Header(const std::string &path,
                                          const std::string &dataset,
                                          plan::FileShape &shape);

} // namespace bridge

#endif // BRIDGE_HDF5_HEADER_H
