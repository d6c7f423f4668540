//===- RunSizes.h - The sizes and parameters of this run --------*- C++ -*-===//
//
// A program's shapes, chunks, bounds and indices may depend on its parameters
// and on the headers of its input files: the embedded plan's size program
// (bridge/sizes.h) says how. Start-up evaluates it once, before any work;
// generated code then reads the values (bridge_rt_size_value,
// bridge_rt_param_*).
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_RUNTIME_RUNSIZES_H
#define BRIDGE_RUNTIME_RUNSIZES_H

#include "bridge/sizes.h"

namespace bridge::rt {

/// Reads the extents of dataset `dataset` of the HDF5 file at `path` into
/// `shape`, or returns an error message naming both.
using Hdf5ShapeReader = std::optional<std::string> (*)(
    const std::string &path, const std::string &dataset,
    plan::FileShape &shape);
/// Set by the runtime's HDF5 support; while it is null, a program whose sizes
/// depend on an HDF5 file fails at start-up saying that this runtime does not
/// read HDF5.
extern Hdf5ShapeReader hdf5ShapeReader;

/// Reads the header of an input file of the size program as rank 0 does at
/// start-up: a .npy file through the layout library's parser, an HDF5 file
/// through hdf5ShapeReader.
std::optional<std::string> readRunFileShape(const plan::FileInput &file,
                                            const std::string &path,
                                            plan::FileShape &shape);

/// Evaluates `program` for this run with rank 0's `settings` (its `--set`
/// options): rank 0 alone reads the file headers and evaluates; one broadcast
/// gives every rank its values, which the C API serves from then on and which
/// this returns. On an error rank 0 prints the evaluator's message and every
/// rank exits with status 1. Collective.
const plan::SizeValues &evaluateRunSizes(const plan::SizeProgram &program,
                                         const plan::ParamSettings &settings);

/// `program`, the key of a program's checkpoints, made particular to this
/// run's parameter values and sizes, so that a run with other values never
/// restores another's chunks; `program` itself when the program has none.
uint64_t checkpointKey(uint64_t program);

} // namespace bridge::rt

#endif // BRIDGE_RUNTIME_RUNSIZES_H
