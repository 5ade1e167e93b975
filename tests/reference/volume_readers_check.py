#!/usr/bin/python3
"""Reference volumes for the volume readers (core/io), written by independent libraries.

Writes MRC (mrcfile), .npy (numpy), TIFF (tifffile), HDF5/EMD (h5py) and raw (numpy) files into the
directory given as argv[1], then prints one JSON document on stdout: for every file, what a correct
reader must report in heteroscope's terms:

  {"files": [{"file": path, "format": "mrc"|"npy"|"tiff"|"hdf5"|"raw",
              "options": {...}           # what to pass to open_volume (hdf5 dataset, raw layout)
              "shape_zyx": [z, y, x],    # (z, y, x) with x varying fastest
              "dtype": "float32" ...,    # the reader's output type (float16 is widened to float32)
              "voxel_size_nm_zyx": [z, y, x] or null,
              "sum": float,              # sum of all voxels in float64
              "first_voxels": [...]},    # the first few voxels in C order (z, y, x), as numbers
             ...]}

Run with Debian's Python (python3-numpy, python3-mrcfile, python3-tifffile, python3-h5py):
  /usr/bin/python3 tests/reference/volume_readers_check.py /tmp/x
Every voxel value and every partial sum is exactly representable in float64, so sums compare
exactly whatever the order of summation.
"""

import json
import os
import sys

import h5py
import mrcfile
import numpy as np
import tifffile


def formula(shape_zyx, dtype, scale=(100, 10, 1), offset=0):
    """An array whose voxel (z, y, x) is offset + 100 z + 10 y + x, cast to dtype."""
    z, y, x = np.indices(shape_zyx)
    return (offset + scale[0] * z + scale[1] * y + scale[2] * x).astype(dtype)


def entry(path, fmt, zyx, voxel_size_nm_zyx=None, options=None, out_dtype=None):
    """The expected report for `zyx`, the volume as the reader must return it (C order z, y, x)."""
    zyx = np.asarray(zyx)
    dtype = out_dtype or zyx.dtype.newbyteorder("=").name
    return {
        "file": path,
        "format": fmt,
        "options": options or {},
        "shape_zyx": [int(n) for n in zyx.shape],
        "dtype": dtype,
        "voxel_size_nm_zyx": None if voxel_size_nm_zyx is None else [float(v) for v in voxel_size_nm_zyx],
        "sum": float(np.sum(zyx, dtype=np.float64)),
        "first_voxels": [v.item() for v in zyx.astype(np.float64).ravel()[:8]],
    }


def write_mrc(directory):
    out = []
    # Little-endian float32 with a voxel size of 2.5 x 3 x 4 Å (x, y, z) and an origin.
    data = formula((6, 4, 5), np.float32, offset=0.25)
    path = os.path.join(directory, "le_float32.mrc")
    with mrcfile.new(path, overwrite=True) as mrc:
        mrc.set_data(data)
        mrc.voxel_size = (2.5, 3.0, 4.0)
        mrc.header.origin = (1.5, -2.0, 3.0)
    out.append(entry(path, "mrc", data, voxel_size_nm_zyx=(0.4, 0.3, 0.25)))

    # Big-endian int16: mrcfile keeps the data's byte order and stamps MACHST 0x11 0x11.
    data = formula((5, 2, 3), ">i2", scale=(-1000, 37, -1))
    path = os.path.join(directory, "be_int16.mrc")
    with mrcfile.new(path, overwrite=True) as mrc:
        mrc.set_data(data)
    with open(path, "rb") as f:
        f.seek(212)
        assert f.read(2) == b"\x11\x11", "mrcfile did not write a big-endian file"
    out.append(entry(path, "mrc", data.astype(np.int16)))

    # Mode 12 (float16), widened to float32 by the reader.
    data = (formula((3, 4, 5), np.float32) / 8).astype(np.float16)
    path = os.path.join(directory, "half.mrc")
    with mrcfile.new(path, overwrite=True) as mrc:
        mrc.set_data(data)
    out.append(entry(path, "mrc", data.astype(np.float32)))

    # Mode 6 (uint16) with an extended header of 256 bytes.
    data = formula((2, 3, 4), np.uint16, scale=(20000, 300, 7))
    path = os.path.join(directory, "u16_exthdr.mrc")
    with mrcfile.new(path, overwrite=True) as mrc:
        mrc.set_data(data)
        mrc.set_extended_header(np.zeros(256, dtype=np.uint8))
    out.append(entry(path, "mrc", data))
    return out


def write_npy(directory):
    out = []
    data = formula((5, 3, 4), "<f4", offset=-0.5)
    path = os.path.join(directory, "c_f4_v1.npy")
    with open(path, "wb") as f:
        np.lib.format.write_array(f, data, version=(1, 0))
    out.append(entry(path, "npy", data))

    data = np.asfortranarray(formula((4, 3, 5), ">u2", scale=(1000, 100, 1)))
    path = os.path.join(directory, "fortran_be_u2_v2.npy")
    with open(path, "wb") as f:
        np.lib.format.write_array(f, data, version=(2, 0))
    out.append(entry(path, "npy", data.astype(np.uint16)))

    data = np.asfortranarray(formula((3, 4, 2), "<i8", scale=(10**12, -1000003, 7), offset=-5))
    path = os.path.join(directory, "fortran_i8_v3.npy")
    with open(path, "wb") as f:
        np.lib.format.write_array(f, data, version=(3, 0))
    out.append(entry(path, "npy", data))

    data = formula((1, 6, 7), np.uint8)[0]  # a 2-D array: one slice
    path = os.path.join(directory, "slice_u1.npy")
    np.save(path, data)
    out.append(entry(path, "npy", data[np.newaxis]))
    return out


def write_tiff(directory):
    out = []
    # ImageJ stack: 0.25 x 0.5 µm pixels (XResolution 4, YResolution 2 per µm), 0.5 µm spacing.
    data = formula((3, 4, 5), np.uint16, scale=(1000, 50, 3), offset=1)
    path = os.path.join(directory, "imagej_u16.tif")
    # photometric and axes stop tifffile from taking 3 or 4 leading planes as RGB(A) or channels.
    tifffile.imwrite(path, data, imagej=True, photometric="minisblack", resolution=(4.0, 2.0),
                     metadata={"axes": "ZYX", "spacing": 0.5, "unit": "um"})
    out.append(entry(path, "tiff", data, voxel_size_nm_zyx=(500.0, 500.0, 250.0)))

    # Big-endian float32 pages in 16 x 16 tiles (edge tiles padded); no calibration.
    data = formula((2, 20, 24), np.float32, offset=0.5)
    path = os.path.join(directory, "tiles_be_f32.tif")
    tifffile.imwrite(path, data, photometric="minisblack", byteorder=">", tile=(16, 16))
    out.append(entry(path, "tiff", data))

    # BigTIFF, int16 pages in strips of 3 rows.
    data = formula((4, 7, 6), np.int16, scale=(-300, 20, -1))
    path = os.path.join(directory, "bigtiff_i16.tif")
    tifffile.imwrite(path, data, photometric="minisblack", bigtiff=True, rowsperstrip=3)
    out.append(entry(path, "tiff", data))
    return out


def write_hdf5(directory):
    out = []
    # tomviz EMD: the dataset is indexed [x][y][z]; dim1..dim3 are x, y, z in nm.
    nx, ny, nz = 4, 3, 5
    xyz = np.transpose(formula((nz, ny, nx), np.float32, offset=0.5), (2, 1, 0))
    path = os.path.join(directory, "tomviz.emd")
    with h5py.File(path, "w") as f:
        f.attrs.create("version_major", 0, dtype="uint32")
        f.attrs.create("version_minor", 2, dtype="uint32")
        group = f.create_group("data/tomography")
        group.attrs.create("emd_group_type", 1, dtype="uint32")
        group.create_dataset("data", data=np.ascontiguousarray(xyz))
        for i, (name, step) in enumerate([("x", 0.5), ("y", 0.75), ("z", 1.25)]):
            dim = group.create_dataset("dim%d" % (i + 1), data=np.arange(xyz.shape[i]) * step)
            dim.attrs["name"] = np.string_(name)
            dim.attrs["units"] = np.string_("[n_m]")
    out.append(entry(path, "hdf5", np.transpose(xyz, (2, 1, 0)), voxel_size_nm_zyx=(1.25, 0.75, 0.5)))

    # A plain (z, y, x) dataset elsewhere: chunked, gzip-compressed, big-endian int16.
    data = formula((9, 10, 11), ">i2", scale=(-1000, 37, -1))
    path = os.path.join(directory, "exchange.h5")
    with h5py.File(path, "w") as f:
        f.create_dataset("exchange/data", data=data, chunks=(4, 5, 6), compression="gzip")
    out.append(entry(path, "hdf5", data.astype(np.int16), options={"hdf5_dataset": "/exchange/data"}))
    return out


def write_raw(directory):
    data = formula((4, 3, 2), ">u2", scale=(1000, 100, 1))
    path = os.path.join(directory, "volume.raw")
    with open(path, "wb") as f:
        f.write(b"\0" * 16)
        f.write(data.tobytes())
    options = {"raw": {"shape_zyx": [4, 3, 2], "dtype": "uint16", "big_endian": True, "header_bytes": 16}}
    return [entry(path, "raw", data.astype(np.uint16), options=options)]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: volume_readers_check.py OUTPUT_DIRECTORY")
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    files = write_mrc(directory) + write_npy(directory) + write_tiff(directory) + write_hdf5(directory)
    files += write_raw(directory)
    json.dump({"files": files}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
