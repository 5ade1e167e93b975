// Volume files -> sharded, zstd-compressed OME-Zarr pyramid: checks, array and group metadata,
// and the three stages (everything, a range of level-0 shards, finalize) over ShardRowWriter.
#include "volume/volume_convert.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "io/volume_layout.h"
#include "store/codecs/codec.h"
#include "store/fill_value.h"
#include "store/group_metadata.h"
#include "store/writer_profile.h"
#include "store/zarr_writer.h"
#include "util/parallel.h"
#include "volume/shard_rows.h"
#include "volume/value_range.h"

namespace hs {
namespace {

// Memory a compressing thread holds at most, in shards: its copy of the shard, the codec chain's
// copy, and the encoded output while it grows (old and new buffer).
constexpr std::uint64_t kShardsPerThread = 4;

// Channel colours of the omero metadata, in order (then repeated).
constexpr std::array<const char*, 6> kPalette = {"FFFFFF", "00FF00", "FF00FF", "00FFFF", "FFFF00", "FF8000"};

Status check_inputs(const std::vector<std::vector<VolumeReader*>>& inputs) {
  if (inputs.empty() || inputs.front().empty()) {
    return make_error(ErrorCode::invalid_argument, "convert: no input volumes");
  }
  const VolumeInfo& first = inputs.front().front()->info();
  for (const auto& row : inputs) {
    if (row.size() != inputs.front().size()) {
      return make_error(ErrorCode::invalid_argument,
                        "convert: every time point needs the same number of channels");
    }
    for (const VolumeReader* reader : row) {
      const VolumeInfo& info = reader->info();
      if (info.shape_zyx != first.shape_zyx) {
        return make_error(ErrorCode::invalid_argument,
                          info.source + ": shape differs from " + first.source + " (inputs must match)");
      }
      if (info.dtype != first.dtype) {
        return make_error(ErrorCode::invalid_argument, info.source + ": data type " +
                                                           std::string(data_type_name(info.dtype)) +
                                                           " differs from " + first.source + "'s " +
                                                           std::string(data_type_name(first.dtype)));
      }
    }
  }
  return {};
}

Status check_options(const VolumeConvertOptions& options, std::uint64_t channels, DataType type) {
  if (!options.semantics.empty() && options.semantics.size() != channels) {
    return make_error(ErrorCode::invalid_argument,
                      "convert: channel semantics must be given for every channel");
  }
  if (options.brick == 0 || options.bricks_per_shard == 0 || !ome_unit_nm(options.unit)) {
    return make_error(ErrorCode::invalid_argument,
                      "convert: brick and shard sizes must be > 0 and the unit known");
  }
  const std::optional<std::uint64_t> shard = checked_mul(options.brick, options.bricks_per_shard);
  const std::optional<std::uint64_t> shard_bytes =
      shard ? checked_volume_bytes({*shard, *shard, *shard}, data_type_size(type)) : std::nullopt;
  if (!shard_bytes || *shard_bytes > kMaxDecodedChunkBytes) {
    return make_error(ErrorCode::limit, "convert: shards of (" + std::to_string(options.brick) + " × " +
                                            std::to_string(options.bricks_per_shard) + ")³ voxels of " +
                                            std::string(data_type_name(type)) + " exceed the limit of " +
                                            std::to_string(kMaxDecodedChunkBytes) + " bytes per shard");
  }
  if (*shard % 2 != 0) {
    return make_error(ErrorCode::invalid_argument,
                      "convert: the shard edge (brick × bricks per shard = " + std::to_string(*shard) +
                          " voxels) must be even, so that no pyramid cell straddles two shards");
  }
  return {};
}

ArrayMetadata level_metadata(const ShapeZyx& shape, std::uint64_t times, std::uint64_t channels,
                             DataType type, const Bytes& fill, const VolumeConvertOptions& options) {
  const std::uint64_t shard = options.brick * options.bricks_per_shard;
  ArrayMetadata m;
  m.shape = {times, channels, shape[0], shape[1], shape[2]};
  m.data_type = type;
  m.chunk_shape = {1, 1, shard, shard, shard};
  m.fill_value = fill;
  const std::array<std::uint64_t, 5> brick_shape = {1, 1, options.brick, options.brick, options.brick};
  m.codecs = sharded_codecs_json(type, brick_shape, options.zstd_level);
  m.dimension_names = std::vector<std::optional<std::string>>{"t", "c", "z", "y", "x"};
  return m;
}

VolumeMetadata image_metadata(const VolumeConvertOptions& options, const std::array<double, 3>& voxel,
                              std::size_t levels, const std::vector<ValueRange>& ranges) {
  VolumeMetadata m;
  m.name = options.name;
  m.axes = {{"t", "time", ""},
            {"c", "channel", ""},
            {"z", "space", options.unit},
            {"y", "space", options.unit},
            {"x", "space", options.unit}};
  for (std::size_t l = 0; l < levels; ++l) {
    const double f = std::ldexp(1.0, static_cast<int>(l));
    // A mean over 2^l voxels is centred half a coarse voxel in from the first fine one.
    const double shift = (f - 1.0) / 2.0;
    m.levels.push_back({std::to_string(l),
                        {1.0, 1.0, voxel[0] * f, voxel[1] * f, voxel[2] * f},
                        {0.0, 0.0, voxel[0] * shift, voxel[1] * shift, voxel[2] * shift}});
  }
  for (std::size_t c = 0; c < ranges.size(); ++c) {
    OmeChannel channel;
    channel.label =
        c < options.channel_labels.size() ? options.channel_labels[c] : "channel " + std::to_string(c);
    channel.color = kPalette[c % kPalette.size()];
    const bool seen = ranges[c].seen();
    channel.window_min = channel.window_start = seen ? ranges[c].min : 0.0;
    channel.window_max = channel.window_end = seen ? ranges[c].max : 1.0;
    m.channels.push_back(std::move(channel));
  }
  m.semantics = options.semantics;
  m.time_labels = options.time_labels;
  return m;
}

std::array<double, 3> voxel_size(const VolumeConvertOptions& options, const VolumeInfo& info) {
  std::array<double, 3> voxel = {1.0, 1.0, 1.0};
  if (options.voxel_size_zyx) {
    voxel = *options.voxel_size_zyx;
  } else if (info.voxel_size_nm_zyx) {
    const double unit_nm = *ome_unit_nm(options.unit);
    for (int a = 0; a < 3; ++a) voxel[a] = (*info.voxel_size_nm_zyx)[a] / unit_nm;
  }
  return voxel;
}

// True when every element of the box (rows y of slices z, x from x0 for nx) of a C-order block of
// `shape` equals `fill`.
bool box_is_fill(ByteView block, const ShapeZyx& shape, std::uint64_t x0, std::uint64_t nx, ByteView fill) {
  const std::size_t e = fill.size();
  for (std::uint64_t row = 0; row < shape[0] * shape[1]; ++row) {
    const std::uint8_t* p = block.data() + (row * shape[2] + x0) * e;
    for (std::uint64_t x = 0; x < nx; ++x) {
      if (std::memcmp(p + x * e, fill.data(), e) != 0) return false;
    }
  }
  return true;
}

std::string grid_text(std::uint64_t times, std::uint64_t channels, const std::array<std::uint64_t, 3>& grid) {
  return std::to_string(times) + " × " + std::to_string(channels) + " × " + std::to_string(grid[0]) + " × " +
         std::to_string(grid[1]) + " × " + std::to_string(grid[2]);
}

// One conversion run: the state the stages share.
class Conversion {
 public:
  Conversion(const std::vector<std::vector<VolumeReader*>>& inputs, WritableStore& out,
             const VolumeConvertOptions& options, PyramidGeometry geometry, Bytes fill)
      : inputs_(inputs),
        out_(out),
        options_(options),
        type_(inputs.front().front()->info().dtype),
        geometry_(std::move(geometry)),
        fill_(std::move(fill)),
        times_(inputs.size()),
        channels_(inputs.front().size()),
        grid_(geometry_.shard_grid(0)) {}

  std::uint64_t level0_shards() const { return times_ * channels_ * grid_[0] * grid_[1] * grid_[2]; }

  // Creates the level arrays: all of them, writing their zarr.json, or (`only_level0`) just level
  // 0, in memory (a fan-out job writes no metadata); then the writer over them.
  Status open_arrays(bool only_level0) {
    for (std::size_t l = 0; l < (only_level0 ? 1 : geometry_.levels.size()); ++l) {
      const ArrayMetadata m = level_metadata(geometry_.levels[l], times_, channels_, type_, fill_, options_);
      Result<ZarrArray> array = only_level0 ? ZarrArray::from_metadata(out_, std::to_string(l), m)
                                            : create_array(out_, std::to_string(l), m);
      if (!array) return array.error();
      arrays_.push_back(std::move(*array));
    }
    start_writer();
    return {};
  }

  // The engine over the arrays opened; a fan-out job has only level 0, so the rest of the
  // geometry is never visited.
  void start_writer() {
    std::vector<const ZarrArray*> arrays;
    for (const ZarrArray& a : arrays_) arrays.push_back(&a);
    PyramidGeometry geometry = geometry_;
    geometry.levels.resize(arrays.size());
    unsigned threads = options_.threads == 0 ? hardware_threads() : options_.threads;
    if (options_.memory_budget_bytes != 0) {
      const std::uint64_t rows = row_buffer_bytes(geometry, data_type_size(type_));
      const std::uint64_t per_thread = kShardsPerThread * arrays.front()->codecs().repr().byte_count();
      const std::uint64_t budget = options_.memory_budget_bytes;
      const std::uint64_t fit = rows < budget ? (budget - rows) / per_thread : 0;
      threads = static_cast<unsigned>(std::clamp<std::uint64_t>(fit, 1, threads));
    }
    writer_.emplace(out_, std::move(arrays), std::move(geometry),
                    ShardRowWriter::Options{type_, fill_, options_.method, threads});
  }

  // Level 0 and the pyramid of every image, from the inputs (or, finalizing, from the store).
  Result<std::vector<ValueRange>> write_pyramids(bool from_store) {
    std::vector<ValueRange> ranges(channels_);
    const double total =
        static_cast<double>(times_ * channels_ * geometry_.levels[0][0] * geometry_.levels[0][1]);
    double done = 0;
    DecodeContext context;
    for (std::uint64_t t = 0; t < times_; ++t) {
      for (std::uint64_t c = 0; c < channels_; ++c) {
        const RowReader read = [&, t, c](const BlockRange& block, std::span<std::uint8_t> buffer) {
          return from_store ? read_stored_row(t, c, block, buffer, context)
                            : inputs_[t][c]->read_block(block, buffer);
        };
        const auto after_row = [&](const BlockRange& block) -> Status {
          done += static_cast<double>(block.nz * block.ny);
          if (options_.progress) options_.progress(done / total);
          return cancelled();
        };
        if (Status s = cancelled(); !s) return s.error();
        const std::optional<double> no_data =
            c < options_.semantics.size() ? options_.semantics[c].no_data_value : std::nullopt;
        if (Status s = writer_->write_pyramid(t, c, read, !from_store, no_data, ranges[c], after_row); !s) {
          return s.error();
        }
      }
    }
    return ranges;
  }

  // Level-0 shards [begin, end): the rows holding them, in order, each read once.
  Status write_shard_range(std::uint64_t begin, std::uint64_t end) {
    const std::uint64_t per_row = grid_[2];
    Status status;
    for (std::uint64_t row = begin / per_row; status && row * per_row < end; ++row) {
      const std::uint64_t yr = row % grid_[1], zr = row / grid_[1] % grid_[0];
      const std::uint64_t c = row / (grid_[1] * grid_[0]) % channels_,
                          t = row / (grid_[1] * grid_[0] * channels_);
      const std::uint64_t x_begin = std::max(begin, row * per_row) - row * per_row;
      const std::uint64_t x_end = std::min(end, (row + 1) * per_row) - row * per_row;
      const RowReader read = [&](const BlockRange& block, std::span<std::uint8_t> buffer) {
        return inputs_[t][c]->read_block(block, buffer);
      };
      status = cancelled();
      if (status) status = writer_->write_level0_row(t, c, zr, yr, x_begin, x_end, read);
      if (status && options_.progress) {
        options_.progress(static_cast<double>(std::min(end, (row + 1) * per_row) - begin) /
                          static_cast<double>(end - begin));
      }
    }
    const Status written = writer_->finish();  // the last rows' shards
    return status ? written : status;
  }

  std::uint64_t shards_written() const { return writer_->shards_written(); }

 private:
  Status cancelled() const {
    if (options_.cancel && options_.cancel->load()) return make_error(ErrorCode::io, "convert: cancelled");
    return {};
  }

  // Reads a level-0 row back from the store. A shard missing from the store is fine only where
  // the input is all fill value (the writer leaves such shards out); else a job did not finish.
  Status read_stored_row(std::uint64_t t, std::uint64_t c, const BlockRange& block,
                         std::span<std::uint8_t> buffer, DecodeContext& context) {
    const ZarrArray& level0 = arrays_[0];
    const std::uint64_t s = geometry_.shard, zr = block.z0 / s, yr = block.y0 / s;
    const ShapeZyx shape = {block.nz, block.ny, geometry_.levels[0][2]};
    bool input_read = false;
    for (std::uint64_t xs = 0; xs < grid_[2]; ++xs) {
      const std::array<std::uint64_t, 5> coords = {t, c, zr, yr, xs};
      const std::string key = level0.chunk_key(coords);
      Result<std::optional<std::uint64_t>> size = out_.size(key);
      if (!size) return size.error();
      if (size->has_value()) continue;
      if (!input_read) {
        if (Status st = inputs_[t][c]->read_block(block, buffer); !st) return st;
        input_read = true;
      }
      if (!box_is_fill(buffer, shape, xs * s, std::min(s, shape[2] - xs * s), fill_)) {
        const std::uint64_t index = (((t * channels_ + c) * grid_[0] + zr) * grid_[1] + yr) * grid_[2] + xs;
        return make_error(ErrorCode::not_found,
                          out_.describe(key) + ": level-0 shard " + std::to_string(index) + " of " +
                              std::to_string(level0_shards()) + " (t " + std::to_string(t) + ", c " +
                              std::to_string(c) + ", z " + std::to_string(zr) + ", y " + std::to_string(yr) +
                              ", x " + std::to_string(xs) + ") is missing, but its part of " +
                              inputs_[t][c]->info().source +
                              " holds data: write that shard range again before finalizing");
      }
    }
    const std::array<std::uint64_t, 5> start = {t, c, block.z0, block.y0, 0};
    const std::array<std::uint64_t, 5> extent = {1, 1, shape[0], shape[1], shape[2]};
    return level0.read_region(start, extent, buffer, context);
  }

  const std::vector<std::vector<VolumeReader*>>& inputs_;
  WritableStore& out_;
  const VolumeConvertOptions& options_;
  DataType type_;
  PyramidGeometry geometry_;
  Bytes fill_;
  std::uint64_t times_, channels_;
  std::array<std::uint64_t, 3> grid_;  // level-0 rows along z and y, shards along x
  std::vector<ZarrArray> arrays_;
  std::optional<ShardRowWriter> writer_;
};

}  // namespace

Result<VolumeConvertReport> convert_volume(const std::vector<std::vector<VolumeReader*>>& inputs,
                                           WritableStore& out, const VolumeConvertOptions& options) {
  if (const Status s = check_inputs(inputs); !s) return s.error();
  const VolumeInfo& info = inputs.front().front()->info();
  const std::uint64_t times = inputs.size(), channels = inputs.front().size();
  if (const Status s = check_options(options, channels, info.dtype); !s) return s.error();
  const double fill_number =
      options.semantics.empty() ? 0.0 : options.semantics.front().no_data_value.value_or(0.0);
  auto fill = parse_fill_value(json::Value(fill_number), info.dtype, "fill value");
  if (!fill) return fill.error();

  PyramidGeometry geometry =
      pyramid_geometry(info.shape_zyx, options.brick, options.brick * options.bricks_per_shard);
  const std::array<std::uint64_t, 3> grid = geometry.shard_grid(0);
  const std::optional<std::uint64_t> row_bytes =
      checked_volume_bytes({std::min(geometry.shard, info.shape_zyx[0]),
                            std::min(geometry.shard, info.shape_zyx[1]), info.shape_zyx[2]},
                           data_type_size(info.dtype));
  if (!row_bytes || *row_bytes > std::numeric_limits<std::size_t>::max()) {
    return make_error(ErrorCode::limit, info.source + ": a row of shards of " + shape_text(info.shape_zyx) +
                                            " voxels does not fit in this build's memory");
  }
  VolumeConvertReport report;
  report.shape_zyx = info.shape_zyx;
  report.levels = geometry.levels.size();
  Conversion conversion(inputs, out, options, std::move(geometry), std::move(*fill));
  report.level0_shards = conversion.level0_shards();

  if (options.stage == VolumeConvertStage::level0_shards) {
    const std::string range = std::to_string(options.shard_begin) + ":" + std::to_string(options.shard_end);
    if (options.shard_begin > options.shard_end) {
      return make_error(ErrorCode::invalid_argument,
                        "convert: shard range " + range + " is reversed (its start is after its end)");
    }
    if (options.shard_end > report.level0_shards) {
      return make_error(
          ErrorCode::invalid_argument,
          "convert: shard range " + range + " runs past the " + std::to_string(report.level0_shards) +
              " level-0 shards (t × c × z × y × x = " + grid_text(times, channels, grid) +
              "; ranges are half-open, from 0 to " + std::to_string(report.level0_shards) + ")");
    }
    if (Status s = conversion.open_arrays(true); !s) return s.error();
    if (Status s = conversion.write_shard_range(options.shard_begin, options.shard_end); !s) return s.error();
    report.shards_written = conversion.shards_written();
    return report;
  }

  if (Status s = conversion.open_arrays(false); !s) return s.error();
  Result<std::vector<ValueRange>> ranges =
      conversion.write_pyramids(options.stage == VolumeConvertStage::finalize);
  if (!ranges) return ranges.error();
  GroupMetadata group;
  group.attributes = volume_metadata_to_attributes(
                         image_metadata(options, voxel_size(options, info), report.levels, *ranges))
                         .as_object();
  if (const Status s = write_group(out, "", group); !s) return s.error();
  report.shards_written = conversion.shards_written();
  for (const ValueRange& r : *ranges) report.value_range.emplace_back(r.min, r.max);
  return report;
}

}  // namespace hs
