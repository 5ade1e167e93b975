// Synthetic masks for the segmentation tests (EDT, watershed, particle table, regions): a small
// deterministic LCG, random masks and ellipsoids painted voxel by voxel from their definition.
#pragma once

#include <array>
#include <cstdint>

#include "analysis/grid.h"

namespace hs::test {

// Knuth's MMIX LCG; next() gives the high 32 bits.
struct Lcg {
  std::uint64_t state;
  std::uint32_t next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state >> 32);
  }
  // Uniform in [0, 1).
  double uniform() { return next() / 4294967296.0; }
};

// A mask of `shape` with each voxel foreground with probability `density`.
inline MaskGrid random_mask(const GridShape& shape, double density, std::uint64_t seed, const VoxelSize& voxel = {}) {
  MaskGrid mask = make_grid<std::uint8_t>(shape, 0, voxel);
  Lcg lcg{seed};
  for (auto& v : mask.values) v = lcg.uniform() < density ? 1 : 0;
  return mask;
}

// Sets to `value` every voxel whose centre (i * voxel size, physical units) lies inside the
// ellipsoid with centre `centre_zyx` and semi-axes `radii_zyx` (physical units).
template <class T>
void paint_ellipsoid(Grid3<T>& grid, std::array<double, 3> centre_zyx, std::array<double, 3> radii_zyx, T value) {
  for (std::int64_t z = 0; z < grid.shape.nz; ++z)
    for (std::int64_t y = 0; y < grid.shape.ny; ++y)
      for (std::int64_t x = 0; x < grid.shape.nx; ++x) {
        const double dz = (z * grid.voxel.zyx[0] - centre_zyx[0]) / radii_zyx[0];
        const double dy = (y * grid.voxel.zyx[1] - centre_zyx[1]) / radii_zyx[1];
        const double dx = (x * grid.voxel.zyx[2] - centre_zyx[2]) / radii_zyx[2];
        if (dz * dz + dy * dy + dx * dx <= 1.0) grid.at(z, y, x) = value;
      }
}

// paint_ellipsoid with equal semi-axes.
template <class T>
void paint_ball(Grid3<T>& grid, std::array<double, 3> centre_zyx, double radius, T value) {
  paint_ellipsoid(grid, centre_zyx, {radius, radius, radius}, value);
}

}  // namespace hs::test
