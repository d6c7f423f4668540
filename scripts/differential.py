#!/usr/bin/python3
"""Random programs against NumPy: reductions (every kind, along every axis or
none) and stencils, slices, concatenations and rechunks of a random array read
from a .npy file, of random shape, chunks and element type, with ties, NaNs,
infinities and signed zeros; each compiled with build/bin/bridgec and run at 1
and 3 ranks. Prints every program that fails to compile, fails to run or prints
other values than NumPy's, and exits non-zero if any did.

    /usr/bin/python3 scripts/differential.py [--programs N] [--seed S]
    /usr/bin/python3 scripts/differential.py --only SEED   # one program again

Each program comes from its own seed, printed with it when it fails; its files
stay in --work (default build/differential).
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import warnings

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REDUCTIONS = ["sum", "mean", "std", "var", "min", "max", "prod", "argmin", "argmax",
              "count_nonzero", "any", "all", "nansum", "nanmean", "nanstd", "nanvar",
              "nanmin", "nanmax"]
MODES = ["edge", "symmetric", "reflect", "wrap", "constant"]


def random_array(rng, shape, kind):
    """Few distinct values (ties), NaNs and infinities for floats, either sign."""
    a = np.floor(rng.random(shape) * rng.choice([2, 3, 50])) + rng.random(shape) * rng.choice([0, 0.5])
    if kind == "b":
        return a > 0.5
    if kind == "i8":
        return a.astype(np.int64) - 1
    if rng.random() < 0.5:
        m = rng.random(shape)
        a = np.where(m < 0.05, np.nan, np.where(m > 0.97, np.inf, a))
    a = np.where(rng.random(shape) < 0.5, -a, a)
    return a.astype(np.float64 if kind == "f8" else np.float32)


def reductions_program(r, rng):
    nd = r.choice([1, 2, 3, 4])
    shape = [r.choice([1, 2, 3, 7, 8, 9, 17, 33]) for _ in range(nd)]
    kind = r.choice(["f8", "f8", "f4", "i8", "b"])
    a = random_array(rng, shape, kind)
    axis = r.choice([None] + list(range(nd)))
    ops = r.sample(REDUCTIONS, 6)
    if kind in ("i8", "b"):
        ops = [op for op in ops if not op.startswith("nan")] or ["sum"]
    lines, checks = [], []
    for i, op in enumerate(ops):
        want = np.asarray(getattr(np, op)(a, axis=axis))
        if axis is None or nd == 1:
            lines.append("print %s(a%s)" % (op, "" if axis is None else ", axis=0"))
            checks.append(("print", None, want))
        else:
            lines.append('save %s(a, axis=%d) to "o%d.npy"' % (op, axis, i))
            checks.append(("save", "o%d.npy" % i, want))
    tol = 1e-4 if kind == "f4" else 1e-9
    return a, shape, lines, checks, tol


def movements_program(r, rng):
    nd = r.choice([1, 2, 3])
    shape = [r.choice([1, 2, 5, 8, 13, 31]) for _ in range(nd)]
    a = rng.random(shape)
    lines, checks = [], []
    for i in range(5):
        what = r.choice(["stencil", "stencil", "slice", "concat", "rechunk"])
        if what == "stencil":
            axis = r.randrange(nd)
            k = r.choice([1, 3, 5, 7])
            h = k // 2
            w = [round(r.uniform(-1, 1), 3) for _ in range(k)]
            mode = r.choice(MODES)
            if mode in ("reflect", "symmetric") and shape[axis] <= h:
                mode = "edge"  # the language needs the axis longer than h
            # The input as loaded (read through a halo copy), or computed
            # from it (written by its stage with the stencil's margins).
            arg, x = r.choice([("a", a), ("a * 0.5 + 1.0", a * 0.5 + 1.0)])
            src = 'convolve(%s, [%s], boundary="%s", axis=%d)' % (arg, ", ".join(map(str, w)), mode, axis)
            pad = [(0, 0)] * nd
            pad[axis] = (h, h)
            p = np.pad(x, pad, mode=mode)
            ref = sum(w[j] * np.take(p, range(j, j + shape[axis]), axis=axis) for j in range(k))
        elif what == "slice":
            bounds = []
            for n in shape:
                lo = r.randint(0, n - 1)
                bounds.append((lo, r.randint(lo + 1, n), r.choice([1, 1, 2, 3])))
            src = "a[%s]" % ", ".join("%d:%d:%d" % b for b in bounds)
            ref = a[tuple(slice(*b) for b in bounds)]
        elif what == "concat":
            axis = r.randrange(nd)
            src = "concat([a, a * 2.0], axis=%d)" % axis
            ref = np.concatenate([a, a * 2.0], axis=axis)
        else:
            src = "rechunk(a, chunks=[%s]) * 3.0" % ", ".join(str(r.randint(1, n)) for n in shape)
            ref = a * 3.0
        how = r.choice(["sum", "max", "save"])
        if how == "save":
            lines.append('save %s to "o%d.npy"' % (src, i))
            checks.append(("save", "o%d.npy" % i, ref))
        else:
            lines.append("print %s(%s)" % (how, src))
            checks.append(("print", None, np.asarray(getattr(np, how)(ref))))
    return a, shape, lines, checks, 1e-10


def same(got, want, tol):
    if got.shape != want.shape:
        return False
    g, w = got.astype(np.float64), want.astype(np.float64)
    return bool(np.allclose(g, w, rtol=tol, atol=tol, equal_nan=True) and
                np.array_equal(np.isinf(g), np.isinf(w)))


def run_one(args, seed, work, env):
    r = random.Random(seed)
    rng = np.random.default_rng(seed)
    make = reductions_program if seed % 2 == 0 else movements_program
    a, shape, lines, checks, tol = make(r, rng)
    chunks = [r.randint(1, n) for n in shape]
    np.save(os.path.join(work, "a.npy"), a)
    source = 'let a = load("a.npy", chunks=[%s])\n' % ", ".join(map(str, chunks)) + "\n".join(lines) + "\n"
    with open(os.path.join(work, "p.bdsl"), "w") as f:
        f.write(source)
    compiled = subprocess.run([args.bridgec, "p.bdsl", "-o", "p"], cwd=work, capture_output=True, text=True)
    if compiled.returncode:
        return source, "does not compile:\n" + compiled.stderr
    for ranks in (1, 3):
        run = subprocess.run(["mpirun", "--oversubscribe", "-np", str(ranks), "./p"], cwd=work,
                             capture_output=True, text=True, env=env, timeout=300)
        if run.returncode:
            return source, "fails at %d ranks:\n%s" % (ranks, run.stderr[-2000:])
        printed = iter(run.stdout.split())
        for kind, path, want in checks:
            if kind == "save":
                got = np.load(os.path.join(work, path))
            else:
                text = next(printed, "missing")
                if text in ("true", "false"):
                    got = np.asarray(text == "true")
                else:
                    try:
                        got = np.asarray(float(text))
                    except ValueError:
                        return source, "printed %r at %d ranks" % (text, ranks)
            if not same(got, want, tol):
                return source, "at %d ranks, %s: NumPy gives %s, the program %s" % (
                    ranks, path or "a printed value", want, got)
    return None


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--programs", type=int, default=40)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--only", type=int, help="run the one program of this seed")
    p.add_argument("--bridgec", default=os.path.join(ROOT, "build", "bin", "bridgec"))
    p.add_argument("--work", default=os.path.join(ROOT, "build", "differential"))
    args = p.parse_args()
    args.bridgec = os.path.abspath(args.bridgec)
    warnings.simplefilter("ignore")  # all-NaN slices, as NumPy warns
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    seeds = [args.only] if args.only is not None else [args.seed * 100003 + i for i in range(args.programs)]
    failed = 0
    for seed in seeds:
        result = run_one(args, seed, args.work, env)
        if result:
            failed += 1
            source, why = result
            print("differential: program of seed %d %s\n%s" % (seed, why, source), flush=True)
    print("differential: %d of %d programs differ from NumPy" % (failed, len(seeds)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
