// Otsu and multi-Otsu thresholds (and histogram counts) against NumPy and scikit-image on the
// same histograms: random, bimodal, trimodal and four-modal samples with no-data values.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <sstream>

#include "analysis/threshold.h"
#include "analysis_test_support.h"
#include "support/python_reference.h"

namespace {

// Sample k: a mixture of `modes` normal clusters (uniform noise for modes == 0) with 2% NaN.
std::vector<float> sample(int modes, std::size_t n, std::uint64_t seed) {
  hs::test::Lcg random(seed);
  std::vector<float> values(n);
  for (auto& v : values) {
    if (random.uniform() < 0.02) {
      v = std::numeric_limits<float>::quiet_NaN();
    } else if (modes == 0) {
      v = static_cast<float>(random.uniform() * 100.0);
    } else {
      const auto mode = static_cast<int>(random.uniform() * modes);
      const double weight_sd = 1.0 + 0.5 * mode;
      v = static_cast<float>(10.0 * mode * mode + 7.0 * mode + weight_sd * random.normal());
    }
  }
  return values;
}

bool close(double a, double b) { return std::abs(a - b) <= 1e-6 * std::max(std::abs(a), std::abs(b)); }

}  // namespace

TEST_CASE("otsu and multi otsu equal skimage on the same histogram", "[threshold][reference]") {
  struct Case {
    int modes;
    std::size_t bins;
    std::uint64_t seed;
  };
  const std::vector<Case> cases{{0, 256, 1}, {2, 256, 2}, {3, 256, 3}, {4, 256, 4},
                                {0, 64, 5},  {2, 64, 6},  {3, 100, 7}, {4, 128, 8}};
  hs::test::ScratchFolder folder;
  std::vector<hs::Histogram> histograms;
  for (std::size_t k = 0; k < cases.size(); ++k) {
    const std::vector<float> values = sample(cases[k].modes, 40000, cases[k].seed);
    const hs::Histogram h = hs::make_histogram(values, cases[k].bins);
    std::vector<double> raw{static_cast<double>(h.counts.size()), h.lo, h.hi};
    for (auto c : h.counts) raw.push_back(static_cast<double>(c));
    for (std::size_t i = 0; i < h.counts.size(); ++i) raw.push_back(h.bin_center(i));
    hs::test::write_raw(folder.path + "/case" + std::to_string(k) + "_values.f32", values);
    hs::test::write_raw(folder.path + "/case" + std::to_string(k) + "_hist.f64", raw);
    histograms.push_back(h);
  }
  std::istringstream lines(hs::test::run_python_reference(
      "tests/reference/threshold_check.py", "'" + folder.path + "' " + std::to_string(cases.size())));
  for (std::size_t k = 0; k < cases.size(); ++k) {
    INFO("case " << k << " modes " << cases[k].modes << " bins " << cases[k].bins);
    std::size_t index = 0;
    int same_counts = 0;
    lines >> index >> same_counts;
    REQUIRE(index == k);
    CHECK(same_counts == 1);
    double expected = 0.0;
    lines >> expected;
    CHECK(close(hs::otsu_threshold(histograms[k]), expected));
    for (int classes = 2; classes <= 4; ++classes) {
      const std::vector<double> ours = hs::multi_otsu_thresholds(histograms[k], classes);
      REQUIRE(ours.size() == static_cast<std::size_t>(classes - 1));
      for (double t : ours) {
        lines >> expected;
        INFO("classes " << classes);
        CHECK(close(t, expected));
      }
    }
  }
}
