#!/usr/bin/python3
"""Benchmark harness: the bridgec-generated program against a hand-written C++ MPI
program and Dask (mpi4py), on the same machine and data.

    bench/run.sh                 # full run (1e8 elements), results in bench/results/
    bench/run.sh --quick         # smoke test (1e6 elements, one run each), bench/work/results-quick/

See bench/README.md for what is measured and how. Standard library only (matplotlib
for the plot when it is installed; otherwise the plot is written as SVG by hand).
"""
import argparse
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
PY = "/usr/bin/python3"
PIPELINES = ("seed", "multi")
IMPLS = ("generated", "sized", "hand", "dask")
REL_TOL = 1e-9


def log(msg):
    print("[bench] " + msg, file=sys.stderr, flush=True)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true",
                   help="smoke test: 1e6 elements, 1 run each, no Dask above 1,000 chunks; results in bench/work/results-quick")
    p.add_argument("--n", type=int, help="elements (default 1e8; 1e6 with --quick)")
    p.add_argument("--chunk-counts", default="100,10000", help="chunk counts (default 100,10000)")
    p.add_argument("--ranks", default="1,2,3,4", help="rank counts of the C programs (default 1,2,3,4)")
    p.add_argument("--dask-ranks", default="3,4",
                   help="rank counts of Dask: scheduler + client + workers (default 3,4)")
    p.add_argument("--runs", type=int, help="runs per configuration, the median is reported (default 3; 1 with --quick)")
    p.add_argument("--dask-max-runs-10k", type=int, default=1,
                   help="cap on Dask runs at >= 10,000 chunks, which take tens of seconds each (default 1)")
    p.add_argument("--dask-max-chunks", type=int,
                   help="skip Dask above this chunk count (default: no limit; 1000 with --quick)")
    p.add_argument("--pipelines", default="seed,multi")
    p.add_argument("--impls", default="generated,sized,hand,dask")
    p.add_argument("--compile-runs", type=int, default=5, help="timed bridgec runs of the seed example (default 5)")
    p.add_argument("--timeout", type=float, default=900.0, help="seconds before one run is killed")
    p.add_argument("--out", help="results directory (default bench/results, or bench/work/results-quick)")
    p.add_argument("--bridgec", default=os.environ.get("BRIDGEC", os.path.join(ROOT, "build", "bin", "bridgec")))
    p.add_argument("--rebuild", action="store_true", help="run ninja on build/ even if bridgec exists")
    p.add_argument("--no-setup", action="store_true", help="skip bench/setup.sh (the apt-get step)")
    p.add_argument("--report-only", action="store_true",
                   help="only write results.md and the plot again from the results.json in --out")
    a = p.parse_args()
    a.n = a.n or (1_000_000 if a.quick else 100_000_000)
    a.runs = a.runs or (1 if a.quick else 3)
    if a.dask_max_chunks is None and a.quick:
        a.dask_max_chunks = 1000
    a.out = a.out or os.path.join(BENCH, "work", "results-quick" if a.quick else os.path.join("..", "results"))
    a.out = os.path.normpath(a.out)
    a.chunk_counts = [int(v) for v in a.chunk_counts.split(",")]
    a.ranks = [int(v) for v in a.ranks.split(",")]
    a.dask_ranks = [int(v) for v in a.dask_ranks.split(",")]
    a.pipelines = [v for v in a.pipelines.split(",") if v]
    a.impls = [v for v in a.impls.split(",") if v]
    return a


# ----------------------------------------------------------------------------- running

def run(cmd, timeout=None, env=None, cwd=None):
    """Run cmd in its own process group; return (rc, stdout, stderr, wall seconds)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=cwd, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return -9, out, err + "\n[bench] killed after %.0f s\n" % timeout, time.perf_counter() - t0
    return proc.returncode, out, err, time.perf_counter() - t0


def must(cmd, what, **kw):
    rc, out, err, wall = run(cmd, **kw)
    if rc != 0:
        log("%s failed (exit %d): %s\n%s%s" % (what, rc, " ".join(cmd), out, err))
        sys.exit(1)
    return out, err, wall


def mpi_env():
    env = dict(os.environ)
    env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1")
    return env


# Every rank runs under GNU time, which writes its peak resident set (ru_maxrss) and CPU
# times to a file of its own (stderr lines of several ranks could interleave).
def mpirun(np_, argv, rss_dir):
    wrap = ["sh", "-c", 'exec /usr/bin/time -o "%s/rank.$OMPI_COMM_WORLD_RANK" '
            '-f "rss_kb=%%M user=%%U sys=%%S" "$@"' % rss_dir, "sh"]
    return ["mpirun", "--oversubscribe", "--bind-to", "none", "-np", str(np_)] + wrap + argv


def read_rss(rss_dir):
    """{rank: {rss_kb, user, sys}} from the files GNU time wrote."""
    out = {}
    for name in os.listdir(rss_dir):
        if name.startswith("rank."):
            m = re.search(r"rss_kb=(\d+) user=([0-9.]+) sys=([0-9.]+)", open(os.path.join(rss_dir, name)).read())
            if m:
                out[int(name[5:])] = {"rss_kb": int(m.group(1)), "user": float(m.group(2)), "sys": float(m.group(3))}
        os.unlink(os.path.join(rss_dir, name))
    return out


def measure(cmd, rss_dir, env):
    """Runs cmd (built by mpirun() or timed_child()) to the end, or exits: its
    output lines, whole-process wall time, CPU time summed over the ranks and
    the largest rank's peak resident memory."""
    rc, out, err, wall = run(cmd, env=env, timeout=3600)
    if rc != 0:
        log("failed (exit %d): %s\n%s%s" % (rc, " ".join(cmd), out, err))
        sys.exit(1)
    ranks = read_rss(rss_dir)
    return {"lines": out.strip().splitlines(), "wall_s": wall,
            "cpu_s": sum(v["user"] + v["sys"] for v in ranks.values()),
            "rss_kb": max((v["rss_kb"] for v in ranks.values()), default=0), "stderr": err}


def timed_child(argv, rss_dir):
    """argv in one process under GNU time, read back as rank 0 by measure()."""
    return ["/usr/bin/time", "-o", os.path.join(rss_dir, "rank.0"), "-f", "rss_kb=%M user=%U sys=%S"] + argv


def have_dask():
    return subprocess.run([PY, "-c", "import dask.array"], capture_output=True).returncode == 0


# ----------------------------------------------------------------------------- set-up and builds

def setup(a):
    if not a.no_setup:
        rc, out, err, _ = run(["bash", os.path.join(BENCH, "setup.sh")])
        sys.stderr.write(out + err)
        if rc != 0:
            log("bench/setup.sh failed; install its packages by hand or pass --no-setup")
            sys.exit(1)
    for tool in ("mpirun", "mpicc", "mpicxx"):
        if not shutil.which(tool):
            log("%s not found (Debian: openmpi-bin libopenmpi-dev)" % tool)
            sys.exit(1)
    if not os.path.exists("/usr/bin/time"):
        log("/usr/bin/time not found (Debian: time)")
        sys.exit(1)
    if a.rebuild or not os.path.exists(a.bridgec):
        if not os.path.exists(os.path.join(ROOT, "build", "build.ninja")):
            log("configuring build/ (cmake -S . -B build -G Ninja)")
            must(["cmake", "-S", ROOT, "-B", os.path.join(ROOT, "build"), "-G", "Ninja"], "cmake")
        log("building bridgec (ninja -C build)")
        must(["ninja", "-C", os.path.join(ROOT, "build")], "ninja", timeout=3600)
    if not os.path.exists(a.bridgec):
        log("no bridgec at %s" % a.bridgec)
        sys.exit(1)


def variant(pipeline, n, chunk, work):
    """bench/<pipeline>.bdsl with the shape and chunk size of its random() replaced."""
    src = open(os.path.join(BENCH, pipeline + ".bdsl")).read()
    new, k = re.subn(r"random\(\[[0-9_]+\],\s*chunks=\[[0-9_]+\]",
                     "random([%d], chunks=[%d]" % (n, chunk), src)
    if k != 1:
        raise SystemExit("bench/%s.bdsl: expected one random([N], chunks=[C], ...) line" % pipeline)
    path = os.path.join(work, "%s-n%d-c%d.bdsl" % (pipeline, n, chunk))
    with open(path, "w") as f:
        f.write(new)
    return path


def sized_variant(pipeline, work):
    """bench/<pipeline>.bdsl with its shape and chunk size as parameters n and chunk: one
    program for every size, given with --set when it runs."""
    src = open(os.path.join(BENCH, pipeline + ".bdsl")).read()
    new, k = re.subn(r"random\(\[[0-9_]+\],\s*chunks=\[[0-9_]+\]", "random([n], chunks=[chunk]", src)
    if k != 1:
        raise SystemExit("bench/%s.bdsl: expected one random([N], chunks=[C], ...) line" % pipeline)
    path = os.path.join(work, "%s-sized.bdsl" % pipeline)
    with open(path, "w") as f:
        f.write("param n: i64 = 1000\nparam chunk: i64 = 100\n" + new)
    return path


def chunk_size(n, count):
    return -(-n // count)  # ceil: `count` chunks (the last may be smaller)


def build_all(a, work):
    inc = os.path.join(ROOT, "runtime", "include")
    legacy_o = os.path.join(work, "legacy.o")
    must(["mpicc", "-O3", "-march=native", "-I", inc, "-c", os.path.join(BENCH, "legacy.c"), "-o", legacy_o],
         "compiling bench/legacy.c")
    exes = {}
    for p in a.pipelines:
        hand = os.path.join(work, "hand-" + p)
        must(["mpicxx", "-O3", "-march=native", "-fopenmp-simd", "-I", inc,
              os.path.join(BENCH, "hand", p + ".cpp"), legacy_o, "-o", hand], "compiling bench/hand/%s.cpp" % p)
        exes[("hand", p)] = hand
        sized = os.path.join(work, "sized-" + p)
        must([a.bridgec, sized_variant(p, work), legacy_o, "-O2", "-o", sized],
             "bridgec %s with run-time sizes" % p)
        exes[("sized", p)] = sized
        for count in a.chunk_counts:
            c = chunk_size(a.n, count)
            exe = os.path.join(work, "gen-%s-n%d-c%d" % (p, a.n, c))
            must([a.bridgec, variant(p, a.n, c, work), legacy_o, "-O2", "-o", exe],
                 "bridgec %s at %d chunks" % (p, count))
            exes[("generated", p, count)] = exe
    return legacy_o, exes


def compile_metrics(a, work, legacy_o):
    """bridgec compile+link time of the seed example; binary size at 100 and 1e6 chunks."""
    out = {}
    ex = os.path.join(ROOT, "examples", "seed")
    times = []
    for _ in range(a.compile_runs):
        _, _, wall = must([a.bridgec, os.path.join(ex, "pipeline.bdsl"), os.path.join(ex, "legacy.c"), "-O2",
                           "-o", os.path.join(work, "seed-example")], "bridgec examples/seed")
        times.append(wall)
    out["seed_example_compile_link_s"] = {"median": statistics.median(times), "runs": times,
                                         "command": "build/bin/bridgec examples/seed/pipeline.bdsl "
                                                    "examples/seed/legacy.c -O2 -o seed-example"}
    sizes = {}
    # 100 chunks of 1e6; 1e6 chunks of 100 (same array); 1e6 chunks of 1e6 (same chunk extent,
    # an array of 1e12 elements: compiled, never run). Only the chunk count may not matter.
    for p in a.pipelines:
        for (n, c) in ((100_000_000, 1_000_000), (100_000_000, 100), (10**12, 1_000_000)):
            count = n // c
            exe = os.path.join(work, "size-%s-n%d-c%d" % (p, n, c))
            _, _, wall = must([a.bridgec, variant(p, n, c, work), legacy_o, "-O2", "-o", exe],
                              "bridgec %s at %d chunks" % (p, count))
            rc, so, _, _ = run(["size", exe])
            text = None
            if rc == 0:
                m = re.search(r"^\s*(\d+)\s+(\d+)\s+(\d+)", so.splitlines()[-1])
                text = int(m.group(1)) if m else None
            sizes["%s n=%d chunk=%d" % (p, n, c)] = {"pipeline": p, "n": n, "chunk": c, "chunks": count,
                                                     "bytes": os.path.getsize(exe), "text_bytes": text,
                                                     "compile_link_s": wall}
    out["binary_size"] = sizes
    return out


# ----------------------------------------------------------------------------- one run

def parse_run(impl, rc, out, err, wall, ranks):
    r = {"rc": rc, "wall_s": wall}
    lines = [l for l in out.splitlines() if l.strip()]
    try:
        r["result"] = float(lines[-1])
    except (IndexError, ValueError):
        r["result"] = None
    r["rss_kb_by_rank"] = [ranks[k]["rss_kb"] for k in sorted(ranks)]
    r["cpu_user_s"] = sum(v["user"] for v in ranks.values())
    r["cpu_sys_s"] = sum(v["sys"] for v in ranks.values())
    if impl in ("generated", "sized", "hand"):
        phases = [float(x) for x in re.findall(r"BENCH rank=\d+ .*phase=([0-9.]+)", err)]
        r["phase_s"] = max(phases) if phases else None
        gens = [float(x) for x in re.findall(r"init_to_call=([0-9.]+)", err)]
        calls = [float(x) for x in re.findall(r" call=([0-9.]+)", err)]
        r["to_call_s"] = max(gens) if gens else None
        r["call_s"] = max(calls) if calls else None
        m = re.search(r"HAND phase=([0-9.]+)", err)
        if m:
            r["own_phase_s"] = float(m.group(1))
    else:
        m = re.search(r"DASK phase=([0-9.]+) compute=([0-9.]+) handoff=([0-9.]+)", err)
        r["phase_s"] = float(m.group(1)) if m else None
        r["compute_s"] = float(m.group(2)) if m else None
        r["handoff_s"] = float(m.group(3)) if m else None
    if rc != 0 or r["result"] is None or r["phase_s"] is None:
        r["error"] = (err[-3000:] if err else "") + (out[-500:] if out else "")
    return r


def command(impl, a, exes, pipeline, count, np_, rss_dir):
    c = chunk_size(a.n, count)
    if impl == "generated":
        return mpirun(np_, [exes[("generated", pipeline, count)]], rss_dir)
    if impl == "sized":
        return mpirun(np_, [exes[("sized", pipeline)], "--set", "n=%d" % a.n, "--set", "chunk=%d" % c], rss_dir)
    if impl == "hand":
        return mpirun(np_, [exes[("hand", pipeline)], "--n", str(a.n), "--chunk", str(c), "--seed", "42"], rss_dir)
    return mpirun(np_, [PY, os.path.join(BENCH, "dask", "run_dask.py"), "--pipeline", pipeline,
                        "--n", str(a.n), "--chunk", str(c), "--seed", "42"], rss_dir)


def median_or_none(vals):
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None


def summarise(runs):
    ok = [r for r in runs if "error" not in r]
    s = {"runs": len(runs), "ok": len(ok)}
    for key in ("phase_s", "wall_s", "cpu_user_s", "cpu_sys_s", "to_call_s", "call_s", "own_phase_s", "compute_s", "handoff_s"):
        v = median_or_none([r.get(key) for r in ok])
        if v is not None:
            s[key] = v
    if ok:
        s["result"] = ok[0]["result"]
        s["results"] = sorted(set(r["result"] for r in ok))
        rss = [r["rss_kb_by_rank"] for r in ok if r["rss_kb_by_rank"]]
        if rss:
            s["rss_kb_by_rank"] = [int(statistics.median(col)) for col in zip(*rss)]
    return s


# ----------------------------------------------------------------------------- report

def machine_info():
    info = {"nproc": os.cpu_count(), "platform": platform.platform()}
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                info["mem_gib"] = round(int(line.split()[1]) / 2**20, 1)
                break
    except OSError:
        pass
    rc, out, _, _ = run(["lscpu"])
    if rc == 0:
        for line in out.splitlines():
            k, _, v = line.partition(":")
            if k.strip() in ("Model name", "CPU family", "Model", "Hypervisor vendor", "L2 cache", "L3 cache"):
                info["lscpu " + k.strip()] = v.strip()
    rc, out, _, _ = run(["mpirun", "--version"])
    info["mpi"] = out.splitlines()[0] if rc == 0 and out else None
    rc, out, _, _ = run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
    info["git_head"] = out.strip() if rc == 0 else None
    rc, out, _, _ = run([PY, "-c", "import dask, distributed, numpy, mpi4py; print(dask.__version__, "
                         "distributed.__version__, numpy.__version__, mpi4py.__version__)"])
    if rc == 0:
        info["dask"], info["distributed"], info["numpy"], info["mpi4py"] = out.split()
    return info


def fmt_t(v):
    return "-" if v is None else ("%.3f" % v if v < 10 else "%.1f" % v)


def fmt_x(v):
    return "-" if v is None else ("%.2fx" % v if v < 10 else "%.0fx" % v)


def fmt_mb(kbs):
    return "-" if not kbs else "%d" % round(max(kbs) / 1024)


def cpu(s):
    u, k = s.get("cpu_user_s"), s.get("cpu_sys_s")
    return u + k if u is not None and k is not None else None


def ratio(a_, b_):
    return a_ / b_ if a_ is not None and b_ else None


def write_markdown(res, path):
    a = res["config"]
    L = []
    L.append("# Benchmark results\n")
    m = res["machine"]
    L.append("Machine: %s cores, %s, %s GiB; %s; bridgec at %s. %d element(s) of f64, median of %d run(s) "
             "(Dask at >= 10,000 chunks: at most %d). Load average at start %s, at end %s.\n"
             % (m.get("nproc"), m.get("cpu"), m.get("mem_gib"), m.get("mpi"), m.get("git_head"), a["n"], a["runs"],
                a["dask_max_runs_10k"], res.get("load_start"), res.get("load_end")))
    L.append("Times in seconds. *phase*: the pipeline phase (generated and hand: MPI_Init returned -> "
             "legacy call done, largest over the ranks, measured by bench/legacy.c; Dask: graph built -> "
             "hand-off result, on the client). *whole*: the whole `mpirun` process. RSS: peak resident "
             "memory of the largest rank (Dask: of the largest worker), MB. *CPU*: user + system CPU "
             "seconds of all ranks together (GNU time; not counting mpirun itself), which a busy "
             "machine inflates far less than wall time.\n")
    L.append("| pipeline | chunks | ranks | generated phase | hand phase | gen/hand phase | generated whole "
             "| hand whole | gen/hand whole | Dask phase | Dask whole | Dask/gen phase | Dask/gen whole "
             "| RSS gen | RSS hand | RSS Dask | CPU gen | CPU hand | gen/hand CPU | CPU Dask |")
    L.append("|" + "---|" * 20)
    S = res["summary"]
    for row in res["rows"]:
        p, count, np_ = row["pipeline"], row["chunks"], row["ranks"]
        g = S.get("generated|%s|%d|%d" % (p, count, np_), {})
        h = S.get("hand|%s|%d|%d" % (p, count, np_), {})
        d = S.get("dask|%s|%d|%d" % (p, count, np_), {})
        drss = d.get("rss_kb_by_rank", [])[2:] if d else []
        gc, hc, dc = cpu(g), cpu(h), cpu(d)
        L.append("| %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            p, count, np_, fmt_t(g.get("phase_s")), fmt_t(h.get("phase_s")),
            fmt_x(ratio(g.get("phase_s"), h.get("phase_s"))), fmt_t(g.get("wall_s")), fmt_t(h.get("wall_s")),
            fmt_x(ratio(g.get("wall_s"), h.get("wall_s"))), fmt_t(d.get("phase_s")), fmt_t(d.get("wall_s")),
            fmt_x(ratio(d.get("phase_s"), g.get("phase_s"))), fmt_x(ratio(d.get("wall_s"), g.get("wall_s"))),
            fmt_mb(g.get("rss_kb_by_rank")), fmt_mb(h.get("rss_kb_by_rank")), fmt_mb(drss),
            fmt_t(gc), fmt_t(hc), fmt_x(ratio(gc, hc)), fmt_t(dc)))
    L.append("")
    L.append("Run-time sizes against constant sizes: the same pipeline compiled once with its shape and "
             "chunk size as parameters (`param n`, `param chunk`, given with `--set`), against the program "
             "compiled for each size:\n")
    L.append("| pipeline | chunks | ranks | constant phase | run-time phase | run-time/constant phase |")
    L.append("|---|---|---|---|---|---|")
    for row in res["rows"]:
        p, count, np_ = row["pipeline"], row["chunks"], row["ranks"]
        g = S.get("generated|%s|%d|%d" % (p, count, np_), {})
        z = S.get("sized|%s|%d|%d" % (p, count, np_), {})
        if z:
            L.append("| %s | %d | %d | %s | %s | %s |" % (
                p, count, np_, fmt_t(g.get("phase_s")), fmt_t(z.get("phase_s")),
                fmt_x(ratio(z.get("phase_s"), g.get("phase_s")))))
    L.append("")
    L.append("Dask against the generated program with as many compute ranks (Dask at P ranks has P - 2 "
             "workers; generated at P - 2 ranks):\n")
    L.append("| pipeline | chunks | Dask ranks (workers) | Dask whole | generated whole (ranks) | Dask/gen whole "
             "| Dask phase | generated phase | Dask/gen phase |")
    L.append("|" + "---|" * 9)
    for row in res["rows"]:
        p, count, np_ = row["pipeline"], row["chunks"], row["ranks"]
        d = S.get("dask|%s|%d|%d" % (p, count, np_))
        g = S.get("generated|%s|%d|%d" % (p, count, np_ - 2))
        if not d or not g:
            continue
        L.append("| %s | %d | %d (%d) | %s | %s (%d) | %s | %s | %s | %s |" % (
            p, count, np_, np_ - 2, fmt_t(d.get("wall_s")), fmt_t(g.get("wall_s")), np_ - 2,
            fmt_x(ratio(d.get("wall_s"), g.get("wall_s"))), fmt_t(d.get("phase_s")), fmt_t(g.get("phase_s")),
            fmt_x(ratio(d.get("phase_s"), g.get("phase_s")))))
    L.append("")
    cm = res.get("compile", {})
    if cm:
        c = cm["seed_example_compile_link_s"]
        L.append("bridgec compile + link of examples/seed (median of %d): **%.3f s** (runs: %s).\n"
                 % (len(c["runs"]), c["median"], ", ".join("%.3f" % t for t in c["runs"])))
        L.append("| pipeline | elements | chunk extent | chunks | file bytes | text bytes | compile+link s |")
        L.append("|---|---|---|---|---|---|---|")
        for v in cm["binary_size"].values():
            L.append("| %s | %g | %d | %d | %d | %s | %.3f |" % (v["pipeline"], v["n"], v["chunk"], v["chunks"],
                                                            v["bytes"], v["text_bytes"], v["compile_link_s"]))
        L.append("")
    L.append("Results check (every run of every program against the hand-written program at 1 rank, "
             "relative tolerance %g): **%s**.\n" % (REL_TOL, "pass" if res["check"]["ok"] else "FAIL"))
    for k, v in res["check"]["reference"].items():
        L.append("- %s: %.17g" % (k, v))
    if res["check"]["failures"]:
        L.append("\nFailures:\n")
        for f in res["check"]["failures"]:
            L.append("- " + f)
    if res.get("errors"):
        L.append("\nRuns that failed:\n")
        for e in res["errors"]:
            L.append("- " + e)
    with open(path, "w") as f:
        f.write("\n".join(L) + "\n")


def plot(res, path_base):
    """Pipeline-phase and whole-process time against chunk count, PNG (matplotlib) or SVG."""
    S = res["summary"]
    counts = res["config"]["chunk_counts"]
    series = []  # (pipeline, metric, label, style, xs, ys)
    choices = [("generated", 2, "generated, 2 ranks", "#1f77b4", "-"),
               ("hand", 2, "hand-written C++, 2 ranks", "#2ca02c", "-"),
               ("dask", 4, "Dask, 4 ranks (2 workers)", "#d62728", "-"),
               ("generated", 4, "generated, 4 ranks", "#1f77b4", ":"),
               ("hand", 4, "hand-written C++, 4 ranks", "#2ca02c", ":"),
               ("dask", 3, "Dask, 3 ranks (1 worker)", "#d62728", ":")]
    for p in res["config"]["pipelines"]:
        for metric in ("phase_s", "wall_s"):
            for impl, np_, label, color, ls in choices:
                xs, ys = [], []
                for c in counts:
                    v = S.get("%s|%s|%d|%d" % (impl, p, c, np_), {}).get(metric)
                    if v:
                        xs.append(c)
                        ys.append(v)
                if xs:
                    series.append((p, metric, label, color, ls, xs, ys))
    titles = {"phase_s": "pipeline phase", "wall_s": "whole process (mpirun)"}
    pipes = res["config"]["pipelines"]
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except Exception:  # noqa: BLE001 - any import failure means: no matplotlib
        return plot_svg(series, pipes, counts, titles, path_base + ".svg")
    fig, axes = plt.subplots(2, len(pipes), figsize=(6 * len(pipes), 8), squeeze=False)
    for j, p in enumerate(pipes):
        for i, metric in enumerate(("phase_s", "wall_s")):
            ax = axes[i][j]
            for (sp, sm, label, color, ls, xs, ys) in series:
                if sp == p and sm == metric:
                    ax.plot(xs, ys, ls, color=color, marker="o", label=label)
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xticks(counts)
            ax.set_xticklabels([str(c) for c in counts])
            ax.set_xlabel("chunks (of %g elements in all)" % res["config"]["n"])
            ax.set_ylabel("seconds (median)")
            ax.set_title("%s: %s" % (p, titles[metric]))
            ax.grid(True, which="both", alpha=0.3)
            if i == 0 and j == 0:
                ax.legend(fontsize=8)
    fig.suptitle("bridgec-generated vs hand-written C++ MPI vs Dask (%s)" % res["machine"].get("cpu", ""))
    fig.tight_layout()
    fig.savefig(path_base + ".png", dpi=110)
    return path_base + ".png"


def plot_svg(series, pipes, counts, titles, path):
    W, H, pad = 420, 300, 60
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" '
             'font-size="11">' % (W * len(pipes), H * 2)]
    allv = [y for s in series for y in s[6]] or [1.0]
    lo, hi = math.log10(min(allv)) - 0.1, math.log10(max(allv)) + 0.1
    clo, chi = math.log10(min(counts)) - 0.2, math.log10(max(counts)) + 0.2
    for j, p in enumerate(pipes):
        for i, metric in enumerate(("phase_s", "wall_s")):
            ox, oy = j * W, i * H

            def X(c):
                return ox + pad + (math.log10(c) - clo) / (chi - clo) * (W - pad - 20)

            def Y(v):
                return oy + H - pad + 20 - (math.log10(v) - lo) / (hi - lo) * (H - pad - 20)
            parts.append('<text x="%d" y="%d">%s: %s (log-log)</text>' % (ox + pad, oy + 15, p, titles[metric]))
            parts.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#999"/>'
                         % (ox + pad, oy + 20, W - pad - 20, H - pad - 20))
            for c in counts:
                parts.append('<text x="%.1f" y="%d" text-anchor="middle">%d chunks</text>' % (X(c), oy + H - 20, c))
            for e in range(int(math.floor(lo)), int(math.ceil(hi)) + 1):
                if lo <= e <= hi:
                    parts.append('<text x="%d" y="%.1f" text-anchor="end">%g s</text>' % (ox + pad - 4, Y(10**e), 10**e))
            k = 0
            for (sp, sm, label, color, ls, xs, ys) in series:
                if sp != p or sm != metric:
                    continue
                dash = ' stroke-dasharray="3,3"' if ls == ":" else ""
                pts = " ".join("%.1f,%.1f" % (X(x), Y(y)) for x, y in zip(xs, ys))
                parts.append('<polyline points="%s" fill="none" stroke="%s"%s/>' % (pts, color, dash))
                if i == 0 and j == 0:
                    parts.append('<text x="%d" y="%d" fill="%s">%s</text>' % (ox + pad + 5, oy + 35 + 12 * k, color, label))
                k += 1
    parts.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(parts))
    return path


# ----------------------------------------------------------------------------- main

def check_results(res):
    """Every run's printed total against the hand-written program at 1 rank (or the first result)."""
    failures, reference = [], {}
    for p in res["config"]["pipelines"]:
        for count in res["config"]["chunk_counts"]:
            runs = [r for r in res["runs"] if r["pipeline"] == p and r["chunks"] == count and "error" not in r]
            ref = next((r["result"] for r in runs if r["impl"] == "hand" and r["ranks"] == 1), None)
            if ref is None and runs:
                ref = runs[0]["result"]
            if ref is None:
                continue
            reference["%s, %d chunks" % (p, count)] = ref
            for r in runs:
                if abs(r["result"] - ref) > REL_TOL * abs(ref):
                    failures.append("%s %s %d chunks %d ranks printed %.17g, reference %.17g (rel. diff %.2g)"
                                    % (r["impl"], p, count, r["ranks"], r["result"], ref,
                                       abs(r["result"] - ref) / abs(ref)))
    return {"ok": not failures, "failures": failures, "reference": reference, "rel_tol": REL_TOL}


def loadavg():
    try:
        return open("/proc/loadavg").read().split()[:3]
    except OSError:
        return None


def report(res, out):
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(res, f, indent=1)
    write_markdown(res, os.path.join(out, "results.md"))
    plot_path = plot(res, os.path.join(out, "time_vs_chunks"))
    log("wrote %s, results.md, %s" % (os.path.join(out, "results.json"), os.path.basename(plot_path)))
    print(open(os.path.join(out, "results.md")).read())


def main():
    a = parse_args()
    os.makedirs(a.out, exist_ok=True)
    if a.report_only:
        report(json.load(open(os.path.join(a.out, "results.json"))), a.out)
        return 0
    work = os.path.join(BENCH, "work", "quick" if a.quick else "full")
    os.makedirs(work, exist_ok=True)
    setup(a)
    log("building the programs in %s" % os.path.relpath(work, ROOT))
    legacy_o, exes = build_all(a, work)
    res = {"config": {k: v for k, v in vars(a).items()}, "machine": machine_info(), "load_start": loadavg(),
           "runs": [], "summary": {}, "rows": [], "errors": []}
    if not a.quick or a.compile_runs:
        log("compile time and binary size")
        res["compile"] = compile_metrics(a, work, legacy_o)
    env = mpi_env()
    rss_dir = os.path.join(work, "rss")
    os.makedirs(rss_dir, exist_ok=True)
    t_start = time.time()
    configs = []
    for p in a.pipelines:
        for count in a.chunk_counts:
            for np_ in sorted(set(a.ranks) | set(a.dask_ranks)):
                impls = [i for i in a.impls if (np_ in a.dask_ranks if i == "dask" else np_ in a.ranks)]
                if a.dask_max_chunks is not None and count > a.dask_max_chunks:
                    impls = [i for i in impls if i != "dask"]
                if impls:
                    configs.append((p, count, np_, impls))
                    res["rows"].append({"pipeline": p, "chunks": count, "ranks": np_})
    for (p, count, np_, impls) in configs:
        runs_of = {i: (min(a.runs, a.dask_max_runs_10k) if i == "dask" and count >= 10_000 else a.runs)
                   for i in impls}
        per = {i: [] for i in impls}
        # Interleave the programs run by run, so a change of background load hits all of them.
        for k in range(max(runs_of.values())):
            for impl in impls:
                if k >= runs_of[impl]:
                    continue
                cmd = command(impl, a, exes, p, count, np_, rss_dir)
                rc, out, err, wall = run(cmd, timeout=a.timeout, env=env)
                r = parse_run(impl, rc, out, err, wall, read_rss(rss_dir))
                r.update(impl=impl, pipeline=p, chunks=count, ranks=np_, rep=k, load1=(loadavg() or [None])[0])
                res["runs"].append(r)
                per[impl].append(r)
                log("%-9s %-5s %6d chunks %d ranks run %d: phase %s s, whole %.3f s, result %s%s"
                    % (impl, p, count, np_, k + 1, fmt_t(r.get("phase_s")), wall, r.get("result"),
                       "  ERROR" if "error" in r else ""))
                if "error" in r:
                    res["errors"].append("%s %s %d chunks %d ranks: exit %d: %s" % (
                        impl, p, count, np_, rc, r["error"].strip().splitlines()[-1] if r["error"].strip() else ""))
        for impl in impls:
            res["summary"]["%s|%s|%d|%d" % (impl, p, count, np_)] = summarise(per[impl])
    res["elapsed_runs_s"] = time.time() - t_start
    res["load_end"] = loadavg()
    res["check"] = check_results(res)
    report(res, a.out)
    if not res["check"]["ok"] or res["errors"]:
        log("FAILED: %d result mismatch(es), %d failed run(s)" % (len(res["check"]["failures"]), len(res["errors"])))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
