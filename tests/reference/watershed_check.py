#!/usr/bin/python3
"""skimage as the reference for heteroscope's h-maxima and watershed (core/analysis/watershed.h).

Usage: watershed_check.py FOLDER
  FOLDER/meta.json: {"shape": [nz, ny, nx], "h": float, "maxima_connectivity": 1 | 3,
                     "watershed_connectivity": 1 | 2 | 3}
  FOLDER/mask.u8 (uint8), FOLDER/image.f32 (little-endian float32 distance map),
  FOLDER/markers.u32 (little-endian uint32 marker labels), all C order.
Writes FOLDER/hmax.u8 = skimage.morphology.h_maxima(image as float64, h,
  footprint=generate_binary_structure(3, maxima_connectivity)) and FOLDER/ws.u32 =
  skimage.segmentation.watershed(-image, markers, mask=mask, connectivity=watershed_connectivity),
and prints one JSON line {"skimage": version, "maxima": voxel count, "labels": max label}.

Run with Debian's Python (python3-skimage): /usr/bin/python3 tests/reference/watershed_check.py DIR
"""

import json
import os
import sys

import numpy as np
import skimage
from scipy import ndimage
from skimage.morphology import h_maxima
from skimage.segmentation import watershed


def main():
    folder = sys.argv[1]
    with open(os.path.join(folder, "meta.json")) as f:
        meta = json.load(f)
    shape = tuple(meta["shape"])

    def load(name, dtype):
        return np.fromfile(os.path.join(folder, name), dtype=dtype).reshape(shape)

    mask = load("mask.u8", np.uint8) != 0
    image = load("image.f32", "<f4").astype(np.float64)
    markers = load("markers.u32", "<u4").astype(np.int32)
    footprint = ndimage.generate_binary_structure(3, meta["maxima_connectivity"])
    maxima = h_maxima(image, meta["h"], footprint=footprint)
    maxima.astype(np.uint8).tofile(os.path.join(folder, "hmax.u8"))
    labels = watershed(-image, markers, mask=mask, connectivity=meta["watershed_connectivity"])
    labels.astype("<u4").tofile(os.path.join(folder, "ws.u32"))
    print(json.dumps({"skimage": skimage.__version__, "maxima": int(maxima.sum()), "labels": int(labels.max())}))


if __name__ == "__main__":
    main()
