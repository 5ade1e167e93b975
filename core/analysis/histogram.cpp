// Histograms and summary statistics of float values that ignore NaN (see histogram.h).
#include "analysis/histogram.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace hs {

double Histogram::bin_edge(std::size_t i) const {
  if (i >= counts.size()) return hi;
  return static_cast<double>(i) * bin_width() + lo;
}

std::uint64_t Histogram::total() const {
  return std::accumulate(counts.begin(), counts.end(), std::uint64_t{0});
}

namespace {

std::pair<double, double> finite_range(std::span<const float> values) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (float v : values) {
    if (!std::isfinite(v)) continue;
    lo = std::min(lo, static_cast<double>(v));
    hi = std::max(hi, static_cast<double>(v));
  }
  if (lo > hi) return {0.0, 1.0};
  return {lo, hi};
}

}  // namespace

Histogram make_histogram(std::span<const float> values, std::size_t bins,
                         std::optional<std::pair<double, double>> range) {
  auto [lo, hi] = range ? *range : finite_range(values);
  if (lo == hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  Histogram histogram{lo, hi, std::vector<std::uint64_t>(bins, 0)};
  if (bins == 0 || !std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi)) return histogram;
  const auto n = static_cast<std::int64_t>(bins);
  const double norm = static_cast<double>(bins) / (hi - lo);
  for (float value : values) {
    const double v = value;
    if (!(v >= lo && v <= hi)) continue;  // also drops NaN
    // np.histogram: index from the scaled offset, then corrected against the exact edges.
    const double scaled = (v - lo) * norm;  // NaN or huge only for a subnormal-width range
    std::int64_t i = scaled < static_cast<double>(n) ? static_cast<std::int64_t>(scaled) : n - 1;
    if (i > 0 && v < histogram.bin_edge(static_cast<std::size_t>(i))) --i;
    if (i != n - 1 && v >= histogram.bin_edge(static_cast<std::size_t>(i + 1))) ++i;
    ++histogram.counts[static_cast<std::size_t>(i)];
  }
  return histogram;
}

ValueStats value_stats(std::span<const float> values,
                       std::optional<std::pair<double, double>> out_of_range_outside) {
  std::vector<float> valid;
  valid.reserve(values.size());
  for (float v : values)
    if (!std::isnan(v)) valid.push_back(v);

  ValueStats stats;
  stats.count = valid.size();
  if (valid.empty()) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    stats.mean = stats.std = stats.median = stats.min = stats.max = stats.fraction_out_of_range = nan;
    return stats;
  }
  const auto count = static_cast<double>(valid.size());
  double sum = 0.0;
  double lo = valid.front(), hi = valid.front();
  std::uint64_t outside = 0;
  for (float v : valid) {
    sum += v;
    lo = std::min(lo, static_cast<double>(v));
    hi = std::max(hi, static_cast<double>(v));
    if (out_of_range_outside && (v < out_of_range_outside->first || v > out_of_range_outside->second))
      ++outside;
  }
  stats.mean = sum / count;
  double squares = 0.0;  // second pass about the mean: no cancellation
  for (float v : valid) squares += (v - stats.mean) * (v - stats.mean);
  stats.std = std::sqrt(squares / count);
  stats.min = lo;
  stats.max = hi;
  stats.fraction_out_of_range = static_cast<double>(outside) / count;

  const std::size_t middle = valid.size() / 2;
  std::nth_element(valid.begin(), valid.begin() + static_cast<std::ptrdiff_t>(middle), valid.end());
  stats.median = valid[middle];
  if (valid.size() % 2 == 0) {
    const float below = *std::max_element(valid.begin(), valid.begin() + static_cast<std::ptrdiff_t>(middle));
    stats.median = (static_cast<double>(below) + static_cast<double>(valid[middle])) / 2.0;
  }
  return stats;
}

}  // namespace hs
