// Volume files -> sharded, zstd-compressed OME-Zarr pyramid, streamed one shard-deep slab at a time.
#include "volume/volume_convert.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "store/fill_value.h"
#include "store/group_metadata.h"
#include "store/writer_profile.h"
#include "store/zarr_writer.h"

namespace hs {
namespace {

// Channel colours of the omero metadata, in order (then repeated).
constexpr std::array<const char*, 6> kPalette = {"FFFFFF", "00FF00", "FF00FF", "00FFFF", "FFFF00", "FF8000"};

// Running min/max of one channel, skipping NaN and the no-data value.
struct ValueRange {
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
};

// The no-data value travels as NaN when there is none (NaN never equals a voxel): an optional
// here trips g++ 12's -Wmaybe-uninitialized.
template <typename T>
void extend_range_typed(const std::uint8_t* data, std::uint64_t count, double no_data, ValueRange& r) {
  for (std::uint64_t i = 0; i < count; ++i) {
    T value;
    std::memcpy(&value, data + i * sizeof(T), sizeof(T));
    const double v = static_cast<double>(value);
    if (std::isnan(v) || v == no_data) continue;
    r.min = std::min(r.min, v);
    r.max = std::max(r.max, v);
  }
}

void extend_range(DataType type, ByteView data, std::optional<double> no_data_value, ValueRange& r) {
  const std::uint64_t n = data.size() / data_type_size(type);
  const double no_data = no_data_value.value_or(std::numeric_limits<double>::quiet_NaN());
  switch (type) {
    case DataType::boolean: extend_range_typed<bool>(data.data(), n, no_data, r); break;
    case DataType::int8: extend_range_typed<std::int8_t>(data.data(), n, no_data, r); break;
    case DataType::int16: extend_range_typed<std::int16_t>(data.data(), n, no_data, r); break;
    case DataType::int32: extend_range_typed<std::int32_t>(data.data(), n, no_data, r); break;
    case DataType::int64: extend_range_typed<std::int64_t>(data.data(), n, no_data, r); break;
    case DataType::uint8: extend_range_typed<std::uint8_t>(data.data(), n, no_data, r); break;
    case DataType::uint16: extend_range_typed<std::uint16_t>(data.data(), n, no_data, r); break;
    case DataType::uint32: extend_range_typed<std::uint32_t>(data.data(), n, no_data, r); break;
    case DataType::uint64: extend_range_typed<std::uint64_t>(data.data(), n, no_data, r); break;
    case DataType::float32: extend_range_typed<float>(data.data(), n, no_data, r); break;
    case DataType::float64: extend_range_typed<double>(data.data(), n, no_data, r); break;
  }
}

// One pyramid level being written: its array and the shard-deep layer of slices filling up.
struct Level {
  ShapeZyx shape;
  ZarrArray array;
  Bytes layer;                 // up to `shard` slices of shape[1] × shape[2] elements
  std::uint64_t layer_z0 = 0;  // first slice of the layer
  std::uint64_t layer_slices = 0;
};

class Converter {
 public:
  Converter(WritableStore& out, const VolumeConvertOptions& options, DataType type, Bytes fill)
      : out_(out), options_(options), type_(type), element_(data_type_size(type)), fill_(std::move(fill)),
        shard_(options.brick * options.bricks_per_shard) {}

  Status create_levels(const ShapeZyx& shape, std::uint64_t times, std::uint64_t channels) {
    ShapeZyx level_shape = shape;
    for (std::size_t l = 0;; ++l) {
      ArrayMetadata m;
      m.shape = {times, channels, level_shape[0], level_shape[1], level_shape[2]};
      m.data_type = type_;
      m.chunk_shape = {1, 1, shard_, shard_, shard_};
      m.fill_value = fill_;
      const std::array<std::uint64_t, 5> brick_shape = {1, 1, options_.brick, options_.brick, options_.brick};
      m.codecs = sharded_codecs_json(type_, brick_shape, options_.zstd_level);
      m.dimension_names = std::vector<std::optional<std::string>>{"t", "c", "z", "y", "x"};
      auto array = create_array(out_, std::to_string(l), m);
      if (!array) return array.error();
      levels_.push_back(Level{level_shape, std::move(*array), {}, 0, 0});
      if (std::max({level_shape[0], level_shape[1], level_shape[2]}) <= options_.brick) break;
      level_shape = downsampled_shape(level_shape);
    }
    return {};
  }

  std::size_t level_count() const { return levels_.size(); }
  std::uint64_t shards_written() const { return shards_written_; }

  // Starts the pyramid of one (time, channel) image.
  void begin_image(std::uint64_t t, std::uint64_t c) {
    t_ = t;
    c_ = c;
    for (Level& level : levels_) {
      level.layer.assign(shard_ * level.shape[1] * level.shape[2] * element_, 0);
      level.layer_z0 = 0;
      level.layer_slices = 0;
    }
  }

  // Where the next `slices` slices of level `l` go: readers and the reduction write straight into
  // the layer, then commit_slices appends them.
  std::span<std::uint8_t> free_slices(std::size_t l, std::uint64_t slices) {
    Level& level = levels_[l];
    const std::uint64_t slice_bytes = level.shape[1] * level.shape[2] * element_;
    return std::span<std::uint8_t>(level.layer).subspan(level.layer_slices * slice_bytes, slices * slice_bytes);
  }

  // Appends the `slices` slices written into free_slices (in z order); writes and reduces every
  // layer that fills.
  Status commit_slices(std::size_t l, std::uint64_t slices) {
    Level& level = levels_[l];
    level.layer_slices += slices;
    const bool last = level.layer_z0 + level.layer_slices == level.shape[0];
    if (level.layer_slices == shard_ || last) return flush(l);
    return {};
  }

  // Releases the layer buffers between images and at the end.
  void end_image() {
    for (Level& level : levels_) Bytes().swap(level.layer);
  }

 private:
  Status flush(std::size_t l) {
    Level& level = levels_[l];
    if (const Status s = write_layer(level); !s) return s;
    if (l + 1 < levels_.size()) {
      const ShapeZyx layer_shape = {level.layer_slices, level.shape[1], level.shape[2]};
      const ShapeZyx reduced = downsampled_shape(layer_shape);
      const Status s = downsample_2x(type_, layer_shape,
                                     ByteView(level.layer).first(layer_shape[0] * layer_shape[1] * layer_shape[2] * element_),
                                     free_slices(l + 1, reduced[0]), options_.method, no_data_of(c_));
      if (!s) return s;
      level.layer_z0 += level.layer_slices;
      level.layer_slices = 0;
      return commit_slices(l + 1, reduced[0]);
    }
    level.layer_z0 += level.layer_slices;
    level.layer_slices = 0;
    return {};
  }

  // Cuts the layer into shards (padded with the fill value) and writes them.
  Status write_layer(const Level& level) {
    const std::uint64_t ny = level.shape[1], nx = level.shape[2];
    Bytes shard(shard_ * shard_ * shard_ * element_);
    for (std::uint64_t y0 = 0; y0 < ny; y0 += shard_) {
      for (std::uint64_t x0 = 0; x0 < nx; x0 += shard_) {
        for (std::uint64_t i = 0; i < shard.size(); i += element_) std::memcpy(&shard[i], fill_.data(), element_);
        const std::uint64_t row_bytes = std::min(shard_, nx - x0) * element_;
        for (std::uint64_t z = 0; z < level.layer_slices; ++z) {
          for (std::uint64_t y = 0; y < std::min(shard_, ny - y0); ++y) {
            const std::uint8_t* from = level.layer.data() + ((z * ny + y0 + y) * nx + x0) * element_;
            std::memcpy(shard.data() + ((z * shard_ + y) * shard_) * element_, from, row_bytes);
          }
        }
        const std::array<std::uint64_t, 5> coords = {t_, c_, level.layer_z0 / shard_, y0 / shard_, x0 / shard_};
        if (const Status s = write_chunk(out_, level.array, coords, shard); !s) return s;
        ++shards_written_;
      }
    }
    return {};
  }

  std::optional<double> no_data_of(std::uint64_t c) const {
    return c < options_.semantics.size() ? options_.semantics[c].no_data_value : std::nullopt;
  }

  WritableStore& out_;
  const VolumeConvertOptions& options_;
  DataType type_;
  std::size_t element_;
  Bytes fill_;
  std::uint64_t shard_;
  std::vector<Level> levels_;
  std::uint64_t t_ = 0, c_ = 0;
  std::uint64_t shards_written_ = 0;
};

Status check_inputs(const std::vector<std::vector<VolumeReader*>>& inputs) {
  if (inputs.empty() || inputs.front().empty()) {
    return make_error(ErrorCode::invalid_argument, "convert: no input volumes");
  }
  const VolumeInfo& first = inputs.front().front()->info();
  for (const auto& row : inputs) {
    if (row.size() != inputs.front().size()) {
      return make_error(ErrorCode::invalid_argument, "convert: every time point needs the same number of channels");
    }
    for (const VolumeReader* reader : row) {
      const VolumeInfo& info = reader->info();
      if (info.shape_zyx != first.shape_zyx) {
        return make_error(ErrorCode::invalid_argument,
                          info.source + ": shape differs from " + first.source + " (inputs must match)");
      }
      if (info.dtype != first.dtype) {
        return make_error(ErrorCode::invalid_argument, info.source + ": data type " +
                                                           std::string(data_type_name(info.dtype)) + " differs from " +
                                                           first.source + "'s " +
                                                           std::string(data_type_name(first.dtype)));
      }
    }
  }
  return {};
}

VolumeMetadata image_metadata(const VolumeConvertOptions& options, const std::array<double, 3>& voxel,
                              std::size_t levels, const std::vector<ValueRange>& ranges) {
  VolumeMetadata m;
  m.name = options.name;
  m.axes = {{"t", "time", ""}, {"c", "channel", ""}, {"z", "space", options.unit}, {"y", "space", options.unit},
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
    channel.label = c < options.channel_labels.size() ? options.channel_labels[c] : "channel " + std::to_string(c);
    channel.color = kPalette[c % kPalette.size()];
    const bool seen = ranges[c].min <= ranges[c].max;
    channel.window_min = channel.window_start = seen ? ranges[c].min : 0.0;
    channel.window_max = channel.window_end = seen ? ranges[c].max : 1.0;
    m.channels.push_back(std::move(channel));
  }
  m.semantics = options.semantics;
  m.time_labels = options.time_labels;
  return m;
}

}  // namespace

Result<VolumeConvertReport> convert_volume(const std::vector<std::vector<VolumeReader*>>& inputs,
                                           WritableStore& out, const VolumeConvertOptions& options) {
  if (const Status s = check_inputs(inputs); !s) return s.error();
  const std::uint64_t times = inputs.size(), channels = inputs.front().size();
  if (!options.semantics.empty() && options.semantics.size() != channels) {
    return make_error(ErrorCode::invalid_argument, "convert: channel semantics must be given for every channel");
  }
  if (options.brick == 0 || options.bricks_per_shard == 0 || !ome_unit_nm(options.unit)) {
    return make_error(ErrorCode::invalid_argument, "convert: brick and shard sizes must be > 0 and the unit known");
  }
  const VolumeInfo& info = inputs.front().front()->info();
  const DataType type = info.dtype;
  const double fill_number = options.semantics.empty() ? 0.0 : options.semantics.front().no_data_value.value_or(0.0);
  auto fill = parse_fill_value(json::Value(fill_number), type, "fill value");
  if (!fill) return fill.error();

  Converter converter(out, options, type, std::move(*fill));
  if (const Status s = converter.create_levels(info.shape_zyx, times, channels); !s) return s.error();

  const std::uint64_t shard = options.brick * options.bricks_per_shard;
  const std::uint64_t depth = info.shape_zyx[0];
  std::vector<ValueRange> ranges(channels);
  std::uint64_t slices_done = 0;
  for (std::uint64_t t = 0; t < times; ++t) {
    for (std::uint64_t c = 0; c < channels; ++c) {
      VolumeReader& reader = *inputs[t][c];
      converter.begin_image(t, c);
      for (std::uint64_t z0 = 0; z0 < depth; z0 += shard) {
        if (options.cancel && options.cancel->load()) {
          return make_error(ErrorCode::io, "convert: cancelled");
        }
        const std::uint64_t nz = std::min(shard, depth - z0);
        const std::span<std::uint8_t> slab = converter.free_slices(0, nz);
        if (const Status s = reader.read_slab(z0, nz, slab); !s) return s.error();
        const std::optional<double> no_data =
            c < options.semantics.size() ? options.semantics[c].no_data_value : std::nullopt;
        extend_range(type, slab, no_data, ranges[c]);
        if (const Status s = converter.commit_slices(0, nz); !s) return s.error();
        slices_done += nz;
        if (options.progress) options.progress(static_cast<double>(slices_done) / static_cast<double>(times * channels * depth));
      }
      converter.end_image();
    }
  }

  std::array<double, 3> voxel = {1.0, 1.0, 1.0};
  if (options.voxel_size_zyx) {
    voxel = *options.voxel_size_zyx;
  } else if (info.voxel_size_nm_zyx) {
    const double unit_nm = *ome_unit_nm(options.unit);
    for (int a = 0; a < 3; ++a) voxel[a] = (*info.voxel_size_nm_zyx)[a] / unit_nm;
  }
  GroupMetadata group;
  group.attributes = volume_metadata_to_attributes(image_metadata(options, voxel, converter.level_count(), ranges)).as_object();
  if (const Status s = write_group(out, "", group); !s) return s.error();

  VolumeConvertReport report;
  report.shape_zyx = info.shape_zyx;
  report.levels = converter.level_count();
  report.shards_written = converter.shards_written();
  for (const ValueRange& r : ranges) report.value_range.emplace_back(r.min, r.max);
  return report;
}

}  // namespace hs
