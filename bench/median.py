#!/usr/bin/python3
"""The exact median of random([n], chunks=[c], seed=42): the program bridgec
generates from bench/median.bdsl against the hand-written MPI program
bench/hand/median.cpp and dask.array (threads, in one process).

    /usr/bin/python3 bench/median.py                         # n=1e8, chunks of 1e6, 1/2/4 ranks
    /usr/bin/python3 bench/median.py --ranks 2 --runs 1      # the issue's point, once

First checks all three against numpy.median of the same data (the spec's
generator in NumPy, bench/dask/bench_tasks.py) at --check-n elements (odd, with
a partial last chunk) and 1-3 ranks. Then, per rank count, whole-process wall
time of `mpirun` (median of --runs), CPU time (user + system over the ranks)
and peak resident memory of the largest rank, every rank under GNU time as in
run.py; Dask's under GNU time too, with as many threads as ranks. Bytes moved
between ranks are the generated program's `--stats` (summed over the ranks)
and, for the hand-written program, the bytes each rank hands to MPI_Allreduce.
Every median must equal the hand-written program's exactly, or the run exits
non-zero. Prints a Markdown table and writes it (median.md) with the raw runs
(median.json) to --out, bench/results by default; build products go to
bench/work/median.
"""
import argparse
import os
import re
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH)
import run as harness  # noqa: E402  (must(), mpirun(), measure(), timed_child(), mpi_env(), log())
import threeway  # noqa: E402

ROOT = harness.ROOT
SEED = 42


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=100_000_000, help="elements (default 1e8)")
    p.add_argument("--chunk", type=int, default=1_000_000, help="elements per chunk (default 1e6)")
    p.add_argument("--ranks", type=int, nargs="+", default=[1, 2, 4])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--check-n", type=int, default=1_000_001, help="elements of the NumPy check")
    p.add_argument("--no-dask", action="store_true")
    p.add_argument("--bridgec", default=os.environ.get("BRIDGEC", os.path.join(ROOT, "build", "bin", "bridgec")))
    p.add_argument("--out", default=os.path.join(BENCH, "results"), help="median.md, median.json (default bench/results)")
    p.add_argument("--dask-child", nargs=3, type=int, metavar=("N", "CHUNK", "THREADS"),
                   help=argparse.SUPPRESS)
    return p.parse_args()


def dask_child(n, chunk, threads):
    """Runs in its own process (under GNU time): prints the median and the seconds."""
    import dask
    import dask.array as da
    sys.path.insert(0, os.path.join(BENCH, "dask"))
    import bench_tasks

    t0 = time.perf_counter()
    x = da.map_blocks(lambda block_info=None: bench_tasks.gen_block(SEED, block_info),
                      dtype=float, chunks=(tuple(min(chunk, n - lo) for lo in range(0, n, chunk)),))
    # dask.array's exact median needs an axis; it rechunks x to one chunk.
    m = da.median(x, axis=0)
    with dask.config.set(scheduler="threads", num_workers=threads):
        value = float(m.compute())
    print("%.17g" % value)
    print("DASK seconds=%.6f" % (time.perf_counter() - t0), file=sys.stderr)


def build(a, work):
    inc = os.path.join(ROOT, "runtime", "include")
    hand = os.path.join(work, "hand-median")
    harness.must(["mpicxx", "-O3", "-march=native", "-fopenmp-simd", "-I", inc,
                  os.path.join(BENCH, "hand", "median.cpp"), "-o", hand], "compiling bench/hand/median.cpp")
    source = open(os.path.join(BENCH, "median.bdsl")).read()

    def generated(n, chunk, name):
        bdsl = os.path.join(work, name + ".bdsl")
        open(bdsl, "w").write(re.sub(r"random\(\[[^]]*\], chunks=\[[^]]*\]",
                                     "random([%d], chunks=[%d]" % (n, chunk), source))
        exe = os.path.join(work, name)
        harness.must([a.bridgec, bdsl, "-O2", "-o", exe], "bridgec " + bdsl)
        return exe

    check_chunk = max(1, a.check_n // 10)
    return hand, generated(a.n, a.chunk, "gen-median"), generated(a.check_n, check_chunk, "gen-check"), check_chunk


def median_of(run):
    return float(run["lines"][-1])


def hand_cmd(hand, n, chunk):
    return [hand, "--n", str(n), "--chunk", str(chunk), "--seed", str(SEED)]


def dask_cmd(n, chunk, threads, rss_dir):
    return harness.timed_child([harness.PY, os.path.abspath(__file__), "--dask-child",
                                str(n), str(chunk), str(threads)], rss_dir)


def check(a, hand, gen_check, check_chunk, rss_dir, use_dask):
    sys.path.insert(0, os.path.join(BENCH, "dask"))
    import numpy as np
    import bench_tasks
    want = float(np.median(bench_tasks.u01_range(SEED, 0, a.check_n)))
    env = harness.mpi_env()
    got = []
    for np_ in (1, 2, 3):
        got.append(median_of(harness.measure(harness.mpirun(np_, [gen_check], rss_dir), rss_dir, env)))
        got.append(median_of(harness.measure(harness.mpirun(np_, hand_cmd(hand, a.check_n, check_chunk), rss_dir),
                                             rss_dir, env)))
    if use_dask:
        got.append(median_of(harness.measure(dask_cmd(a.check_n, check_chunk, 2, rss_dir), rss_dir, None)))
    if any(g != want for g in got):
        harness.log("median of %d elements: numpy %r, got %r" % (a.check_n, want, got))
        sys.exit(1)
    harness.log("median of %d elements: numpy.median, generated and hand-written at 1-3 ranks%s agree: %.17g"
                % (a.check_n, " and Dask" if use_dask else "", want))


def main():
    a = parse_args()
    if a.dask_child:
        dask_child(*a.dask_child)
        return
    work, rss_dir, use_dask = threeway.setup("median", a.no_dask)
    hand, gen, gen_check, check_chunk = build(a, work)
    check(a, hand, gen_check, check_chunk, rss_dir, use_dask)

    commands = threeway.commands(gen, hand_cmd(hand, a.n, a.chunk),
                                 lambda threads: dask_cmd(a.n, a.chunk, threads, rss_dir), rss_dir, use_dask)
    rows, raw = threeway.compare(a.ranks, a.runs, commands, median_of, lambda got, want: got == want, rss_dir)
    threeway.report("median of random([%d], chunks=[%d], seed=%d) = %s; median of %d runs"
                    % (a.n, a.chunk, SEED, "%.17g" % rows[0]["result"] if rows else "-", a.runs),
                    rows, raw, a.out, "median")


if __name__ == "__main__":
    main()
