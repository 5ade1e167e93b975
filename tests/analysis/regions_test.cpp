// Tests of the region classes (core/analysis/regions.h) on closed-form ramps: class boundaries,
// fractions per time point, within a mask and per label, and invalid thresholds.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "analysis/regions.h"

namespace hs {
namespace {

// Values v(z, y, x) = x + offset on a 2 x 3 x 10 grid with 0.5^3 voxels (volume 0.125).
FloatGrid ramp(float offset) {
  FloatGrid grid = make_grid<float>({2, 3, 10}, 0.0f, VoxelSize{{0.5, 0.5, 0.5}, "micrometer"});
  for (std::int64_t z = 0; z < 2; ++z)
    for (std::int64_t y = 0; y < 3; ++y)
      for (std::int64_t x = 0; x < 10; ++x) grid.at(z, y, x) = static_cast<float>(x) + offset;
  return grid;
}

TEST_CASE("classify_regions puts each value in its threshold interval", "[regions]") {
  FloatGrid grid = ramp(0.0f);
  grid.at(1, 2, 9) = std::nanf("");
  const double thresholds[] = {3.0, 7.0};
  const Result<Grid3<std::uint8_t>> classes = classify_regions(grid, thresholds);
  REQUIRE(classes.ok());
  for (std::int64_t x = 0; x < 10; ++x) CHECK(classes->at(0, 0, x) == (x < 3 ? 1 : x < 7 ? 2 : 3));
  CHECK(classes->at(1, 2, 9) == 0);
  const Result<Grid3<std::uint8_t>> one_class = classify_regions(grid, {});
  REQUIRE(one_class.ok());
  CHECK(one_class->at(0, 1, 4) == 1);
}

TEST_CASE("region_fractions per time point, within a mask and per label", "[regions]") {
  // x in 0..9: low (< 3) 3 values, medium 4, high 3 at t = 0; shifted by 2 at t = 1: x + 2 < 3 for
  // x < 1 (1 value), medium x in 1..4 (4), high 5 values.
  const std::vector<FloatGrid> time_points{ramp(0.0f), ramp(2.0f)};
  const double thresholds[] = {3.0, 7.0};
  const Result<std::vector<RegionFractions>> per_time = region_fractions(time_points, thresholds);
  REQUIRE(per_time.ok());
  REQUIRE(per_time->size() == 2);
  CHECK((*per_time)[0].valid_count == 60);
  CHECK((*per_time)[0].counts == std::vector<std::uint64_t>{18, 24, 18});
  CHECK((*per_time)[0].fractions == std::vector<double>{0.3, 0.4, 0.3});
  CHECK((*per_time)[0].volumes == std::vector<double>{18 * 0.125, 24 * 0.125, 18 * 0.125});
  CHECK((*per_time)[1].counts == std::vector<std::uint64_t>{6, 24, 30});

  // Within x >= 5 only, with one NaN there (not counted).
  MaskGrid mask = make_grid<std::uint8_t>(time_points[0].shape, 0);
  for (std::int64_t z = 0; z < 2; ++z)
    for (std::int64_t y = 0; y < 3; ++y)
      for (std::int64_t x = 5; x < 10; ++x) mask.at(z, y, x) = 1;
  FloatGrid with_nan = time_points[0];
  with_nan.at(0, 0, 9) = std::nanf("");
  const Result<RegionFractions> within = region_fractions(with_nan, thresholds, &mask);
  REQUIRE(within.ok());
  CHECK(within->valid_count == 29);
  CHECK(within->counts == std::vector<std::uint64_t>{0, 12, 17});
  CHECK(within->fractions[1] == Approx(12.0 / 29.0));

  // Labels: z = 0 is label 2, z = 1 is label 5 but all NaN there.
  LabelGrid labels = make_grid<std::uint32_t>(time_points[0].shape, 0);
  FloatGrid half = time_points[0];
  for (std::int64_t y = 0; y < 3; ++y)
    for (std::int64_t x = 0; x < 10; ++x) {
      labels.at(0, y, x) = 2;
      labels.at(1, y, x) = 5;
      half.at(1, y, x) = std::nanf("");
    }
  const Result<std::vector<LabelRegionFractions>> by_label = region_fractions_by_label(half, thresholds, labels);
  REQUIRE(by_label.ok());
  REQUIRE(by_label->size() == 2);
  CHECK((*by_label)[0].label == 2);
  CHECK((*by_label)[0].fractions.counts == std::vector<std::uint64_t>{9, 12, 9});
  CHECK((*by_label)[1].label == 5);
  CHECK((*by_label)[1].fractions.valid_count == 0);
  CHECK(std::isnan((*by_label)[1].fractions.fractions[0]));
}

TEST_CASE("region_fractions rejects invalid thresholds and shapes", "[regions]") {
  const FloatGrid grid = ramp(0.0f);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const std::vector<double>& bad : {std::vector<double>{3.0, 3.0}, std::vector<double>{5.0, 1.0},
                                         std::vector<double>{nan}, std::vector<double>(255, 0.0)}) {
    const Result<RegionFractions> f = region_fractions(grid, bad);
    REQUIRE_FALSE(f.ok());
    CHECK(f.error().code == ErrorCode::invalid_argument);
    CHECK_FALSE(classify_regions(grid, bad).ok());
  }
  const MaskGrid other = make_grid<std::uint8_t>({1, 1, 1}, 1);
  CHECK_FALSE(region_fractions(grid, {}, &other).ok());
  LabelGrid labels = make_grid<std::uint32_t>(grid.shape, 0);
  labels.values[0] = (std::uint32_t{1} << 20) + 1;
  const Result<std::vector<LabelRegionFractions>> limit = region_fractions_by_label(grid, {}, labels);
  REQUIRE_FALSE(limit.ok());
  CHECK(limit.error().code == ErrorCode::limit);
}

}  // namespace
}  // namespace hs
