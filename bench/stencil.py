#!/usr/bin/python3
"""Stencil benchmarks: the programs bridgec generates from bench/stencil/*.bdsl
against the hand-written MPI programs bench/hand/{stencil1d,chain,stencil2d}.cpp,
side by side at each rank count and chunk size.

    /usr/bin/python3 bench/stencil.py                      # n=1e7, chunks of 1e6 and 100, 1/2/4 ranks
    /usr/bin/python3 bench/stencil.py --n 100000000 --runs 3

Whole-process wall time of `mpirun` (median of --runs), CPU time (user + system,
summed over the ranks) and peak resident memory (the largest rank), per rank
under GNU time as in run.py. Every result is compared with the hand-written
program's (relative 1e-9); a mismatch or a failed run exits non-zero. Writes
bench/work/stencil/results.md and results.json.
"""
import argparse
import json
import os
import statistics
import sys

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH)
import run as harness  # noqa: E402  (run(), must(), mpirun(), read_rss(), mpi_env())

ROOT = harness.ROOT
PIPELINES = ("stencil1d", "chain", "stencil2d")
# stencil2d's arrays have rows of COLS elements: its sizes are given in rows.
COLS = 100


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=10_000_000, help="elements (default 1e7)")
    p.add_argument("--chunks", type=int, nargs="+", default=[1_000_000, 100], help="elements per chunk")
    p.add_argument("--ranks", type=int, nargs="+", default=[1, 2, 4])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--pipelines", nargs="+", default=list(PIPELINES), choices=PIPELINES)
    p.add_argument("--bridgec", default=os.environ.get("BRIDGEC", os.path.join(ROOT, "build", "bin", "bridgec")))
    p.add_argument("--out", default=os.path.join(BENCH, "work", "stencil"))
    return p.parse_args()


def build(a, work):
    inc = os.path.join(ROOT, "runtime", "include")
    legacy_o = os.path.join(work, "legacy.o")
    harness.must(["mpicc", "-O3", "-march=native", "-I", inc, "-c", os.path.join(BENCH, "legacy.c"),
                  "-o", legacy_o], "compiling bench/legacy.c")
    exes = {}
    for p in a.pipelines:
        hand = os.path.join(work, "hand-" + p)
        harness.must(["mpicxx", "-O3", "-march=native", "-fopenmp-simd", "-I", inc,
                      os.path.join(BENCH, "hand", p + ".cpp"), legacy_o, "-o", hand],
                     "compiling bench/hand/%s.cpp" % p)
        gen = os.path.join(work, "gen-" + p)
        harness.must([a.bridgec, os.path.join(BENCH, "stencil", p + ".bdsl"), legacy_o, "-O2", "-o", gen],
                     "bridgec bench/stencil/%s.bdsl" % p)
        exes[p] = {"hand": hand, "generated": gen}
    return exes


def argv(impl, exe, pipeline, n, chunk):
    if pipeline == "stencil2d":
        n, chunk = n // COLS, max(chunk // COLS, 1)
        sizes = ("rows", "chunk_rows")
    else:
        sizes = ("n", "chunk")
    if impl == "hand":
        return [exe, "--n", str(n), "--chunk", str(chunk), "--seed", "42"]
    return [exe, "--set", "%s=%d" % (sizes[0], n), "--set", "%s=%d" % (sizes[1], chunk)]


def measure(cmd, rss_dir):
    rc, out, err, wall = harness.run(cmd, env=harness.mpi_env(), timeout=3600)
    ranks = harness.read_rss(rss_dir)
    lines = [l for l in out.splitlines() if l.strip()]
    result = float(lines[-1]) if rc == 0 and lines else None
    if result is None:
        harness.log("failed (exit %d): %s\n%s%s" % (rc, " ".join(cmd), out[-500:], err[-3000:]))
    return {"wall_s": wall, "result": result,
            "cpu_s": sum(v["user"] + v["sys"] for v in ranks.values()),
            "rss_kb": max((v["rss_kb"] for v in ranks.values()), default=0)}


def main():
    a = parse_args()
    work = a.out
    os.makedirs(work, exist_ok=True)
    rss_dir = os.path.join(work, "rss")
    os.makedirs(rss_dir, exist_ok=True)
    exes = build(a, work)
    rows, failed = [], False
    for p in a.pipelines:
        for chunk in a.chunks:
            for np_ in a.ranks:
                runs = {"hand": [], "generated": []}
                for _ in range(a.runs):  # in turn, so load changes hit both alike
                    for impl in runs:
                        cmd = harness.mpirun(np_, argv(impl, exes[p][impl], p, a.n, chunk), rss_dir)
                        runs[impl].append(measure(cmd, rss_dir))
                row = {"pipeline": p, "chunk": chunk, "ranks": np_}
                for impl, rs in runs.items():
                    for key in ("wall_s", "cpu_s", "rss_kb"):
                        row["%s_%s" % (impl, key)] = statistics.median(r[key] for r in rs)
                    row[impl + "_results"] = sorted({r["result"] for r in rs}, key=str)
                want = row["hand_results"][0]
                for r in row["generated_results"] + row["hand_results"]:
                    if r is None or want is None or abs(r - want) > 1e-9 * abs(want):
                        failed = True
                        harness.log("%s chunk %d at %d ranks: results %s" % (p, chunk, np_, row))
                rows.append(row)
                harness.log("%s chunk %d np %d: wall %.2fs/%.2fs cpu %.2fs/%.2fs rss %d/%d MiB" % (
                    p, chunk, np_, row["generated_wall_s"], row["hand_wall_s"], row["generated_cpu_s"],
                    row["hand_cpu_s"], row["generated_rss_kb"] // 1024, row["hand_rss_kb"] // 1024))
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump({"n": a.n, "runs": a.runs, "rows": rows}, f, indent=1)
    lines = ["| pipeline | chunk | ranks | wall gen / hand (s) | ratio | CPU gen / hand (s) | ratio "
             "| peak MiB/rank gen / hand | ratio |", "|---|---:|---:|---|---:|---|---:|---|---:|"]
    for r in rows:
        lines.append("| %s | %d | %d | %.2f / %.2f | %.2f | %.2f / %.2f | %.2f | %d / %d | %.2f |" % (
            r["pipeline"], r["chunk"], r["ranks"], r["generated_wall_s"], r["hand_wall_s"],
            r["generated_wall_s"] / r["hand_wall_s"], r["generated_cpu_s"], r["hand_cpu_s"],
            r["generated_cpu_s"] / max(r["hand_cpu_s"], 1e-9), r["generated_rss_kb"] // 1024,
            r["hand_rss_kb"] // 1024, r["generated_rss_kb"] / r["hand_rss_kb"]))
    table = "\n".join(lines) + "\n"
    with open(os.path.join(work, "results.md"), "w") as f:
        f.write("n = %d elements, median of %d runs\n\n" % (a.n, a.runs) + table)
    print(table)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
