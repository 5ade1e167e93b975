#!/usr/bin/python3
"""scipy as the reference for heteroscope's distance transform (core/analysis/distance_transform.h).

Usage: distance_transform_check.py MASK NZ NY NX DZ DY DX OUT
  MASK: raw uint8 mask (C order, nz*ny*nx bytes, nonzero = foreground).
  Writes OUT: raw little-endian float64, scipy.ndimage.distance_transform_edt(mask,
  sampling=(DZ, DY, DX)), and prints one JSON line {"scipy": version, "max": largest distance}.

Run with Debian's Python (python3-scipy): /usr/bin/python3 tests/reference/distance_transform_check.py ...
"""

import json
import sys

import numpy as np
import scipy
from scipy import ndimage


def main():
    mask_path, nz, ny, nx, dz, dy, dx, out_path = sys.argv[1:9]
    shape = (int(nz), int(ny), int(nx))
    mask = np.fromfile(mask_path, dtype=np.uint8).reshape(shape) != 0
    edt = ndimage.distance_transform_edt(mask, sampling=(float(dz), float(dy), float(dx)))
    edt.astype("<f8").tofile(out_path)
    print(json.dumps({"scipy": scipy.__version__, "max": float(edt.max())}))


if __name__ == "__main__":
    main()
