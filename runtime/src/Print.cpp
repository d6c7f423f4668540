//===- Print.cpp - Program output on rank 0 -------------------------------===//
//
// Standard output carries only `print` lines, so tests compare it line by
// line; every line is flushed to keep its order relative to stderr.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

namespace {

void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void emit(const char *fmt, ...) {
  // A progress bar on the same terminal would otherwise run into the line.
  bridge::rt::progressBeforeOutput();
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stdout, fmt, ap);
  va_end(ap);
  fflush(stdout);
}

} // namespace

extern "C" void bridge_rt_print_f64(double value) {
  if (bridge_rt_rank() != 0)
    return;
  // A NaN's sign bit carries no meaning (0/0 sets it on x86) and NumPy
  // prints every NaN as "nan"; glibc would print "-nan".
  if (isnan(value))
    emit("nan\n");
  else
    emit("%.17g\n", value);
}

extern "C" void bridge_rt_print_i64(int64_t value) {
  if (bridge_rt_rank() == 0)
    emit("%" PRId64 "\n", value);
}

extern "C" void bridge_rt_print_bool(int32_t value) {
  if (bridge_rt_rank() == 0)
    emit("%s\n", value ? "true" : "false");
}
