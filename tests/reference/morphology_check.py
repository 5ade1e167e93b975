#!/usr/bin/python3
"""Reference binary morphology for core/analysis/morphology (scipy.ndimage, skimage.morphology).

Reads from the folder argv[1] three uint8 masks (C order) of shape (argv[2], argv[3], argv[4]):
noise.u8, holes.u8, objects.u8; writes expected.u8, the concatenation (C order, uint8 0/1) of
  for each structure in [ball radius 2.5 with voxel (2, 1, 1.5), ones((3, 5, 1)),
                         generate_binary_structure(3, 1), (3, 2), (3, 3)]:
      binary_erosion, binary_dilation, binary_opening, binary_closing of noise (border_value=0)
  binary_fill_holes(holes)
  remove_small_objects(objects.astype(bool), min_size=5, connectivity=c) for c in 1, 2, 3

Run with Debian's Python (python3-numpy, python3-scipy, python3-skimage):
  /usr/bin/python3 tests/reference/morphology_check.py FOLDER NZ NY NX
"""

import os
import sys

import numpy as np
from scipy import ndimage
from skimage.morphology import remove_small_objects


def ball(radius, voxel):
    half = [int(np.floor(radius / v)) for v in voxel]
    z, y, x = np.ogrid[-half[0]:half[0] + 1, -half[1]:half[1] + 1, -half[2]:half[2] + 1]
    return (z * voxel[0]) ** 2 + (y * voxel[1]) ** 2 + (x * voxel[2]) ** 2 <= radius ** 2


def main():
    folder = sys.argv[1]
    shape = tuple(int(v) for v in sys.argv[2:5])

    def load(name):
        return np.fromfile(os.path.join(folder, name), dtype=np.uint8).reshape(shape) != 0

    noise, holes, objects = load("noise.u8"), load("holes.u8"), load("objects.u8")
    structures = [ball(2.5, (2.0, 1.0, 1.5)), np.ones((3, 5, 1), bool)] + [
        ndimage.generate_binary_structure(3, rank) for rank in (1, 2, 3)]
    out = []
    for structure in structures:
        for op in (ndimage.binary_erosion, ndimage.binary_dilation, ndimage.binary_opening,
                   ndimage.binary_closing):
            out.append(op(noise, structure=structure))
    out.append(ndimage.binary_fill_holes(holes))
    for connectivity in (1, 2, 3):
        out.append(remove_small_objects(objects, min_size=5, connectivity=connectivity))
    np.concatenate([a.astype(np.uint8).ravel() for a in out]).tofile(os.path.join(folder, "expected.u8"))


if __name__ == "__main__":
    main()
