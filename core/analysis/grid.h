// A dense 3D grid in C order (z, y, x) with an anisotropic voxel size: the common input and output
// of the volume analyses (core/analysis). Float grids hold NaN where the data has no value
// (no-data voxels, see util/element_convert.h), and every analysis ignores NaN voxels.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace hs {

// Number of voxels along z, y, x.
struct GridShape {
  std::int64_t nz = 0, ny = 0, nx = 0;

  std::size_t voxel_count() const { return static_cast<std::size_t>(nz * ny * nx); }
  bool contains(std::int64_t z, std::int64_t y, std::int64_t x) const {
    return z >= 0 && y >= 0 && x >= 0 && z < nz && y < ny && x < nx;
  }
  // Offset of voxel (z, y, x) in C order.
  std::size_t index(std::int64_t z, std::int64_t y, std::int64_t x) const {
    return static_cast<std::size_t>((z * ny + y) * nx + x);
  }
  friend bool operator==(const GridShape&, const GridShape&) = default;
};

// The grid seen along one axis (0 = z, 1 = y, 2 = x): `outer` blocks of `length` positions along
// the axis, each position holding `inner` contiguous voxels, so that block o, position i, offset k
// is voxel (o * length + i) * inner + k. Separable filters walk lines this way.
struct AxisLayout {
  std::size_t outer = 1, length = 1, inner = 1;
};

inline AxisLayout axis_layout(const GridShape& s, int axis) {
  const auto nz = static_cast<std::size_t>(s.nz), ny = static_cast<std::size_t>(s.ny), nx = static_cast<std::size_t>(s.nx);
  if (axis == 0) return {1, nz, ny * nx};
  if (axis == 1) return {nz, ny, nx};
  return {nz * ny, nx, 1};
}

// Edge lengths of one voxel along z, y, x, in `unit` (a UCUM-style name as in OME-Zarr axes:
// "micrometer", "nanometer"; "" when unknown, then the lengths are in voxels).
struct VoxelSize {
  std::array<double, 3> zyx{1.0, 1.0, 1.0};
  std::string unit;
};

template <class T>
struct Grid3 {
  GridShape shape;
  VoxelSize voxel;
  std::vector<T> values;  // shape.voxel_count() elements, C order

  T& at(std::int64_t z, std::int64_t y, std::int64_t x) { return values[shape.index(z, y, x)]; }
  const T& at(std::int64_t z, std::int64_t y, std::int64_t x) const { return values[shape.index(z, y, x)]; }
};

using FloatGrid = Grid3<float>;           // intensities or refined values; NaN = no data
using MaskGrid = Grid3<std::uint8_t>;     // 0 = background, 1 = foreground
using LabelGrid = Grid3<std::uint32_t>;   // 0 = background, 1..N = objects

// A grid of `shape` filled with `value`, with voxel size `voxel` (unit voxels by default).
template <class T>
Grid3<T> make_grid(const GridShape& shape, T value, const VoxelSize& voxel = {}) {
  return Grid3<T>{shape, voxel, std::vector<T>(shape.voxel_count(), value)};
}

}  // namespace hs
