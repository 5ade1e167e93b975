// Reference check: the distance transform against scipy.ndimage.distance_transform_edt with
// anisotropic sampling (tests/reference/distance_transform_check.py) within 1e-4 voxel everywhere.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "analysis/distance_transform.h"
#include "analysis/particle_fixtures.h"
#include "support/python_reference.h"

namespace hs {
namespace {

// scipy's transform of `mask` (float64 per voxel).
std::vector<double> scipy_edt(const MaskGrid& mask) {
  test::ScratchFolder folder;
  const std::string in = folder.path + "/mask.u8", out = folder.path + "/edt.f64";
  std::ofstream(in, std::ios::binary)
      .write(reinterpret_cast<const char*>(mask.values.data()), static_cast<std::streamsize>(mask.values.size()));
  const auto& s = mask.shape;
  const auto& h = mask.voxel.zyx;
  char sampling[128];
  std::snprintf(sampling, sizeof sampling, "%.17g %.17g %.17g", h[0], h[1], h[2]);
  test::run_python_reference("tests/reference/distance_transform_check.py",
                             "'" + in + "' " + std::to_string(s.nz) + " " + std::to_string(s.ny) + " " +
                                 std::to_string(s.nx) + " " + sampling + " '" + out + "'");
  std::vector<double> edt(mask.values.size());
  std::ifstream file(out, std::ios::binary);
  file.read(reinterpret_cast<char*>(edt.data()), static_cast<std::streamsize>(edt.size() * sizeof(double)));
  REQUIRE(file.gcount() == static_cast<std::streamsize>(edt.size() * sizeof(double)));
  return edt;
}

// Largest difference in voxel units (difference / smallest voxel length).
double max_difference_in_voxels(const MaskGrid& mask) {
  const Result<FloatGrid> ours = distance_transform(mask);
  REQUIRE(ours.ok());
  const std::vector<double> expected = scipy_edt(mask);
  const double smallest = std::min({mask.voxel.zyx[0], mask.voxel.zyx[1], mask.voxel.zyx[2]});
  double worst = 0.0;
  for (std::size_t i = 0; i < expected.size(); ++i) worst = std::max(worst, std::abs(ours->values[i] - expected[i]) / smallest);
  return worst;
}

TEST_CASE("distance_transform matches scipy distance_transform_edt with sampling", "[distance_transform][reference]") {
  constexpr double kToleranceVoxels = 1e-4;  // the bound; float output of distances <= ~60
  const VoxelSize anisotropic{{2.0, 0.5, 1.25}, "nanometer"};
  SECTION("random masks") {
    for (const double density : {0.6, 0.95, 0.995}) {
      INFO("density " << density);
      CHECK(max_difference_in_voxels(test::random_mask({40, 37, 43}, density, 5, anisotropic)) < kToleranceVoxels);
    }
    CHECK(max_difference_in_voxels(test::random_mask({24, 30, 28}, 0.9, 8)) < kToleranceVoxels);
  }
  SECTION("ball and ellipsoid") {
    MaskGrid ball = make_grid<std::uint8_t>({48, 64, 56}, 0, anisotropic);
    test::paint_ball(ball, {47.0, 15.0, 35.0}, 30.0, std::uint8_t{1});
    CHECK(max_difference_in_voxels(ball) < kToleranceVoxels);
    MaskGrid ellipsoid = make_grid<std::uint8_t>({50, 60, 70}, 0);
    test::paint_ellipsoid(ellipsoid, {25.0, 30.0, 35.0}, {22.0, 12.0, 30.0}, std::uint8_t{1});
    CHECK(max_difference_in_voxels(ellipsoid) < kToleranceVoxels);
  }
}

}  // namespace
}  // namespace hs
