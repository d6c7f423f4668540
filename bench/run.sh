#!/usr/bin/env bash
# One command for the whole benchmark: bench/run.sh [--quick] [options of run.py]
exec /usr/bin/python3 "$(dirname "$0")/run.py" "$@"
