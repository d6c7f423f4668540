#!/usr/bin/env python3
"""Checks a run of pipeline.bdsl against NumPy.

    /usr/bin/python3 examples/standardise/check.py corr.npy output.txt

Recomputes the features from the spec's generator (test/lib/bridge_oracle),
standardises each column with NumPy, and requires that corr.npy (written by
correlation.c) equals z^T z / n, which is numpy.corrcoef of the features, to
1e-12, and that the printed trace equals its trace.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "test", "lib"))
import bridge_oracle  # noqa: E402

SHAPE, SEED = (20_000, 8), 7


def main(corr_path, output_path):
    a = (bridge_oracle.normal(list(SHAPE), seed=SEED) * (np.arange(8) + 1)
         + np.arange(8) * 10)
    z = (a - a.mean(axis=0)) / a.std(axis=0)
    expected = z.T @ z / SHAPE[0]
    assert np.allclose(expected, np.corrcoef(a, rowvar=False), rtol=0, atol=1e-12)
    got = np.load(corr_path)
    assert got.dtype == np.float64 and got.shape == (8, 8), (got.dtype, got.shape)
    err = np.max(np.abs(got - expected))
    assert err <= 1e-12, f"corr.npy differs from NumPy by {err}"
    printed = float(open(output_path).read().split()[0])
    trace = np.trace(expected)
    assert abs(printed - trace) <= 1e-12 * trace, (printed, trace)
    print("correlation matches numpy.corrcoef")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
