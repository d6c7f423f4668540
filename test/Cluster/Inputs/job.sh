#!/bin/bash
# The batch job of the Slurm tests (and docs/cluster.md): the pipeline on 4
# ranks that srun starts through PMIx. Arguments go to the program.
#SBATCH --job-name=pipeline
#SBATCH --ntasks=4
#SBATCH --time=00:05:00
#SBATCH --output=pipeline-%j.out
#SBATCH --error=pipeline-%j.err

cd "$SLURM_SUBMIT_DIR"
srun --mpi=pmix ./app "$@"
