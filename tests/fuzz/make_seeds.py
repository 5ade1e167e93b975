"""Writes the seed corpus of the fuzz targets: small valid inputs, built here by hand with the
standard library (struct, zipfile) or by our own CLI, one folder per target.

Usage: python3 make_seeds.py CLI OUT_DIR
"""
import os
import struct
import subprocess
import sys
import tempfile
import zipfile


def write(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def mrc(nx, ny, nz):
    header = bytearray(1024)
    struct.pack_into("<4i", header, 0, nx, ny, nz, 2)            # NX NY NZ, mode 2 (float32)
    struct.pack_into("<3i", header, 28, nx, ny, nz)              # MX MY MZ
    struct.pack_into("<3f", header, 40, 2.0 * nx, 2.0 * ny, 2.0 * nz)  # CELLA in Å
    struct.pack_into("<3i", header, 64, 1, 2, 3)                 # MAPC MAPR MAPS
    header[208:212] = b"MAP "
    header[212:214] = b"\x44\x44"
    return bytes(header) + struct.pack(f"<{nx * ny * nz}f", *range(nx * ny * nz))


def npy():
    header = "{'descr': '<u2', 'fortran_order': False, 'shape': (2, 3, 4), }"
    header += " " * (64 - 10 - len(header) - 1) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + struct.pack("<24H", *range(24))


def tiff(pages=2, w=3, h=2):
    """Little-endian uncompressed uint8 pages, one strip each."""
    out = bytearray(b"II*\x00" + struct.pack("<I", 8))
    for p in range(pages):
        ifd_at = len(out)
        entries = [(256, 3, 1, w), (257, 3, 1, h), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
                   (273, 4, 1, 0), (277, 3, 1, 1), (278, 3, 1, h), (279, 4, 1, w * h)]
        data_at = ifd_at + 2 + 12 * len(entries) + 4
        out += struct.pack("<H", len(entries))
        for tag, typ, count, value in entries:
            out += struct.pack("<HHII", tag, typ, count, data_at if tag == 273 else value)
        next_ifd = 0 if p == pages - 1 else data_at + w * h
        out += struct.pack("<I", next_ifd)
        out += bytes((p * 16 + i) % 256 for i in range(w * h))
    return bytes(out)


RRNG = """[Ions]
Number=3
Ion1=Ni
Ion2=O
Ion3=Li
[Ranges]
Number=4
Range1=6.9000 7.1000 Vol:0.01300 Li:1 Color:FF0000
Range2=15.9000 16.1000 Vol:0.01500 O:1 Color:00FF00
Range3=29.2000 29.6000 Vol:0.01090 Ni:1 Color:0000FF
Range4=73.8000 74.2000 Vol:0.02590 Ni:1 O:1 Name:NiO Color:8080FF
"""

RNG = """2 3
Ni
Ni 0.2 0.3 0.9
O
O 0.9 0.1 0.1
------------------- Ni O
. 29.2 29.6 0.01 1 0
. 15.9 16.1 0.01 0 1
. 73.8 74.2 0.02 1 1
"""


def main(cli, out):
    ions = [(1.0, 2.0, 3.0, 29.3), (-4.5, 0.25, 10.0, 16.0), (0.0, 0.0, 0.0, 74.0), (2.0, 2.0, 2.0, 7.0)]
    write(f"{out}/point_file_fuzz", "four.pos", b"".join(struct.pack(">4f", *i) for i in ions))
    write(f"{out}/point_file_fuzz", "two.epos",
          b"".join(struct.pack(">9f2i", *i, 100.0, 5000.0, 1000.0, 1.0, -1.0, 0, 1) for i in ions[:2]))
    write(f"{out}/volume_file_fuzz", "small.mrc", mrc(3, 2, 2))
    write(f"{out}/volume_file_fuzz", "small.npy", npy())
    write(f"{out}/volume_file_fuzz", "small.tif", tiff())
    write(f"{out}/range_file_fuzz", "ranges.rrng", RRNG)
    write(f"{out}/range_file_fuzz", "ranges.rng", RNG)

    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "v.raw")
        with open(raw, "wb") as f:
            f.write(struct.pack("<64H", *range(64)))
        store = os.path.join(tmp, "v.zarr")
        subprocess.run([cli, "convert", raw, "--shape", "4,4,4", "--dtype", "uint16", "--brick", "2",
                        "--shard-bricks", "2", "-o", store], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(store, "0/c/0/0/0/0/0"), "rb") as f:
            write(f"{out}/shard_fuzz", "shard", f.read())
        for name in ("zarr.json", "0/zarr.json"):
            with open(os.path.join(store, name), "rb") as f:
                write(f"{out}/zarr_metadata_fuzz", name.replace("/", "_"), f.read())
        archive = os.path.join(tmp, "v.zip")
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
            for root, _, files in os.walk(store):
                for name in files:
                    path = os.path.join(root, name)
                    z.write(path, os.path.relpath(path, tmp))
        with open(archive, "rb") as f:
            write(f"{out}/zip_fuzz", "store.zip", f.read())
        state = subprocess.run([cli, "state", "decode", "#!%7B%22version%22:1,%22camera%22:%7B%22distance_nm%22:250,"
                                "%22target_nm%22:%5B1,2,3%5D%7D,%22panels%22:%7B%22layers%22:false%7D%7D"],
                               check=True, capture_output=True, text=True).stdout
        write(f"{out}/json_state_fuzz", "state.json", state)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
