#!/usr/bin/env bash
# The README's first command: install, build, and run the seed example on 4 ranks.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
./build.sh
./run-example.sh
