#!/usr/bin/python3
"""scipy/numpy as the reference for heteroscope's particle table (core/analysis/particles.h).

Usage: particles_check.py FOLDER NZ NY NX CHANNELS LO HI
  FOLDER/labels.u32: little-endian uint32 labels (C order); FOLDER/channel<k>.f32 for k < CHANNELS:
  little-endian float32 values (NaN = no data).
Writes FOLDER/table.f64: little-endian float64, one row per label present (increasing), columns
  label, count, centroid z y x (voxel indices, scipy.ndimage.center_of_mass),
  box begin z y x, box end z y x (scipy.ndimage.find_objects), then per channel:
  count, mean, std (ddof 0), median of the non-NaN values, fraction of them < LO or > HI.
Prints one JSON line {"scipy": version, "rows": n, "columns": m}.

Run with Debian's Python (python3-scipy): /usr/bin/python3 tests/reference/particles_check.py ...
"""

import json
import os
import sys

import numpy as np
import scipy
from scipy import ndimage


def main():
    folder = sys.argv[1]
    shape = tuple(int(v) for v in sys.argv[2:5])
    channels = int(sys.argv[5])
    lo, hi = float(sys.argv[6]), float(sys.argv[7])
    labels = np.fromfile(os.path.join(folder, "labels.u32"), dtype="<u4").reshape(shape).astype(np.int64)
    values = [np.fromfile(os.path.join(folder, f"channel{k}.f32"), dtype="<f4").reshape(shape).astype(np.float64)
              for k in range(channels)]
    present = np.unique(labels[labels != 0])
    centroids = ndimage.center_of_mass(np.ones(shape), labels, present)
    counts = ndimage.sum(np.ones(shape), labels, present)
    boxes = ndimage.find_objects(labels)
    rows = []
    for label, count, centroid in zip(present, counts, centroids):
        box = boxes[label - 1]
        row = [float(label), float(count), *centroid,
               *[float(s.start) for s in box], *[float(s.stop) for s in box]]
        inside = labels == label
        for channel in values:
            v = channel[inside]
            v = v[~np.isnan(v)]
            if v.size == 0:
                row += [0.0, np.nan, np.nan, np.nan, np.nan]
                continue
            row += [float(v.size), float(v.mean()), float(v.std()), float(np.median(v)),
                    float(np.count_nonzero((v < lo) | (v > hi))) / v.size]
        rows.append(row)
    table = np.array(rows, dtype="<f8")
    table.tofile(os.path.join(folder, "table.f64"))
    print(json.dumps({"scipy": scipy.__version__, "rows": table.shape[0], "columns": table.shape[1]}))


if __name__ == "__main__":
    main()
