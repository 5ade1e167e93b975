// Tests of analysis/smoothing: Gaussian impulse response, nearest-edge boundary, anisotropic
// sigma, NaN-normalised convolution, median against a brute-force sort, errors and cancellation.
#include "analysis/smoothing.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>

#include "analysis_test_support.h"

namespace {

const float kNaN = std::numeric_limits<float>::quiet_NaN();

// Normalised Gaussian weight of offset k for sigma (voxels), kernel radius int(4 sigma + 0.5).
double weight(double sigma, int k) {
  const int radius = static_cast<int>(4.0 * sigma + 0.5);
  double sum = 0.0;
  for (int i = -radius; i <= radius; ++i) sum += std::exp(-0.5 * i * i / (sigma * sigma));
  return std::abs(k) > radius ? 0.0 : std::exp(-0.5 * k * k / (sigma * sigma)) / sum;
}

hs::FloatGrid row(std::vector<float> values, double voxel_x = 1.0) {
  const auto n = static_cast<std::int64_t>(values.size());
  return hs::FloatGrid{{1, 1, n}, hs::VoxelSize{{1.0, 1.0, voxel_x}, "nanometer"}, std::move(values)};
}

}  // namespace

TEST_CASE("gaussian impulse response is the normalised kernel", "[smoothing]") {
  std::vector<float> values(21, 0.0f);
  values[10] = 1.0f;
  // sigma 3 nm on 2 nm voxels: 1.5 voxels, radius 6.
  const hs::Result<hs::FloatGrid> out = hs::gaussian_smooth(row(values, 2.0), {0.0, 0.0, 3.0});
  REQUIRE(out.ok());
  for (int x = 0; x < 21; ++x) CHECK(out->values[static_cast<std::size_t>(x)] == Approx(weight(1.5, x - 10)).margin(1e-7));
}

TEST_CASE("gaussian repeats the edge voxel outside the grid", "[smoothing]") {
  const hs::Result<hs::FloatGrid> out = hs::gaussian_smooth(row({1.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f}), {0.0, 0.0, 1.0});
  REQUIRE(out.ok());
  double expected = 0.0;  // x = 0 sees the value 1 at offsets -4..0
  for (int k = -4; k <= 0; ++k) expected += weight(1.0, k);
  CHECK(out->values[0] == Approx(expected).margin(1e-7));
  double second = 0.0;  // x = 1 sees it at offsets -4..-1
  for (int k = -4; k <= -1; ++k) second += weight(1.0, k);
  CHECK(out->values[1] == Approx(second).margin(1e-7));
}

TEST_CASE("gaussian keeps a constant grid constant in 3D", "[smoothing]") {
  hs::FloatGrid grid = hs::make_grid<float>({9, 10, 11}, 2.5f, hs::VoxelSize{{3.0, 1.0, 0.5}, "micrometer"});
  const hs::Result<hs::FloatGrid> out = hs::gaussian_smooth(grid, {3.0, 1.0, 1.0});
  REQUIRE(out.ok());
  for (float v : out->values) CHECK(v == Approx(2.5).epsilon(1e-6));
  const hs::Result<hs::FloatGrid> same = hs::gaussian_smooth(grid, {0.0, 0.0, 0.0});
  REQUIRE(same.ok());
  CHECK(same->values == grid.values);
}

TEST_CASE("gaussian ignores NaN voxels and keeps them NaN", "[smoothing]") {
  // sigma 0.2 voxel: radius 1, weights w0 (centre) and w1.
  const double w0 = weight(0.2, 0), w1 = weight(0.2, 1);
  const hs::Result<hs::FloatGrid> out = hs::gaussian_smooth(row({2.0f, 4.0f, kNaN, 8.0f}), {0.0, 0.0, 0.2});
  REQUIRE(out.ok());
  CHECK(out->values[0] == Approx((w1 * 2 + w0 * 2 + w1 * 4) / (w1 + w0 + w1)).epsilon(1e-6));
  CHECK(out->values[1] == Approx((w1 * 2 + w0 * 4) / (w1 + w0)).epsilon(1e-6));
  CHECK(std::isnan(out->values[2]));
  CHECK(out->values[3] == Approx(8.0).epsilon(1e-6));
  // A constant grid with NaN holes stays constant at every valid voxel.
  hs::FloatGrid grid = hs::make_grid<float>({6, 7, 8}, 5.0f);
  hs::test::Lcg random(5);
  for (auto& v : grid.values)
    if (random.uniform() < 0.3) v = kNaN;
  const hs::Result<hs::FloatGrid> holes = hs::gaussian_smooth(grid, {1.0, 1.5, 2.0});
  REQUIRE(holes.ok());
  for (std::size_t i = 0; i < grid.values.size(); ++i) {
    if (std::isnan(grid.values[i])) CHECK(std::isnan(holes->values[i]));
    else CHECK(holes->values[i] == Approx(5.0).epsilon(1e-6));
  }
}

TEST_CASE("gaussian rejects bad sigma and voxel size", "[smoothing]") {
  CHECK(hs::gaussian_smooth(row({1.0f}), {0.0, 0.0, -1.0}).error().code == hs::ErrorCode::invalid_argument);
  CHECK(hs::gaussian_smooth(row({1.0f}), {0.0, std::nan(""), 1.0}).error().code == hs::ErrorCode::invalid_argument);
  CHECK(hs::gaussian_smooth(row({1.0f}, 0.0), {0.0, 0.0, 1.0}).error().code == hs::ErrorCode::invalid_argument);
  CHECK(hs::gaussian_smooth(row({1.0f}), {0.0, 0.0, 1e12}).error().code == hs::ErrorCode::limit);
}

TEST_CASE("median filter removes an impulse and matches a brute-force sort", "[smoothing]") {
  hs::FloatGrid spike = hs::make_grid<float>({5, 5, 5}, 1.0f);
  spike.at(2, 2, 2) = 100.0f;
  const hs::Result<hs::FloatGrid> cleaned = hs::median_filter3(spike);
  REQUIRE(cleaned.ok());
  CHECK(cleaned->values == hs::make_grid<float>({5, 5, 5}, 1.0f).values);

  hs::FloatGrid grid = hs::make_grid<float>({6, 5, 7}, 0.0f);
  hs::test::Lcg random(9);
  for (auto& v : grid.values) v = random.uniform() < 0.15 ? kNaN : static_cast<float>(random.normal());
  const hs::Result<hs::FloatGrid> out = hs::median_filter3(grid);
  REQUIRE(out.ok());
  const hs::GridShape& s = grid.shape;
  for (std::int64_t z = 0; z < s.nz; ++z)
    for (std::int64_t y = 0; y < s.ny; ++y)
      for (std::int64_t x = 0; x < s.nx; ++x) {
        if (std::isnan(grid.at(z, y, x))) {
          CHECK(std::isnan(out->at(z, y, x)));
          continue;
        }
        std::vector<float> window;
        for (int dz = -1; dz <= 1; ++dz)
          for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) {
              const float v = grid.at(std::clamp<std::int64_t>(z + dz, 0, s.nz - 1), std::clamp<std::int64_t>(y + dy, 0, s.ny - 1),
                                      std::clamp<std::int64_t>(x + dx, 0, s.nx - 1));
              if (!std::isnan(v)) window.push_back(v);
            }
        std::sort(window.begin(), window.end());
        const std::size_t n = window.size();
        const float expected = n % 2 ? window[n / 2] : static_cast<float>((double{window[n / 2 - 1]} + window[n / 2]) / 2.0);
        CHECK(out->at(z, y, x) == expected);
      }
}

TEST_CASE("smoothing honours cancellation", "[smoothing]") {
  std::atomic<bool> cancel{true};
  hs::AnalysisControl control;
  control.cancel = &cancel;
  const hs::FloatGrid grid = hs::make_grid<float>({4, 4, 4}, 1.0f);
  CHECK(hs::gaussian_smooth(grid, {1.0, 1.0, 1.0}, &control).error().message == "gaussian: cancelled");
  CHECK(hs::median_filter3(grid, &control).error().message == "median: cancelled");
}

TEST_CASE("smoothing an empty grid gives an empty grid", "[smoothing]") {
  const hs::FloatGrid empty = hs::make_grid<float>({3, 2, 0}, 0.0f);
  CHECK(hs::gaussian_smooth(empty, {1.0, 1.0, 1.0})->values.empty());
  CHECK(hs::median_filter3(empty)->values.empty());
}

TEST_CASE("smoothing is bit-identical on every platform", "[smoothing]") {
  // The hashes were taken natively (x86-64, g++); the wasm test run checks the same constants.
  // The input uses only basic arithmetic (no libm) so that it is the same everywhere too.
  hs::FloatGrid grid = hs::make_grid<float>({16, 17, 18}, 0.0f, hs::VoxelSize{{1.0, 0.5, 2.0}, "micrometer"});
  hs::test::Lcg random(77);
  for (auto& v : grid.values) v = random.uniform() < 0.05 ? kNaN : static_cast<float>(random.uniform() * 4.0 - 2.0);
  auto fnv1a = [](const std::vector<float>& values) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (float v : values) {
      std::uint32_t bits = 0;
      std::memcpy(&bits, &v, sizeof bits);
      for (int byte = 0; byte < 4; ++byte) hash = (hash ^ ((bits >> (8 * byte)) & 0xFFu)) * 1099511628211ULL;
    }
    return hash;
  };
  const hs::Result<hs::FloatGrid> smooth = hs::gaussian_smooth(grid, {1.3, 0.7, 4.2});
  REQUIRE(smooth.ok());
  const hs::Result<hs::FloatGrid> median = hs::median_filter3(grid);
  REQUIRE(median.ok());
  CHECK(fnv1a(smooth->values) == 0xd8354e5cd598ea43ULL);
  CHECK(fnv1a(median->values) == 0x505ee5c0070bacaeULL);
}
