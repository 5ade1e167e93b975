"""Writes a small Zarr v3 hierarchy by hand, following the Zarr v3 specification (independent of
our C++ and of any Zarr library), for the C++ reader's interop test.

Usage: /usr/bin/python3 write_reference_store.py OUT_DIR
Needs NumPy (Debian's python3-numpy) and the `zstd` command-line tool (Debian's zstd).

Writes OUT_DIR/reference.zarr, a group holding four arrays:
  sharded_f32     float32 (5, 7, 9), shards (4, 4, 6) of inner chunks (2, 2, 3), inner codecs
                  [bytes little, zstd], index [bytes little, crc32c] at the end; inner chunks
                  stored in reverse order; one empty inner chunk and one shard left out.
  plain_i32       int32 (6, 5), chunks (4, 3), [transpose (1, 0), bytes little, zstd], "v2" chunk
                  keys with "." ("0.1"); one all-fill chunk left out.
  index_start_u8  uint8 (10, 10), shards (8, 8) of (4, 4), inner [bytes], index at the start.
  big_endian_u16  uint16 (5, 3), chunks (2, 2), [bytes big, crc32c]; one chunk left out.
and OUT_DIR/expected/<name>.raw: every element, C order, little endian.
"""
import itertools
import json
import os
import subprocess
import sys

import numpy as np

EMPTY = 2**64 - 1  # shard index entry of an inner chunk that is not stored


def crc32c(data):
    """CRC-32C (Castagnoli), bit by bit: reflected polynomial 0x82F63B78."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def with_crc32c(data):
    return data + crc32c(data).to_bytes(4, "little")


def zstd(data):
    """One zstd frame made by the zstd command-line tool (from stdin: no content size in the header)."""
    return subprocess.run(["zstd", "-3", "-q", "-c"], input=data, stdout=subprocess.PIPE, check=True).stdout


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def write_json(path, document):
    write(path, json.dumps(document, indent=2).encode())


def array_document(shape, dtype_name, chunk_shape, fill_value, codecs, key_encoding=None, names=None):
    document = {
        "zarr_format": 3,
        "node_type": "array",
        "shape": list(shape),
        "data_type": dtype_name,
        "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": list(chunk_shape)}},
        "chunk_key_encoding": key_encoding or {"name": "default", "configuration": {"separator": "/"}},
        "fill_value": fill_value,
        "codecs": codecs,
    }
    if names is not None:
        document["dimension_names"] = names
    return document


def chunk_of(data, coords, chunk_shape, fill):
    """The chunk at grid `coords`, padded with `fill` past the array's edge."""
    out = np.full(chunk_shape, fill, dtype=data.dtype)
    region = tuple(slice(c * n, min((c + 1) * n, size)) for c, n, size in zip(coords, chunk_shape, data.shape))
    out[tuple(slice(0, s.stop - s.start) for s in region)] = data[region]
    return out


def grid(shape, chunk_shape):
    return itertools.product(*(range(-(-size // n)) for size, n in zip(shape, chunk_shape)))


def write_plain(root, name, data, chunk_shape, fill, codecs, encode, key):
    """A regular chunked array; chunks equal to the fill value everywhere are not written."""
    for coords in grid(data.shape, chunk_shape):
        chunk = chunk_of(data, coords, chunk_shape, fill)
        if np.all(chunk == fill):
            continue
        write(os.path.join(root, name, key(coords)), encode(chunk))


def shard_bytes(shard, inner_shape, fill, encode_inner, index_at_start):
    """One shard: inner chunks (reverse C order in the file), then or before them the index."""
    counts = [s // n for s, n in zip(shard.shape, inner_shape)]
    index = np.full(counts + [2], EMPTY, dtype="<u8")
    inner_coords = list(itertools.product(*(range(n) for n in counts)))
    index_bytes = (index.size * 8) + 4
    payload = b""
    base = index_bytes if index_at_start else 0
    for coords in reversed(inner_coords):
        region = tuple(slice(c * n, (c + 1) * n) for c, n in zip(coords, inner_shape))
        chunk = shard[region]
        if np.all(chunk == fill):
            continue
        encoded = encode_inner(chunk)
        index[coords] = (base + len(payload), len(encoded))
        payload += encoded
    if np.all(index == EMPTY):
        return None
    index_encoded = with_crc32c(index.astype("<u8").tobytes())
    assert len(index_encoded) == index_bytes
    return index_encoded + payload if index_at_start else payload + index_encoded


def write_sharded(root, name, data, shard_shape, inner_shape, fill, encode_inner, index_at_start):
    for coords in grid(data.shape, shard_shape):
        shard = chunk_of(data, coords, shard_shape, fill)
        encoded = shard_bytes(shard, inner_shape, fill, encode_inner, index_at_start)
        if encoded is not None:
            write(os.path.join(root, name, "c", *map(str, coords)), encoded)


def sharding_codec(inner_shape, inner_codecs, index_location):
    return {
        "name": "sharding_indexed",
        "configuration": {
            "chunk_shape": list(inner_shape),
            "codecs": inner_codecs,
            "index_codecs": [{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "crc32c"}],
            "index_location": index_location,
        },
    }


def main(out_dir):
    rng = np.random.default_rng(20261123)
    root = os.path.join(out_dir, "reference.zarr")
    expected = os.path.join(out_dir, "expected")
    write_json(os.path.join(root, "zarr.json"),
               {"zarr_format": 3, "node_type": "group", "attributes": {"writer": "write_reference_store.py"}})
    arrays = {}

    # sharded_f32
    fill = np.float32(-1.25)
    data = rng.normal(3.0, 2.0, size=(5, 7, 9)).astype("<f4")
    data[0:2, 0:2, 0:3] = fill  # one inner chunk of shard (0, 0, 0) is all fill: an empty entry
    data[4:5, 4:7, 6:9] = fill  # shard (1, 1, 1) is all fill: not written
    inner = [{"name": "bytes", "configuration": {"endian": "little"}},
             {"name": "zstd", "configuration": {"level": 3, "checksum": False}}]
    write_json(os.path.join(root, "sharded_f32", "zarr.json"),
               array_document(data.shape, "float32", (4, 4, 6), -1.25,
                              [sharding_codec((2, 2, 3), inner, "end")], names=["z", "y", "x"]))
    write_sharded(root, "sharded_f32", data, (4, 4, 6), (2, 2, 3), fill,
                  lambda c: zstd(c.astype("<f4").tobytes()), index_at_start=False)
    arrays["sharded_f32"] = data

    # plain_i32
    data = rng.integers(-2**31, 2**31 - 1, size=(6, 5), dtype=np.int64).astype("<i4")
    data[4:6, 3:5] = 0  # chunk (1, 1) is all fill
    codecs = [{"name": "transpose", "configuration": {"order": [1, 0]}},
              {"name": "bytes", "configuration": {"endian": "little"}},
              {"name": "zstd", "configuration": {"level": 3, "checksum": False}}]
    write_json(os.path.join(root, "plain_i32", "zarr.json"),
               array_document(data.shape, "int32", (4, 3), 0, codecs,
                              key_encoding={"name": "v2", "configuration": {"separator": "."}}))
    write_plain(root, "plain_i32", data, (4, 3), 0, codecs,
                lambda c: zstd(np.ascontiguousarray(c.transpose(1, 0)).astype("<i4").tobytes()),
                lambda coords: ".".join(map(str, coords)))
    arrays["plain_i32"] = data

    # index_start_u8
    data = rng.integers(1, 256, size=(10, 10), dtype=np.int64).astype("u1")
    data[4:8, 0:4] = 0  # an empty inner chunk in shard (0, 0)
    write_json(os.path.join(root, "index_start_u8", "zarr.json"),
               array_document(data.shape, "uint8", (8, 8), 0, [sharding_codec((4, 4), [{"name": "bytes"}], "start")]))
    write_sharded(root, "index_start_u8", data, (8, 8), (4, 4), 0, lambda c: c.astype("u1").tobytes(),
                  index_at_start=True)
    arrays["index_start_u8"] = data

    # big_endian_u16
    data = (np.arange(15, dtype=np.uint32) * 4099 % 65535).astype("<u2").reshape(5, 3)
    data[2:4, 2:3] = 65535  # chunk (1, 1) is all fill
    codecs = [{"name": "bytes", "configuration": {"endian": "big"}}, {"name": "crc32c"}]
    write_json(os.path.join(root, "big_endian_u16", "zarr.json"),
               array_document(data.shape, "uint16", (2, 2), 65535, codecs))
    write_plain(root, "big_endian_u16", data, (2, 2), 65535, codecs,
                lambda c: with_crc32c(c.astype(">u2").tobytes()),
                lambda coords: "/".join(["c"] + list(map(str, coords))))
    arrays["big_endian_u16"] = data

    for name, values in arrays.items():
        write(os.path.join(expected, name + ".raw"), values.astype(values.dtype.newbyteorder("<")).tobytes())


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
