// The specimen behind the xrdct-lmo samples: LiMn2O4 particles (ellipsoids, some touching, some
// with pores) in an electrode imaged by operando XRD-CT, one refined cubic lattice parameter (Å)
// per voxel at five states of charge, 0 where nothing was refined; fresh, or aged by 150 cycles.
// Touching particles meet at a neck (they overlap by 5% of the smaller one's extent along the
// line between their centres, both at least 6 µm in every semi-axis, i.e. 3 voxels at 2 µm, and
// both whole in the imaged volume); all others keep a gap of 1.5 voxels, pores lie only in
// particles whole in the imaged volume. The truth gives each voxel to the particle of smallest
// ellipsoidal radius ρ; within such a thin overlap that is, to within a voxel, the cut a
// distance-map watershed makes at the neck (the truth's "contact" records these rules).
// Any block of any time point is computed on its own from (seed, t, voxel), in memory bounded
// by the particle table.
//
// Frame: x, y, z in µm from the volume's corner (voxel (z, y, x) has its centre at
// ((x + ½) v, (y + ½) v, (z + ½) v) for voxel size v). Every number is documented where it is
// defined, in xrdct_lmo_model.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "json/json.h"

namespace hs {

// The grids of the issue: 64×64×12 @ 2 µm (small), 202×202×40 @ 2 µm (medium, the published
// volume), 1024×1024×256 @ 0.5 µm (large) and the 301×301×1 @ 1 µm slice.
enum class XrdctGrid { small, medium, large, slice };

struct XrdctParticle {
  int label = 0;                          // 1, 2, ...; 1 is the largest ("particle 1")
  std::array<double, 3> centre_um{};      // x, y, z
  std::array<double, 3> semi_axes_um{};   // along the particle's own axes
  std::array<double, 4> quaternion{};     // w, x, y, z (not normalised): particle axes -> volume
  double x_core = 0, x_surface = 0;       // Li excess x of Li(1+x)Mn(2-x)O4 at centre and surface
  std::array<double, 9> axes{};           // row i: particle axis i in the volume frame (from quaternion)
};

struct XrdctPore {
  int label = 0;  // the particle it is inside
  std::array<double, 3> centre_um{};
  double radius_um = 0;
};

class XrdctModel {
 public:
  static constexpr std::size_t kTimePoints = 5;

  XrdctModel(XrdctGrid grid, bool aged, std::uint64_t seed);

  const std::array<std::uint64_t, 3>& shape_zyx() const { return shape_zyx_; }
  double voxel_um() const { return voxel_um_; }
  const std::vector<XrdctParticle>& particles() const { return particles_; }
  static const std::vector<std::string>& time_labels();
  // The published characteristic range of LiMn2O4 lattice parameters, Å.
  static std::array<double, 2> characteristic_range_angstrom();

  // Writes the lattice parameters (Å, float32, 0 = no data) at time t of slices [z0, z0 + nz),
  // rows [y0, y0 + ny) of each, all of x, into `out` (nz × ny × nx values, C order).
  void fill_block(std::size_t t, std::uint64_t z0, std::uint64_t nz, std::uint64_t y0, std::uint64_t ny,
                  float* out) const;

  json::Value truth(std::string_view sample_name, std::string_view size_name) const;

 private:
  double lattice(const XrdctParticle& p, double rho2, std::size_t t) const;
  void place_particles(std::uint64_t seed, XrdctGrid grid);
  void build_lookup();
  // Index of the particle whose ellipsoid holds point p with the smallest ρ² (and that ρ²), or -1.
  int particle_at(const std::array<double, 3>& p, double& rho2) const;

  bool aged_;
  std::uint64_t seed_;
  std::array<std::uint64_t, 3> shape_zyx_{};
  double voxel_um_ = 0;
  double fov_radius_um_ = 0;
  std::vector<XrdctParticle> particles_;
  std::vector<XrdctPore> pores_;
  std::vector<std::array<int, 2>> touching_;
  // Lookup: cells of kCellUm µm over the volume, each listing the particles that may reach it.
  std::array<std::size_t, 3> cells_{};
  std::vector<std::vector<int>> cell_particles_;
};

}  // namespace hs
