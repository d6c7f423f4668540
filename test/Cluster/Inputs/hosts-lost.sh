#!/usr/bin/env bash
# Runs inside `scripts/cluster/hosts.sh run` (BRIDGE_HOSTS is set): the
# pipeline APP on three hosts, two ranks each, with --checkpoint; once the
# job is inside its legacy call, every process of host node3 is killed.
# Records in DIR how the job ended (lost.out, lost.err, lost.status) and how
# many seconds after the kill (lost.seconds), then runs the pipeline again
# on node1 and node2 with the same checkpoint directory (resumed.*).
#   hosts-lost.sh HOSTS_SH DIR APP
set -euo pipefail
hosts=$1 dir=$2 app=$3
cd "$dir"
rm -f held

HOLD_MS=60000 HOLD_FILE=$dir/held timeout 120 "$hosts" mpirun "$BRIDGE_HOSTS" \
  -np 6 -x HOLD_MS -x HOLD_FILE "$app" --checkpoint ckpt >lost.out 2>lost.err &
job=$!
for ((i = 0; i < 600; i++)); do
  [ -e held ] && break
  sleep 0.1
done
[ -e held ] || { echo "hosts-lost.sh: the job never reached its call" >&2; exit 1; }

start=$(date +%s.%N)
"$hosts" kill "$BRIDGE_HOSTS" node3
status=0
wait "$job" || status=$?
end=$(date +%s.%N)
echo "$status" >lost.status
awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f\n", b - a }' >lost.seconds

touch resumed.since
BRIDGE_HOSTS_MAP=resumed.map "$hosts" mpirun "$BRIDGE_HOSTS" --host node1:2,node2:2 \
  -np 4 "$app" --checkpoint ckpt >resumed.out 2>resumed.err
