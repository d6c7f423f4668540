#!/usr/bin/env python3
"""Reading an HDF5 dataset: bridge_rt_load_h5 against hand-written parallel HDF5.

    /usr/bin/python3 bench/hdf5/run.py [--n 1e8] [--chunk 1e6] [--ranks 2] [--runs 5]

Builds bench/hdf5/load.cpp (the runtime, as a generated program would call it:
bridge_rt_h5_shape, bridge_rt_dist_create, bridge_rt_load_h5) against
build/lib/libbridge_runtime.a, and bench/hand/h5read.c (one hyperslab and one
collective H5Dread per rank, the same hyperslabs), writes a float64 dataset of
--n elements with h5py (once, kept in bench/work/hdf5/), contiguous (/x) and in
HDF5 chunks of --chunk elements (/chunked), and runs both programs in turn
--runs times under `mpirun -np RANKS`. Each program reports its slowest rank's
time from opening the file to closing it, for a first read into fresh memory
(which pays for the page faults of its first touch, as a program does) and a
second into the same memory (the I/O path alone, "warm"); the table gives the
read throughput of the median and of the best run, the runtime's as a
fraction of the hand-written program's, and the median CPU time of a whole run
(all ranks and mpirun, start-up included), which a busy machine disturbs less
than elapsed time.
The file stays in the page cache between runs (both programs alike). Exits
non-zero when the sums of what the two programs read differ.
"""
import argparse
import os
import re
import resource
import shlex
import statistics
import subprocess
import sys

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(BENCH))


def run(cmd, env=None):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=env, text=True)
    if proc.returncode != 0:
        sys.exit("failed (%d): %s\n%s%s" % (proc.returncode, shlex.join(cmd),
                                            proc.stdout, proc.stderr))
    return proc


def build(work, build_dir):
    flags = run(["pkg-config", "--cflags", "--libs", "hdf5-openmpi"]).stdout.split()
    hand = os.path.join(work, "h5read")
    run(["mpicc", "-O3", "-march=native", os.path.join(ROOT, "bench", "hand", "h5read.c"),
         "-o", hand] + flags)
    runtime = os.path.join(work, "h5load")
    run(["mpicxx", "-O3", "-march=native", "-I" + os.path.join(build_dir, "include"),
         os.path.join(BENCH, "load.cpp"), os.path.join(build_dir, "lib", "libbridge_runtime.a"),
         "-o", runtime] + flags)
    return {"hand": hand, "runtime": runtime}


def make_data(path, n, chunk):
    import h5py
    import numpy as np
    try:
        with h5py.File(path, "r") as f:
            if f["x"].shape == (n,) and f["chunked"].chunks == (min(chunk, n),):
                return
    except (OSError, KeyError):
        pass
    x = np.arange(n, dtype=np.float64) * 0.5
    with h5py.File(path + ".part", "w") as f:
        f.create_dataset("x", data=x)
        f.create_dataset("chunked", data=x, chunks=(min(chunk, n),))
    os.replace(path + ".part", path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=float, default=1e8)
    ap.add_argument("--chunk", type=float, default=1e6)
    ap.add_argument("--ranks", type=int, default=2)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--work", default=os.path.join(ROOT, "bench", "work", "hdf5"))
    a = ap.parse_args()
    n, chunk = int(a.n), int(a.chunk)
    os.makedirs(a.work, exist_ok=True)
    exes = build(a.work, os.path.abspath(a.build))
    data = os.path.join(a.work, "data.h5")
    make_data(data, n, chunk)

    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1")
    times, warm, cpu, sums = {}, {}, {}, set()
    for r in range(a.runs):
        for layout in ("x", "chunked"):
            for impl in ("hand", "runtime"):
                cmd = ["mpirun", "--bind-to", "none", "-np", str(a.ranks), exes[impl],
                       "--file", data, "--dataset", "/" + layout, "--chunk", str(chunk)]
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                err = run(cmd, env).stderr
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu.setdefault((layout, impl), []).append(
                    after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
                m = re.search(r"H5READ seconds=(\S+) warm=(\S+) sum=(\S+)", err)
                if not m:
                    sys.exit("no timing from %s:\n%s" % (shlex.join(cmd), err))
                times.setdefault((layout, impl), []).append(float(m.group(1)))
                warm.setdefault((layout, impl), []).append(float(m.group(2)))
                sums.add(m.group(3))
    if len(sums) != 1:
        sys.exit("the programs read different data: sums %s" % sorted(sums))

    gb = n * 8 / 1e9
    med, best = statistics.median, min
    print("%d float64 (%.1f GB), %d ranks, chunks of %d, %d runs each; GB/s of the "
          "median (and best) run" % (n, gb, a.ranks, chunk, a.runs))
    print("| dataset | program | fresh memory: GB/s | warm: GB/s | CPU (s) |")
    print("|---|---|---|---|---|")
    for layout, label in (("x", "contiguous"), ("chunked", "HDF5 chunks of %d" % chunk)):
        rate = {}
        for impl in ("hand", "runtime"):
            t, w = times[(layout, impl)], warm[(layout, impl)]
            rate[impl] = [gb / med(t), gb / best(t), gb / med(w), gb / best(w)]
            print("| %s | %s | %.2f (%.2f) | %.2f (%.2f) | %.2f |" % (
                (label, impl) + tuple(rate[impl]) + (med(cpu[(layout, impl)]),)))
        ratio = [r / h for r, h in zip(rate["runtime"], rate["hand"])]
        print("| %s | runtime / hand | %.2f (%.2f) | %.2f (%.2f) | |" % ((label,) + tuple(ratio)))


if __name__ == "__main__":
    main()
