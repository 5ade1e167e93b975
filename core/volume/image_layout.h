// Where an OME-Zarr image's voxels sit in the world: per level its shape, brick grid and voxel size
// in nm along z, y, x, and which array dimensions are time and channel. Built from the node
// documents a dataset summary collected, so the viewer needs no further reads to lay it out.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "json/json.h"
#include "store/array_metadata.h"
#include "store/ome_multiscales.h"
#include "util/result.h"

namespace hs {

struct ImageLevel {
  std::string path;  // the array's path in the dataset, e.g. "1"
  ArrayMetadata array;
  std::vector<std::uint64_t> brick_shape;    // per array dimension
  std::array<std::uint64_t, 3> shape_zyx{};  // voxels (1 along a missing z axis)
  std::array<std::uint64_t, 3> brick_zyx{};
  std::array<double, 3> voxel_nm_zyx{};
  std::array<double, 3> first_center_nm_zyx{};  // centre of voxel (0, 0, 0)
};

struct ImageLayout {
  VolumeMetadata metadata;
  std::vector<ImageLevel> levels;  // finest first
  std::optional<std::size_t> time_dim, channel_dim;
  std::array<std::size_t, 3> space_dims{};  // array dimension of z (unused when 2-D), y, x
  bool has_z = true;
  std::uint64_t time_count = 1, channel_count = 1;

  // The array coordinates of brick (bz, by, bx) of time point t and channel c.
  std::vector<std::uint64_t> brick_coords(std::uint64_t t, std::uint64_t c, const std::array<std::uint64_t, 3>& b) const;
  // World box of a level's voxels (outer faces, not centres), nm, as (x, y, z) corners.
  std::array<double, 3> box_min_nm_xyz(std::size_t level) const;
  std::array<double, 3> box_max_nm_xyz(std::size_t level) const;
};

// `documents`: "" -> the group's zarr.json, and each level path -> its array's zarr.json.
// Errors name `source` and say what is missing or inconsistent (unit, axes, dimensions).
Result<ImageLayout> read_image_layout(const json::Object& documents, const std::string& source,
                                      std::vector<std::string>& warnings);

}  // namespace hs
