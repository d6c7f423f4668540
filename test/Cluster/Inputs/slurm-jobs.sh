#!/usr/bin/env bash
# Runs inside `scripts/cluster/slurm.sh run` (SLURM_CONF is set): the
# pipeline in DIR/app started every way a Slurm user starts MPI programs.
# Each way leaves NAME.out and NAME.err in DIR for the test to check.
#   slurm-jobs.sh DIR
set -euo pipefail
cd "$1"
log=$(dirname "$SLURM_CONF")/log

# A batch job: job script, output and error files. It lasts a few seconds
# (the legacy call waits 2.5 s), long enough for a progress line a second.
job=$(HOLD_MS=2500 timeout 120 sbatch --parsable --wait job.sh --progress=1 --stats) || {
  echo "sbatch: the job failed" >&2; exit 1; }
cp "pipeline-$job.out" sbatch.out
cp "pipeline-$job.err" sbatch.err

# srun starts the ranks itself.
timeout 120 srun --mpi=pmix -n 4 ./app --stats >srun.out 2>srun.err

# An allocation, and Open MPI's mpirun inside it: the allocation's 3 slots.
timeout 120 salloc -n 3 mpirun ./app --stats >salloc.out 2>salloc.err

# `./app -n 4` inside an allocation runs the allocation's mpirun, which
# starts its daemon on the allocated node through Slurm (a job step).
timeout 120 salloc -n 4 ./app -n 4 --stats >self.out 2>self.err
job=$(sed -n 's/^salloc: Granted job allocation \([0-9]*\)$/\1/p' self.err)
grep "launch task StepId=$job\.0 " "$log/slurmd.log" >self.step
