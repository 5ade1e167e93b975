// Converts volume files (one per time point and channel) into an OME-Zarr 0.5 image in the writer
// profile of DESIGN.md: t,c,z,y,x arrays "0", "1", ... halving z,y,x down to one brick, each
// sharded (shards of bricks_per_shard³ bricks) with zstd bricks and a crc32c index. Streams
// shard-deep slabs, so memory is about one slab of the input plus a third more for the pyramid,
// whatever the volume size. The write path: the browser viewer does not link it.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "io/volume_reader.h"
#include "store/ome_multiscales.h"
#include "store/store.h"
#include "volume/downsample.h"

namespace hs {

struct VolumeConvertOptions {
  std::uint64_t brick = 64;            // voxels per brick edge (the unit of streaming)
  std::uint64_t bricks_per_shard = 4;  // shard edge = brick × bricks_per_shard voxels
  int zstd_level = 3;
  // Voxel size (z, y, x) in `unit`; when absent the first input's header gives it (else 1).
  std::optional<std::array<double, 3>> voxel_size_zyx;
  std::string unit = "micrometer";  // an OME spatial unit name (ome_unit_nm knows it)
  std::string name;
  std::vector<std::string> channel_labels;      // one per channel, or empty for "channel 0", ...
  std::vector<ChannelSemantics> semantics;      // one per channel, or empty
  std::vector<std::string> time_labels;         // one per time point, or empty
  DownsampleMethod method = DownsampleMethod::mean;
  std::function<void(double fraction_done)> progress;  // called now and then from 0 to 1
  const std::atomic<bool>* cancel = nullptr;           // stops between slabs with an error
};

// What a finished conversion produced.
struct VolumeConvertReport {
  std::array<std::uint64_t, 3> shape_zyx{};
  std::size_t levels = 0;
  std::uint64_t shards_written = 0;
  std::vector<std::pair<double, double>> value_range;  // per channel, no-data and NaN excluded
};

// inputs[t][c]: every reader must have the same shape and data type (errors say which differs).
// Writes the group's zarr.json last, so an interrupted conversion never looks complete.
Result<VolumeConvertReport> convert_volume(const std::vector<std::vector<VolumeReader*>>& inputs,
                                           WritableStore& out, const VolumeConvertOptions& options);

}  // namespace hs
