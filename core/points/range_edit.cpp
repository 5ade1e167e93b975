// Range-end moves and new ranges, computed in whole bins so every result sits on a bin edge.
#include "points/range_edit.h"

#include <algorithm>
#include <cmath>

namespace hs {
namespace {

// Masses × bins_per_da carry rounding noise; ends closer than this (in bins) to an edge are on it.
constexpr double kEdgeToleranceBins = 1e-6;

// Index of the lowest bin edge at or above mass_da, and of the highest at or below it.
double edge_at_or_above(double mass_da, double bins_per_da) {
  return std::ceil(mass_da * bins_per_da - kEdgeToleranceBins);
}
double edge_at_or_below(double mass_da, double bins_per_da) {
  return std::floor(mass_da * bins_per_da + kEdgeToleranceBins);
}

bool is_empty(const MassRange& range) {
  return !(range.low_da < range.high_da);
}

// The highest high_da at or below mass_da among the non-empty ranges other than `skip` (0 if none).
double gap_start(const RangeTable& table, double mass_da, std::size_t skip) {
  double start = 0.0;
  for (std::size_t i = 0; i < table.ranges.size(); ++i) {
    const MassRange& r = table.ranges[i];
    if (i != skip && !is_empty(r) && r.high_da <= mass_da) start = std::max(start, r.high_da);
  }
  return start;
}

// The lowest low_da at or above mass_da among the non-empty ranges other than `skip` (kMaxMassDa
// if none).
double gap_end(const RangeTable& table, double mass_da, std::size_t skip) {
  double end = kMaxMassDa;
  for (std::size_t i = 0; i < table.ranges.size(); ++i) {
    const MassRange& r = table.ranges[i];
    if (i != skip && !is_empty(r) && r.low_da >= mass_da) end = std::min(end, r.low_da);
  }
  return end;
}

}  // namespace

double moved_range_end(const RangeTable& table, std::size_t index, RangeEnd end, double mass_da,
                       double bins_per_da) {
  const MassRange& moved = table.ranges[index];
  const double current = end == RangeEnd::low ? moved.low_da : moved.high_da;
  double lowest = 0, highest = 0;  // bin edge indices
  if (end == RangeEnd::low) {
    lowest = edge_at_or_above(gap_start(table, moved.low_da, index), bins_per_da);
    highest = edge_at_or_below(moved.high_da, bins_per_da) - 1;
  } else {
    lowest = edge_at_or_above(moved.low_da, bins_per_da) + 1;
    highest = edge_at_or_below(gap_end(table, moved.high_da, index), bins_per_da);
  }
  if (!std::isfinite(mass_da) || lowest > highest) return current;
  return std::clamp(std::round(mass_da * bins_per_da), lowest, highest) / bins_per_da;
}

std::optional<MassRange> new_range_in_gap(const RangeTable& table, double start_da, double end_da,
                                          std::size_t ion_index, double bins_per_da) {
  if (!std::isfinite(start_da) || !std::isfinite(end_da)) return std::nullopt;
  const bool inside = std::any_of(table.ranges.begin(), table.ranges.end(), [&](const MassRange& r) {
    return r.low_da <= start_da && start_da < r.high_da;
  });
  if (inside) return std::nullopt;
  const std::size_t none = table.ranges.size();  // no range to skip
  const double lowest = edge_at_or_above(gap_start(table, start_da, none), bins_per_da);
  const double highest = edge_at_or_below(gap_end(table, start_da, none), bins_per_da);
  const double low = std::max(std::round(std::min(start_da, end_da) * bins_per_da), lowest);
  const double high = std::min(std::round(std::max(start_da, end_da) * bins_per_da), highest);
  if (high - low < 1) return std::nullopt;
  MassRange range;
  range.low_da = low / bins_per_da;
  range.high_da = high / bins_per_da;
  range.ion_index = ion_index;
  return range;
}

}  // namespace hs
