//===- VersionDispatch.h - The main of a program in versions ----*- C++ -*-===//
//
// A program whose axes are given by parameters is compiled once per set of
// axes (bridge/versions.h); each version's main becomes bridge_version_K.
// The program's own main asks the runtime which version the run's values
// choose and runs it.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_CONVERSION_VERSIONDISPATCH_H
#define BRIDGE_CONVERSION_VERSIONDISPATCH_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace bridge {

/// The name version `index`'s main takes in the linked program.
std::string versionMainName(unsigned index);

/// A module in the LLVM dialect whose `main(argc, argv)` calls
/// bridge_rt_version with `table` (the text form of bridge/versions.h) and
/// returns what the chosen one of `count` versions' mains returns. Null
/// after a reported error.
mlir::OwningOpRef<mlir::ModuleOp>
buildVersionDispatch(mlir::MLIRContext &context, llvm::StringRef table,
                     unsigned count);

} // namespace bridge

#endif // BRIDGE_CONVERSION_VERSIONDISPATCH_H
