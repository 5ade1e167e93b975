// Tests of analysis/threshold: manual masks, Otsu and multi-Otsu on hand-made histograms.
#include "analysis/threshold.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

namespace {

hs::Histogram histogram_of(std::vector<std::uint64_t> counts, double lo, double hi) {
  return hs::Histogram{lo, hi, std::move(counts)};
}

}  // namespace

TEST_CASE("threshold mask keeps lo <= v < hi and drops NaN", "[threshold]") {
  hs::FloatGrid grid = hs::make_grid<float>({1, 1, 5}, 0.0f, hs::VoxelSize{{2.0, 1.0, 1.0}, "nanometer"});
  grid.values = {1.0f, 2.0f, 3.0f, std::numeric_limits<float>::quiet_NaN(), 2.5f};
  const hs::MaskGrid mask = hs::threshold_mask(grid, 2.0, 3.0);
  CHECK(mask.values == std::vector<std::uint8_t>{0, 1, 0, 0, 1});
  CHECK(mask.voxel.zyx[0] == 2.0);
  CHECK(hs::threshold_mask(grid, 2.0).values == std::vector<std::uint8_t>{0, 1, 1, 0, 1});
}

TEST_CASE("otsu threshold is the last bin of the lower class", "[threshold]") {
  // Two clusters: every split between bins 1 and 5 gives the same classes; the first wins.
  const hs::Histogram h = histogram_of({2, 2, 0, 0, 0, 0, 2, 2}, 0.0, 8.0);
  CHECK(hs::otsu_threshold(h) == 1.5);
  // Unequal clusters: closed form. Counts {3 at 0.5, 1 at 1.5, 1 at 2.5}:
  // k=0: 3*2*(0.5-2)^2 = 13.5; k=1: 4*1*(0.75-2.5)^2 = 12.25 -> k = 0.
  CHECK(hs::otsu_threshold(histogram_of({3, 1, 1}, 0.0, 3.0)) == 0.5);
  // Empty bins at the ends are trimmed (skimage would otherwise divide 0 by 0).
  CHECK(hs::otsu_threshold(histogram_of({0, 0, 3, 1, 1, 0}, 0.0, 6.0)) == 2.5);
}

TEST_CASE("otsu threshold of degenerate histograms", "[threshold]") {
  CHECK(hs::otsu_threshold(histogram_of({0, 5, 0}, 0.0, 3.0)) == 1.5);
  CHECK(std::isnan(hs::otsu_threshold(histogram_of({0, 0, 0}, 0.0, 3.0))));
}

TEST_CASE("multi otsu separates three clusters", "[threshold]") {
  const hs::Histogram h = histogram_of({5, 5, 0, 0, 0, 5, 5, 0, 0, 0, 5, 5}, 0.0, 12.0);
  const std::vector<double> t = hs::multi_otsu_thresholds(h, 3);
  REQUIRE(t.size() == 2);
  CHECK(t[0] == 1.5);  // last bin of the first cluster
  CHECK(t[1] == 6.5);
  // Two classes agree with Otsu on a clear bimodal histogram.
  const hs::Histogram two = histogram_of({4, 6, 1, 0, 0, 0, 2, 7, 3}, 0.0, 9.0);
  REQUIRE(hs::multi_otsu_thresholds(two, 2).size() == 1);
  CHECK(hs::multi_otsu_thresholds(two, 2)[0] == hs::otsu_threshold(two));
}

TEST_CASE("multi otsu with exactly as many values as classes or too few", "[threshold]") {
  const hs::Histogram h = histogram_of({0, 3, 0, 4, 0, 2, 0}, 0.0, 7.0);
  CHECK(hs::multi_otsu_thresholds(h, 3) == std::vector<double>{1.5, 3.5});
  CHECK(hs::multi_otsu_thresholds(h, 4).empty());
  CHECK(hs::multi_otsu_thresholds(h, 1).empty());
  CHECK(hs::multi_otsu_thresholds(h, 5).empty());
}

TEST_CASE("multi otsu four classes finds four clusters", "[threshold]") {
  std::vector<std::uint64_t> counts(40, 0);
  for (std::size_t c : {3u, 13u, 23u, 33u}) counts[c] = counts[c + 1] = 100;
  const std::vector<double> t = hs::multi_otsu_thresholds(histogram_of(counts, 0.0, 40.0), 4);
  CHECK(t == std::vector<double>{4.5, 14.5, 24.5});
}

TEST_CASE("multi otsu refuses searches that would take too long", "[threshold]") {
  // 4 classes over 2000 non-empty bins: about 1.3e9 threshold combinations.
  const hs::Histogram h = histogram_of(std::vector<std::uint64_t>(2000, 1), 0.0, 1.0);
  CHECK(hs::multi_otsu_thresholds(h, 4).empty());
  CHECK(hs::multi_otsu_thresholds(h, 2).size() == 1);
}
