"""Compares the table of `bridge-runtime-tests --bridge-pad-table` with
numpy.pad: each line is MODE N W followed by the source index of every padded
position of an axis of N elements padded by W on both sides (-1 for a zero).
"""
import sys

import numpy as np


def main(path):
    checked = differ = 0
    with open(path) as table:
        for line in table:
            mode, n, w, *got = line.split()
            n, w = int(n), int(w)
            # Element i of the axis holds i + 1, so zeros of `constant` read -1.
            want = np.pad(np.arange(n) + 1, w, mode=mode) - 1
            if list(want) != [int(v) for v in got]:
                differ += 1
                print("FAIL %s n=%d w=%d: numpy %s, layout %s"
                      % (mode, n, w, list(want), got))
            checked += 1
    print("checked %d paddings, %d differ" % (checked, differ))


if __name__ == "__main__":
    main(sys.argv[1])
