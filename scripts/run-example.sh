#!/usr/bin/env bash
# Compiles the seed pipeline (examples/seed/pipeline.bdsl) with its legacy C
# function into one MPI executable and runs it on NP ranks (default 4).
# The legacy function reports each rank on standard error; the program prints
# the total on standard output.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
NP=${NP:-4}
OUT="$BUILD_DIR/examples/seed"
mkdir -p "$OUT"
"$BUILD_DIR/bin/bridgec" examples/seed/pipeline.bdsl examples/seed/legacy.c -O2 -o "$OUT/pipeline"
echo "run-example: mpirun -np $NP $OUT/pipeline" >&2
OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
  mpirun --oversubscribe -np "$NP" "$OUT/pipeline"
