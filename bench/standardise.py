#!/usr/bin/python3
"""Per-column standardisation, (a - mean(a, axis=0)) / std(a, axis=0), handed
to bench/legacy.c's consume: the bridgec-generated program
(bench/standardise.bdsl) against the hand-written MPI program
(bench/hand/standardise.cpp) and dask.array (threads, in one process).

    bench/standardise.py                       # 100000 x 1000 f64, 10 chunks of rows
    bench/standardise.py --rows 20000 --runs 1 # smaller, quicker

Times are the slowest rank's phase, MPI_Init returned -> consume done, as
bench/legacy.c measures it for both C programs (the median of --runs runs);
Dask's is graph building -> the sum of z computed. Bytes moved between ranks
are the generated program's `--stats`. Prints a Markdown table.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, env=ENV, **kw)


def build(a, work):
    inc = os.path.join(ROOT, "runtime", "include")
    legacy = os.path.join(work, "legacy.o")
    run(["mpicc", "-O3", "-march=native", "-I", inc, "-c", os.path.join(BENCH, "legacy.c"), "-o", legacy])
    hand = os.path.join(work, "hand-standardise")
    run(["mpicxx", "-O3", "-march=native", "-fopenmp-simd", "-I", inc,
         os.path.join(BENCH, "hand", "standardise.cpp"), legacy, "-o", hand])
    source = open(os.path.join(BENCH, "standardise.bdsl")).read()
    source = re.sub(r"random\(\[[^]]*\], chunks=\[[^]]*\]",
                    "random([%d, %d], chunks=[%d, %d]" % (a.rows, a.cols, a.chunk, a.cols), source)
    bdsl = os.path.join(work, "standardise.bdsl")
    open(bdsl, "w").write(source)
    gen = os.path.join(work, "gen-standardise")
    run([a.bridgec, bdsl, legacy, "-O2", "-o", gen])
    explain = run([a.bridgec, bdsl, "--explain-placement", "--ranks", "4"]).stdout
    return gen, hand, explain


def phase(stderr):
    """The slowest rank's phase from consume's BENCH lines."""
    return max(float(m) for m in re.findall(r"^BENCH .* phase=([0-9.]+)$", stderr, re.M))


def mpirun(np_, cmd):
    out = run(["mpirun", "--oversubscribe", "-np", str(np_)] + cmd)
    return out.stdout.strip(), out.stderr


def dask_time(a, threads):
    import dask
    import dask.array as da
    sys.path.insert(0, os.path.join(BENCH, "dask"))
    import bench_tasks

    def block(block_info=None):
        (r0, r1), (c0, c1) = block_info[None]["array-location"]
        assert c0 == 0 and c1 == a.cols
        return bench_tasks.u01_range(7, r0 * a.cols, r1 * a.cols).reshape(r1 - r0, a.cols)

    t0 = time.perf_counter()
    x = da.map_blocks(block, dtype=float, chunks=((a.chunk,) * (a.rows // a.chunk), (a.cols,)))
    z = (x - x.mean(axis=0)) / x.std(axis=0)
    with dask.config.set(scheduler="threads", num_workers=threads):
        total = float(z.sum().compute())
    return time.perf_counter() - t0, total


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rows", type=int, default=100000)
    p.add_argument("--cols", type=int, default=1000)
    p.add_argument("--chunk", type=int, default=10000, help="rows per chunk")
    p.add_argument("--ranks", default="1,2,4")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--no-dask", action="store_true")
    p.add_argument("--work", default=os.path.join(BENCH, "work", "standardise"))
    p.add_argument("--bridgec", default=os.path.join(ROOT, "build", "bin", "bridgec"))
    a = p.parse_args()
    if a.rows % a.chunk:
        p.error("--rows must be a multiple of --chunk")
    os.makedirs(a.work, exist_ok=True)
    gen, hand, explain = build(a, a.work)
    planned = int(re.search(r"^bytes moved between ranks: (\d+)$", explain, re.M).group(1))
    hand_args = ["--rows", str(a.rows), "--cols", str(a.cols), "--chunk", str(a.chunk), "--seed", "7"]
    print("standardise %d x %d f64, chunks of %d rows; planned bytes at 4 ranks: %d" %
          (a.rows, a.cols, a.chunk, planned))
    print()
    print("| ranks | generated (s) | hand-written (s) | gen/hand | Dask (s) | bytes moved (--stats) |")
    print("|---|---|---|---|---|---|")
    for np_ in [int(r) for r in a.ranks.split(",")]:
        g, h, d, sent = [], [], [], 0
        for _ in range(a.runs):
            out, err = mpirun(np_, [gen, "--stats"])
            g.append(phase(err))
            sent = sum(int(m) for m in re.findall(r"^bridge: rank \d+ sent (\d+) bytes$", err, re.M))
            hout, herr = mpirun(np_, [hand] + hand_args)
            h.append(phase(herr))
            if abs(float(out) - float(hout)) > 1e-6:
                sys.exit("totals differ: generated %s, hand %s" % (out, hout))
            if not a.no_dask:
                t, total = dask_time(a, np_)
                if abs(total - float(hout)) > 1e-6:
                    sys.exit("totals differ: dask %r, hand %s" % (total, hout))
                d.append(t)
        gm, hm = statistics.median(g), statistics.median(h)
        dask = "%.3f" % statistics.median(d) if d else "-"
        print("| %d | %.3f | %.3f | %.2f | %s | %d |" % (np_, gm, hm, gm / hm, dask, sent))


if __name__ == "__main__":
    main()
