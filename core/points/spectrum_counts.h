// Counting from a binned mass spectrum (a point store's `spectrum`, see points/point_store.h)
// instead of from the ions: ions per species under a range table, bin-edge snapping for range
// ends, and rebinning to a coarser width for plotting at any zoom.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "points/range_table.h"

namespace hs {

// Ions per species from a spectrum whose bin i holds the masses in [i, i + 1) / bins_per_da Da.
// Each bin counts for the ion of the first range holding the bin's centre ((i + 0.5) /
// bins_per_da, low_da <= centre < high_da), the rule of the species colour lookup table
// (points/species_lut.h, which also colours a centre lying exactly on high_da); bins in no range
// count as unranged. This is exact, equal to count_ions() over the ions themselves, when every
// range end sits on a bin edge (the range editor snaps ends there); otherwise each range end
// acts as if moved to the nearest bin edge, so counts are right to the spectrum's resolution
// (0.01 Da for a point store). Ranges with low_da >= high_da count nothing. per_ion is indexed
// like table.ions.
IonCounts count_ions_in_spectrum(const RangeTable& table, std::span<const std::uint64_t> spectrum,
                                 double bins_per_da);

// The bin edge (a multiple of 1 / bins_per_da) nearest to `mass_da`.
double snap_to_bin_edge(double mass_da, double bins_per_da);

// Counts over [lo_da, hi_da) in bins of bin_width_da, for a plot: bin_width_da is rounded to a
// whole number k >= 1 of spectrum bins and lo_da, hi_da to the nearest spectrum bin edges; output
// bin j sums spectrum bins [first + j k, first + (j + 1) k) with first = lo_da × bins_per_da, the
// last output bin cut at hi_da. Bins outside the spectrum count 0. Empty when hi_da <= lo_da
// (after rounding) or either is not finite. Requires |lo_da|, |hi_da| × bins_per_da < 2^53.
std::vector<std::uint64_t> rebin_spectrum(std::span<const std::uint64_t> spectrum, double bins_per_da,
                                          double lo_da, double hi_da, double bin_width_da);

}  // namespace hs
