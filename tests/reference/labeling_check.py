#!/usr/bin/python3
"""Reference connected-component labels for core/analysis/labeling (scipy.ndimage.label).

For every case k in 0..n-1 of the folder argv[1], reads case<k>_mask.u8 (uint8, C order) of shape
(argv[3], argv[4], argv[5]) and the connectivity 6, 18 or 26 from case<k>_connectivity.txt, labels
it with scipy.ndimage.label(mask, structure=generate_binary_structure(3, 1 | 2 | 3)) and writes
case<k>_labels.u32 (uint32, C order); prints the component count of each case on one line.

Run with Debian's Python (python3-numpy, python3-scipy):
  /usr/bin/python3 tests/reference/labeling_check.py FOLDER N NZ NY NX
"""

import os
import sys

import numpy as np
from scipy import ndimage


def main():
    folder, cases = sys.argv[1], int(sys.argv[2])
    shape = tuple(int(v) for v in sys.argv[3:6])
    rank = {6: 1, 18: 2, 26: 3}
    counts = []
    for k in range(cases):
        mask = np.fromfile(os.path.join(folder, f"case{k}_mask.u8"), dtype=np.uint8).reshape(shape)
        with open(os.path.join(folder, f"case{k}_connectivity.txt")) as f:
            connectivity = int(f.read())
        structure = ndimage.generate_binary_structure(3, rank[connectivity])
        labels, count = ndimage.label(mask, structure=structure)
        labels.astype("<u4").tofile(os.path.join(folder, f"case{k}_labels.u32"))
        counts.append(str(count))
    print(" ".join(counts))


if __name__ == "__main__":
    main()
