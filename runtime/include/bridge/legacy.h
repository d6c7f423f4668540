/*===- bridge/legacy.h - The ABI a legacy MPI function sees ---------------===*
 *
 * A pipeline's `extern fn solve(x: f64[], tol: f64) -> i32` calls
 *   int32_t solve(const bridge_array *x, double tol, MPI_Comm comm);
 * Array parameters arrive as `const bridge_array *`, scalars by value (f64 as
 * double, i64 as int64_t, i32 and bool as int32_t) and the communicator of all
 * ranks comes last. A function declared `-> T[]` returns void and fills one
 * more, writable, `bridge_array *` passed just before the communicator.
 *
 * This header includes <mpi.h>, so a legacy file needs nothing else to
 * declare such a function. The types themselves are in bridge/abi.h.
 *
 * Ownership: the arrays, their chunk tables and the chunk data belong to the
 * generated program. They stay valid, and writable, until the function returns.
 *===----------------------------------------------------------------------===*/
#ifndef BRIDGE_LEGACY_H
#define BRIDGE_LEGACY_H

#ifdef __cplusplus
/* <mpi.h> may declare MPI's C++ bindings, which need C++ linkage even where
 * this header is included inside an extern "C" block, as C headers often
 * are. */
extern "C++" {
#include <mpi.h>
}
#else
#include <mpi.h>
#endif

#include "bridge/abi.h"

#endif /* BRIDGE_LEGACY_H */
