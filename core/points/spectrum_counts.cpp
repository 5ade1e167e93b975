// Ion counts, bin-edge snapping and rebinning over a binned mass spectrum.
#include "points/spectrum_counts.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hs {
namespace {

struct BinSpan {
  std::size_t begin = 0, end = 0;
};

// Bins i < bins whose centre (i + 0.5) / bins_per_da lies in [low_da, high_da).
BinSpan bins_with_centre_in(const MassRange& range, double bins_per_da, std::size_t bins) {
  if (!(range.low_da < range.high_da)) return {};
  const auto index = [&](double mass_da) {
    const double bin = std::ceil(mass_da * bins_per_da - 0.5);
    return static_cast<std::size_t>(std::clamp(bin, 0.0, static_cast<double>(bins)));
  };
  return {index(range.low_da), index(range.high_da)};
}

}  // namespace

IonCounts count_ions_in_spectrum(const RangeTable& table, std::span<const std::uint64_t> spectrum,
                                 double bins_per_da) {
  IonCounts counts;
  counts.per_ion.assign(table.ions.size(), 0);
  // Ranges in table order; a bin already counted stays with its first range, as ranging does.
  std::vector<bool> counted(spectrum.size(), false);
  std::uint64_t ranged = 0;
  for (const MassRange& range : table.ranges) {
    if (range.ion_index >= table.ions.size()) continue;
    const BinSpan span = bins_with_centre_in(range, bins_per_da, spectrum.size());
    for (std::size_t i = span.begin; i < span.end; ++i) {
      if (counted[i]) continue;
      counted[i] = true;
      counts.per_ion[range.ion_index] += spectrum[i];
      ranged += spectrum[i];
    }
  }
  counts.unranged = std::accumulate(spectrum.begin(), spectrum.end(), std::uint64_t{0}) - ranged;
  return counts;
}

double snap_to_bin_edge(double mass_da, double bins_per_da) {
  return std::round(mass_da * bins_per_da) / bins_per_da;
}

std::vector<std::uint64_t> rebin_spectrum(std::span<const std::uint64_t> spectrum, double bins_per_da,
                                          double lo_da, double hi_da, double bin_width_da) {
  if (!std::isfinite(lo_da) || !std::isfinite(hi_da)) return {};
  constexpr double kMaxIndex = 9007199254740992.0;  // 2^53
  const double width_bins = std::round(bin_width_da * bins_per_da);
  const std::int64_t per_bin =
      width_bins >= 1.0 ? static_cast<std::int64_t>(std::min(width_bins, kMaxIndex)) : 1;
  const std::int64_t first = std::llround(lo_da * bins_per_da);
  const std::int64_t last = std::llround(hi_da * bins_per_da);
  if (last <= first) return {};
  std::vector<std::uint64_t> rebinned(static_cast<std::size_t>((last - first + per_bin - 1) / per_bin), 0);
  const std::int64_t begin = std::max<std::int64_t>(first, 0);
  const std::int64_t end = std::min(last, static_cast<std::int64_t>(spectrum.size()));
  for (std::int64_t i = begin; i < end; ++i) {
    rebinned[static_cast<std::size_t>((i - first) / per_bin)] += spectrum[static_cast<std::size_t>(i)];
  }
  return rebinned;
}

}  // namespace hs
