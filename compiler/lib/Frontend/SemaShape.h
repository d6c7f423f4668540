//===- SemaShape.h - Checking the shape and order built-ins -----*- C++ -*-===//
//
// transpose, moveaxis, expand_dims, squeeze, stack, flip, roll, diff, tile
// and pad (spec bdsl-array-ops.md, "Shape and order"), with NumPy's rules.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_FRONTEND_SEMASHAPE_H
#define BRIDGE_FRONTEND_SEMASHAPE_H

#include "bridge/Frontend/Sema.h"

namespace bridge {

/// The keywords a shape built-in takes, and those it requires.
llvm::ArrayRef<llvm::StringLiteral> getShapeKeywords(ast::Builtin b);
llvm::ArrayRef<llvm::StringLiteral> getShapeRequiredKeywords(ast::Builtin b);

/// Checks a call of shape built-in `b` with its positional (the receiver of
/// a method first) and keyword arguments; fills `call.info`.
ValueType checkShapeCall(Sema &sema, ast::CallExpr &call, ast::Builtin b,
                         llvm::ArrayRef<ast::Expr *> pos,
                         const llvm::StringMap<ast::Expr *> &kw);

} // namespace bridge

#endif // BRIDGE_FRONTEND_SEMASHAPE_H
