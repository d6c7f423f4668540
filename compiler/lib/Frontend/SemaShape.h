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

/// A 4-D array `t` read as 3-D: the two neighbouring axes other than
/// `axis` that do not hold it merged (the first of them in `info.axes`),
/// moving nothing where their chunks allow: `t` is read in chunks
/// `info.before`, the 3-D array has chunks `info.after`. Returns the 3-D
/// type, or the error type after reporting extents or chunks known only
/// when the program runs.
ValueType mergeOtherAxes(Sema &sema, ast::CallExpr &call, const ValueType &t,
                         int64_t axis, ast::BuiltinInfo &info);
/// The array of `shape` (4-D) that a 3-D result of mergeOtherAxes splits
/// back into, moving nothing.
ValueType splitMergedAxes(const ValueType &three,
                          llvm::ArrayRef<int64_t> shape);

} // namespace bridge

#endif // BRIDGE_FRONTEND_SEMASHAPE_H
