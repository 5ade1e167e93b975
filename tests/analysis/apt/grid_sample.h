// Test helper for surface tests: a FloatGrid sampled from a function of position (nm).
#pragma once

#include <array>
#include <cstdint>

#include "analysis/grid.h"

namespace hs::test {

// A grid with voxel (vz, vy, vx) whose point (z, y, x) sits at origin + (x vx, y vy, z vz), filled
// with f(x_nm, y_nm, z_nm).
template <class F>
FloatGrid sample_grid(GridShape shape, std::array<double, 3> voxel_zyx, std::array<double, 3> origin, F f) {
  FloatGrid g = make_grid<float>(shape, 0.0f, VoxelSize{voxel_zyx, "nanometer"});
  for (std::int64_t z = 0; z < shape.nz; ++z) {
    for (std::int64_t y = 0; y < shape.ny; ++y) {
      for (std::int64_t x = 0; x < shape.nx; ++x) {
        g.at(z, y, x) = static_cast<float>(f(origin[0] + static_cast<double>(x) * voxel_zyx[2],
                                             origin[1] + static_cast<double>(y) * voxel_zyx[1],
                                             origin[2] + static_cast<double>(z) * voxel_zyx[0]));
      }
    }
  }
  return g;
}

}  // namespace hs::test
