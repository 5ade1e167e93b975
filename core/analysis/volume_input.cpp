// Reading one channel and time point of an OME-Zarr image level into a FloatGrid, brick by brick.
#include "analysis/volume_input.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "dataset/dataset_summary.h"
#include "store/codecs/decode_context.h"
#include "store/zarr_array.h"
#include "util/element_convert.h"

namespace hs {
namespace {

// The voxel size of `level` along z, y, x in the axes' unit, or in nanometres when the space
// axes disagree on their unit.
VoxelSize level_voxel_size(const ImageLayout& layout, std::size_t level) {
  const OmeLevel& ome = layout.metadata.levels[level];
  const int first = layout.has_z ? 0 : 1;
  const std::string& unit = layout.metadata.axes[layout.space_dims[2]].unit;
  bool same_unit = true;
  for (int a = first; a < 3; ++a) {
    same_unit = same_unit && layout.metadata.axes[layout.space_dims[static_cast<std::size_t>(a)]].unit == unit;
  }
  VoxelSize voxel;
  if (!same_unit) {
    voxel.zyx = layout.levels[level].voxel_nm_zyx;
    voxel.unit = "nanometer";
    return voxel;
  }
  voxel.unit = unit;
  for (int a = first; a < 3; ++a) {
    const auto i = static_cast<std::size_t>(a);
    voxel.zyx[i] = ome.scale[layout.space_dims[i]];
  }
  if (!layout.has_z) voxel.zyx[0] = voxel.zyx[1];
  return voxel;
}

}  // namespace

Result<AnalysisImage> open_analysis_image(ReadableStore& store, const std::string& name) {
  auto summary = summarize_dataset(store, name);
  if (!summary) return summary.error();
  if (summary->kind != DatasetKind::image) {
    return make_error(ErrorCode::unsupported,
                      name + ": not an OME-Zarr image (it is a " + dataset_kind_name(summary->kind) + ")");
  }
  AnalysisImage image;
  image.name = name;
  image.warnings = std::move(summary->warnings);
  auto layout = read_image_layout(summary->documents, name, image.warnings);
  if (!layout) return layout.error();
  image.layout = std::move(*layout);
  return image;
}

std::optional<std::uint64_t> level_float_bytes(const ImageLayout& layout, std::size_t level, std::uint64_t channels) {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t bytes = sizeof(float);
  for (std::uint64_t n : layout.levels[level].shape_zyx) {
    if (n != 0 && bytes > kMax / n) return std::nullopt;
    bytes *= n;
  }
  if (channels != 0 && bytes > kMax / channels) return std::nullopt;
  return bytes * channels;
}

std::optional<std::size_t> choose_level(const ImageLayout& layout, std::uint64_t channels, std::uint64_t budget_bytes) {
  for (std::size_t level = 0; level < layout.levels.size(); ++level) {
    const std::optional<std::uint64_t> bytes = level_float_bytes(layout, level, channels);
    if (bytes && *bytes <= budget_bytes) return level;
  }
  return std::nullopt;
}

namespace {

// Checks `selection` against the image, then reads its bricks one by one and hands each one's
// bytes (C order z, y, x, elements of the array's type) with its voxel box to `take`.
using BrickFn = std::function<void(const std::array<std::uint64_t, 3>& origin, const std::array<std::uint64_t, 3>& size,
                                   DataType type, ByteView raw)>;
Status read_bricks(ReadableStore& store, const AnalysisImage& image, const VolumeSelection& selection,
                   const AnalysisControl* control, const BrickFn& take) {
  const ImageLayout& layout = image.layout;
  if (selection.level >= layout.levels.size()) {
    return make_error(ErrorCode::invalid_argument, image.name + ": level " + std::to_string(selection.level) +
                                                       " does not exist (the image has " +
                                                       std::to_string(layout.levels.size()) + " levels)");
  }
  const ImageLevel& level = layout.levels[selection.level];
  const std::string array_name = image.name + "/" + level.path;
  if (selection.channel >= layout.channel_count) {
    return make_error(ErrorCode::invalid_argument, array_name + ": channel " + std::to_string(selection.channel) +
                                                       " does not exist (" + std::to_string(layout.channel_count) +
                                                       " channels)");
  }
  if (selection.time >= layout.time_count) {
    return make_error(ErrorCode::invalid_argument, array_name + ": time point " + std::to_string(selection.time) +
                                                       " does not exist (" + std::to_string(layout.time_count) +
                                                       " time points)");
  }
  const std::optional<std::uint64_t> bytes = level_float_bytes(layout, selection.level, 1);
  if (!bytes || *bytes > std::numeric_limits<std::size_t>::max() / 2) {
    return make_error(ErrorCode::limit, array_name + ": " + std::to_string(level.shape_zyx[0]) + "×" +
                                            std::to_string(level.shape_zyx[1]) + "×" +
                                            std::to_string(level.shape_zyx[2]) +
                                            " voxels do not fit in memory here: choose a coarser level");
  }
  auto array = ZarrArray::open(store, level.path);
  if (!array) return array.error();
  const std::size_t element_bytes = array->element_bytes();

  std::array<std::uint64_t, 3> bricks{};
  for (std::size_t a = 0; a < 3; ++a) bricks[a] = (level.shape_zyx[a] + level.brick_zyx[a] - 1) / level.brick_zyx[a];
  const std::uint64_t brick_count = bricks[0] * bricks[1] * bricks[2];
  const std::size_t rank = level.array.shape.size();
  std::vector<std::uint64_t> start(rank, 0), extent(rank, 1);
  if (layout.time_dim) start[*layout.time_dim] = selection.time;
  if (layout.channel_dim) start[*layout.channel_dim] = selection.channel;
  std::vector<std::uint8_t> raw;
  DecodeContext context;
  StepProgress progress(control, brick_count);
  ReadOptions options;
  options.cancel = control ? control->cancel : nullptr;
  std::uint64_t done = 0;
  for (std::uint64_t bz = 0; bz < bricks[0]; ++bz) {
    for (std::uint64_t by = 0; by < bricks[1]; ++by) {
      for (std::uint64_t bx = 0; bx < bricks[2]; ++bx, ++done) {
        if (!progress.update(done)) return cancelled_error("read " + array_name);
        const std::array<std::uint64_t, 3> b{bz, by, bx};
        std::array<std::uint64_t, 3> origin{}, size{};
        for (std::size_t a = 0; a < 3; ++a) {
          origin[a] = b[a] * level.brick_zyx[a];
          size[a] = std::min(level.brick_zyx[a], level.shape_zyx[a] - origin[a]);
          if (a == 0 && !layout.has_z) continue;
          start[layout.space_dims[a]] = origin[a];
          extent[layout.space_dims[a]] = size[a];
        }
        raw.resize(static_cast<std::size_t>(size[0] * size[1] * size[2]) * element_bytes);
        const Status read = array->read_region(start, extent, raw, context, options);
        if (!read) {
          if (control && control->cancelled()) return cancelled_error("read " + array_name);
          return read.error();
        }
        // The region comes in the array's dimension order; z, y, x are in that order in every
        // OME-Zarr image (axes t, c, z, y, x), so its rows are the grid's rows.
        take(origin, size, array->metadata().data_type, raw);
      }
    }
  }
  progress.update(brick_count);
  return {};
}

GridShape level_shape(const ImageLevel& level) {
  return GridShape{static_cast<std::int64_t>(level.shape_zyx[0]), static_cast<std::int64_t>(level.shape_zyx[1]),
                   static_cast<std::int64_t>(level.shape_zyx[2])};
}

// Copies a brick of `size` voxels (C order) into `grid` at `origin`.
template <class T>
void place_brick(Grid3<T>& grid, const std::array<std::uint64_t, 3>& origin, const std::array<std::uint64_t, 3>& size,
                 const T* in) {
  for (std::uint64_t z = 0; z < size[0]; ++z) {
    for (std::uint64_t y = 0; y < size[1]; ++y, in += size[2]) {
      std::copy(in, in + size[2], &grid.at(static_cast<std::int64_t>(origin[0] + z),
                                           static_cast<std::int64_t>(origin[1] + y), static_cast<std::int64_t>(origin[2])));
    }
  }
}

}  // namespace

Result<FloatGrid> read_volume(ReadableStore& store, const AnalysisImage& image, const VolumeSelection& selection,
                              const AnalysisControl* control) {
  const ImageLayout& layout = image.layout;
  FloatWindow window;  // identity: start 0, end 1
  if (selection.channel < layout.metadata.semantics.size()) {
    window.no_data = layout.metadata.semantics[selection.channel].no_data_value;
  }
  FloatGrid grid;
  std::vector<float> values;
  const Status status = read_bricks(
      store, image, selection, control,
      [&](const std::array<std::uint64_t, 3>& origin, const std::array<std::uint64_t, 3>& size, DataType type, ByteView raw) {
        if (grid.values.empty()) {
          grid = make_grid(level_shape(layout.levels[selection.level]), std::numeric_limits<float>::quiet_NaN(),
                           level_voxel_size(layout, selection.level));
        }
        values.resize(static_cast<std::size_t>(size[0] * size[1] * size[2]));
        elements_to_float(type, raw, window, values);
        place_brick(grid, origin, size, values.data());
      });
  if (!status) return status.error();
  return grid;
}

Result<LabelGrid> read_labels(ReadableStore& store, const AnalysisImage& image, std::size_t level,
                              const AnalysisControl* control) {
  if (level < image.layout.levels.size()) {
    const DataType type = image.layout.levels[level].array.data_type;
    if (type != DataType::uint8 && type != DataType::uint16 && type != DataType::uint32) {
      return make_error(ErrorCode::unsupported, image.name + "/" + image.layout.levels[level].path + ": labels must be " +
                                                    "uint8, uint16 or uint32, not " + std::string(data_type_name(type)));
    }
  }
  LabelGrid grid;
  std::vector<std::uint32_t> values;
  const Status status = read_bricks(
      store, image, VolumeSelection{level, 0, 0}, control,
      [&](const std::array<std::uint64_t, 3>& origin, const std::array<std::uint64_t, 3>& size, DataType type, ByteView raw) {
        if (grid.values.empty()) {
          grid = make_grid(level_shape(image.layout.levels[level]), std::uint32_t{0}, level_voxel_size(image.layout, level));
        }
        values.resize(static_cast<std::size_t>(size[0] * size[1] * size[2]));
        const std::size_t width = data_type_size(type);
        for (std::size_t i = 0; i < values.size(); ++i) {
          const std::uint8_t* p = raw.data() + i * width;
          values[i] = width == 1 ? p[0] : width == 2 ? load_le<std::uint16_t>(p) : load_le<std::uint32_t>(p);
        }
        place_brick(grid, origin, size, values.data());
      });
  if (!status) return status.error();
  return grid;
}

}  // namespace hs
