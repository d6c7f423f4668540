//===- PadRuns.h - The runs of a padded axis --------------------*- C++ -*-===//
#ifndef BRIDGE_FRONTEND_PADRUNS_H
#define BRIDGE_FRONTEND_PADRUNS_H

#include "bridge/Frontend/AST.h"

namespace bridge {

/// The runs of an axis of constant extent n padded by constant widths
/// `before` and `after` in `mode`, as numpy.pad fills it: consecutive
/// coordinates whose sources step evenly (by -1, 0 or 1) share a run, the
/// input itself is one run, and a constant pad fills.
ast::AxisRuns getConstantPadRuns(llvm::StringRef mode, int64_t before,
                                 int64_t after, int64_t n);

} // namespace bridge

#endif // BRIDGE_FRONTEND_PADRUNS_H
