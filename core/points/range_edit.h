// Hand edits of a range table (the spectrum plot's handles, the ranges table's fields): range ends
// snapped to spectrum bin edges, each range kept at least one bin wide and never moved across the
// ranges next to it.
#pragma once

#include <cstddef>
#include <optional>

#include "points/range_table.h"

namespace hs {

enum class RangeEnd { low, high };

// Where end `end` of table.ranges[index] goes when the user asks for `mass_da`: the nearest bin
// edge (a multiple of 1 / bins_per_da), clamped so that the range stays at least one bin wide and
// within [0, kMaxMassDa] and does not pass its neighbours: the low end stays at or above the high
// ends of the other ranges lying at or below it, the high end at or below the low ends of those
// at or above it (empty ranges, and ranges already overlapping this one, do not constrain it).
// The end's current value when no bin edge satisfies all that or mass_da is not finite.
double moved_range_end(const RangeTable& table, std::size_t index, RangeEnd end, double mass_da,
                       double bins_per_da);

// A range for ion `ion_index` over the masses the user swept from start_da to end_da (either
// order): ends snapped to bin edges and clipped to the gap between ranges that holds start_da.
// nullopt when start_da lies inside a range, is not finite, or less than one bin remains.
std::optional<MassRange> new_range_in_gap(const RangeTable& table, double start_da, double end_da,
                                          std::size_t ion_index, double bins_per_da);

}  // namespace hs
