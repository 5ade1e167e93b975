// Tests of h-maxima and the marker-controlled watershed (core/analysis/watershed.h): hand-worked
// floods, touching balls and ellipsoids with known truth, errors and a random-mask property loop.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <limits>
#include <set>

#include "analysis/particle_fixtures.h"
#include "analysis/watershed.h"

namespace hs {
namespace {

// A 1 x 1 x n grid holding `values`.
FloatGrid line_grid(std::initializer_list<float> values) {
  FloatGrid grid = make_grid<float>({1, 1, static_cast<std::int64_t>(values.size())}, 0.0f);
  grid.values.assign(values.begin(), values.end());
  return grid;
}

TEST_CASE("h_maxima keeps maxima whose height reaches h", "[watershed]") {
  // Peaks 5 (index 2) and 9 (index 6), separated by a dip to 2: the lower peak's height is 3.
  const FloatGrid image = line_grid({0, 1, 5, 3, 2, 4, 9, 9, 1});
  const auto maxima = [&](double h) {
    const Result<MaskGrid> m = h_maxima(image, h);
    REQUIRE(m.ok());
    return std::vector<int>(m->values.begin(), m->values.end());
  };
  CHECK(maxima(1.0) == std::vector<int>{0, 0, 1, 0, 0, 0, 1, 1, 0});
  CHECK(maxima(3.0) == std::vector<int>{0, 0, 1, 0, 0, 0, 1, 1, 0});  // height exactly h is kept
  CHECK(maxima(3.5) == std::vector<int>{0, 0, 0, 0, 0, 0, 1, 1, 0});
  CHECK(maxima(9.0) == std::vector<int>{0, 0, 0, 0, 0, 0, 1, 1, 0});  // global maximum, range = 9
  CHECK(maxima(9.5) == std::vector<int>(9, 0));                       // h above the range: none
  // NaN voxels are never maxima and count as lower than everything.
  const Result<MaskGrid> with_nan = h_maxima(line_grid({0, 4, std::nanf(""), 4, 0}), 1.0);
  REQUIRE(with_nan.ok());
  CHECK(std::vector<int>(with_nan->values.begin(), with_nan->values.end()) == std::vector<int>{0, 1, 0, 1, 0});
}

TEST_CASE("h_maxima uses the neighbourhood of its connectivity", "[watershed]") {
  // Two single-voxel peaks touching only at a corner: one plateau under corners26, two maxima
  // under faces6 separated by 0-valued neighbours.
  FloatGrid image = make_grid<float>({2, 2, 2}, 0.0f);
  image.at(0, 0, 0) = 5.0f;
  image.at(1, 1, 1) = 3.0f;
  const Result<MaskGrid> faces = h_maxima(image, 2.0, Connectivity::faces6);
  REQUIRE(faces.ok());
  CHECK(faces->at(0, 0, 0) == 1);
  CHECK(faces->at(1, 1, 1) == 1);
  const Result<MaskGrid> corners = h_maxima(image, 2.0, Connectivity::corners26);
  REQUIRE(corners.ok());
  CHECK(corners->at(0, 0, 0) == 1);
  CHECK(corners->at(1, 1, 1) == 0);  // reached from 5 through no lower voxel: height 3 - 3 = 0 < 2
}

TEST_CASE("watershed floods by value then insertion age", "[watershed]") {
  // Worked by hand: markers at both ends pop first (age 0, 1); then voxels 1 (age 2), 5 (age 3),
  // 2, 4, and voxel 3 is reached first from voxel 2, so it joins label 1. Voxels 8-9 form a mask
  // component without a marker, labelled 3; voxel 7 is outside the mask.
  const FloatGrid image = line_grid({0, 1, 2, 3, 2, 1, 0, 5, 7, 7});
  LabelGrid markers = make_grid<std::uint32_t>(image.shape, 0);
  markers.values[0] = 1;
  markers.values[6] = 2;
  markers.values[7] = 9;  // outside the mask: ignored
  MaskGrid mask = make_grid<std::uint8_t>(image.shape, 1);
  mask.values[7] = 0;
  const Result<Labels> labels = watershed(image, markers, mask);
  REQUIRE(labels.ok());
  CHECK(labels->grid.values == std::vector<std::uint32_t>{1, 1, 1, 1, 2, 2, 2, 0, 3, 3});
  CHECK(labels->count == 3);
}

// Fraction of voxels of `truth` (value != 0) labelled `label`, and of voxels labelled `label` in truth.
double intersection_over_union(const LabelGrid& labels, std::uint32_t label, const MaskGrid& truth) {
  std::uint64_t both = 0, either = 0;
  for (std::size_t i = 0; i < truth.values.size(); ++i) {
    const bool a = labels.values[i] == label, b = truth.values[i] != 0;
    both += a && b;
    either += a || b;
  }
  return either == 0 ? 0.0 : static_cast<double>(both) / static_cast<double>(either);
}

TEST_CASE("split_particles splits two overlapping balls at the plane between them", "[watershed]") {
  // Anisotropic voxels (physical units): balls of radius 8 centred 13 apart along x, so the neck at
  // x = 16.5 has radius sqrt(64 - 6.5^2) = 4.7 and each peak (distance ~8) stands ~3.3 above it.
  MaskGrid mask = make_grid<std::uint8_t>({20, 40, 34}, 0, VoxelSize{{1.0, 0.5, 1.0}, "micrometer"});
  test::paint_ball(mask, {10.0, 10.0, 10.0}, 8.0, std::uint8_t{1});
  test::paint_ball(mask, {10.0, 10.0, 23.0}, 8.0, std::uint8_t{1});
  const Result<Labels> split = split_particles(mask, SplitParams{1.5, Connectivity::faces6});
  REQUIRE(split.ok());
  REQUIRE(split->count == 2);
  const std::uint32_t left = split->grid.at(10, 20, 10), right = split->grid.at(10, 20, 23);
  CHECK(left != right);
  for (std::int64_t z = 0; z < 20; ++z)
    for (std::int64_t y = 0; y < 40; ++y)
      for (std::int64_t x = 0; x < 34; ++x) {
        if (mask.at(z, y, x) == 0) {
          REQUIRE(split->grid.at(z, y, x) == 0);
        } else if (x <= 15) {
          REQUIRE(split->grid.at(z, y, x) == left);
        } else if (x >= 18) {
          REQUIRE(split->grid.at(z, y, x) == right);
        }
      }
  // h above the peaks' height over the neck: the balls stay one particle... except that both
  // peaks are global maxima of equal height, which h-maxima always keeps (like skimage).
  MaskGrid unequal = make_grid<std::uint8_t>({20, 20, 34}, 0);
  test::paint_ball(unequal, {10.0, 10.0, 10.0}, 8.0, std::uint8_t{1});
  test::paint_ball(unequal, {10.0, 10.0, 22.0}, 6.0, std::uint8_t{1});
  const Result<Labels> two = split_particles(unequal, SplitParams{0.5, Connectivity::faces6});
  const Result<Labels> one = split_particles(unequal, SplitParams{4.0, Connectivity::faces6});
  REQUIRE(two.ok());
  REQUIRE(one.ok());
  CHECK(two->count == 2);
  CHECK(one->count == 1);
}

TEST_CASE("split_particles separates three touching ellipsoids with IoU at least 0.9", "[watershed]") {
  const GridShape shape{24, 30, 48};
  const std::array<std::array<double, 3>, 3> centres{{{12, 14, 9}, {12, 15, 24}, {11, 14, 38}}};
  const std::array<std::array<double, 3>, 3> radii{{{7, 9, 8}, {8, 10, 8}, {7, 8, 7}}};
  MaskGrid mask = make_grid<std::uint8_t>(shape, 0);
  std::vector<MaskGrid> truth;
  for (std::size_t k = 0; k < 3; ++k) {
    truth.push_back(make_grid<std::uint8_t>(shape, 0));
    test::paint_ellipsoid(truth.back(), centres[k], radii[k], std::uint8_t{1});
    test::paint_ellipsoid(mask, centres[k], radii[k], std::uint8_t{1});
  }
  const Result<Labels> split = split_particles(mask, SplitParams{1.0, Connectivity::faces6});
  REQUIRE(split.ok());
  REQUIRE(split->count == 3);
  std::set<std::uint32_t> seen;
  for (std::size_t k = 0; k < 3; ++k) {
    INFO("ellipsoid " << k);
    const auto& c = centres[k];
    const std::uint32_t label = split->grid.at(static_cast<std::int64_t>(c[0]), static_cast<std::int64_t>(c[1]),
                                               static_cast<std::int64_t>(c[2]));
    seen.insert(label);
    CHECK(intersection_over_union(split->grid, label, truth[k]) >= 0.9);
  }
  CHECK(seen.size() == 3);
}

TEST_CASE("split_particles labels every mask voxel 1 to count on random masks", "[watershed]") {
  test::Lcg lcg{99};
  for (int round = 0; round < 12; ++round) {
    const GridShape shape{1 + lcg.next() % 9, 1 + lcg.next() % 10, 1 + lcg.next() % 11};
    const double density = 0.3 + 0.65 * lcg.uniform();  // drawn in a fixed order (not as two arguments)
    const MaskGrid mask = test::random_mask(shape, density, lcg.next());
    for (const Connectivity c : {Connectivity::faces6, Connectivity::edges18, Connectivity::corners26}) {
      const Result<Labels> split = split_particles(mask, SplitParams{0.2 + lcg.uniform(), c});
      REQUIRE(split.ok());
      std::vector<std::uint8_t> used(split->count + std::size_t{1}, 0);
      for (std::size_t i = 0; i < mask.values.size(); ++i) {
        REQUIRE((mask.values[i] != 0) == (split->grid.values[i] != 0));
        REQUIRE(split->grid.values[i] <= split->count);
        used[split->grid.values[i]] = 1;
      }
      for (std::uint32_t label = 1; label <= split->count; ++label) REQUIRE(used[label] == 1);
    }
  }
  // No background at all: one label; no foreground: none.
  const Result<Labels> full = split_particles(make_grid<std::uint8_t>({3, 3, 3}, 1), SplitParams{});
  REQUIRE(full.ok());
  CHECK(full->count == 1);
  const Result<Labels> empty = split_particles(make_grid<std::uint8_t>({3, 3, 3}, 0), SplitParams{});
  REQUIRE(empty.ok());
  CHECK(empty->count == 0);
}

TEST_CASE("watershed and h_maxima reject bad arguments and stop when cancelled", "[watershed]") {
  const FloatGrid image = line_grid({0, 1, 2});
  for (const double bad : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN()}) {
    const Result<MaskGrid> m = h_maxima(image, bad);
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().code == ErrorCode::invalid_argument);
    CHECK_FALSE(split_particles(make_grid<std::uint8_t>({2, 2, 2}, 1), SplitParams{bad}).ok());
  }
  const Result<Labels> mismatched =
      watershed(image, make_grid<std::uint32_t>({1, 1, 4}, 0), make_grid<std::uint8_t>({1, 1, 3}, 1));
  REQUIRE_FALSE(mismatched.ok());
  CHECK(mismatched.error().message.find("shape") != std::string::npos);

  std::atomic<bool> cancel{true};
  AnalysisControl control;
  control.cancel = &cancel;
  MaskGrid mask = make_grid<std::uint8_t>({16, 16, 16}, 0);
  test::paint_ball(mask, {8.0, 8.0, 8.0}, 6.0, std::uint8_t{1});
  const Result<Labels> cancelled = split_particles(mask, SplitParams{}, &control);
  REQUIRE_FALSE(cancelled.ok());
  CHECK(cancelled.error().message.find("cancelled") != std::string::npos);

  cancel = false;
  double last = -1.0;
  control.progress = [&](double fraction) {
    CHECK(fraction >= last);
    last = fraction;
  };
  const Result<Labels> done = split_particles(mask, SplitParams{}, &control);
  REQUIRE(done.ok());
  CHECK(done->count == 1);
  CHECK(last == Approx(1.0));
}

}  // namespace
}  // namespace hs
