// Image layout: OME axes and scales joined with the arrays' shapes and brick shapes.
#include "volume/image_layout.h"

#include "store/memory_store.h"
#include "store/zarr_array.h"

namespace hs {
namespace {

const json::Value* document_at(const json::Object& documents, const std::string& path) {
  for (const auto& [key, value] : documents) {
    if (key == path) return &value;
  }
  return nullptr;
}

Error layout_error(const std::string& source, const std::string& problem) {
  return make_error(ErrorCode::unsupported, source + ": " + problem);
}

}  // namespace

std::vector<std::uint64_t> ImageLayout::brick_coords(std::uint64_t t, std::uint64_t c,
                                                     const std::array<std::uint64_t, 3>& b) const {
  std::vector<std::uint64_t> coords(levels.front().array.shape.size(), 0);
  if (time_dim) coords[*time_dim] = t;
  if (channel_dim) coords[*channel_dim] = c;
  for (int a = has_z ? 0 : 1; a < 3; ++a) coords[space_dims[static_cast<std::size_t>(a)]] = b[static_cast<std::size_t>(a)];
  return coords;
}

std::array<double, 3> ImageLayout::box_min_nm_xyz(std::size_t level) const {
  const ImageLevel& l = levels[level];
  std::array<double, 3> out{};
  for (int a = 0; a < 3; ++a) {
    const auto zyx = static_cast<std::size_t>(2 - a);
    out[static_cast<std::size_t>(a)] = l.first_center_nm_zyx[zyx] - 0.5 * l.voxel_nm_zyx[zyx];
  }
  return out;
}

std::array<double, 3> ImageLayout::box_max_nm_xyz(std::size_t level) const {
  const ImageLevel& l = levels[level];
  std::array<double, 3> out = box_min_nm_xyz(level);
  for (int a = 0; a < 3; ++a) {
    const auto zyx = static_cast<std::size_t>(2 - a);
    out[static_cast<std::size_t>(a)] += static_cast<double>(l.shape_zyx[zyx]) * l.voxel_nm_zyx[zyx];
  }
  return out;
}

Result<ImageLayout> read_image_layout(const json::Object& documents, const std::string& source,
                                      std::vector<std::string>& warnings) {
  const json::Value* root = document_at(documents, "");
  const json::Value* attributes = root ? root->find("attributes") : nullptr;
  if (attributes == nullptr) return layout_error(source, "no group attributes");
  ImageLayout layout;
  auto metadata = read_volume_metadata(*attributes, source, warnings);
  if (!metadata) return metadata.error();
  layout.metadata = std::move(*metadata);
  const std::vector<OmeAxis>& axes = layout.metadata.axes;

  std::vector<std::size_t> space;
  for (std::size_t d = 0; d < axes.size(); ++d) {
    if (axes[d].type == "time" || (axes[d].type.empty() && axes[d].name == "t")) layout.time_dim = d;
    else if (axes[d].type == "channel" || (axes[d].type.empty() && axes[d].name == "c")) layout.channel_dim = d;
    else space.push_back(d);
  }
  if (space.size() < 2 || space.size() > 3) {
    return layout_error(source, "expected 2 or 3 space axes, found " + std::to_string(space.size()));
  }
  layout.has_z = space.size() == 3;
  layout.space_dims = layout.has_z ? std::array<std::size_t, 3>{space[0], space[1], space[2]}
                                   : std::array<std::size_t, 3>{0, space[0], space[1]};
  std::array<double, 3> unit_nm{1.0, 1.0, 1.0};
  for (int a = layout.has_z ? 0 : 1; a < 3; ++a) {
    const OmeAxis& axis = axes[layout.space_dims[static_cast<std::size_t>(a)]];
    const std::optional<double> nm = ome_unit_nm(axis.unit);
    if (!nm) {
      warnings.push_back("axis " + axis.name + " has no known length unit (\"" + axis.unit + "\"); 1 nm assumed");
    }
    unit_nm[static_cast<std::size_t>(a)] = nm.value_or(1.0);
  }

  MemoryStore no_data;  // arrays are opened only to read their brick shapes
  for (const OmeLevel& level : layout.metadata.levels) {
    const json::Value* document = document_at(documents, level.path);
    if (document == nullptr) return layout_error(source, "level " + level.path + " was not read");
    auto array_metadata = parse_array_metadata(*document, source + "/" + level.path + "/zarr.json");
    if (!array_metadata) return array_metadata.error();
    if (array_metadata->shape.size() != axes.size()) {
      return layout_error(source, "level " + level.path + " has " + std::to_string(array_metadata->shape.size()) +
                                      " dimensions for " + std::to_string(axes.size()) + " axes");
    }
    auto array = ZarrArray::from_metadata(no_data, level.path, *array_metadata);
    if (!array) return array.error();
    ImageLevel out;
    out.path = level.path;
    out.brick_shape = array->brick_shape();
    out.array = std::move(*array_metadata);
    for (int a = 0; a < 3; ++a) {
      const auto i = static_cast<std::size_t>(a);
      if (a == 0 && !layout.has_z) {
        out.shape_zyx[0] = out.brick_zyx[0] = 1;
        out.voxel_nm_zyx[0] = out.voxel_nm_zyx[1];
        continue;
      }
      const std::size_t d = layout.space_dims[i];
      out.shape_zyx[i] = out.array.shape[d];
      out.brick_zyx[i] = out.brick_shape[d];
      out.voxel_nm_zyx[i] = level.scale[d] * unit_nm[i];
      out.first_center_nm_zyx[i] = (level.translation.empty() ? 0.0 : level.translation[d]) * unit_nm[i];
    }
    if (!layout.has_z) out.voxel_nm_zyx[0] = out.voxel_nm_zyx[1];
    layout.levels.push_back(std::move(out));
  }
  if (layout.levels.empty()) return layout_error(source, "no levels");
  const ArrayMetadata& finest = layout.levels.front().array;
  if (layout.time_dim) layout.time_count = finest.shape[*layout.time_dim];
  if (layout.channel_dim) layout.channel_count = finest.shape[*layout.channel_dim];
  return layout;
}

}  // namespace hs
