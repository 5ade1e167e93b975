// A summary of values that arrive in pieces (an image's bricks as they stream in): a fixed-bin
// histogram and running moments, ignoring NaN, refined as more pieces are added. The Display
// panel's histogram and statistics read it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>

#include "analysis/histogram.h"

namespace hs {

class ValueSummary {
 public:
  // `bins` bins over [lo, hi] (binned like make_histogram); `range`: values strictly outside it
  // count as out of range (e.g. the characteristic range of a lattice parameter).
  ValueSummary(double lo, double hi, std::size_t bins, std::optional<std::pair<double, double>> range = {});

  // Adds the non-NaN values; values outside [lo, hi] count in the moments but in no bin.
  void add(std::span<const float> values);

  const Histogram& histogram() const { return histogram_; }
  std::uint64_t count() const { return count_; }
  double mean() const;  // NaN while count() == 0
  double std() const;   // population standard deviation; NaN while count() == 0
  // The centre of the bin holding the middle binned value (within half a bin width of the exact
  // median of the binned values); NaN when no value is binned.
  double median() const;
  double fraction_out_of_range() const;  // 0 without a range or values

 private:
  Histogram histogram_;
  std::optional<std::pair<double, double>> range_;
  std::uint64_t count_ = 0, out_of_range_ = 0;
  double shift_ = 0.0;  // moments are taken about the first value, for accuracy
  bool shifted_ = false;
  double sum_ = 0.0, sum_squares_ = 0.0;
};

}  // namespace hs
