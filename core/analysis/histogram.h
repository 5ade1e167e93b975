// Histograms and summary statistics of float values that ignore NaN (no data): the input of the
// thresholds and of the UI histogram widget. Works on any span of floats (a FloatGrid's values).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace hs {

// `counts.size()` equal-width bins over [lo, hi]; bin i covers [edge(i), edge(i+1)), the last bin
// also includes hi (NumPy's np.histogram convention).
struct Histogram {
  double lo = 0.0, hi = 1.0;
  std::vector<std::uint64_t> counts;

  double bin_width() const { return (hi - lo) / static_cast<double>(counts.size()); }
  // Left edge of bin i; bin_edge(counts.size()) is hi exactly (edges as np.linspace(lo, hi, n+1)).
  double bin_edge(std::size_t i) const;
  // Midpoint of bin i's edges, as skimage.exposure.histogram's bin_centers.
  double bin_center(std::size_t i) const { return (bin_edge(i) + bin_edge(i + 1)) / 2.0; }
  std::uint64_t total() const;
};

// Counts the non-NaN `values` in `bins` bins over `range`, or over [finite min, finite
// max] of the values when no range is given. Values outside the range, NaN and (with an automatic
// range) infinities are not counted. With bins == 0, a non-finite range or lo > hi, nothing is
// counted. A degenerate range (lo == hi) widens to [lo - 0.5, hi + 0.5]
// like NumPy; with no finite values the automatic range is [0, 1]. Binning follows np.histogram
// exactly in float64, so counts equal np.histogram(values.astype(np.float64), bins, range). (On
// float32 arrays NumPy bins in float32, which can move a value lying within float32 rounding of
// an edge into the neighbouring bin.)
Histogram make_histogram(std::span<const float> values, std::size_t bins,
                         std::optional<std::pair<double, double>> range = {});

// Summary statistics of the non-NaN values. With count == 0 every other field is NaN.
struct ValueStats {
  std::uint64_t count = 0;
  double mean = 0.0;
  double std = 0.0;     // population standard deviation (ddof = 0)
  double median = 0.0;  // exact median; the mean of the two middle values for an even count
  double min = 0.0, max = 0.0;
  // Fraction of the counted values strictly below lo or strictly above hi of the range given to
  // value_stats; 0 when no range was given.
  double fraction_out_of_range = 0.0;
};

// Statistics of `values`, ignoring NaN. Copies the non-NaN values once (for the median).
ValueStats value_stats(std::span<const float> values,
                       std::optional<std::pair<double, double>> out_of_range_outside = {});

}  // namespace hs
