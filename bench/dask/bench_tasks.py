"""Functions the Dask workers run (imported by name, so cloudpickle sends references).

gen_block: the spec's generator (bdsl-core.md section 6) in NumPy for one block,
  from its global element range (block_info's array-location).
consume: the "legacy MPI function" of the Dask side: the NumPy sum of the chunks
  a worker holds, combined over the workers' communicator with an allreduce.
"""
import time

import numpy as np

# Set at start-up on worker ranks (run_dask.py): the communicator of the workers.
WORKER_COMM = None

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def u01_range(seed, lo, hi):
    """u01(seed, i) for the global indices lo..hi-1 (wrapping uint64 arithmetic)."""
    i = np.arange(lo + 1, hi + 1, dtype=np.uint64)   # i + 1
    with np.errstate(over="ignore"):
        z = i * _GOLDEN
        z += np.uint64(seed)
        z ^= z >> np.uint64(30)
        z *= _MIX1
        z ^= z >> np.uint64(27)
        z *= _MIX2
        z ^= z >> np.uint64(31)
    z >>= np.uint64(11)
    out = z.astype(np.float64)
    out *= 2.0 ** -53
    return out


def gen_block(seed, block_info=None):
    lo, hi = block_info[None]["array-location"][0]
    return u01_range(seed, lo, hi)


def consume(*chunks):
    """Sum this worker's chunks and allreduce over the workers. Every worker runs it
    exactly once (also one that holds no chunk), or the allreduce hangs."""
    from mpi4py import MPI
    t0 = time.perf_counter()
    local = 0.0
    for c in chunks:
        local += float(np.sum(c))
    total = WORKER_COMM.allreduce(local, op=MPI.SUM)
    return total, len(chunks), time.perf_counter() - t0
