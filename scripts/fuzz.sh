#!/usr/bin/env bash
# Fuzzes, for a bounded time in all, the .bdsl frontend (lexer, parser,
# semantic checks), the .npy header parser that bridgec and the runtime share,
# the runtime's checkpoint file reader, and what a program parses when it
# starts (its --set options, the size program and the plan it embeds), one
# after the other.
#
#   scripts/fuzz.sh [SECONDS]     default 60: half to the frontend, a sixth
#                                 to each of the other three
#
# Builds fuzz/ (its own CMake project, clang++-22 with libFuzzer, ASan and
# UBSan; scripts/setup.sh installs clang-22 and libclang-rt-22-dev) in
# build-fuzz/, then runs each target on its seeds:
#   frontend    every .bdsl under test/ (test/Fuzz/regressions/ included),
#               examples/ and fuzz/seeds/
#   npy         fuzz/npy/ and test/Fuzz/npy-regressions/
#   checkpoint  fuzz/checkpoint/ and test/Fuzz/checkpoint-regressions/
#   settings    fuzz/settings/ and test/Fuzz/settings-regressions/
# New inputs that reach new code accumulate in build-fuzz/corpus-TARGET/ from
# run to run. Exits non-zero on any crash, leak, timeout or out-of-memory, and
# leaves the input that caused it in test/Fuzz/crashes/ (named after the
# target for npy, checkpoint and settings). After fixing, keep it as a
# regression test: move it to test/Fuzz/regressions/NAME.bdsl,
# npy-regressions/NAME.npy, checkpoint-regressions/NAME.ckpt or
# settings-regressions/NAME.txt (the .test files there run them all).
#
# Environment: BRIDGE_FUZZ_BUILD (build dir, default build-fuzz),
# BRIDGE_FUZZ_JOBS (build jobs, default 2), BRIDGE_FUZZ_ARGS (extra libFuzzer
# flags, e.g. "-seed=1").
set -euo pipefail

seconds=${1:-60}
# Every target gets at least a second: libFuzzer reads 0 as "no limit".
if ! [[ $seconds =~ ^[0-9]+$ ]] || [ "$seconds" -lt 6 ]; then
  echo "usage: scripts/fuzz.sh [SECONDS]   (at least 6)" >&2
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

echo "fuzz: building the fuzzers in $build"
mkdir -p "$build"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root/fuzz" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build/cmake.log" 2>&1 ||
    { cat "$build/cmake.log" >&2; exit 1; }
fi
ninja -C "$build" -j "$jobs" bridge-frontend-fuzzer bridge-npy-fuzzer \
  bridge-checkpoint-fuzzer bridge-settings-fuzzer

# Frontend seeds: every program under test/, examples/ and fuzz/seeds/,
# flattened into one directory (libFuzzer reads corpus directories, not lists
# of files).
seeds=$build/seeds
rm -rf "$seeds"
mkdir -p "$seeds" "$crashes"
while IFS= read -r -d '' f; do
  rel=${f#"$root"/}
  cp "$f" "$seeds/${rel//\//__}"
done < <(find "$root/test" "$root/examples" "$root/fuzz/seeds" -name '*.bdsl' \
           -type f -print0)

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# load("...") reads a .npy header when compiling, relative to the working
# directory: the frontend runs in one that holds the sample files of fuzz/npy/.
work=$build/work
rm -rf "$work"
mkdir -p "$work"
cp "$root"/fuzz/npy/*.npy "$work"/
touch "$build/started"

# fuzz NAME SECONDS ARTIFACT_PREFIX MAX_LEN [LIBFUZZER ARGS...] -- CORPORA...
fuzz() {
  local name=$1 time=$2 prefix=$3 maxlen=$4
  shift 4
  local args=()
  while [ "$1" != -- ]; do args+=("$1"); shift; done
  shift
  mkdir -p "$build/corpus-$name"
  echo "fuzz: $name for ${time}s"
  # shellcheck disable=SC2086
  (cd "$work" && "$build/bridge-$name-fuzzer" \
    -max_total_time="$time" -max_len="$maxlen" -timeout=5 -rss_limit_mb=4096 \
    -artifact_prefix="$prefix" -print_final_stats=1 "${args[@]}" \
    ${BRIDGE_FUZZ_ARGS:-} "$build/corpus-$name" "$@")
}

sixth=$((seconds / 6))
status=0
fuzz frontend $((seconds - 3 * sixth)) "$crashes/" 4096 \
  -dict="$root/fuzz/bdsl.dict" -- "$seeds" || status=$?
if [ "$status" -eq 0 ]; then
  fuzz npy "$sixth" "$crashes/npy-" 4096 -dict="$root/fuzz/npy.dict" -- \
    "$root/fuzz/npy" "$root/test/Fuzz/npy-regressions" || status=$?
fi
if [ "$status" -eq 0 ]; then
  fuzz checkpoint "$sixth" "$crashes/checkpoint-" 1024 -- \
    "$root/fuzz/checkpoint" "$root/test/Fuzz/checkpoint-regressions" || status=$?
fi
if [ "$status" -eq 0 ]; then
  fuzz settings "$sixth" "$crashes/settings-" 4096 \
    -dict="$root/fuzz/settings.dict" -- \
    "$root/fuzz/settings" "$root/test/Fuzz/settings-regressions" || status=$?
fi

if [ "$status" -ne 0 ]; then
  echo "fuzz: FAILED (exit $status)" >&2
  found=$(find "$crashes" -type f -newer "$build/started" ! -name README.md)
  if [ -n "$found" ]; then
    echo "fuzz: the input that failed, now in test/Fuzz/crashes/:" >&2
    sed 's/^/  /' <<<"$found" >&2
    echo "fuzz: reproduce with $build/bridge-TARGET-fuzzer FILE" >&2
  fi
  exit "$status"
fi
echo "fuzz: no crash, leak or timeout in ${seconds}s"
