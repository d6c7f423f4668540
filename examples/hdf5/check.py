#!/usr/bin/env python3
"""Checks a run of pipeline.bdsl against NumPy, without h5py.

    h5dump -d /y -b LE -o y.bin preprocessed.h5
    /usr/bin/python3 examples/hdf5/check.py y.bin output.txt

y.bin is the dataset's raw little-endian float64 data as h5dump writes it
(hdf5-tools); it must equal y = clip(sqrt(x) * 10 - 3, 0, 6) recomputed from
the spec's generator (test/lib/bridge_oracle) to 1e-14, every element; the
program's printed sum(y) and max(y) must match NumPy's (1e-12 relative).
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "test", "lib"))
import bridge_oracle  # noqa: E402

SHAPE, SEED = (300, 40), 5


def main(raw_path, output_path):
    x = bridge_oracle.random(list(SHAPE), seed=SEED)
    y = np.clip(np.sqrt(x) * 10.0 - 3.0, 0.0, 6.0)
    got = np.fromfile(raw_path, dtype="<f8")
    assert got.size == y.size, f"{got.size} values in {raw_path}, expected {y.size}"
    got = got.reshape(SHAPE)
    bad = np.argwhere(np.abs(got - y) > 1e-14)
    assert bad.size == 0, f"{len(bad)} values differ, first at {tuple(bad[0])}: " \
                          f"{got[tuple(bad[0])]!r} != {y[tuple(bad[0])]!r}"
    printed = [float(v) for v in open(output_path).read().split()]
    expected = [float(np.sum(y)), float(np.max(y))]
    assert len(printed) == 2, printed
    for p, e in zip(printed, expected):
        assert abs(p - e) <= 1e-12 * abs(e), (p, e)
    print(f"preprocessed.h5:/y matches NumPy ({y.shape[0]} x {y.shape[1]} values); "
          f"sum {expected[0]:.17g}, max {expected[1]:.17g}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
