// Tests of the exact Euclidean distance transform (core/analysis/distance_transform.h) against a
// brute-force minimum over all target voxels and closed-form cases.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <limits>

#include "analysis/distance_transform.h"
#include "analysis/particle_fixtures.h"

namespace hs {
namespace {

// Brute force: for each voxel not of the target kind, the smallest physical distance to a target
// voxel (double); 0 on targets, +infinity when there is no target.
std::vector<double> brute_force_edt(const MaskGrid& mask, bool target_is_foreground) {
  const GridShape& s = mask.shape;
  const auto& h = mask.voxel.zyx;
  std::vector<double> out(s.voxel_count(), std::numeric_limits<double>::infinity());
  for (std::int64_t z = 0; z < s.nz; ++z)
    for (std::int64_t y = 0; y < s.ny; ++y)
      for (std::int64_t x = 0; x < s.nx; ++x) {
        double best = std::numeric_limits<double>::infinity();
        for (std::int64_t z2 = 0; z2 < s.nz; ++z2)
          for (std::int64_t y2 = 0; y2 < s.ny; ++y2)
            for (std::int64_t x2 = 0; x2 < s.nx; ++x2) {
              if ((mask.at(z2, y2, x2) != 0) != target_is_foreground) continue;
              const double dz = (z - z2) * h[0], dy = (y - y2) * h[1], dx = (x - x2) * h[2];
              best = std::min(best, dz * dz + dy * dy + dx * dx);
            }
        out[s.index(z, y, x)] = std::sqrt(best);
      }
  return out;
}

double max_abs_difference(const FloatGrid& ours, const std::vector<double>& expected) {
  REQUIRE(ours.values.size() == expected.size());
  double worst = 0.0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (std::isinf(expected[i])) {
      REQUIRE(std::isinf(ours.values[i]));
      continue;
    }
    worst = std::max(worst, std::abs(ours.values[i] - expected[i]));
  }
  return worst;
}

TEST_CASE("distance_transform equals brute force on random anisotropic masks", "[distance_transform]") {
  const VoxelSize voxel{{2.5, 0.7, 1.3}, "nanometer"};
  const GridShape shapes[] = {{9, 11, 13}, {1, 1, 17}, {12, 3, 1}, {7, 8, 9}};
  const double densities[] = {0.97, 0.5, 0.9, 0.99};
  for (int c = 0; c < 4; ++c) {
    INFO("case " << c);
    const MaskGrid mask = test::random_mask(shapes[c], densities[c], 11 + c, voxel);
    for (const DistanceTo to : {DistanceTo::background, DistanceTo::foreground}) {
      const Result<FloatGrid> edt = distance_transform(mask, to);
      REQUIRE(edt.ok());
      CHECK(edt->shape == mask.shape);
      CHECK(edt->voxel.unit == "nanometer");
      // Float output of a distance up to ~30 nm: within 1e-5 relative.
      CHECK(max_abs_difference(*edt, brute_force_edt(mask, to == DistanceTo::foreground)) < 1e-4);
    }
  }
}

TEST_CASE("distance_transform of a ball is the distance to its surface voxels", "[distance_transform]") {
  MaskGrid mask = make_grid<std::uint8_t>({21, 21, 21}, 0);
  test::paint_ball(mask, {10.0, 10.0, 10.0}, 8.0, std::uint8_t{1});
  const Result<FloatGrid> edt = distance_transform(mask);
  REQUIRE(edt.ok());
  // Voxels with integer squared distance 65 = 8^2 + 1^2 from the centre are the nearest ones outside
  // the ball of radius 8 (squared radius 64).
  CHECK(edt->at(10, 10, 10) == Approx(std::sqrt(65.0)).epsilon(1e-6));
  CHECK(edt->at(0, 0, 0) == 0.0f);
  CHECK(edt->at(2, 10, 10) == 1.0f);  // (2, 10, 10) in the ball, (1, 10, 10) outside
}

TEST_CASE("distance_transform without any target voxel gives infinity", "[distance_transform]") {
  const MaskGrid full = make_grid<std::uint8_t>({3, 4, 5}, 1);
  const Result<FloatGrid> edt = distance_transform(full);
  REQUIRE(edt.ok());
  for (const float v : edt->values) CHECK(std::isinf(v));
  const Result<FloatGrid> to_foreground = distance_transform(full, DistanceTo::foreground);
  REQUIRE(to_foreground.ok());
  for (const float v : to_foreground->values) CHECK(v == 0.0f);
  const Result<FloatGrid> empty = distance_transform(make_grid<std::uint8_t>({0, 4, 5}, 1));
  REQUIRE(empty.ok());
  CHECK(empty->values.empty());
}

TEST_CASE("distance_transform along one line with a spacing", "[distance_transform]") {
  MaskGrid line = make_grid<std::uint8_t>({1, 1, 8}, 1, VoxelSize{{1.0, 1.0, 0.25}, "micrometer"});
  line.values[2] = 0;
  const Result<FloatGrid> edt = distance_transform(line);
  REQUIRE(edt.ok());
  const float expected[] = {0.5f, 0.25f, 0.0f, 0.25f, 0.5f, 0.75f, 1.0f, 1.25f};
  for (int i = 0; i < 8; ++i) CHECK(edt->values[static_cast<std::size_t>(i)] == expected[i]);
}

TEST_CASE("distance_transform rejects bad voxel sizes and stops when cancelled", "[distance_transform]") {
  for (const double bad : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    const Result<FloatGrid> edt = distance_transform(make_grid<std::uint8_t>({2, 2, 2}, 1, VoxelSize{{1.0, bad, 1.0}, ""}));
    REQUIRE_FALSE(edt.ok());
    CHECK(edt.error().code == ErrorCode::invalid_argument);
    CHECK(edt.error().message.find("distance_transform") != std::string::npos);
  }
  std::atomic<bool> cancel{true};
  AnalysisControl control;
  control.cancel = &cancel;
  const Result<FloatGrid> cancelled = distance_transform(test::random_mask({8, 8, 8}, 0.5, 3), DistanceTo::background, &control);
  REQUIRE_FALSE(cancelled.ok());
  CHECK(cancelled.error().message.find("cancelled") != std::string::npos);

  cancel = false;
  double last = -1.0;
  int calls = 0;
  control.progress = [&](double fraction) {
    CHECK(fraction >= last);
    last = fraction;
    ++calls;
  };
  REQUIRE(distance_transform(test::random_mask({16, 16, 16}, 0.5, 3), DistanceTo::background, &control).ok());
  CHECK(last == 1.0);
  CHECK(calls <= 101);
}

}  // namespace
}  // namespace hs
