#!/usr/bin/env python3
"""Check bridge_oracle's generators against a table of test vectors.

Usage: check_vectors.py FILE
FILE holds Markdown table rows of the form (as in the spec's generator-vectors.md)
    | random(seed=0) | 1000 | 0.17569250689332405 |
    | normal(seed=9, mean=0, std=1) | 12345 | 0.91571607451276626 |
`random` rows must match exactly (same bits), `normal` rows within 4 units in
the last place. Prints one line per vector; exit status 1 on any mismatch.
"""

import re
import sys

import numpy as np

import bridge_oracle

ROW = re.compile(r"^\W*\|\s*(random|normal)\(([^)]*)\)\s*\|\s*(\d+)\s*\|\s*([-+0-9.eE]+)\s*\|")


def main(path):
    failures = 0
    count = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = ROW.match(line)
            if not m:
                continue
            kind, params, index, text = m.groups()
            kw = {}
            for item in params.split(","):
                k, _, v = item.partition("=")
                kw[k.strip()] = float(v) if k.strip() in ("mean", "std") else int(v)
            i = int(index)
            want = float(text)
            if kind == "random":
                got = float(bridge_oracle.u01(kw["seed"], i))
                ok = got == want and repr(got) == repr(want)
                how = "exact"
            else:
                got = float(bridge_oracle.normal_range(kw["seed"], i, i + 1,
                                                       kw.get("mean", 0.0), kw.get("std", 1.0))[0])
                ulps = abs(got - want) / np.spacing(abs(want))
                ok = ulps <= 4
                how = f"{ulps:.0f} ulp"
            count += 1
            status = "ok" if ok else "MISMATCH"
            print(f"{status}: {kind}({params})[{i}] = {got!r}, table {text} ({how})")
            failures += not ok
    if count == 0:
        print(f"{path}: no test vectors found", file=sys.stderr)
        return 1
    print(f"{count - failures} of {count} vectors match")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
