//===- SemaLinalg.h - Checking the linear algebra built-ins -----*- C++ -*-===//
//
// matmul (and `a @ b`) and outer (spec bdsl-array-ops.md, "Linear
// algebra"), with NumPy's shapes and dtype promotion.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_FRONTEND_SEMALINALG_H
#define BRIDGE_FRONTEND_SEMALINALG_H

#include "bridge/Frontend/Sema.h"

namespace bridge {

/// Checks a call of linear algebra built-in `b` with its positional
/// arguments; fills `call.info`.
ValueType checkLinearAlgebraCall(Sema &sema, ast::CallExpr &call,
                                 ast::Builtin b,
                                 llvm::ArrayRef<ast::Expr *> pos);

} // namespace bridge

#endif // BRIDGE_FRONTEND_SEMALINALG_H
