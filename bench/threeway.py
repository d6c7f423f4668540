"""The generated program against a hand-written MPI program and dask.array,
whole process, for the single-result benchmarks (median.py, covariance.py).

Each implementation runs under GNU time (run.py's mpirun() and timed_child());
a row per rank count holds the median over the runs of the wall time, the CPU
time summed over the ranks and the largest rank's peak resident memory, the
generated program's bytes moved (`--stats`, summed over the ranks) and the
bytes the hand-written program gives to MPI_Allreduce per rank (its stderr's
`allreduce bytes per rank=N`).
"""
import json
import os
import re
import statistics
import subprocess
import sys

import run as harness

IMPLS = ("generated", "hand", "dask")


def setup(name, no_dask):
    """bench/work/NAME and its GNU time directory; whether Dask runs."""
    work = os.path.join(harness.BENCH, "work", name)
    rss_dir = os.path.join(work, "rss")
    os.makedirs(rss_dir, exist_ok=True)
    use_dask = not no_dask and harness.have_dask()
    if not no_dask and not use_dask:
        harness.log("dask.array is not importable by %s: Dask skipped" % harness.PY)
    return work, rss_dir, use_dask


def commands(gen, hand_argv, dask_argv, rss_dir, use_dask):
    """compare()'s commands: the generated program with --stats and the
    hand-written one under mpirun, Dask's dask_argv(threads) as one process."""
    env = harness.mpi_env()

    def at(np_):
        cmds = {"generated": (harness.mpirun(np_, [gen, "--stats"], rss_dir), env),
                "hand": (harness.mpirun(np_, hand_argv, rss_dir), env)}
        if use_dask:
            cmds["dask"] = (dask_argv(np_), None)
        return cmds
    return at


def compare(ranks, runs, commands, result, agree, rss_dir):
    """commands(np_) -> {impl: (argv, env)}, `generated`'s with `--stats`;
    result(run) -> the printed result; agree(got, want). Every result must
    agree with the hand-written program's first, or the run exits non-zero.
    Returns the rows and the raw runs."""
    rows, raw = [], []
    for np_ in ranks:
        cmds = commands(np_)
        measured = {impl: [] for impl in IMPLS}
        for _ in range(runs):
            for impl in IMPLS:
                if impl in cmds:
                    argv, env = cmds[impl]
                    measured[impl].append(harness.measure(argv, rss_dir, env))
        want = result(measured["hand"][0])
        for impl, rs in measured.items():
            for r in rs:
                if not agree(result(r), want):
                    harness.log("%s at %d ranks printed %r, hand-written %r" % (impl, np_, result(r), want))
                    sys.exit(1)
        sent = sum(int(m) for m in re.findall(r"^bridge: rank \d+ sent (\d+) bytes$",
                                              measured["generated"][0]["stderr"], re.M))
        hand_bytes = int(re.search(r"allreduce bytes per rank=(\d+)", measured["hand"][0]["stderr"]).group(1))
        row = {"ranks": np_, "result": want, "generated_bytes": sent, "hand_allreduce_bytes_per_rank": hand_bytes}
        for impl, rs in measured.items():
            for key in ("wall_s", "cpu_s", "rss_kb"):
                row["%s_%s" % (impl, key)] = statistics.median(r[key] for r in rs) if rs else None
        rows.append(row)
        raw.append({"ranks": np_, "runs": {k: [{x: r[x] for x in ("lines", "wall_s", "cpu_s", "rss_kb")}
                                               for r in v] for k, v in measured.items()}})
        harness.log("%d ranks: %s" % (np_, json.dumps(row)))
    return rows, raw


def report(title, rows, raw, out, name):
    """Prints the Markdown table under `title` (with the machine's load) and
    writes it to OUT/NAME.md, with the raw runs to OUT/NAME.json."""
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()

    def cell(row, impl, key, fmt):
        v = row["%s_%s" % (impl, key)]
        return "-" if v is None else fmt(v)

    lines = ["%s; %s" % (title, uptime), "",
             "| ranks | wall (s) gen / hand / Dask | CPU (s) gen / hand / Dask | peak MiB/rank gen / hand / Dask "
             "| bytes moved, gen (--stats, all ranks) | hand (Allreduce input, per rank) |",
             "|---:|---|---|---|---:|---:|"]
    for r in rows:
        lines.append("| %d | %s / %s / %s | %s / %s / %s | %s / %s / %s | %d | %d |" % (
            (r["ranks"],) +
            tuple(cell(r, i, "wall_s", lambda v: "%.2f" % v) for i in IMPLS) +
            tuple(cell(r, i, "cpu_s", lambda v: "%.2f" % v) for i in IMPLS) +
            tuple(cell(r, i, "rss_kb", lambda v: "%d" % (v // 1024)) for i in IMPLS) +
            (r["generated_bytes"], r["hand_allreduce_bytes_per_rank"])))
    table = "\n".join(lines) + "\n"
    print(table)
    os.makedirs(out, exist_ok=True)
    open(os.path.join(out, name + ".md"), "w").write(table)
    json.dump({"uptime": uptime, "rows": rows, "raw": raw}, open(os.path.join(out, name + ".json"), "w"), indent=1)
