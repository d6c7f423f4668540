#!/usr/bin/env bash
# Installs what a stock Debian 12 (bookworm) C++ machine lacks to build and test
# bridgec. Idempotent: when every package is already installed it touches
# nothing (no apt-get update), so CI re-runs are quick.
#
# LLVM/MLIR 22 (llvm-toolchain-22) comes from Debian's own bookworm-security
# suite, which a stock Debian 12 image already lists in its apt sources; no
# extra repository or key is added.
set -euo pipefail

PACKAGES=(
  cmake ninja-build g++                                     # build
  libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools    # LLVM/MLIR 22, lit, FileCheck
  libopenmpi-dev openmpi-bin                                # MPI (mpicc, mpifort, mpirun)
  gfortran                                                  # the Fortran module bridge_legacy
  libhdf5-openmpi-dev                                       # parallel HDF5 (the runtime's HDF5 files)
  libfmt-dev libgtest-dev                                   # runtime formatting, unit tests
  python3-numpy                                             # the tests' NumPy oracle
  python3-h5py python3-netcdf4                              # the tests' HDF5 and netCDF-4 files
  graphviz                                                  # dot, for task-graph pictures
  libfftw3-mpi-dev libfftw3-dev hdf5-tools                  # examples/fftw, examples/hdf5
  libscalapack-openmpi-dev                                  # examples/scalapack (BLACS, pdgesv)
  clang-22 libclang-rt-22-dev                               # libFuzzer, ASan, UBSan (scripts/fuzz.sh)
  slurm-wlm munge iproute2                                  # test/Cluster: Slurm, simulated hosts (scripts/cluster/)
)

missing=()
for p in "${PACKAGES[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done

if [ "${SETUP_FORCE:-0}" = 1 ]; then
  missing=("${PACKAGES[@]}")
elif [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "setup: need root (or sudo) to install: ${missing[*]}" >&2
  exit 1
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update
policy=$(apt-cache policy libmlir-22-dev)
if ! grep -q 'Candidate: [0-9]' <<<"$policy"; then
  cat >&2 <<'MSG'
setup: apt has no candidate for libmlir-22-dev. LLVM/MLIR 22 comes from Debian's
bookworm-security suite; make sure /etc/apt/sources.list.d/debian.sources (or
/etc/apt/sources.list) lists "bookworm-security" from http://deb.debian.org/debian-security.
MSG
  exit 1
fi
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}"
echo "setup: done"
