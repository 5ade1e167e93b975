"""Writes reference volumes with NumPy (independent of our C++) for the zarrita interop test.

Usage: /usr/bin/python3 make_volumes.py OUT_DIR
Writes OUT_DIR/<name>.npy (the input to convert), OUT_DIR/<name>.level0.raw and .level1.raw (the
expected level 0 and level 1 voxels, C order, little endian: level 1 is the 2x2x2 mean where edge
cells average the voxels they have, computed here with NaN padding and nanmean) and
OUT_DIR/manifest.json describing them.
"""
import json
import sys

import numpy as np


def level1_mean(volume):
    padded_shape = [n + (n % 2) for n in volume.shape]
    padded = np.full(padded_shape, np.nan, dtype=np.float64)
    padded[: volume.shape[0], : volume.shape[1], : volume.shape[2]] = volume
    z, y, x = (n // 2 for n in padded_shape)
    return np.nanmean(padded.reshape(z, 2, y, 2, x, 2), axis=(1, 3, 5))


def main(out_dir):
    rng = np.random.default_rng(20261123)
    volumes = {
        # Odd sizes: partial shards, partial bricks and edge cells in the pyramid.
        "noise_f32": rng.normal(8.1, 0.02, size=(67, 70, 131)).astype("<f4"),
        "ramp_u16": (np.arange(40 * 33 * 65, dtype=np.uint32) % 65521).astype("<u2").reshape(40, 33, 65),
    }
    manifest = []
    for name, volume in volumes.items():
        np.save(f"{out_dir}/{name}.npy", volume)
        volume.tofile(f"{out_dir}/{name}.level0.raw")
        mean = level1_mean(volume.astype(np.float64))
        if volume.dtype.kind == "f":
            mean.astype(volume.dtype).tofile(f"{out_dir}/{name}.level1.raw")
        else:  # integers round to nearest, ties to even (numpy's rint)
            np.rint(mean).astype(volume.dtype).tofile(f"{out_dir}/{name}.level1.raw")
        manifest.append({"name": name, "dtype": volume.dtype.name, "shape": list(volume.shape),
                         "level1_shape": list(mean.shape), "sum": float(volume.astype(np.float64).sum())})
    with open(f"{out_dir}/manifest.json", "w") as f:
        json.dump(manifest, f)


if __name__ == "__main__":
    main(sys.argv[1])
