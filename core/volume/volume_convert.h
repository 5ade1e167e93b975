// Converts volume files (one per time point and channel) into an OME-Zarr 0.5 image in the writer
// profile of DESIGN.md: t,c,z,y,x arrays "0", "1", ... halving z,y,x down to one brick, each
// sharded (shards of bricks_per_shard³ bricks) with zstd bricks and a crc32c index. Streams one
// row of shards at a time (shard-deep in z, shard-high in y, all of x; see shard_rows.h), so memory
// is about two level-0 rows plus a few shards per thread, whatever the volume's depth and height.
// A conversion can be fanned out: runs that each write a range of level-0 shards, then one run
// that builds the pyramid from them and writes the metadata, give byte for byte the store of one
// whole conversion. The write path: the browser viewer does not link it.
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

// What one run writes.
enum class VolumeConvertStage {
  everything,     // level 0, the pyramid and all metadata
  level0_shards,  // only the level-0 shards [shard_begin, shard_end), no metadata: one job of a fan-out
  finalize,       // levels 1.. built from the stored level 0, and all metadata: after every job
};

struct VolumeConvertOptions {
  std::uint64_t brick = 64;            // voxels per brick edge (the unit of streaming)
  std::uint64_t bricks_per_shard = 4;  // shard edge = brick × bricks_per_shard voxels (must be even)
  int zstd_level = 3;
  // Voxel size (z, y, x) in `unit`; when absent the first input's header gives it (else 1).
  std::optional<std::array<double, 3>> voxel_size_zyx;
  std::string unit = "micrometer";  // an OME spatial unit name (ome_unit_nm knows it)
  std::string name;
  std::vector<std::string> channel_labels;  // one per channel, or empty for "channel 0", ...
  std::vector<ChannelSemantics> semantics;  // one per channel, or empty
  std::vector<std::string> time_labels;     // one per time point, or empty
  DownsampleMethod method = DownsampleMethod::mean;
  // Threads compressing shards: at most this many, 0 = hardware_threads(). Native builds only
  // (the browser build runs serially); the store comes out byte for byte the same for any count.
  // With more than one thread, the output store's set() and erase() are called from several
  // threads at once (FilesystemStore and MemoryStore allow that).
  unsigned threads = 0;
  // Memory for the conversion: each thread holds up to about four shards while compressing one,
  // so no more threads start than fit beside the rows of shards (which take what they need,
  // whatever the budget). 0 = no limit.
  std::uint64_t memory_budget_bytes = std::uint64_t{1} << 30;
  VolumeConvertStage stage = VolumeConvertStage::everything;
  // level0_shards: linear indexes of level-0 shards, C order over the shard grid (t, c, z, y, x);
  // half-open, shard_begin <= shard_end <= the grid's size (VolumeConvertReport::level0_shards).
  std::uint64_t shard_begin = 0, shard_end = 0;
  std::function<void(double fraction_done)> progress;  // called now and then from 0 to 1
  const std::atomic<bool>* cancel = nullptr;           // stops between rows with an error
};

// What a finished run produced.
struct VolumeConvertReport {
  std::array<std::uint64_t, 3> shape_zyx{};
  std::size_t levels = 0;
  std::uint64_t level0_shards = 0;   // shards in level 0's grid, whichever this run wrote
  std::uint64_t shards_written = 0;  // shards this run wrote (an all-fill shard is stored as no value)
  std::vector<std::pair<double, double>> value_range;  // per channel, no-data and NaN excluded;
                                                       // empty for level0_shards
};

// inputs[t][c]: every reader must have the same shape and data type (errors say which differs).
// Writes the group's zarr.json last, so an interrupted conversion never looks complete. Errors
// for a shard range that is reversed or runs past the grid, and, when finalizing, for a level-0
// shard missing from `out` whose part of the input is not all fill value (an unfinished job).
// Every stage of a fan-out takes the same inputs and options (brick, shard, level, semantics...).
Result<VolumeConvertReport> convert_volume(const std::vector<std::vector<VolumeReader*>>& inputs,
                                           WritableStore& out, const VolumeConvertOptions& options);

}  // namespace hs
