// Tests of analysis/morphology: element shapes, erosion/dilation/opening/closing against a
// brute-force definition with border 0, hole filling, small-object removal, errors, cancellation.
#include "analysis/morphology.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>

#include "analysis_test_support.h"

namespace {

using Offsets = std::vector<std::array<int, 3>>;

// Offsets within `radius` for voxel edge lengths `v`, straight from the definition.
Offsets ball_offsets(double radius, const std::array<double, 3>& v) {
  Offsets offsets;
  const int n = 20;
  for (int dz = -n; dz <= n; ++dz)
    for (int dy = -n; dy <= n; ++dy)
      for (int dx = -n; dx <= n; ++dx)
        if ((dz * v[0]) * (dz * v[0]) + (dy * v[1]) * (dy * v[1]) + (dx * v[2]) * (dx * v[2]) <= radius * radius)
          offsets.push_back({dz, dy, dx});
  return offsets;
}

Offsets box_offsets(int hz, int hy, int hx) {
  Offsets offsets;
  for (int dz = -hz; dz <= hz; ++dz)
    for (int dy = -hy; dy <= hy; ++dy)
      for (int dx = -hx; dx <= hx; ++dx) offsets.push_back({dz, dy, dx});
  return offsets;
}

// Brute-force binary erosion / dilation, outside voxels = 0.
hs::MaskGrid brute(const hs::MaskGrid& mask, const Offsets& offsets, bool erosion) {
  const hs::GridShape& s = mask.shape;
  hs::MaskGrid out = hs::make_grid<std::uint8_t>(s, 0);
  for (std::int64_t z = 0; z < s.nz; ++z)
    for (std::int64_t y = 0; y < s.ny; ++y)
      for (std::int64_t x = 0; x < s.nx; ++x) {
        bool all = true, any = false;
        for (const auto& d : offsets) {
          const bool on = s.contains(z + d[0], y + d[1], x + d[2]) && mask.at(z + d[0], y + d[1], x + d[2]) != 0;
          all = all && on;
          any = any || on;
        }
        out.at(z, y, x) = (erosion ? all : any) ? 1 : 0;
      }
  return out;
}

hs::MaskGrid value(hs::Result<hs::MaskGrid> result) {
  REQUIRE(result.ok());
  return std::move(result).value();
}

}  // namespace

TEST_CASE("structuring elements have the expected voxels", "[morphology]") {
  CHECK(hs::box_element(1, 2, 3)->voxel_count() == 105);
  CHECK(hs::neighbourhood_element(hs::Connectivity::faces6).voxel_count() == 7);
  CHECK(hs::neighbourhood_element(hs::Connectivity::edges18).voxel_count() == 19);
  CHECK(hs::neighbourhood_element(hs::Connectivity::corners26).voxel_count() == 27);
  const hs::VoxelSize unit;
  CHECK(hs::ball_element(1.0, unit)->voxel_count() == 7);
  CHECK(hs::ball_element(std::sqrt(2.0), unit)->voxel_count() == 19);
  CHECK(hs::ball_element(2.0, unit)->voxel_count() == 33);  // integer points with x^2+y^2+z^2 <= 4
  // 2 x 1 x 1 nm voxels, radius 2 nm: 13 points in the dz = 0 disc plus (+-1, 0, 0).
  CHECK(hs::ball_element(2.0, hs::VoxelSize{{2.0, 1.0, 1.0}, "nanometer"})->voxel_count() == 15);
  CHECK(hs::ball_element(0.0, unit)->voxel_count() == 1);
}

TEST_CASE("structuring element errors", "[morphology]") {
  CHECK(hs::box_element(-1, 0, 0).error().code == hs::ErrorCode::invalid_argument);
  CHECK(hs::ball_element(-1.0, {}).error().code == hs::ErrorCode::invalid_argument);
  CHECK(hs::ball_element(INFINITY, {}).error().code == hs::ErrorCode::invalid_argument);
  CHECK(hs::ball_element(1.0, hs::VoxelSize{{1.0, 0.0, 1.0}, ""}).error().code == hs::ErrorCode::invalid_argument);
  CHECK(hs::ball_element(1e9, {}).error().code == hs::ErrorCode::limit);
}

TEST_CASE("erosion dilation opening closing equal the brute-force definition", "[morphology]") {
  const hs::MaskGrid mask = hs::test::random_mask({11, 13, 14}, 0.6, 17);
  const std::array<double, 3> voxel{2.0, 1.0, 1.5};
  struct Element {
    hs::StructuringElement element;
    Offsets offsets;
  };
  const std::vector<Element> elements{
      {hs::ball_element(2.5, hs::VoxelSize{voxel, "nanometer"}).value(), ball_offsets(2.5, voxel)},
      {hs::ball_element(1.0, {}).value(), ball_offsets(1.0, {1.0, 1.0, 1.0})},
      {hs::box_element(1, 2, 0).value(), box_offsets(1, 2, 0)},
      {hs::box_element(2, 0, 3).value(), box_offsets(2, 0, 3)},
      {hs::neighbourhood_element(hs::Connectivity::edges18), ball_offsets(std::sqrt(2.0), {1.0, 1.0, 1.0})},
      {hs::neighbourhood_element(hs::Connectivity::corners26), box_offsets(1, 1, 1)}};
  for (std::size_t k = 0; k < elements.size(); ++k) {
    INFO("element " << k);
    const auto& [element, offsets] = elements[k];
    CHECK(element.voxel_count() == offsets.size());
    const hs::MaskGrid eroded = brute(mask, offsets, true), dilated = brute(mask, offsets, false);
    CHECK(value(hs::erode(mask, element)).values == eroded.values);
    CHECK(value(hs::dilate(mask, element)).values == dilated.values);
    CHECK(value(hs::open(mask, element)).values == brute(eroded, offsets, false).values);
    CHECK(value(hs::close(mask, element)).values == brute(dilated, offsets, true).values);
  }
}

TEST_CASE("fill holes fills enclosed cavities only", "[morphology]") {
  hs::MaskGrid mask = hs::make_grid<std::uint8_t>({7, 7, 12}, 0);
  for (int z = 1; z <= 5; ++z)  // two hollow 5^3 cubes side by side
    for (int y = 1; y <= 5; ++y)
      for (int x = 1; x <= 10; ++x) {
        const bool wall = z == 1 || z == 5 || y == 1 || y == 5 || x == 1 || x == 5 || x == 6 || x == 10;
        if (wall) mask.at(z, y, x) = 1;
      }
  mask.at(3, 3, 10) = 0;  // a window in the second cube's outer wall
  const hs::MaskGrid filled = value(hs::fill_holes(mask));
  CHECK(filled.at(3, 3, 3) == 1);   // first cube's cavity
  CHECK(filled.at(2, 4, 4) == 1);
  CHECK(filled.at(3, 3, 8) == 0);   // second cube opens to the outside
  CHECK(filled.at(3, 3, 10) == 0);
  CHECK(filled.at(0, 0, 0) == 0);
  std::size_t added = 0;
  for (std::size_t i = 0; i < mask.values.size(); ++i) added += filled.values[i] - mask.values[i];
  CHECK(added == 27);
  // A cavity touching the outside only through a corner: filled unless the background is 26-connected.
  hs::MaskGrid corner = hs::make_grid<std::uint8_t>({3, 3, 3}, 1);
  corner.at(1, 1, 1) = 0;
  corner.at(0, 0, 0) = 0;
  CHECK(value(hs::fill_holes(corner)).at(1, 1, 1) == 1);
  CHECK(value(hs::fill_holes(corner, hs::Connectivity::corners26)).at(1, 1, 1) == 0);
}

TEST_CASE("remove small objects keeps components of at least min voxels", "[morphology]") {
  hs::MaskGrid mask = hs::make_grid<std::uint8_t>({4, 6, 6}, 0);
  mask.at(0, 0, 0) = 1;                                   // 1 voxel
  mask.at(0, 4, 0) = mask.at(0, 4, 1) = mask.at(0, 4, 2) = 1;  // 3 voxels
  for (int z = 2; z < 4; ++z)
    for (int y = 2; y < 4; ++y)
      for (int x = 3; x < 5; ++x) mask.at(z, y, x) = 1;   // 8 voxels
  mask.at(1, 1, 1) = 1;  // corner-touches the single voxel
  const hs::MaskGrid kept = value(hs::remove_small_objects(mask, 4));
  CHECK(std::count(kept.values.begin(), kept.values.end(), 1) == 8);
  CHECK(kept.at(3, 3, 4) == 1);
  const hs::MaskGrid pairs = value(hs::remove_small_objects(mask, 2, hs::Connectivity::corners26));
  CHECK(pairs.at(0, 0, 0) == 1);
  CHECK(pairs.at(1, 1, 1) == 1);
  CHECK(value(hs::remove_small_objects(mask, 2, hs::Connectivity::faces6)).at(0, 0, 0) == 0);
  CHECK(value(hs::remove_small_objects(mask, 0)).values == mask.values);
}

TEST_CASE("morphology honours cancellation", "[morphology]") {
  std::atomic<bool> cancel{true};
  hs::AnalysisControl control;
  control.cancel = &cancel;
  const hs::MaskGrid mask = hs::make_grid<std::uint8_t>({4, 4, 4}, 1);
  CHECK(hs::erode(mask, hs::ball_element(1.0, {}).value(), &control).error().message == "erode: cancelled");
  CHECK(hs::dilate(mask, hs::box_element(1, 1, 1).value(), &control).error().message == "dilate: cancelled");
  CHECK(!hs::fill_holes(mask, hs::Connectivity::faces6, &control).ok());
}

TEST_CASE("ball erosion and dilation equal the definition for random radii and voxel sizes", "[morphology]") {
  hs::test::Lcg random(99);
  for (int round = 0; round < 40; ++round) {
    const std::array<double, 3> voxel{0.5 + 1.5 * random.uniform(), 0.5 + 1.5 * random.uniform(), 0.5 + 1.5 * random.uniform()};
    const double radius = 3.0 * random.uniform();
    const hs::GridShape shape{1 + static_cast<std::int64_t>(random.next() % 8), 1 + static_cast<std::int64_t>(random.next() % 8),
                              1 + static_cast<std::int64_t>(random.next() % 8)};
    const hs::MaskGrid mask = hs::test::random_mask(shape, random.uniform(), random.next());
    const hs::StructuringElement element = hs::ball_element(radius, hs::VoxelSize{voxel, "nanometer"}).value();
    const Offsets offsets = ball_offsets(radius, voxel);
    INFO("round " << round << " radius " << radius);
    CHECK(element.voxel_count() == offsets.size());
    CHECK(value(hs::erode(mask, element)).values == brute(mask, offsets, true).values);
    CHECK(value(hs::dilate(mask, element)).values == brute(mask, offsets, false).values);
  }
}
