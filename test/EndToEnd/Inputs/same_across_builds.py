#!/usr/bin/env python3
"""Compile one program several ways and require the same results from each.

Usage (from a lit RUN line):
    %python %S/Inputs/same_across_builds.py --bridgec %bridgec --mpirun "%mpirun"
        --dir DIR [--np 1,3] [--build "-O0" --build "--mcpu=x86-64" ...] SOURCE

Compiles SOURCE once per --build (each a string of bridgec options) into
DIR/bN/program, runs every build at every rank count of --np in its own
directory DIR/bN/npP (where `save` writes its files) and requires every run
to exit 0 and to print byte-identical standard output and save byte-identical
files. DIR/b0/np1 and DIR/b0/np1.out are left for checks against NumPy.
Exit status: 0 when all runs agree, 1 otherwise.
"""

import argparse
import filecmp
import os
import shlex
import subprocess
import sys


def run(cmd, cwd=None, timeout=300):
    try:
        proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "", f"no exit after {timeout} s"
    return (proc.returncode, proc.stdout.decode("utf-8", errors="replace"),
            proc.stderr.decode("utf-8", errors="replace"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bridgec", required=True)
    ap.add_argument("--mpirun", required=True, help="the mpirun command (may hold options)")
    ap.add_argument("--dir", required=True)
    ap.add_argument("--np", default="1,3", help="comma-separated rank counts")
    ap.add_argument("--build", action="append", required=True,
                    help="bridgec options of one build (repeatable)")
    ap.add_argument("source")
    args = ap.parse_args(argv)
    ranks = [int(p) for p in args.np.split(",") if p.strip()]

    reference = None  # (label, stdout, directory) of the first run
    failed = False
    for b, options in enumerate(args.build):
        build = os.path.join(args.dir, f"b{b}")
        os.makedirs(build, exist_ok=True)
        program = os.path.join(build, "program")
        cmd = [args.bridgec] + shlex.split(options) + [args.source, "-o", program]
        rc, _, err = run(cmd)
        if rc != 0:
            print(f"FAILED: {shlex.join(cmd)}\n{err}", file=sys.stderr)
            failed = True
            continue
        for p in ranks:
            label = f"'{options}' at -np {p}"
            where = os.path.join(build, f"np{p}")
            os.makedirs(where, exist_ok=True)
            cmd = shlex.split(args.mpirun) + ["-np", str(p), os.path.abspath(program)]
            rc, out, err = run(cmd, cwd=where)
            with open(where + ".out", "w", encoding="utf-8") as f:
                f.write(out)
            if rc != 0:
                print(f"FAILED: {label}: exit status {rc}\n{err}", file=sys.stderr)
                failed = True
                continue
            if reference is None:
                reference = (label, out, where)
                continue
            ref_label, ref_out, ref_dir = reference
            if out != ref_out:
                print(f"FAILED: {label} printed other output than {ref_label}:", file=sys.stderr)
                for ours, theirs in zip(out.splitlines(), ref_out.splitlines()):
                    if ours != theirs:
                        print(f"  {ours}  vs  {theirs}", file=sys.stderr)
                failed = True
            files = sorted(os.listdir(ref_dir))
            if sorted(os.listdir(where)) != files:
                print(f"FAILED: {label} saved {sorted(os.listdir(where))}, "
                      f"{ref_label} saved {files}", file=sys.stderr)
                failed = True
                continue
            _, mismatch, errors = filecmp.cmpfiles(ref_dir, where, files, shallow=False)
            for name in mismatch + errors:
                print(f"FAILED: {label} saved another {name} than {ref_label}", file=sys.stderr)
                failed = True
    if failed or reference is None:
        return 1
    print(f"{len(args.build)} builds at -np {args.np}: the same output and saved files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
