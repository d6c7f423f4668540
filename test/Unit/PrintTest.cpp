//===- PrintTest.cpp - What `print` writes on standard output -------------===//

#include "bridge/runtime.h"

#include <gtest/gtest.h>

#include <math.h>
#include <stdio.h>
#include <string>
#include <unistd.h>

namespace {

// Runs `body` with file descriptor 1 redirected into a pipe and returns what
// it wrote. The output here is far below the pipe's capacity.
template <typename F> std::string captureStdout(F body) {
  fflush(stdout);
  int fds[2];
  if (pipe(fds) != 0)
    return "<pipe failed>";
  int saved = dup(STDOUT_FILENO);
  dup2(fds[1], STDOUT_FILENO);
  close(fds[1]);
  body();
  fflush(stdout);
  dup2(saved, STDOUT_FILENO);
  close(saved);
  std::string out;
  char buf[4096];
  ssize_t got;
  while ((got = read(fds[0], buf, sizeof buf)) > 0)
    out.append(buf, size_t(got));
  close(fds[0]);
  return out;
}

// What rank 0 prints; every other rank must print nothing.
std::string onRankZero(const std::string &text) {
  return bridge_rt_rank() == 0 ? text : std::string();
}

} // namespace

TEST(Print, Floats) {
  EXPECT_EQ(captureStdout([] { bridge_rt_print_f64(0.1); }),
            onRankZero("0.10000000000000001\n"));
  EXPECT_EQ(captureStdout([] { bridge_rt_print_f64(1e300); }),
            onRankZero("1.0000000000000001e+300\n"));
  EXPECT_EQ(captureStdout([] { bridge_rt_print_f64(-0.0); }),
            onRankZero("-0\n"));
  EXPECT_EQ(captureStdout([] { bridge_rt_print_f64(1.0); }), onRankZero("1\n"));
  EXPECT_EQ(captureStdout([] { bridge_rt_print_f64(2.5e-3); }),
            onRankZero("0.0025000000000000001\n"));
  EXPECT_EQ(captureStdout([] { bridge_rt_print_f64(INFINITY); }),
            onRankZero("inf\n"));
  EXPECT_EQ(captureStdout([] { bridge_rt_print_f64(-INFINITY); }),
            onRankZero("-inf\n"));
}

TEST(Print, NaNHasNoSign) {
  EXPECT_EQ(captureStdout([] { bridge_rt_print_f64(NAN); }),
            onRankZero("nan\n"));
  // 0/0 on x86 yields a NaN with the sign bit set; NumPy prints it as nan.
  EXPECT_EQ(captureStdout([] { bridge_rt_print_f64(-NAN); }),
            onRankZero("nan\n"));
}

TEST(Print, Integers) {
  EXPECT_EQ(captureStdout([] { bridge_rt_print_i64(0); }), onRankZero("0\n"));
  EXPECT_EQ(captureStdout([] { bridge_rt_print_i64(-42); }),
            onRankZero("-42\n"));
  EXPECT_EQ(captureStdout([] { bridge_rt_print_i64(INT64_MIN); }),
            onRankZero("-9223372036854775808\n"));
  EXPECT_EQ(captureStdout([] { bridge_rt_print_i64(INT64_MAX); }),
            onRankZero("9223372036854775807\n"));
}

TEST(Print, Bools) {
  EXPECT_EQ(captureStdout([] { bridge_rt_print_bool(1); }),
            onRankZero("true\n"));
  EXPECT_EQ(captureStdout([] { bridge_rt_print_bool(0); }),
            onRankZero("false\n"));
}

TEST(Print, SeveralLinesInOrder) {
  EXPECT_EQ(captureStdout([] {
              bridge_rt_print_i64(1);
              bridge_rt_print_bool(0);
              bridge_rt_print_f64(0.5);
            }),
            onRankZero("1\nfalse\n0.5\n"));
}
