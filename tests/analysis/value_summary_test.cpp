// A summary built from pieces against the whole-array histogram and statistics of the same values.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "analysis/value_summary.h"

TEST_CASE("value summary: pieces add up to the histogram and statistics of the whole", "[value_summary]") {
  std::vector<float> values;
  std::uint32_t state = 12345;
  for (int i = 0; i < 20000; ++i) {
    state = state * 1664525u + 1013904223u;
    const double u = (state >> 8) * (1.0 / 16777216.0);
    values.push_back(i % 97 == 0 ? NAN : static_cast<float>(8.0 + 0.2 * u * u));  // skewed, in Å
  }
  values.push_back(7.5f);  // below the histogram's range: in the moments, in no bin
  const std::pair<double, double> range(8.076, 8.145);
  hs::ValueSummary summary(8.0, 8.2, 200, range);
  for (std::size_t begin = 0; begin < values.size(); begin += 4096) {
    summary.add(std::span<const float>(values).subspan(begin, std::min<std::size_t>(4096, values.size() - begin)));
  }
  const hs::Histogram whole = hs::make_histogram(values, 200, std::pair(8.0, 8.2));
  CHECK(summary.histogram().counts == whole.counts);
  const hs::ValueStats stats = hs::value_stats(values, range);
  CHECK(summary.count() == stats.count);
  CHECK(summary.mean() == Approx(stats.mean).epsilon(1e-12));
  CHECK(summary.std() == Approx(stats.std).epsilon(1e-9));
  CHECK(summary.fraction_out_of_range() == Approx(stats.fraction_out_of_range).epsilon(1e-15));
  CHECK(std::abs(summary.median() - stats.median) <= 0.5 * whole.bin_width() + 1e-12);

  hs::ValueSummary empty(0.0, 1.0, 10);
  empty.add(std::vector<float>{NAN, NAN});
  CHECK(empty.count() == 0u);
  CHECK(std::isnan(empty.mean()));
  CHECK(std::isnan(empty.median()));
  CHECK(empty.fraction_out_of_range() == 0.0);
}
