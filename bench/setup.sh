#!/usr/bin/env bash
# Install what the benchmark needs beyond the project's own set-up (scripts/setup.sh):
# Dask, distributed and mpi4py for the Dask side, matplotlib for the plot, GNU time for
# peak memory per rank. Debian packages only; does nothing when all are present.
set -euo pipefail
pkgs=(python3-numpy python3-dask python3-distributed python3-mpi4py python3-matplotlib time
      openmpi-bin libopenmpi-dev g++ cmake ninja-build)
missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "bench/setup.sh: nothing to install"
  exit 0
fi
echo "bench/setup.sh: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  # matplotlib is optional (the harness falls back to an SVG plot); the rest is not.
  rest=()
  for p in "${missing[@]}"; do [ "$p" = python3-matplotlib ] || rest+=("$p"); done
  $SUDO apt-get install -y -qq --no-install-recommends "${rest[@]}"
  echo "bench/setup.sh: python3-matplotlib not installed; plots will be SVG" >&2
fi
