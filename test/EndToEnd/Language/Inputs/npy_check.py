#!/usr/bin/env python3
"""Compare the .npy files a bridgec program saved with NumPy.

Usage (from a lit RUN line):
    %python %S/Inputs/npy_check.py DIR SOURCE [--only] [--allow NAME]...

SOURCE holds the expected files as comment lines, in the style of
bridge_check.py (whose `# ORACLE:` statements run first, in order, with
bridge_oracle's names, `np` and `math`):

    # SAVED: x.npy = random([10], seed=1)            the same dtype, shape, bits
    # SAVED(rtol=1e-12): m.npy = np.sum(a, axis=0)   floats within a tolerance

Each file must exist in DIR, be a version 1 .npy file (magic, header length,
a dictionary with 'descr', 'fortran_order': False and 'shape', little-endian
or byte-sized descr), and hold exactly the expected element type and shape
and the expected values: bit for bit (NaNs, infinities and -0.0 included),
or within the tolerance. With --only, DIR may hold nothing else (apart from
names given with --allow): no temporary file may be left behind.
Exit status 0 when all match, 1 otherwise.
"""

import argparse
import ast
import os
import re
import sys

import numpy as np

import bridge_check

SAVED = re.compile(r"^\s*#\s*SAVED(?:\((?P<opts>[^)]*)\))?:\s*(?P<name>[^=\s]+)\s*=\s*(?P<expr>.+)$")
ORACLE = re.compile(r"^\s*#\s*ORACLE:\s?(?P<body>.*)$")
DESCR = {"<f8": np.float64, "<f4": np.float32, "<i8": np.int64, "<i4": np.int32, "|b1": np.bool_}


def read_header(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:6] != b"\x93NUMPY":
        raise ValueError("no .npy magic")
    major, minor = data[6], data[7]
    if (major, minor) != (1, 0):
        raise ValueError(f"version {major}.{minor}, expected 1.0")
    hlen = int.from_bytes(data[8:10], "little")
    header = data[10:10 + hlen].decode("latin1")
    if not header.endswith("\n"):
        raise ValueError("header does not end with a newline")
    d = ast.literal_eval(header.strip())
    if set(d) != {"descr", "fortran_order", "shape"}:
        raise ValueError(f"header keys {sorted(d)}")
    if d["fortran_order"] is not False:
        raise ValueError("fortran_order is not False")
    if d["descr"] not in DESCR:
        raise ValueError(f"descr {d['descr']!r}")
    itemsize = np.dtype(DESCR[d["descr"]]).itemsize
    count = int(np.prod(d["shape"], dtype=np.int64))
    if len(data) != 10 + hlen + itemsize * count:
        raise ValueError(f"{len(data)} bytes, expected {10 + hlen + itemsize * count}")
    return d


def same_bits(a, b):
    if a.dtype.kind == "f":
        width = {8: np.uint64, 4: np.uint32}[a.dtype.itemsize]
        return np.array_equal(a.view(width), b.view(width))
    return np.array_equal(a, b)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("source")
    ap.add_argument("--only", action="store_true", help="no other files may be in DIR")
    ap.add_argument("--allow", action="append", default=[], help="another file DIR may hold")
    args = ap.parse_args(argv)

    ns = bridge_check._namespace({})
    expected = []
    with open(args.source, encoding="utf-8") as f:
        for no, line in enumerate(f, start=1):
            m = ORACLE.match(line)
            if m:
                exec(compile(m.group("body"), f"{args.source}:{no}", "exec"), ns)
                continue
            m = SAVED.match(line)
            if m:
                opts = bridge_check._parse_opts(m.group("opts"), f"{args.source}:{no}")
                value = eval(compile(m.group("expr"), f"{args.source}:{no}", "eval"), ns)
                expected.append((m.group("name"), np.asarray(value), opts))
    if not expected:
        print(f"npy_check: {args.source}: no '# SAVED:' lines", file=sys.stderr)
        return 2

    bad = 0
    for name, want, opts in expected:
        path = os.path.join(args.dir, name)
        try:
            header = read_header(path)
            got = np.load(path, allow_pickle=False)
        except (OSError, ValueError, SyntaxError) as e:
            print(f"!! {name}: {e}", file=sys.stderr)
            bad += 1
            continue
        problems = []
        if got.dtype != want.dtype:
            problems.append(f"dtype {got.dtype} ({header['descr']}), expected {want.dtype}")
        if got.shape != want.shape:
            problems.append(f"shape {got.shape}, expected {want.shape}")
        if not problems:
            if "rtol" in opts or "atol" in opts:
                ok = np.allclose(got, want, rtol=opts.get("rtol", 0.0), atol=opts.get("atol", 0.0),
                                 equal_nan=True)
            else:
                ok = same_bits(got, want)
            if not ok:
                diff = np.argwhere(~((got == want) | (np.isnan(got) & np.isnan(want))
                                     if got.dtype.kind == "f" else got == want))
                first = tuple(int(i) for i in diff[0]) if len(diff) else None
                problems.append(f"values differ ({len(diff)} elements; first at {first}: "
                                f"{got[first] if first else '?'} vs {want[first] if first else '?'})"
                                if first is not None else "values differ in their bits")
        if problems:
            print(f"!! {name}: " + "; ".join(problems), file=sys.stderr)
            bad += 1
        else:
            print(f"   {name}: {header['descr']} {tuple(header['shape'])} matches")
    if args.only:
        allowed = {n for n, _, _ in expected} | set(args.allow)
        for entry in sorted(os.listdir(args.dir)):
            if entry not in allowed:
                print(f"!! unexpected file left in {args.dir}: {entry}", file=sys.stderr)
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
