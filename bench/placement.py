#!/usr/bin/python3
"""How the placement model scales: `bridgec --explain-placement --ranks P` of four
pipelines at 1e3 to 1e8 chunks and 10 to 1,000,000 ranks, timed with GNU time.

    bench/placement.sh                      # every point, results in bench/results/
    bench/placement.sh --quick              # 1e3..1e5 chunks, 10..1e4 ranks
    bench/placement.sh --limit 60           # seconds a point may take (default 120)

Writes placement.csv (pipeline, chunks, ranks, seconds, peak KiB, status) and
placement.svg (seconds against ranks, one line per pipeline and chunk count). The
time and memory are those of the whole bridgec run: parsing and lowering the program
(the same at every point) and modelling it. A point whose smaller rank count already
took more than half the limit is skipped (status "skipped"), as is one that runs out
of time ("timeout"). Standard library and matplotlib only.
"""
import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)

# Each pipeline for K chunks. Shapes are far beyond memory on purpose: only the
# plan is modelled, nothing runs.
N = 10_000_000_000


def elementwise(k):
    return (f"let x = random([{N}], chunks=[{N // k}], seed=1)\n"
            "let y = x * 2.0 + 1.0\n"
            'save y to "y.npy"\n')


def rechunk(k):
    width = N // k
    # Reading an element stores x, so the rechunk moves data (of generated
    # data alone it would be recomputed where it is read).
    return (f"let x = random([{N}], chunks=[{width}], seed=1)\n"
            "print x[0]\n"
            f"let y = rechunk(x * 2.0, chunks=[{max(1, width * 7 // 10)}])\n"
            'save y to "y.npy"\n')


def stencil(k):
    return (f"let x = random([{N}], chunks=[{N // k}], seed=1)\n"
            'let y = convolve(x, [1.0, 2.0, 1.0], boundary="wrap")\n'
            'save y to "y.npy"\n')


def axis_reduction(k):
    # A 100,000 x 100,000 matrix in k square-ish chunks, summed over axis 0.
    rows = cols = 100_000
    across = 1
    while across * across < k:
        across *= 10
    down = max(1, k // across)
    return (f"let a = random([{rows}, {cols}], chunks=[{rows // down}, {cols // across}], seed=1)\n"
            "let s = sum(a, axis=0)\n"
            'save s to "s.npy"\n')


PIPELINES = {"elementwise": elementwise, "rechunk": rechunk, "stencil": stencil,
             "axis-reduction": axis_reduction}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="a small grid of points")
    p.add_argument("--limit", type=float, default=120.0, help="seconds per point")
    p.add_argument("--bridgec", default=os.environ.get("BRIDGEC",
                                                       os.path.join(ROOT, "build/bin/bridgec")))
    p.add_argument("--out", default=os.path.join(BENCH, "results"))
    return p.parse_args()


def measure(bridgec, source, ranks, limit):
    """(seconds, peak KiB, status) of one --explain-placement run."""
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "p.bdsl")
        with open(path, "w") as f:
            f.write(source)
        try:
            run = subprocess.run(["/usr/bin/time", "-v", bridgec, path, "--explain-placement",
                                  "--ranks", str(ranks)],
                                 capture_output=True, text=True, timeout=limit, cwd=work)
        except subprocess.TimeoutExpired:
            return limit, 0, "timeout"
    if run.returncode != 0:
        return 0, 0, "failed: " + run.stderr.strip().splitlines()[0]
    wall = re.search(r"Elapsed \(wall clock\) time .*: (?:(\d+):)?(\d+):([\d.]+)", run.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    return seconds, int(rss.group(1)), "ok"


def plot(rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    for name in PIPELINES:
        for chunks in sorted({r["chunks"] for r in rows}):
            points = [r for r in rows if r["pipeline"] == name and r["chunks"] == chunks
                      and r["status"] == "ok"]
            if not points:
                continue
            xs = [r["ranks"] for r in points]
            label = f"{name}, {chunks:.0e} chunks"
            axes[0].plot(xs, [r["seconds"] for r in points], marker="o", label=label)
            axes[1].plot(xs, [r["peak_kib"] / 1024 for r in points], marker="o", label=label)
    for ax, what in zip(axes, ("seconds (bridgec --explain-placement)", "peak MiB")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("ranks")
        ax.set_ylabel(what)
        ax.grid(True, which="both", alpha=0.3)
    axes[1].legend(fontsize=6, ncol=2)
    fig.tight_layout()
    fig.savefig(path)


def main():
    args = parse_args()
    chunk_counts = [10**e for e in (range(3, 6) if args.quick else range(3, 9))]
    rank_counts = [10**e for e in (range(1, 5) if args.quick else range(1, 7))]
    os.makedirs(args.out, exist_ok=True)
    rows = []
    for name, make in PIPELINES.items():
        for chunks in chunk_counts:
            slow = False
            for ranks in rank_counts:
                if slow:
                    seconds, kib, status = 0, 0, "skipped"
                else:
                    seconds, kib, status = measure(args.bridgec, make(chunks), ranks, args.limit)
                    slow = status != "ok" or seconds > args.limit / 2
                rows.append({"pipeline": name, "chunks": chunks, "ranks": ranks,
                             "seconds": round(seconds, 3), "peak_kib": kib, "status": status})
                print(f"{name:15} {chunks:>10} chunks {ranks:>8} ranks: {seconds:8.2f} s "
                      f"{kib / 1024:8.1f} MiB  {status}", flush=True)
    csv_path = os.path.join(args.out, "placement.csv")
    with open(csv_path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    plot(rows, os.path.join(args.out, "placement.svg"))
    print(f"wrote {csv_path} and placement.svg", file=sys.stderr)
    return 0 if all(r["status"] in ("ok", "skipped", "timeout") for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
