#!/usr/bin/env bash
# Several simulated hosts on this machine, for running MPI programs across
# "nodes" without ssh: each host is a network namespace with its own address
# (10.77.0.I/24 on eth0, a veth into a bridge that lives in a namespace of its
# own) and a UTS namespace with its own host name (nodeI). Nothing is added to
# the machine's own network namespace, and the namespaces have no route out:
# the only addresses in use are the hosts' 10.77.0.I and their loopbacks.
# Every host sees the same file system, as cluster nodes see a shared one.
#
#   hosts.sh check                 can it run here? prints why not, exits 1
#   hosts.sh up DIR [N]            creates N hosts (default 3, at most 9),
#                                  named after DIR; writes DIR/hostfile
#                                  ("nodeI slots=2") and DIR/agent
#   hosts.sh exec DIR HOST WORDS...  runs WORDS on HOST the way ssh does (the
#                                  words joined, run by sh -c); Open MPI's
#                                  rsh agent (DIR/agent) is this
#   hosts.sh mpirun DIR ARGS...    runs mpirun on node1 with ARGS across the
#                                  hosts (DIR/hostfile unless ARGS give --host
#                                  or --hostfile), over TCP on 10.77.0.0/24;
#                                  when a host is lost, names its ranks; with
#                                  BRIDGE_HOSTS_MAP=FILE, writes "rank R on
#                                  HOST" lines there
#   hosts.sh kill DIR HOST         SIGKILLs every process on HOST, as if the
#                                  host had died
#   hosts.sh down DIR              kills what still runs on the hosts and
#                                  removes them
#   hosts.sh run DIR [N] -- COMMAND...  up, COMMAND (with BRIDGE_HOSTS=DIR),
#                                  then down, even when COMMAND fails or the
#                                  script is interrupted; exits with
#                                  COMMAND's status (bounded by
#                                  BRIDGE_HOSTS_TIMEOUT seconds, default 300)
set -euo pipefail

SELF=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
SUBNET=10.77.0

die() { echo "hosts.sh: $*" >&2; exit 1; }

check() {
  [ "$(id -u)" -eq 0 ] || { echo "hosts.sh: needs root (network namespaces)"; return 1; }
  local tool
  for tool in ip unshare nsenter mpirun; do
    command -v "$tool" >/dev/null 2>&1 || { echo "hosts.sh: '$tool' not found"; return 1; }
  done
  [ -d /sys/class/net ] || { echo "hosts.sh: /sys is not mounted (Open MPI's hwloc needs it)"; return 1; }
  # Everything the set-up needs, tried in a throw-away namespace.
  local out
  if ! out=$(unshare --net --uts sh -c \
      'hostname probe && ip link add br0 type bridge &&
       ip link add veth0 type veth peer name veth1 && ip link set veth0 master br0' 2>&1); then
    echo "hosts.sh: cannot create network namespaces, bridges or veth pairs here: $out"
    return 1
  fi
}

# The names of DIR's hosts: a prefix unique to DIR, so that several sets of
# hosts (tests running in parallel) never meet.
prefix_of() {
  local dir
  dir=$(cd "$1" && pwd)
  echo "bh$(printf '%s' "$dir" | md5sum | cut -c1-8)"
}

count_of() { cat "$1/count" 2>/dev/null || echo 0; }

# The host's number: node2 -> 2.
index_of() {
  local dir=$1 host=$2 n
  n=${host#node}
  [[ $n =~ ^[1-9]$ ]] && [ "$n" -le "$(count_of "$dir")" ] || die "no host '$host' in $dir"
  echo "$n"
}

host_exec() {
  local dir=$1 host=$2; shift 2
  local n p
  n=$(index_of "$dir" "$host")
  p=$(cat "$dir/prefix")
  # `ip netns exec` also mounts a /sys of the namespace (hwloc reads it) and
  # the namespace's /etc/netns/NAME/hosts over /etc/hosts.
  exec ip netns exec "$p-$n" nsenter --uts="$dir/uts/node$n" -- sh -c "$*"
}

down() {
  local dir=$1
  [ -f "$dir/prefix" ] || return 0
  local p n count pids
  p=$(cat "$dir/prefix")
  count=$(count_of "$dir")
  for ((n = 1; n <= count; n++)); do
    if [ -e "/run/netns/$p-$n" ]; then
      pids=$(ip netns pids "$p-$n" 2>/dev/null || true)
      [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
      ip netns del "$p-$n" 2>/dev/null || true
    fi
    umount "$dir/uts/node$n" 2>/dev/null || true
    rm -rf "/etc/netns/$p-$n"
  done
  [ -e "/run/netns/$p-sw" ] && ip netns del "$p-sw"
  rmdir /etc/netns 2>/dev/null || true
  rm -rf "$dir/uts" "$dir/prefix" "$dir/count"
}

up() {
  local dir=$1 count=${2:-3}
  [[ $count =~ ^[1-9]$ ]] || die "up: the number of hosts must be 1 to 9"
  local reason
  reason=$(check) || die "${reason#hosts.sh: }"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  down "$dir" # what a killed earlier run left
  local p n
  p=$(prefix_of "$dir")
  echo "$p" >"$dir/prefix"
  echo "$count" >"$dir/count"
  mkdir -p "$dir/uts"
  # The switch: a bridge in a namespace of its own.
  ip netns add "$p-sw"
  ip -n "$p-sw" link add br0 type bridge
  ip -n "$p-sw" link set br0 up
  : >"$dir/hostfile"
  for ((n = 1; n <= count; n++)); do
    ip netns add "$p-$n"
    # Both ends are created inside namespaces: nothing appears on the machine.
    ip link add eth0 netns "$p-$n" type veth peer name "port$n" netns "$p-sw"
    ip -n "$p-sw" link set "port$n" master br0 up
    ip -n "$p-$n" addr add "$SUBNET.$n/24" dev eth0
    ip -n "$p-$n" link set eth0 up
    ip -n "$p-$n" link set lo up
    touch "$dir/uts/node$n"
    unshare --uts="$dir/uts/node$n" hostname "node$n"
    echo "node$n slots=2" >>"$dir/hostfile"
  done
  # Host names resolve to the hosts' addresses in every namespace, and no
  # name server is asked.
  for ((n = 1; n <= count; n++)); do
    mkdir -p "/etc/netns/$p-$n"
    {
      echo "127.0.0.1 localhost"
      for ((m = 1; m <= count; m++)); do echo "$SUBNET.$m node$m"; done
    } >"/etc/netns/$p-$n/hosts"
    : >"/etc/netns/$p-$n/resolv.conf"
  done
  printf '#!/bin/sh\n# Open MPI'"'"'s rsh agent for the hosts of %s\nexec %q exec %q "$@"\n' \
    "$dir" "$SELF" "$dir" >"$dir/agent"
  chmod +x "$dir/agent"
}

# Runs mpirun on node1. Open MPI's --report-bindings lines (one per rank,
# "[node3:PID] MCW rank 4 ...") say where each rank runs; they are kept out of
# the output, and when mpirun reports a lost daemon, the ranks of its host are
# named.
host_mpirun() {
  local dir=$1; shift
  dir=$(cd "$dir" && pwd)
  local hosts=(--hostfile "$dir/hostfile") arg
  for arg in "$@"; do
    case $arg in --host | -host | -H | --hostfile | -hostfile | --machinefile) hosts=() ;; esac
  done
  # Standard error goes through the filter; standard output stays as it is.
  local status
  {
    ip netns exec "$(cat "$dir/prefix")-1" nsenter --uts="$dir/uts/node1" -- \
      mpirun "${hosts[@]}" --report-bindings \
        --mca plm_rsh_agent "$dir/agent" --mca plm_rsh_no_tree_spawn 1 \
        --mca btl tcp,vader,self \
        --mca btl_tcp_if_include "$SUBNET.0/24" --mca oob_tcp_if_include "$SUBNET.0/24" \
        "$@" 2>&1 1>&3 3>&- | awk -v map="${BRIDGE_HOSTS_MAP:-}" '
      match($0, /^\[[^]:]+:[0-9]+\] MCW rank [0-9]+ /) {
        host = substr($1, 2, index($1, ":") - 2)
        rank = $4 + 0
        host_of[rank] = host
        if (rank > last) last = rank
        next
      }
      { print; fflush() }
      /Remote daemon: .* on node / { lost[$NF] = 1 }
      END {
        for (h in lost) {
          list = ""
          n = 0
          for (r = 0; r <= last; r++)
            if ((r in host_of) && host_of[r] == h) list = list (n++ ? ", " : "") r
          printf "hosts.sh: host %s was lost, and with it %s\n", h,
                 n == 0 ? "no rank that it reported" : (n == 1 ? "rank " : "ranks ") list
        }
        if (map != "")
          for (r = 0; r <= last; r++)
            if (r in host_of) print "rank " r " on " host_of[r] > map
      }' >&2
    status=${PIPESTATUS[0]}
  } 3>&1
  return "$status"
}

host_kill() {
  local dir=$1 host=$2 n p pids
  n=$(index_of "$dir" "$host")
  p=$(cat "$dir/prefix")
  pids=$(ip netns pids "$p-$n")
  [ -z "$pids" ] || kill -KILL $pids
}

run() {
  local dir=$1; shift
  local count=3
  if [ "${1:-}" != -- ] && [ $# -gt 0 ]; then count=$1; shift; fi
  [ "${1:-}" = -- ] && shift
  [ $# -gt 0 ] || die "usage: hosts.sh run DIR [N] -- COMMAND..."
  mkdir -p "$dir"
  RUN_DIR=$(cd "$dir" && pwd)
  trap 'status=$?; trap - EXIT INT TERM HUP; down "$RUN_DIR"; exit $status' EXIT
  trap 'exit 143' INT TERM HUP
  dir=$RUN_DIR
  up "$dir" "$count"
  local status=0
  BRIDGE_HOSTS=$dir timeout --kill-after=10 "${BRIDGE_HOSTS_TIMEOUT:-300}" "$@" || status=$?
  return "$status"
}

usage="usage: hosts.sh check | up DIR [N] | exec DIR HOST WORDS... | mpirun DIR ARGS... | kill DIR HOST | down DIR | run DIR [N] -- COMMAND..."
cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
  check) check ;;
  up) [ $# -ge 1 ] || die "$usage"; up "$@" ;;
  down) [ $# -ge 1 ] || die "$usage"; down "$(cd "$1" && pwd)" ;;
  exec) [ $# -ge 3 ] || die "$usage"; host_exec "$@" ;;
  mpirun) [ $# -ge 1 ] || die "$usage"; host_mpirun "$@" ;;
  kill) [ $# -eq 2 ] || die "$usage"; host_kill "$@" ;;
  run) [ $# -ge 2 ] || die "$usage"; run "$@" ;;
  *) die "$usage" ;;
esac
