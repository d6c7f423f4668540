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
import json
import os
import re
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH)
import run as harness  # noqa: E402  (run(), must(), mpirun(), read_rss(), mpi_env(), log())

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


def measure(cmd, rss_dir, env):
    rc, out, err, wall = harness.run(cmd, env=env, timeout=3600)
    if rc != 0:
        harness.log("failed (exit %d): %s\n%s%s" % (rc, " ".join(cmd), out, err))
        sys.exit(1)
    ranks = harness.read_rss(rss_dir)
    return {"median": out.strip().splitlines()[-1], "wall_s": wall,
            "cpu_s": sum(v["user"] + v["sys"] for v in ranks.values()),
            "rss_kb": max((v["rss_kb"] for v in ranks.values()), default=0), "stderr": err}


def dask_cmd(n, chunk, threads, rss_dir):
    return ["/usr/bin/time", "-o", os.path.join(rss_dir, "rank.0"), "-f", "rss_kb=%M user=%U sys=%S",
            harness.PY, os.path.abspath(__file__), "--dask-child", str(n), str(chunk), str(threads)]


def have_dask():
    return subprocess.run([harness.PY, "-c", "import dask.array"], capture_output=True).returncode == 0


def check(a, hand, gen_check, check_chunk, rss_dir, use_dask):
    sys.path.insert(0, os.path.join(BENCH, "dask"))
    import numpy as np
    import bench_tasks
    want = "%.17g" % float(np.median(bench_tasks.u01_range(SEED, 0, a.check_n)))
    env = harness.mpi_env()
    got = []
    for np_ in (1, 2, 3):
        got.append(measure(harness.mpirun(np_, [gen_check], rss_dir), rss_dir, env)["median"])
        got.append(measure(harness.mpirun(np_, [hand, "--n", str(a.check_n), "--chunk", str(check_chunk),
                                                "--seed", str(SEED)], rss_dir), rss_dir, env)["median"])
    if use_dask:
        got.append(measure(dask_cmd(a.check_n, check_chunk, 2, rss_dir), rss_dir, None)["median"])
    if any(float(g) != float(want) for g in got):
        harness.log("median of %d elements: numpy %s, got %s" % (a.check_n, want, got))
        sys.exit(1)
    harness.log("median of %d elements: numpy.median, generated and hand-written at 1-3 ranks%s agree: %s"
                % (a.check_n, " and Dask" if use_dask else "", want))


def main():
    a = parse_args()
    if a.dask_child:
        dask_child(*a.dask_child)
        return
    work = os.path.join(BENCH, "work", "median")
    os.makedirs(work, exist_ok=True)
    os.makedirs(a.out, exist_ok=True)
    rss_dir = os.path.join(work, "rss")
    os.makedirs(rss_dir, exist_ok=True)
    use_dask = not a.no_dask and have_dask()
    if not a.no_dask and not use_dask:
        harness.log("dask.array is not importable by %s: Dask skipped" % harness.PY)
    hand, gen, gen_check, check_chunk = build(a, work)
    check(a, hand, gen_check, check_chunk, rss_dir, use_dask)

    env = harness.mpi_env()
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    rows, raw = [], []
    for np_ in a.ranks:
        runs = {"generated": [], "hand": [], "dask": []}
        for _ in range(a.runs):
            runs["generated"].append(measure(harness.mpirun(np_, [gen, "--stats"], rss_dir), rss_dir, env))
            runs["hand"].append(measure(harness.mpirun(np_, [hand, "--n", str(a.n), "--chunk", str(a.chunk),
                                                             "--seed", str(SEED)], rss_dir), rss_dir, env))
            if use_dask:
                runs["dask"].append(measure(dask_cmd(a.n, a.chunk, np_, rss_dir), rss_dir, None))
        want = runs["hand"][0]["median"]
        for impl, rs in runs.items():
            for r in rs:
                if float(r["median"]) != float(want):
                    harness.log("%s at %d ranks printed %s, hand-written %s" % (impl, np_, r["median"], want))
                    sys.exit(1)
        sent = sum(int(m) for m in re.findall(r"^bridge: rank \d+ sent (\d+) bytes$",
                                              runs["generated"][0]["stderr"], re.M))
        hand_bytes = int(re.search(r"allreduce bytes per rank=(\d+)", runs["hand"][0]["stderr"]).group(1))
        row = {"ranks": np_, "median": want, "generated_bytes": sent, "hand_allreduce_bytes_per_rank": hand_bytes}
        for impl, rs in runs.items():
            for key in ("wall_s", "cpu_s", "rss_kb"):
                row["%s_%s" % (impl, key)] = statistics.median(r[key] for r in rs) if rs else None
        rows.append(row)
        raw.append({"ranks": np_, "runs": {k: [{x: r[x] for x in ("median", "wall_s", "cpu_s", "rss_kb")}
                                               for r in v] for k, v in runs.items()}})
        harness.log("%d ranks: %s" % (np_, json.dumps(row)))

    def cell(row, impl, key, fmt):
        v = row["%s_%s" % (impl, key)]
        return "-" if v is None else fmt(v)

    lines = ["median of random([%d], chunks=[%d], seed=%d) = %s; median of %d runs; %s"
             % (a.n, a.chunk, SEED, rows[0]["median"] if rows else "-", a.runs, uptime), "",
             "| ranks | wall (s) gen / hand / Dask | CPU (s) gen / hand / Dask | peak MiB/rank gen / hand / Dask "
             "| bytes moved, gen (--stats, all ranks) | hand (Allreduce input, per rank) |",
             "|---:|---|---|---|---:|---:|"]
    for r in rows:
        lines.append("| %d | %s / %s / %s | %s / %s / %s | %s / %s / %s | %d | %d |" % (
            (r["ranks"],) +
            tuple(cell(r, i, "wall_s", lambda v: "%.2f" % v) for i in ("generated", "hand", "dask")) +
            tuple(cell(r, i, "cpu_s", lambda v: "%.2f" % v) for i in ("generated", "hand", "dask")) +
            tuple(cell(r, i, "rss_kb", lambda v: "%d" % (v // 1024)) for i in ("generated", "hand", "dask")) +
            (r["generated_bytes"], r["hand_allreduce_bytes_per_rank"])))
    table = "\n".join(lines) + "\n"
    print(table)
    open(os.path.join(a.out, "median.md"), "w").write(table)
    json.dump({"uptime": uptime, "rows": rows, "raw": raw}, open(os.path.join(a.out, "median.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
