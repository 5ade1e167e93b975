#!/usr/bin/python3
"""Reference thresholds for core/analysis/threshold (and the binning of core/analysis/histogram).

For every case k in 0..n-1 of the folder argv[1], reads
  case<k>_values.f32   the sample (float32, may contain NaN)
  case<k>_hist.f64     heteroscope's histogram: bins, lo, hi, then bins counts, then bins centres
and prints one line per case:
  k same_counts otsu m2 m3a m3b m4a m4b m4c
where same_counts is 1 when np.histogram of the non-NaN values (as float64) over [lo, hi] gives
heteroscope's counts, otsu is skimage.filters.threshold_otsu(hist=(counts, centres)) and mC... are
skimage.filters.threshold_multiotsu(classes=C, hist=(counts, centres)). Numbers are printed with
17 significant digits.

Run with Debian's Python (python3-numpy, python3-skimage):
  /usr/bin/python3 tests/reference/threshold_check.py FOLDER N
"""

import os
import sys

import numpy as np
from skimage.filters import threshold_multiotsu, threshold_otsu


def main():
    folder, cases = sys.argv[1], int(sys.argv[2])
    for k in range(cases):
        values = np.fromfile(os.path.join(folder, f"case{k}_values.f32"), dtype="<f4")
        raw = np.fromfile(os.path.join(folder, f"case{k}_hist.f64"), dtype="<f8")
        bins, lo, hi = int(raw[0]), raw[1], raw[2]
        counts, centres = raw[3:3 + bins], raw[3 + bins:3 + 2 * bins]
        valid = values[~np.isnan(values)].astype(np.float64)
        expected, _ = np.histogram(valid, bins, range=(lo, hi))
        same = int(np.array_equal(expected, counts.astype(np.int64)))
        out = [str(k), str(same), "%.17g" % threshold_otsu(hist=(counts, centres))]
        for classes in (2, 3, 4):
            out += ["%.17g" % t for t in threshold_multiotsu(classes=classes, hist=(counts, centres))]
        print(" ".join(out))


if __name__ == "__main__":
    main()
