// Streaming readers of volume files (MRC, NPY, TIFF, raw, HDF5): a file's shape, type and voxel
// size, then blocks of native-endian C-order voxels (z-slabs, or y-bands of them), so inputs
// larger than memory can be converted.
//
// Sections: VolumeInfo (what a file holds), BlockRange and VolumeReader (block reads),
// VolumeOpenOptions and open_volume (the registry: picks the reader by content, then by extension).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/byte_source.h"
#include "util/data_type.h"
#include "util/result.h"

namespace hs {

// What a volume file holds, in the reader's output form (which may differ from the bytes on disk:
// half floats come out as float32, 4-bit MRC voxels as uint8).
struct VolumeInfo {
  std::array<std::uint64_t, 3> shape_zyx{};  // voxels along z, y, x (x varies fastest); each >= 1
  DataType dtype = DataType::uint8;          // element type of read_block's output
  std::optional<std::array<double, 3>> voxel_size_nm_zyx;  // only when the file states all three
  std::string source;                                      // the file's name (ByteSource::name)
  std::string format;                                      // "mrc", "npy", "tiff", "raw" or "hdf5"
  std::vector<std::string> notes;  // what the user may want to know: header origin, quirks
};

// Part of a volume: slices z0 .. z0 + nz - 1 and, in each of them, rows y0 .. y0 + ny - 1, all of
// x. With all rows it is a z-slab; with fewer, a "y-band" of one.
struct BlockRange {
  std::uint64_t z0 = 0, nz = 0;
  std::uint64_t y0 = 0, ny = 0;
};

// Reads one volume file block by block, in any order. Memory, whatever the file size: the parsed
// header (for TIFF, 8 bytes per page), at most about one block of scratch per call beyond the
// caller's buffer, and for chunked HDF5 datasets a chunk cache of at most 256 MiB.
class VolumeReader {
 public:
  virtual ~VolumeReader() = default;
  VolumeReader(const VolumeReader&) = delete;
  VolumeReader& operator=(const VolumeReader&) = delete;

  const VolumeInfo& info() const { return info_; }
  // Bytes of one z-slice of output: ny * nx * element size.
  std::uint64_t slice_bytes() const;

  // Fills `out` (exactly nz * ny * nx * element size bytes) with slices z0 .. z0+nz-1 in C order
  // (z, y, x), native byte order. An error if the range is outside the volume, `out` has the wrong
  // size, or the file turns out to be short or corrupt at those slices; `out` is then unspecified.
  Status read_slab(std::uint64_t z0, std::uint64_t nz, std::span<std::uint8_t> out);

  // Fills `out` (exactly nz * ny * nx * element size bytes) with the block in C order (z, y, x),
  // native byte order: the same voxels as the matching part of a slab read. The same errors as
  // read_slab, for rows outside the volume too.
  Status read_block(const BlockRange& block, std::span<std::uint8_t> out);

 protected:
  explicit VolumeReader(VolumeInfo info) : info_(std::move(info)) {}

 private:
  // Called with a block inside the volume and a buffer of its size; nz >= 1 and ny >= 1.
  virtual Status read_checked_block(const BlockRange& block, std::span<std::uint8_t> out) = 0;

  VolumeInfo info_;
};

// Layout of a headerless volume: the caller says what the bytes are.
struct RawLayout {
  std::array<std::uint64_t, 3> shape_zyx{};
  DataType dtype = DataType::uint8;
  bool big_endian = false;
  std::uint64_t header_bytes = 0;  // bytes to skip before the voxels
};

struct VolumeOpenOptions {
  // "" = detect (content first, then file extension); else one of volume_format_names().
  std::string format;
  // Required for raw files; giving it selects the raw reader unless `format` says otherwise.
  std::optional<RawLayout> raw;
  // HDF5 only: path of the dataset; "" = the tomviz EMD layout, /data/tomography/data.
  std::string hdf5_dataset;
};

// Opens a volume file: detects the format (magic bytes, then extension) unless options say it, and
// parses and validates the header against the file size. Errors name the file and the problem.
Result<std::unique_ptr<VolumeReader>> open_volume(std::unique_ptr<ByteSource> source,
                                                  const VolumeOpenOptions& options = {});

// Format names open_volume knows, in detection order: "npy", "tiff", "hdf5", "mrc", "raw".
std::vector<std::string_view> volume_format_names();

}  // namespace hs
