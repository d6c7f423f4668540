#!/usr/bin/env bash
# A throw-away Slurm cluster on this machine, for tests and for trying job
# scripts: munged, slurmctld and one slurmd (node "bridge-node", 4 CPUs,
# whatever the machine has), talking over loopback only, with every file
# (munge key, configuration, state, spool, logs) under one directory.
#
#   slurm.sh check                   can it run here? (root, packages); prints
#                                    the reason and exits 1 when not
#   slurm.sh run DIR -- COMMAND...   starts the cluster in DIR (emptied first),
#                                    runs COMMAND with SLURM_CONF pointing at
#                                    it, then cancels what is left and stops the
#                                    daemons, even when COMMAND fails or the
#                                    script is interrupted; exits with
#                                    COMMAND's status
#
# The daemons run in the foreground as children of this script, so they are
# stopped by their process ids. SLURM_CLUSTER_TIMEOUT (seconds, default 300)
# bounds COMMAND.
set -euo pipefail

NODE=bridge-node

die() { echo "slurm.sh: $*" >&2; exit 1; }

check() {
  [ "$(id -u)" -eq 0 ] || { echo "slurm.sh: needs root (slurmd runs jobs as any user)"; return 1; }
  local tool
  for tool in munged slurmctld slurmd slurmstepd sbatch srun salloc scancel squeue sinfo python3; do
    command -v "$tool" >/dev/null 2>&1 ||
      { echo "slurm.sh: '$tool' not found (scripts/setup.sh installs slurm-wlm and munge)"; return 1; }
  done
  compgen -G "/usr/lib/*/slurm-wlm/mpi_pmix.so" >/dev/null ||
    { echo "slurm.sh: Slurm's PMIx plugin (mpi_pmix.so) not found"; return 1; }
}

# Two TCP ports nobody listens on now (for slurmctld and slurmd).
free_ports() {
  python3 - <<'PY'
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
PY
}

# Waits up to $1 seconds (in 0.2 s steps) for the command after it to succeed.
wait_for() {
  local seconds=$1; shift
  local i
  for ((i = 0; i < seconds * 5; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

# A child that has exited but is not yet reaped (a zombie) counts as gone.
alive() { [ -e "/proc/$1" ] && [ "$(cut -d')' -f2 "/proc/$1/stat" | cut -d' ' -f2)" != Z ]; }

node_idle() { [ "$(sinfo -h -n "$NODE" -o %T 2>/dev/null)" = idle ]; }
no_jobs() { [ -z "$(squeue -h -o %i 2>/dev/null)" ]; }

pids=()
SHORT=

stop() {
  local status=$?
  trap - EXIT INT TERM HUP
  if [ -n "${SLURM_CONF:-}" ] && [ ${#pids[@]} -gt 0 ]; then
    # Jobs first, so that slurmd can still end their steps.
    scancel --quiet --full 2>/dev/null || true
    wait_for 15 no_jobs || echo "slurm.sh: jobs still listed after scancel" >&2
  fi
  local pid i conf=${SLURM_CONF:-}
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait_for 3 eval "! alive $pid" || kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  # Job steps that outlived the daemons (slurmstepd detaches from slurmd):
  # every process started with this cluster's SLURM_CONF in its environment.
  if [ -n "$conf" ]; then
    unset SLURM_CONF
    local left
    left=$(grep -lzxF "SLURM_CONF=$conf" /proc/[0-9]*/environ 2>/dev/null |
      cut -d/ -f3 | grep -vx "$$" || true)
    if [ -n "$left" ]; then
      echo "slurm.sh: killing what the cluster left running:" $left >&2
      kill -KILL $left 2>/dev/null || true
    fi
  fi
  [ -z "$SHORT" ] || rm -rf "$SHORT"
  exit "$status"
}

run() {
  local dir=$1; shift
  [ "${1:-}" = -- ] && shift
  [ $# -gt 0 ] || die "usage: slurm.sh run DIR -- COMMAND..."
  local reason
  reason=$(check) || die "${reason#slurm.sh: }"

  rm -rf "$dir"
  mkdir -p "$dir"/{munge,state,log}
  dir=$(cd "$dir" && pwd)
  # Sockets (munged's, slurmd's, the job steps') live under a short path, as
  # a socket's path may not exceed 107 bytes; DIR/run points there.
  trap stop EXIT INT TERM HUP
  SHORT=$(mktemp -d /tmp/bridge-slurm.XXXXXX)
  ln -s "$SHORT" "$dir/run"
  mkdir "$SHORT/spool" "$SHORT/tmp"
  # munged insists on a private key and a socket directory anyone may enter.
  chmod 755 "$SHORT"
  chmod 700 "$dir/munge"
  head -c 1024 /dev/urandom >"$dir/munge/munge.key"
  chmod 400 "$dir/munge/munge.key"

  local ports ctld_port slurmd_port host
  ports=$(free_ports)
  ctld_port=${ports% *}
  slurmd_port=${ports#* }
  host=$(hostname -s)
  cat >"$dir/slurm.conf" <<CONF
# Written by scripts/cluster/slurm.sh: one node, loopback only, run as root,
# no cgroups, no accounting.
ClusterName=bridge
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$SHORT/munge.sock
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$SHORT/spool
# Where the PMIx plugin makes each step's directory (spmix_appdir_UID_JOB.STEP),
# and job ids that no other cluster here uses: clusters never share a name.
TmpFS=$SHORT/tmp
FirstJobId=$((ctld_port * 100))
SlurmctldPidFile=$SHORT/slurmctld.pid
SlurmdPidFile=$SHORT/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
MpiDefault=none
MailProg=/bin/true
# scancel and time limits: SIGTERM, then SIGKILL 2 s later.
KillWait=2
NodeName=$NODE NodeHostname=$host NodeAddr=127.0.0.1 CPUs=4 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
  export SLURM_CONF=$dir/slurm.conf

  munged --foreground --socket="$SHORT/munge.sock" --key-file="$dir/munge/munge.key" \
    --log-file="$dir/log/munged.log" --pid-file="$SHORT/munged.pid" \
    --seed-file="$dir/munge/seed" >"$dir/log/munged.out" 2>&1 &
  pids+=($!)
  wait_for 10 test -S "$SHORT/munge.sock" ||
    die "munged did not start: $(tail -n 3 "$dir/log/munged.log" "$dir/log/munged.out" 2>/dev/null)"
  slurmctld -D -f "$SLURM_CONF" >"$dir/log/slurmctld.out" 2>&1 &
  pids+=($!)
  slurmd -D -N "$NODE" -f "$SLURM_CONF" >"$dir/log/slurmd.out" 2>&1 &
  pids+=($!)
  wait_for 30 node_idle ||
    die "the node did not become idle in 30 s; see $dir/log: $(tail -n 3 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" 2>/dev/null)"

  local status=0
  timeout --kill-after=10 "${SLURM_CLUSTER_TIMEOUT:-300}" "$@" || status=$?
  return "$status"
}

case "${1:-}" in
  check) check ;;
  run) shift; [ $# -ge 1 ] || die "usage: slurm.sh run DIR -- COMMAND..."; run "$@" ;;
  *) die "usage: slurm.sh check | run DIR -- COMMAND..." ;;
esac
