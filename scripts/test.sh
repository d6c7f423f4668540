#!/usr/bin/env bash
# Builds everything, then runs the whole lit suite (frontend, dialects,
# conversions, driver, runtime unit tests and the MPI end-to-end tests).
# The output ends with lit's summary; the exit status is lit's.
# LIT_OPTS adds lit options (e.g. LIT_OPTS="--filter EndToEnd").
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
"$(dirname "$0")/build.sh"
JOBS=${JOBS:-2}
# shellcheck disable=SC2086
exec /usr/lib/llvm-22/bin/lit -sv -j "$JOBS" ${LIT_OPTS:-} "$BUILD_DIR/test"
