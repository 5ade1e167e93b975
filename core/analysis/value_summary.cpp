// Histogram and running moments of values added in pieces.
#include "analysis/value_summary.h"

#include <cmath>
#include <limits>

namespace hs {

ValueSummary::ValueSummary(double lo, double hi, std::size_t bins, std::optional<std::pair<double, double>> range)
    : histogram_(make_histogram({}, bins, std::pair(lo, hi))), range_(range) {}

void ValueSummary::add(std::span<const float> values) {
  const Histogram piece = make_histogram(values, histogram_.counts.size(), std::pair(histogram_.lo, histogram_.hi));
  for (std::size_t i = 0; i < piece.counts.size(); ++i) histogram_.counts[i] += piece.counts[i];
  for (const float value : values) {
    if (std::isnan(value)) continue;
    if (!shifted_) {
      shift_ = value;
      shifted_ = true;
    }
    const double d = static_cast<double>(value) - shift_;
    sum_ += d;
    sum_squares_ += d * d;
    ++count_;
    if (range_ && (value < range_->first || value > range_->second)) ++out_of_range_;
  }
}

double ValueSummary::mean() const {
  return count_ == 0 ? std::numeric_limits<double>::quiet_NaN() : shift_ + sum_ / static_cast<double>(count_);
}

double ValueSummary::std() const {
  if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
  const double n = static_cast<double>(count_);
  const double mean_d = sum_ / n;
  return std::sqrt(std::max(0.0, sum_squares_ / n - mean_d * mean_d));
}

double ValueSummary::median() const {
  const std::uint64_t total = histogram_.total();
  if (total == 0) return std::numeric_limits<double>::quiet_NaN();
  // The lower middle value for an even count: the ((total + 1) / 2)-th smallest binned value.
  const std::uint64_t rank = (total + 1) / 2;
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < histogram_.counts.size(); ++i) {
    seen += histogram_.counts[i];
    if (seen >= rank) return histogram_.bin_center(i);
  }
  return histogram_.bin_center(histogram_.counts.size() - 1);
}

double ValueSummary::fraction_out_of_range() const {
  return count_ == 0 ? 0.0 : static_cast<double>(out_of_range_) / static_cast<double>(count_);
}

}  // namespace hs
