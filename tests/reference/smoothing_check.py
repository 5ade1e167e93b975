#!/usr/bin/python3
"""Reference smoothing for core/analysis/smoothing (scipy.ndimage).

Reads input.f32 (float32, C order) of shape (argv[2], argv[3], argv[4]) from the folder argv[1]
and writes, as float32 C order:
  gaussian.f32  scipy.ndimage.gaussian_filter(input, sigma=(argv[5], argv[6], argv[7]) in voxels,
                mode='nearest', truncate=4.0)
  median.f32    scipy.ndimage.median_filter(input, size=3, mode='nearest')

Run with Debian's Python (python3-numpy, python3-scipy):
  /usr/bin/python3 tests/reference/smoothing_check.py FOLDER NZ NY NX SIGMA_Z SIGMA_Y SIGMA_X
"""

import os
import sys

import numpy as np
from scipy import ndimage


def main():
    folder = sys.argv[1]
    shape = tuple(int(v) for v in sys.argv[2:5])
    sigma = tuple(float(v) for v in sys.argv[5:8])
    values = np.fromfile(os.path.join(folder, "input.f32"), dtype="<f4").reshape(shape)
    smooth = ndimage.gaussian_filter(values, sigma=sigma, mode="nearest", truncate=4.0)
    smooth.astype("<f4").tofile(os.path.join(folder, "gaussian.f32"))
    median = ndimage.median_filter(values, size=3, mode="nearest")
    median.astype("<f4").tofile(os.path.join(folder, "median.f32"))


if __name__ == "__main__":
    main()
