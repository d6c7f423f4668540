#!/usr/bin/env python3
"""What pipeline.bdsl should print, computed with NumPy from the spec's generator.

    /usr/bin/python3 examples/seed/expected.py

Generates the 1e8 values chunk by chunk (the oracle in test/lib/bridge_oracle.py)
and sums y = 2x - 1 in extended precision, so the printed value is the sum's
correctly rounded value to about 1e-16 relative. The program's own total may
differ in the last digits: its legacy function sums in plain doubles, rank by
rank.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "lib"))
import bridge_oracle  # noqa: E402

N, CHUNK, SEED = 100_000_000, 1_000_000, 42


def expected_total():
    total = np.longdouble(0)
    for lo in range(0, N, CHUNK):
        y = bridge_oracle.random_range(SEED, lo, min(lo + CHUNK, N)) * 2.0 - 1.0
        total += np.sum(y.astype(np.longdouble))
    return float(total)


if __name__ == "__main__":
    print("%.17g" % expected_total())
