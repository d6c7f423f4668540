#!/usr/bin/env bash
# Fuzzes the .bdsl frontend (lexer, parser, semantic checks) for a bounded time.
#
#   scripts/fuzz.sh [SECONDS]     default 60
#
# Builds fuzz/ (its own CMake project, clang++-22 with libFuzzer, ASan and
# UBSan; scripts/setup.sh installs clang-22 and libclang-rt-22-dev) in
# build-fuzz/, then runs it with a seed corpus of every .bdsl under test/
# (test/Fuzz/regressions/ included), examples/ and fuzz/seeds/. New inputs that reach
# new code accumulate in build-fuzz/corpus/ from run to run. Exits non-zero on any crash, leak,
# timeout or out-of-memory, and leaves the input that caused it in
# test/Fuzz/crashes/. After fixing, keep it as a regression test: move it to
# test/Fuzz/regressions/NAME.bdsl (test/Fuzz/regressions.test runs them all).
#
# Environment: BRIDGE_FUZZ_BUILD (build dir, default build-fuzz),
# BRIDGE_FUZZ_JOBS (build jobs, default 2), BRIDGE_FUZZ_ARGS (extra libFuzzer
# flags, e.g. "-seed=1").
set -euo pipefail

seconds=${1:-60}
if ! [[ $seconds =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "usage: scripts/fuzz.sh [SECONDS]" >&2
  exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BRIDGE_FUZZ_BUILD:-$root/build-fuzz}
jobs=${BRIDGE_FUZZ_JOBS:-2}
crashes=$root/test/Fuzz/crashes

cxx=$(command -v clang++-22 || true)
if [ -z "$cxx" ]; then
  echo "fuzz: clang++-22 not found; run scripts/setup.sh (clang-22, libclang-rt-22-dev)" >&2
  exit 1
fi

echo "fuzz: building the fuzzer in $build"
mkdir -p "$build"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root/fuzz" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build/cmake.log" 2>&1 ||
    { cat "$build/cmake.log" >&2; exit 1; }
fi
ninja -C "$build" -j "$jobs" bridge-frontend-fuzzer

# Seeds: every program under test/, examples/ and fuzz/seeds/, flattened into
# one directory (libFuzzer reads corpus directories, not lists of files).
seeds=$build/seeds
rm -rf "$seeds"
mkdir -p "$seeds" "$build/corpus" "$crashes"
while IFS= read -r -d '' f; do
  rel=${f#"$root"/}
  cp "$f" "$seeds/${rel//\//__}"
done < <(find "$root/test" "$root/examples" "$root/fuzz/seeds" -name '*.bdsl' \
           -type f -print0)
echo "fuzz: $(ls "$seeds" | wc -l) seed programs, running for ${seconds}s"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# load("...") reads a .npy header when compiling, relative to the working
# directory: run in one that holds the sample files of fuzz/npy/.
work=$build/work
rm -rf "$work"
mkdir -p "$work"
cp "$root"/fuzz/npy/*.npy "$work"/
touch "$build/started"
status=0
(
  cd "$work"
  # shellcheck disable=SC2086
  "$build/bridge-frontend-fuzzer" \
    -max_total_time="$seconds" -max_len=4096 -timeout=5 -rss_limit_mb=4096 \
    -dict="$root/fuzz/bdsl.dict" -artifact_prefix="$crashes/" \
    -print_final_stats=1 ${BRIDGE_FUZZ_ARGS:-} \
    "$build/corpus" "$seeds"
) || status=$?

if [ "$status" -ne 0 ]; then
  echo "fuzz: FAILED (exit $status)" >&2
  found=$(find "$crashes" -type f -newer "$build/started" ! -name README.md)
  if [ -n "$found" ]; then
    echo "fuzz: the input that failed, now in test/Fuzz/crashes/:" >&2
    sed 's/^/  /' <<<"$found" >&2
    echo "fuzz: reproduce with $build/bridge-frontend-fuzzer FILE" >&2
  fi
  exit "$status"
fi
echo "fuzz: no crash, leak or timeout in ${seconds}s"
