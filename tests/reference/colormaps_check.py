#!/usr/bin/python3
"""Matplotlib as the reference for heteroscope's colormaps (core/scene/colormap.h).

Default: prints one JSON document on stdout with matplotlib's colours at 33 points per map, in
both directions, for tests/scene/colormap_reference_native_test.cpp:

  {"matplotlib": "3.6.3",
   "maps": [{"name": "viridis",            # our name (core/scene/colormap.h)
             "t": [...],                   # 33 values in [0, 1]
             "forward": [[r, g, b], ...],  # matplotlib's map at t (sRGB in [0, 1])
             "reversed": [[r, g, b], ...]},# matplotlib's "<name>_r" at t
            ...]}

  Listed maps (viridis, magma, inferno, cividis, turbo) are matplotlib's 256-entry tables, entry i
  at t = i / 255, so the points are the entries i = round(255 k / 32), k = 0..32 (no
  interpolation on the Python side). Segmented maps (gray, coolwarm) are resampled to 1025
  entries, entry j at t = j / 1024, and the points are j = 32 k, i.e. t = k / 32 exactly.

--knots: prints the control-point tables of core/scene/colormap_tables.cpp (how they were
derived): from each 256-entry table, starting at entry 0, each segment ends at the furthest entry
such that linear interpolation between its two end entries, rounded to 4 decimals, reproduces
every table entry in between within 0.5/255 per channel.

Run with Debian's Python (python3-matplotlib): /usr/bin/python3 tests/reference/colormaps_check.py
"""

import json
import sys

import matplotlib
import numpy as np

LISTED = ["viridis", "magma", "inferno", "cividis", "turbo"]
SEGMENTED = {"grays": "gray", "coolwarm": "coolwarm"}  # our name -> matplotlib's


def rgb_rows(colors):
    return [[float(c) for c in row[:3]] for row in colors]


def reference():
    maps = []
    for name in LISTED:
        forward = matplotlib.colormaps[name]
        backward = matplotlib.colormaps[name + "_r"]
        assert forward.N == 256
        idx = [round(255 * k / 32) for k in range(33)]
        maps.append({"name": name, "t": [i / 255 for i in idx],
                     "forward": rgb_rows(forward(idx)), "reversed": rgb_rows(backward(idx))})
    for name, mpl_name in SEGMENTED.items():
        forward = matplotlib.colormaps[mpl_name].resampled(1025)
        backward = matplotlib.colormaps[mpl_name + "_r"].resampled(1025)
        idx = [32 * k for k in range(33)]
        maps.append({"name": name, "t": [j / 1024 for j in idx],
                     "forward": rgb_rows(forward(idx)), "reversed": rgb_rows(backward(idx))})
    json.dump({"matplotlib": matplotlib.__version__, "maps": maps}, sys.stdout)
    print()


def knots(table, tol=0.5 / 255):
    rounded = np.round(table, 4)
    keep, i = [0], 0
    while i < 255:
        j = i + 1
        while j < 255:
            u = (np.arange(i, j + 2) - i)[:, None] / (j + 1 - i)
            lerp = rounded[i] * (1 - u) + rounded[j + 1] * u
            if np.abs(lerp - table[i:j + 2]).max() > tol:
                break
            j += 1
        keep.append(j)
        i = j
    return keep, rounded


def print_knots():
    for name in LISTED:
        table = np.asarray(matplotlib.colormaps[name].colors, dtype=np.float64)
        keep, rounded = knots(table)
        print(f"// {name}: {len(keep)} knots")
        for i in keep:
            r, g, b = rounded[i]
            print(f"    {{{i}, {r:.4f}, {g:.4f}, {b:.4f}}},")


if __name__ == "__main__":
    if sys.argv[1:] == ["--knots"]:
        print_knots()
    else:
        reference()
