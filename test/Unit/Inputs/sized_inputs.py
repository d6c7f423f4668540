"""Input files for run-sizes.test: bridge-sized-program reads their headers.

  sized_inputs.py DIR   rows6.npy (6, 7) f64, i32.npy (6, 7) i32, vec.npy
                        (6,) f64, and big.npy, a header alone that announces
                        (1000000, 7) f64 (only the header is read)
"""
import os
import sys

import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
np.save(os.path.join(out, "rows6.npy"), np.zeros((6, 7)))
np.save(os.path.join(out, "i32.npy"), np.zeros((6, 7), dtype="<i4"))
np.save(os.path.join(out, "vec.npy"), np.zeros(6))
with open(os.path.join(out, "big.npy"), "wb") as f:
    np.lib.format.write_array_header_1_0(
        f, {"descr": "<f8", "fortran_order": False, "shape": (1000000, 7)})
