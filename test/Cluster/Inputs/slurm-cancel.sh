#!/usr/bin/env bash
# Runs inside `scripts/cluster/slurm.sh run` (SLURM_CONF is set): submits the
# pipeline DIR/app with --checkpoint (job.sh, 4 ranks) and cancels the job
# once it is inside its legacy call. Records in DIR the ranks running just
# before `scancel` and after it (cancelled.before, cancelled.after), how many
# seconds the ranks took to end (cancelled.seconds) and the job's files
# (cancelled.out, cancelled.err); then runs the job again with the same
# checkpoint directory (resumed.out, resumed.err).
#   slurm-cancel.sh DIR
set -euo pipefail
cd "$1"
dir=$(pwd)
app=$dir/app
rm -f held

# The processes that run this program, wherever Slurm started them.
ranks() {
  # (find fails on the processes that end while it looks.)
  { find /proc/[0-9]*/exe -maxdepth 0 -lname "$app" 2>/dev/null || true; } | wc -l
}

job=$(HOLD_MS=60000 HOLD_FILE=$dir/held sbatch --parsable job.sh --checkpoint ckpt)
for ((i = 0; i < 600; i++)); do
  [ -e held ] && break
  sleep 0.1
done
[ -e held ] || { echo "slurm-cancel.sh: the job never reached its call" >&2; exit 1; }

ranks >cancelled.before
start=$(date +%s.%N)
scancel "$job"
for ((i = 0; i < 300; i++)); do
  [ "$(ranks)" = 0 ] && break
  sleep 0.1
done
end=$(date +%s.%N)
ranks >cancelled.after
awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f\n", b - a }' >cancelled.seconds
for ((i = 0; i < 300; i++)); do
  [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
  sleep 0.1
done
cp "pipeline-$job.out" cancelled.out
cp "pipeline-$job.err" cancelled.err

touch resumed.since
job=$(timeout 120 sbatch --parsable --wait job.sh --checkpoint ckpt)
cp "pipeline-$job.out" resumed.out
cp "pipeline-$job.err" resumed.err
