// Tests of analysis/histogram: np.histogram's binning convention, NaN handling, summary statistics.
#include "analysis/histogram.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "analysis_test_support.h"

namespace {
const float kNaN = std::numeric_limits<float>::quiet_NaN();
}

TEST_CASE("histogram bins by np.histogram rules", "[histogram]") {
  // Range [0, 4] in 4 bins: edges 0,1,2,3,4; 4 falls in the last bin, -1 and 5 are dropped.
  const std::vector<float> values{0.0f, 0.5f, 1.0f, 1.999f, 2.0f, 3.5f, 4.0f, -1.0f, 5.0f, kNaN};
  const hs::Histogram h = hs::make_histogram(values, 4, std::pair{0.0, 4.0});
  CHECK(h.counts == std::vector<std::uint64_t>{2, 2, 1, 2});
  CHECK(h.total() == 7);
  CHECK(h.bin_width() == 1.0);
  CHECK(h.bin_center(0) == 0.5);
  CHECK(h.bin_center(3) == 3.5);
  CHECK(h.bin_edge(4) == 4.0);
}

TEST_CASE("histogram automatic range is the finite min and max", "[histogram]") {
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> values{kNaN, 2.0f, inf, 6.0f, -inf, 4.0f, 3.0f};
  const hs::Histogram h = hs::make_histogram(values, 2);
  CHECK(h.lo == 2.0);
  CHECK(h.hi == 6.0);
  CHECK(h.counts == std::vector<std::uint64_t>{2, 2});  // {2, 3} and {4, 6}
}

TEST_CASE("histogram of a constant or empty input", "[histogram]") {
  const std::vector<float> constant{7.0f, 7.0f, 7.0f};
  const hs::Histogram h = hs::make_histogram(constant, 3);
  CHECK(h.lo == 6.5);
  CHECK(h.hi == 7.5);
  CHECK(h.counts == std::vector<std::uint64_t>{0, 3, 0});
  const std::vector<float> nothing{kNaN, kNaN};
  const hs::Histogram e = hs::make_histogram(nothing, 5);
  CHECK(e.total() == 0);
  CHECK(e.counts.size() == 5);
}

TEST_CASE("histogram edges are exact for values on an edge", "[histogram]") {
  // Range [0, 1] in 10 bins, edges i * 0.1 in double: 0.3f and 0.1f lie just above their edge,
  // 0.7f and 0.9f just below theirs, so they fall in bins 3, 1, 6 and 8.
  const std::vector<float> values{0.3f, 0.7f, 0.1f, 0.9f, 1.0f};
  const hs::Histogram h = hs::make_histogram(values, 10, std::pair{0.0, 1.0});
  const std::vector<std::uint64_t> expected{0, 1, 0, 1, 0, 0, 1, 0, 1, 1};
  CHECK(h.counts == expected);
}

TEST_CASE("value stats of a known sample", "[histogram]") {
  const std::vector<float> values{4.0f, kNaN, 1.0f, 3.0f, 2.0f};
  const hs::ValueStats s = hs::value_stats(values, std::pair{1.5, 3.0});
  CHECK(s.count == 4);
  CHECK(s.mean == 2.5);
  CHECK(s.std == Approx(std::sqrt(1.25)).epsilon(1e-15));
  CHECK(s.median == 2.5);
  CHECK(s.min == 1.0);
  CHECK(s.max == 4.0);
  CHECK(s.fraction_out_of_range == 0.5);  // 1 and 4
  const std::vector<float> odd{5.0f, 9.0f, 1.0f};
  CHECK(hs::value_stats(odd).median == 5.0);
  CHECK(hs::value_stats(odd).fraction_out_of_range == 0.0);
}

TEST_CASE("value stats of no values are NaN", "[histogram]") {
  const std::vector<float> values{kNaN};
  const hs::ValueStats s = hs::value_stats(values);
  CHECK(s.count == 0);
  CHECK(std::isnan(s.mean));
  CHECK(std::isnan(s.median));
}

TEST_CASE("value stats median agrees with a full sort on random data", "[histogram]") {
  hs::test::Lcg random(7);
  for (std::size_t n : {1u, 2u, 10u, 101u, 1000u}) {
    std::vector<float> values(n);
    for (auto& v : values) v = static_cast<float>(random.normal());
    std::vector<float> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    const double expected = n % 2 ? sorted[n / 2] : (double{sorted[n / 2 - 1]} + double{sorted[n / 2]}) / 2.0;
    CHECK(hs::value_stats(values).median == expected);
  }
}

TEST_CASE("histogram with no bins or a bad range counts nothing", "[histogram]") {
  const std::vector<float> values{1.0f, 2.0f, 3.0f};
  CHECK(hs::make_histogram(values, 0).counts.empty());
  CHECK(hs::make_histogram(values, 4, std::pair{3.0, 1.0}).total() == 0);
  CHECK(hs::make_histogram(values, 4, std::pair{0.0, INFINITY}).total() == 0);
  CHECK(hs::make_histogram(values, 4, std::pair{NAN, 1.0}).total() == 0);
}
