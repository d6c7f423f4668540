#!/usr/bin/env python3
"""Run a bridgec program under mpirun at several rank counts and check each run.

Usage (from a lit RUN line):
    %python %testlib/bridge_run.py --mpirun "%mpirun" --check %s [--np 1,2,3,4]
        [--same] [--save %t] [--timeout 120] [-D NAME=VALUE]... -- %t [ARGS...]

For every rank count P in --np, runs `MPIRUN -np P PROGRAM ARGS` and, with
--check SOURCE, compares its standard output with SOURCE's `# EXPECT:` lines
(see bridge_check.py; the rank count is visible there as `P`). --same also
requires every rank count to print byte-identical output (floating-point
reductions must not depend on the rank count). --save PREFIX keeps each run's
streams in PREFIX.npP.out and PREFIX.npP.err for later RUN lines (e.g. FileCheck
on the legacy function's standard-error lines). A run that exits non-zero or
outlives --timeout seconds fails the check. With --expect-fail every run must
instead end by itself, within --timeout, with a non-zero exit status (mpirun
killed by a signal, or hanging, fails the check); nothing is compared.

Exit status: 0 when every run succeeded and matched, 1 otherwise.
"""

import argparse
import os
import shlex
import subprocess
import sys

import bridge_check


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mpirun", required=True, help="the mpirun command (may hold options)")
    ap.add_argument("--np", default="1,2,3,4", help="comma-separated rank counts")
    ap.add_argument("--check", metavar="SOURCE", help="file with '# EXPECT:' lines")
    ap.add_argument("--prefix", default="EXPECT")
    ap.add_argument("--rtol", type=float, default=1e-12)
    ap.add_argument("-D", dest="defines", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--same", action="store_true",
                    help="require identical output for every rank count")
    ap.add_argument("--save", metavar="PREFIX", help="write PREFIX.npP.out/.err")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--expect-fail", action="store_true",
                    help="each run must end by itself (no timeout, no signal) with a non-zero status")
    ap.add_argument("program", nargs=argparse.REMAINDER)
    args = ap.parse_args(argv)

    program = args.program[1:] if args.program[:1] == ["--"] else args.program
    if not program:
        ap.error("no program given (put it after --)")
    try:
        ranks = [int(p) for p in args.np.split(",") if p.strip()]
    except ValueError:
        ap.error(f"--np expects comma-separated integers, got '{args.np}'")
    mpirun = shlex.split(args.mpirun)

    failed = False
    outputs = {}
    cache = None  # expectations, when they do not depend on the rank count P
    for p in ranks:
        cmd = mpirun + ["-np", str(p)] + program
        try:
            proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  timeout=args.timeout)
            out, err, rc = proc.stdout, proc.stderr, proc.returncode
        except subprocess.TimeoutExpired as e:
            out, err, rc = e.stdout or b"", e.stderr or b"", None
        text = out.decode("utf-8", errors="replace")
        errtext = err.decode("utf-8", errors="replace")
        if args.save:
            with open(f"{args.save}.np{p}.out", "w", encoding="utf-8") as f:
                f.write(text)
            with open(f"{args.save}.np{p}.err", "w", encoding="utf-8") as f:
                f.write(errtext)
        outputs[p] = text
        label = f"-np {p}"
        if rc is None:
            print(f"{label}: FAILED: no exit after {args.timeout:g} s (hang?): {shlex.join(cmd)}",
                  file=sys.stderr)
            sys.stderr.write(errtext)
            failed = True
            continue
        if args.expect_fail:
            if rc > 0:
                print(f"{label}: failed as expected (exit status {rc})")
            else:
                why = "succeeded" if rc == 0 else f"was killed by signal {-rc}"
                print(f"{label}: FAILED: expected a non-zero exit status, but mpirun {why}: "
                      f"{shlex.join(cmd)}", file=sys.stderr)
                sys.stderr.write(errtext)
                failed = True
            continue
        if rc != 0:
            print(f"{label}: FAILED: exit status {rc}: {shlex.join(cmd)}", file=sys.stderr)
            sys.stderr.write(errtext)
            failed = True
            continue
        if args.check:
            try:
                if cache is not None:
                    expectations = cache
                else:
                    defines = bridge_check.parse_defines(args.defines + [f"P={p}"])
                    expectations = bridge_check.load_expectations(args.check, defines, args.prefix)
                    if not bridge_check.uses_name(args.check, "P", args.prefix):
                        cache = expectations
            except bridge_check.CheckError as e:
                print(f"bridge_run: error: {e}", file=sys.stderr)
                return 2
            lines = text.split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            ok, report = bridge_check.check(lines, expectations, args.rtol, label)
            print(report, file=sys.stdout if ok else sys.stderr)
            if not ok:
                if errtext:
                    sys.stderr.write(f"{label}: standard error was:\n{errtext}")
                failed = True
        else:
            print(f"{label}: ran")

    if args.same and len(outputs) > 1:
        first = ranks[0]
        for p in ranks[1:]:
            if p in outputs and outputs[p] != outputs[first]:
                failed = True
                print(f"output of -np {p} differs from -np {first}:", file=sys.stderr)
                a = outputs[first].split("\n")
                b = outputs[p].split("\n")
                for k in range(max(len(a), len(b))):
                    la = a[k] if k < len(a) else "(missing)"
                    lb = b[k] if k < len(b) else "(missing)"
                    if la != lb:
                        print(f"  line {k + 1}: -np {first}: {la}   -np {p}: {lb}", file=sys.stderr)
        if not failed:
            print(f"identical output for -np {args.np}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
