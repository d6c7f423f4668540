#!/usr/bin/env bash
# Configures (once) and builds bridgec, bridge-opt and the runtime into build/.
# BUILD_DIR and JOBS override the defaults (build/, 2 parallel jobs).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-2}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja
fi
cmake --build "$BUILD_DIR" -j "$JOBS"
