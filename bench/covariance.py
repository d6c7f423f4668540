#!/usr/bin/python3
"""The covariance matrix of random([rows, cols], chunks=[chunk, cols], seed=7),
numpy.cov(x, rowvar=False): the program bridgec generates from
bench/covariance.bdsl (transpose(z) @ z / (rows - 1) with z = x - mean(x, axis=0))
against the hand-written MPI program bench/hand/covariance.cpp and dask.array
(threads, in one process).

    /usr/bin/python3 bench/covariance.py                      # 1e6 x 100, chunks of 1e4 rows, 1/2/4 ranks
    /usr/bin/python3 bench/covariance.py --ranks 2 --runs 1   # the issue's point, once

First checks all three against numpy.cov of the same data (the spec's generator
in NumPy, bench/dask/bench_tasks.py) at --check-rows rows (with a partial last
chunk) and 1-3 ranks. Then, per rank count, whole-process wall time of
`mpirun` (median of --runs), CPU time (user + system over the ranks) and peak
resident memory of the largest rank, every rank under GNU time as in run.py;
Dask's under GNU time too, with as many threads as ranks. Bytes moved between
ranks are the generated program's `--stats` (summed over the ranks) and, for
the hand-written program, the bytes each rank hands to MPI_Allreduce. Each
program prints sum(c) and c[0, 0]; their summation orders differ, so they must
agree to a relative 1e-9, or the run exits non-zero. Prints a Markdown table
and writes it (covariance.md) with the raw runs (covariance.json) to --out,
bench/results by default; build products go to bench/work/covariance.
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

SEED = 7
REL_TOL = 1e-9


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rows", type=int, default=1_000_000, help="rows (default 1e6)")
    p.add_argument("--cols", type=int, default=100, help="columns (default 100)")
    p.add_argument("--chunk", type=int, default=10_000, help="rows per chunk (default 1e4)")
    p.add_argument("--ranks", type=int, nargs="+", default=[1, 2, 4])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--check-rows", type=int, default=20_003, help="rows of the NumPy check")
    p.add_argument("--no-dask", action="store_true")
    p.add_argument("--bridgec", default=os.environ.get("BRIDGEC", os.path.join(harness.ROOT, "build", "bin", "bridgec")))
    p.add_argument("--out", default=os.path.join(BENCH, "results"), help="covariance.md, covariance.json")
    p.add_argument("--dask-child", nargs=4, type=int, metavar=("ROWS", "COLS", "CHUNK", "THREADS"),
                   help=argparse.SUPPRESS)
    return p.parse_args()


def dask_child(rows, cols, chunk, threads):
    """Runs in its own process (under GNU time): prints sum(c), c[0, 0] and the seconds."""
    import dask
    import dask.array as da
    sys.path.insert(0, os.path.join(BENCH, "dask"))
    import bench_tasks

    def block(block_info=None):
        (r0, r1), _ = block_info[None]["array-location"]
        return bench_tasks.u01_range(SEED, r0 * cols, r1 * cols).reshape(r1 - r0, cols)

    t0 = time.perf_counter()
    x = da.map_blocks(block, dtype=float,
                      chunks=(tuple(min(chunk, rows - lo) for lo in range(0, rows, chunk)), (cols,)))
    z = x - x.mean(axis=0)
    c = (z.T @ z) / (rows - 1)
    with dask.config.set(scheduler="threads", num_workers=threads):
        value = c.compute()
    print("%.17g\n%.17g" % (value.sum(), value[0, 0]))
    print("DASK seconds=%.6f" % (time.perf_counter() - t0), file=sys.stderr)


def build(a, work):
    inc = os.path.join(harness.ROOT, "runtime", "include")
    hand = os.path.join(work, "hand-covariance")
    harness.must(["mpicxx", "-O3", "-march=native", "-fopenmp-simd", "-I", inc,
                  os.path.join(BENCH, "hand", "covariance.cpp"), "-o", hand], "compiling bench/hand/covariance.cpp")
    source = open(os.path.join(BENCH, "covariance.bdsl")).read()

    def generated(rows, chunk, name):
        text = re.sub(r"random\(\[[^]]*\], chunks=\[[^]]*\]",
                      "random([%d, %d], chunks=[%d, %d]" % (rows, a.cols, chunk, a.cols), source)
        text = re.sub(r"@ z / [0-9_.]+", "@ z / %d.0" % (rows - 1), text)
        bdsl = os.path.join(work, name + ".bdsl")
        open(bdsl, "w").write(text)
        exe = os.path.join(work, name)
        harness.must([a.bridgec, bdsl, "-O2", "-o", exe], "bridgec " + bdsl)
        return exe

    check_chunk = max(1, a.check_rows // 7)
    return hand, generated(a.rows, a.chunk, "gen-covariance"), generated(a.check_rows, check_chunk, "gen-check"), \
        check_chunk


def hand_cmd(hand, rows, cols, chunk):
    return [hand, "--rows", str(rows), "--cols", str(cols), "--chunk", str(chunk), "--seed", str(SEED)]


def dask_cmd(rows, cols, chunk, threads, rss_dir):
    return harness.timed_child([harness.PY, os.path.abspath(__file__), "--dask-child",
                                str(rows), str(cols), str(chunk), str(threads)], rss_dir)


def values(run):
    """(sum(c), c[0, 0]) from a program's last two output lines."""
    return tuple(float(v) for v in run["lines"][-2:])


def close(got, want):
    return all(abs(g - w) <= REL_TOL * abs(w) for g, w in zip(got, want))


def check(a, hand, gen_check, check_chunk, rss_dir, use_dask):
    sys.path.insert(0, os.path.join(BENCH, "dask"))
    import numpy as np
    import bench_tasks
    x = bench_tasks.u01_range(SEED, 0, a.check_rows * a.cols).reshape(a.check_rows, a.cols)
    c = np.cov(x, rowvar=False)
    want = (float(c.sum()), float(c[0, 0]))
    env = harness.mpi_env()
    got = []
    for np_ in (1, 2, 3):
        got.append(values(harness.measure(harness.mpirun(np_, [gen_check], rss_dir), rss_dir, env)))
        got.append(values(harness.measure(
            harness.mpirun(np_, hand_cmd(hand, a.check_rows, a.cols, check_chunk), rss_dir), rss_dir, env)))
    if use_dask:
        got.append(values(harness.measure(dask_cmd(a.check_rows, a.cols, check_chunk, 2, rss_dir), rss_dir, None)))
    if not all(close(g, want) for g in got):
        harness.log("covariance of %d x %d: numpy %r, got %r" % (a.check_rows, a.cols, want, got))
        sys.exit(1)
    harness.log("covariance of %d x %d: numpy.cov, generated and hand-written at 1-3 ranks%s agree: %r"
                % (a.check_rows, a.cols, " and Dask" if use_dask else "", want))


def main():
    a = parse_args()
    if a.dask_child:
        dask_child(*a.dask_child)
        return
    work, rss_dir, use_dask = threeway.setup("covariance", a.no_dask)
    hand, gen, gen_check, check_chunk = build(a, work)
    check(a, hand, gen_check, check_chunk, rss_dir, use_dask)

    commands = threeway.commands(gen, hand_cmd(hand, a.rows, a.cols, a.chunk),
                                 lambda threads: dask_cmd(a.rows, a.cols, a.chunk, threads, rss_dir),
                                 rss_dir, use_dask)
    rows, raw = threeway.compare(a.ranks, a.runs, commands, values, close, rss_dir)
    threeway.report("covariance of random([%d, %d], chunks=[%d, %d], seed=%d), sum(c) = %s; median of %d runs"
                    % (a.rows, a.cols, a.chunk, a.cols, SEED, "%.17g" % rows[0]["result"][0] if rows else "-",
                       a.runs), rows, raw, a.out, "covariance")


if __name__ == "__main__":
    main()
