"""Brute-force depth / normalised-depth / radial profiles with numpy and scipy, the reference of
tests/analysis/profiles_reference_native_test.cpp.

Usage: profiles_check.py FOLDER. FOLDER holds params.json ({"shape": [nz, ny, nx], "voxel": [dz,
dy, dx], "by": "depth" | "normalized-depth" | "radius", "width": w, "count": n, "inputs": k,
"ranges": [[lo, hi] or null per input]}), labels.u32 (uint32, C order) and input<i>.f32 (float32,
NaN = no data). Prints one line per label x input x shell: label input shell voxels count mean std
median fraction_out_of_range (repr floats; nan for empty shells).

Each particle's depth is scipy.ndimage.distance_transform_edt(labels == label, sampling=voxel) on
the whole volume (no bounding boxes), rounded to float32 as the C++ distance map stores it.
"""
import json
import math
import sys

import numpy as np
from scipy import ndimage


def main(folder):
    with open(f"{folder}/params.json") as f:
        params = json.load(f)
    shape = tuple(params["shape"])
    voxel = tuple(params["voxel"])
    labels = np.fromfile(f"{folder}/labels.u32", dtype="<u4").reshape(shape)
    inputs = [np.fromfile(f"{folder}/input{i}.f32", dtype="<f4").reshape(shape) for i in range(params["inputs"])]
    by, width, count = params["by"], params["width"], params["count"]
    for label in np.unique(labels):
        if label == 0:
            continue
        mask = labels == label
        if by == "radius":
            idx = np.argwhere(mask).astype(np.float64) * np.array(voxel)
            centre = idx.mean(axis=0)
            grid = np.indices(shape).reshape(3, -1).T.astype(np.float64) * np.array(voxel)
            distance = np.sqrt(((grid - centre) ** 2).sum(axis=1)).reshape(shape)
            shell = np.floor(distance / width)
        else:
            distance = ndimage.distance_transform_edt(mask, sampling=voxel).astype(np.float32).astype(np.float64)
            if by == "depth":
                shell = np.floor(distance / width)
            else:
                dmax = distance[mask].max()
                shell = np.minimum(np.floor(distance / dmax * count), count - 1)
        shell = shell.astype(np.int64)
        shells = count if by == "normalized-depth" else int(shell[mask].max()) + 1
        for i, values in enumerate(inputs):
            rng = params["ranges"][i]
            for k in range(shells):
                sel = mask & (shell == k)
                v = values[sel].astype(np.float64)
                v = v[~np.isnan(v)]
                if v.size == 0:
                    stats = [math.nan] * 4
                else:
                    frac = float(((v < rng[0]) | (v > rng[1])).mean()) if rng is not None else 0.0
                    stats = [v.mean(), v.std(), float(np.median(v)), frac]
                print(int(label), i, k, int(sel.sum()), v.size, *[repr(float(x)) for x in stats])


if __name__ == "__main__":
    main(sys.argv[1])
