// Gaussian and median smoothing against scipy.ndimage (mode 'nearest') on a NaN-free random grid
// with anisotropic voxels: Gaussian within 1e-4, median exactly.
#include <catch2/catch.hpp>

#include <cmath>

#include "analysis/smoothing.h"
#include "analysis_test_support.h"
#include "support/python_reference.h"

TEST_CASE("gaussian and median equal scipy ndimage on NaN-free data", "[smoothing][reference]") {
  // Voxels 2 x 1 x 0.5 um; sigma 2.5, 2, 0.6 um is 1.25, 2, 1.2 voxels.
  hs::FloatGrid grid = hs::make_grid<float>({20, 26, 31}, 0.0f, hs::VoxelSize{{2.0, 1.0, 0.5}, "micrometer"});
  hs::test::Lcg random(21);
  for (std::int64_t z = 0; z < 20; ++z)
    for (std::int64_t y = 0; y < 26; ++y)
      for (std::int64_t x = 0; x < 31; ++x)
        grid.at(z, y, x) = static_cast<float>(std::sin(0.3 * x + 0.2 * y) + 0.5 * z / 20.0 + 0.3 * random.normal());
  hs::test::ScratchFolder folder;
  hs::test::write_raw(folder.path + "/input.f32", grid.values);
  (void)hs::test::run_python_reference("tests/reference/smoothing_check.py",
                                       "'" + folder.path + "' 20 26 31 1.25 2 1.2");
  const std::vector<float> gaussian = hs::test::read_raw<float>(folder.path + "/gaussian.f32");
  const std::vector<float> median = hs::test::read_raw<float>(folder.path + "/median.f32");
  const hs::Result<hs::FloatGrid> ours = hs::gaussian_smooth(grid, {2.5, 2.0, 0.6});
  REQUIRE(ours.ok());
  REQUIRE(gaussian.size() == grid.values.size());
  double worst = 0.0;
  for (std::size_t i = 0; i < gaussian.size(); ++i) worst = std::max(worst, std::abs(double{ours->values[i]} - gaussian[i]));
  CHECK(worst < 1e-4);
  const hs::Result<hs::FloatGrid> ours_median = hs::median_filter3(grid);
  REQUIRE(ours_median.ok());
  CHECK(ours_median->values == median);
}
