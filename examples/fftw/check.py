#!/usr/bin/env python3
"""Checks a run of pipeline.bdsl against NumPy.

    /usr/bin/python3 examples/fftw/check.py spectrum.npy output.txt

Recomputes y = x - mean(x) from the spec's generator (test/lib/bridge_oracle),
and requires that spectrum.npy (written by fft2.c) equals numpy.fft.fft2(y) to
1e-12 of the largest coefficient, and that the two printed numbers (sum |F|^2
from FFTW, and N0*N1*sum(y^2) from the pipeline) both equal
sum(|numpy.fft.fft2(y)|^2) to 1e-12 relative.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "test", "lib"))
import bridge_oracle  # noqa: E402

SHAPE, SEED = (100, 64), 11


def main(spectrum_path, output_path):
    x = bridge_oracle.random(list(SHAPE), seed=SEED)
    y = x - x.mean()
    expected = np.fft.fft2(y)
    got = np.load(spectrum_path)
    assert got.dtype == np.complex128 and got.shape == SHAPE, (got.dtype, got.shape)
    err = np.max(np.abs(got - expected)) / np.max(np.abs(expected))
    assert err < 1e-12, f"spectrum differs from numpy.fft.fft2: {err:.3g}"

    energy = float(np.sum(np.abs(expected) ** 2))
    lines = open(output_path).read().split()
    assert len(lines) == 2, lines
    for line in lines:
        value = float(line)
        assert abs(value - energy) <= 1e-12 * energy, (value, energy)
    print(f"spectrum matches numpy.fft.fft2 (max relative error {err:.2g}); "
          f"energy {energy:.17g}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
