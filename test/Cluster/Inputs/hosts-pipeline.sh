#!/usr/bin/env bash
# Runs inside `scripts/cluster/hosts.sh run` (BRIDGE_HOSTS is set): the
# pipeline APP on three hosts, two ranks each, in DIR (three.out, three.err,
# three.map: where each rank ran, z.npy), then again with --checkpoint
# (ckpt.out, ckpt.err, the chunks in DIR/ckpt).
#   hosts-pipeline.sh HOSTS_SH DIR APP
set -euo pipefail
hosts=$1 dir=$2 app=$3
cd "$dir"
BRIDGE_HOSTS_MAP=three.map "$hosts" mpirun "$BRIDGE_HOSTS" -np 6 "$app" >three.out 2>three.err
"$hosts" mpirun "$BRIDGE_HOSTS" -np 6 "$app" --checkpoint ckpt >ckpt.out 2>ckpt.err
