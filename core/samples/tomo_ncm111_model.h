// The specimen behind the tomo-ncm111 sample: a faceted LiNi1/3Co1/3Mn1/3O2 primary particle with
// a few secondary particles touching it, seen by ADF-EDS-EELS tomography: six co-registered
// channels (ADF, EDS Ni, Co, Mn, O counts with Poisson noise, EELS Mn L3/L2 ratio) whose means
// follow depth laws below the surface, softened by a reconstruction-like blur. Any block of any
// channel is computed on its own from (seed, channel, voxel).
//
// Frame: x, y, z in nm from the volume's corner, voxel (z, y, x) centred at ((x + ½) v, ...).
// Every number is documented where it is defined, in tomo_ncm111_model.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "json/json.h"
#include "samples/sample_options.h"

namespace hs {

class TomoModel {
 public:
  static constexpr std::size_t kChannels = 6;  // ADF, EDS Ni, Co, Mn, O, EELS Mn L3/L2

  TomoModel(SampleSize size, std::uint64_t seed);

  const std::array<std::uint64_t, 3>& shape_zyx() const { return shape_zyx_; }
  double voxel_nm() const { return voxel_nm_; }
  static const std::vector<std::string>& channel_labels();

  // Signed distance (nm) from the specimen's surface at point p (negative inside): the union of
  // the faceted primary particle and the spherical secondaries.
  double signed_distance_nm(const std::array<double, 3>& p) const;

  // Writes channel c at slices [z0, z0 + nz), rows [y0, y0 + ny), all of x, into `out` (C order).
  void fill_block(std::size_t channel, std::uint64_t z0, std::uint64_t nz, std::uint64_t y0, std::uint64_t ny,
                  float* out) const;

  json::Value truth(std::string_view size_name) const;

 private:
  struct Sphere {
    std::array<double, 3> centre_nm;
    double radius_nm;
  };

  std::uint64_t seed_;
  std::array<std::uint64_t, 3> shape_zyx_{};
  double voxel_nm_ = 0;
  std::array<double, 3> centre_nm_{};
  std::vector<std::array<double, 3>> normals_;  // facet normals of the primary particle (unit)
  std::vector<double> facet_distance_nm_;       // distance of each facet plane from the centre
  std::array<double, 4> quaternion_{};          // w, x, y, z: the crystal's orientation
  std::vector<Sphere> secondaries_;
};

}  // namespace hs
