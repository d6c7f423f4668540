#!/usr/bin/python3
"""The Dask side of the benchmark: the motivating hand-off, under mpirun.

    mpirun -np P /usr/bin/python3 bench/dask/run_dask.py --pipeline seed|multi --n N --chunk C

Rank 0 runs the distributed Scheduler, rank 1 the Client, ranks 2.. one Worker each
(one thread; P - 2 workers). The client builds the dask.array pipeline
(bench_tasks.gen_block per chunk; for `multi` also y = clip((x - mean(x)) / std(x), -3, 3),
z = y*y + 0.5*y), persists it, asks the scheduler where every chunk lives
(client.who_has), groups the chunks by worker and submits bench_tasks.consume to every
worker with that worker's chunks (the MPI function: NumPy sum + allreduce over the workers'
communicator). Rank 1 prints the total (%.17g) on standard output and on standard error

    DASK phase=T compute=T1 handoff=T2 workers=W

phase: from building the graph to the hand-off's result (compute: graph + persist until
every chunk exists; handoff: who_has + submit + gather).
"""
import argparse
import asyncio
import logging
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import dask  # noqa: E402
from mpi4py import MPI  # noqa: E402

import bench_tasks  # noqa: E402

dask.config.set({
    "distributed.worker.memory.target": False,
    "distributed.worker.memory.spill": False,
    "distributed.worker.memory.pause": False,
    "distributed.worker.memory.terminate": False,
    "distributed.scheduler.work-stealing": True,
    "logging.distributed": "error",
})


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--pipeline", choices=["seed", "multi"], required=True)
    p.add_argument("--n", type=int, default=100_000_000)
    p.add_argument("--chunk", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=42)
    return p.parse_args()


def build(args):
    import dask.array as da
    n, c = args.n, args.chunk
    chunks = ((c,) * (n // c) + ((n % c,) if n % c else ()),)
    x = da.map_blocks(bench_tasks.gen_block, args.seed, chunks=chunks, dtype="f8", meta=None)
    if args.pipeline == "seed":
        return x
    y = da.clip((x - x.mean()) / x.std(), -3, 3)
    return y * y + 0.5 * y


def run_client(args, address, nworkers):
    from dask.utils import stringify
    from distributed import Client, futures_of, wait
    client = Client(address)
    client.wait_for_workers(nworkers)
    t0 = time.perf_counter()
    z = build(args).persist()
    wait(z)
    t1 = time.perf_counter()
    futures = futures_of(z)
    who_has = client.who_has(futures)   # keys as the scheduler writes them (stringified)
    workers = sorted(client.scheduler_info()["workers"])
    groups = {w: [] for w in workers}
    for f in futures:
        holders = who_has.get(f.key) or who_has[stringify(f.key)]
        groups[holders[0]].append(f)
    parts = [client.submit(bench_tasks.consume, *groups[w], workers=[w],
                           allow_other_workers=False, pure=False) for w in workers]
    results = client.gather(parts)
    t2 = time.perf_counter()
    total = results[0][0]
    if any(r[0] != total for r in results):
        print("error: workers disagree on the total", file=sys.stderr)
    print("%.17g" % total, flush=True)
    print("DASK phase=%.6f compute=%.6f handoff=%.6f workers=%d chunks_per_worker=%s"
          % (t2 - t0, t1 - t0, t2 - t1, len(workers), ",".join(str(r[1]) for r in results)),
          file=sys.stderr, flush=True)
    client.shutdown()
    client.close()


async def run_scheduler(comm):
    from distributed import Scheduler
    async with Scheduler(host="127.0.0.1", port=0, dashboard=False) as s:
        comm.bcast(s.address, root=0)
        await s.finished()


async def run_worker(address):
    from distributed import Worker
    async with Worker(address, nthreads=1, memory_limit=0, host="127.0.0.1",
                      dashboard=False) as w:
        await w.finished()


def main():
    args = parse()
    logging.getLogger("distributed").setLevel(logging.ERROR)
    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()
    if size < 3:
        if rank == 0:
            print("error: the Dask layout needs at least 3 ranks (scheduler, client, worker)",
                  file=sys.stderr)
        return 2
    is_worker = rank >= 2
    bench_tasks.WORKER_COMM = comm.Split(0 if is_worker else MPI.UNDEFINED, rank)
    if rank == 0:
        asyncio.run(run_scheduler(comm))
    else:
        address = comm.bcast(None, root=0)
        if rank == 1:
            try:
                run_client(args, address, size - 2)
            except BaseException:
                import traceback
                traceback.print_exc()
                sys.stderr.flush()
                comm.Abort(1)
        else:
            asyncio.run(run_worker(address))
    return 0


if __name__ == "__main__":
    sys.exit(main())
