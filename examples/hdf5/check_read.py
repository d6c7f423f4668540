#!/usr/bin/env python3
"""Checks a run of read.bdsl against NumPy, without h5py.

    h5dump -d /y -b LE -o y.bin preprocessed.h5
    h5dump -d /y -b LE -o z.bin standardised.h5
    /usr/bin/python3 examples/hdf5/check_read.py y.bin z.bin read.txt

y.bin and z.bin are the raw little-endian float64 data of the dataset read
and of the dataset written (hdf5-tools); z must equal (y - mean(y)) / std(y)
computed by NumPy from y (to 1e-12), and the printed sum(z), mean(z) and
max(z) must match NumPy's: max to 1e-12 relative, sum and mean, which are
zero up to rounding, to 1e-9 absolute.
"""
import sys

import numpy as np

SHAPE = (300, 40)


def read(path):
    data = np.fromfile(path, dtype="<f8")
    assert data.size == SHAPE[0] * SHAPE[1], f"{data.size} values in {path}"
    return data.reshape(SHAPE)


def main(y_path, z_path, output_path):
    y = read(y_path)
    expected = (y - y.mean()) / y.std()
    got = read(z_path)
    bad = np.argwhere(np.abs(got - expected) > 1e-12)
    assert bad.size == 0, f"{len(bad)} values differ, first at {tuple(bad[0])}: " \
                          f"{got[tuple(bad[0])]!r} != {expected[tuple(bad[0])]!r}"
    printed = [float(v) for v in open(output_path).read().split()]
    assert len(printed) == 3, printed
    total, mean, top = printed
    assert abs(total - expected.sum()) <= 1e-9, (total, expected.sum())
    assert abs(mean - expected.mean()) <= 1e-9, (mean, expected.mean())
    assert abs(top - expected.max()) <= 1e-12 * abs(expected.max()), \
        (top, expected.max())
    print(f"standardised.h5:/y matches NumPy ({SHAPE[0]} x {SHAPE[1]} values), "
          f"and so do the printed sum, mean and max")


if __name__ == "__main__":
    main(*sys.argv[1:4])
