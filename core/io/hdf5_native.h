// HDF5 volumes through libhdf5 (native builds only; the wasm build reports them as unsupported).
//
// Dataset: the one named by the caller, else the tomviz EMD layout's /data/tomography/data. It must
// be 3-D (or 2-D: one slice) of integers (8-64 bit) or floats (16-bit floats come out as float32).
// EMD dimension vectors dim1..dimN next to the dataset give the voxel spacing (dimK[1] - dimK[0] in
// dimK's "units", e.g. "[n_m]") and, through their "name" attributes, the axis order: tomviz writes
// the dataset indexed [x][y][z] with dims named x, y, z, which is transposed to (z, y, x) while
// reading; otherwise the dataset is taken as (z, y, x). Blocks are read as hyperslabs, with a chunk
// cache sized to one layer of chunks. The file is read through the ByteSource by a read-only HDF5
// virtual file driver, so a file held in memory works as well as one on disk.
#pragma once

#include <algorithm>
#include <array>
#include <memory>
#include <string>

#include "io/volume_reader.h"
#include "util/bytes.h"

namespace hs {

// True if `head` starts with the HDF5 superblock signature "\x89HDF\r\n\x1a\n" (files with a user
// block, where it sits at byte 512 or later, are recognised by extension instead).
inline bool looks_like_hdf5(ByteView head) {
  constexpr std::array<std::uint8_t, 8> kSignature = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  return head.size() >= kSignature.size() && std::equal(kSignature.begin(), kSignature.end(), head.begin());
}

// `dataset_path` "" means /data/tomography/data.
Result<std::unique_ptr<VolumeReader>> open_hdf5(std::unique_ptr<ByteSource> source,
                                                const std::string& dataset_path);

}  // namespace hs
