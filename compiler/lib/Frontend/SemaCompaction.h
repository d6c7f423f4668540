//===- SemaCompaction.h - Checking results the data sizes -------*- C++ -*-===//
//
// `x[mask]`, compress, nonzero and unique (spec bdsl-array-ops.md,
// "Data-dependent sizes"): their length is a size the program learns while
// it runs (bridge/sizes.h, Learnt), at most the units they select from.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_FRONTEND_SEMACOMPACTION_H
#define BRIDGE_FRONTEND_SEMACOMPACTION_H

#include "bridge/Frontend/Sema.h"

namespace bridge {

/// The keywords a compaction built-in takes.
llvm::ArrayRef<llvm::StringLiteral> getCompactionKeywords(ast::Builtin b);

/// Checks a call of compaction built-in `b` with its positional (the
/// receiver of a method first) and keyword arguments; fills `call.info`.
ValueType checkCompactionCall(Sema &sema, ast::CallExpr &call, ast::Builtin b,
                              llvm::ArrayRef<ast::Expr *> pos,
                              const llvm::StringMap<ast::Expr *> &kw);

/// Checks `base[mask]`, `mask` being an array (already checked); fills
/// `index.mask`.
ValueType checkMaskIndex(Sema &sema, ast::IndexExpr &index, ast::Expr &mask);

} // namespace bridge

#endif // BRIDGE_FRONTEND_SEMACOMPACTION_H
