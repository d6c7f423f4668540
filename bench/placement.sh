#!/usr/bin/env bash
# The placement model's scaling benchmark (bench/placement.py); see docs/performance.md.
set -euo pipefail
"$(dirname "$0")/setup.sh"
exec /usr/bin/python3 "$(dirname "$0")/placement.py" "$@"
