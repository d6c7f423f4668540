#!/usr/bin/env python3
"""Checks a run of pipeline.bdsl against NumPy.

    /usr/bin/python3 examples/scalapack/check.py N x.npy output.txt

Rebuilds A and b of size N from the spec's generator (test/lib/bridge_oracle),
solves with numpy.linalg.solve and requires that x.npy (pdgesv's solution)
and the printed sum(x) agree with it to 1e-10.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "test", "lib"))
import bridge_oracle  # noqa: E402


def main(n, x_path, output_path):
    a = bridge_oracle.random([n, n], seed=3) + n * np.eye(n)
    b = bridge_oracle.random([n, 1], seed=4)
    expected = np.linalg.solve(a, b)
    got = np.load(x_path)
    assert got.dtype == np.float64 and got.shape == (n, 1), (got.dtype, got.shape)
    err = np.max(np.abs(got - expected))
    assert err <= 1e-10, f"x.npy differs from numpy.linalg.solve by {err}"
    printed = float(open(output_path).read().split()[0])
    assert abs(printed - expected.sum()) <= 1e-10 * max(1.0, abs(expected.sum())), \
        (printed, expected.sum())
    print(f"solution of {n} matches numpy.linalg.solve")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], sys.argv[3])
