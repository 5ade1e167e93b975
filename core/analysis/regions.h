// Region classes of a value grid (e.g. low / medium / high lattice parameter) by thresholds, and
// the volume fraction of each class, per time point, within a mask or per particle.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "analysis/grid.h"
#include "util/result.h"

namespace hs {

// Classes from K - 1 thresholds t_0 < t_1 < ... (finite, strictly increasing, at most 254): class k
// (0-based) holds the values v with t_{k-1} <= v < t_k, i.e. k = the number of thresholds <= v.
// Two thresholds give the classes low (v < t_0), medium, high (v >= t_1).

// The class of every voxel: 0 where the value is NaN (no data), else 1 + the class (1..K).
// Errors: invalid thresholds (invalid_argument).
Result<Grid3<std::uint8_t>> classify_regions(const FloatGrid& grid, std::span<const double> thresholds);

// Voxel counts of each class among the valid (non-NaN) voxels considered.
struct RegionFractions {
  std::uint64_t valid_count = 0;
  std::vector<std::uint64_t> counts;  // per class, K entries
  std::vector<double> fractions;      // counts / valid_count; NaN when valid_count == 0
  std::vector<double> volumes;        // counts * voxel volume, in the grid's unit^3
};

// Class fractions of the valid voxels of `grid`, of those with (*within) != 0 when `within` is
// given. Errors: invalid thresholds, `within` of another shape (invalid_argument).
Result<RegionFractions> region_fractions(const FloatGrid& grid, std::span<const double> thresholds,
                                         const MaskGrid* within = nullptr);

// The same for each time point of a channel (one grid per time point), in order.
Result<std::vector<RegionFractions>> region_fractions(std::span<const FloatGrid> time_points,
                                                      std::span<const double> thresholds, const MaskGrid* within = nullptr);

// Class fractions inside each particle.
struct LabelRegionFractions {
  std::uint32_t label = 0;
  RegionFractions fractions;
};

// Class fractions of the valid voxels of each label present in `labels` (increasing label order;
// a label whose voxels are all NaN has valid_count 0). Errors: invalid thresholds, labels of
// another shape (invalid_argument), a label above 2^20 (limit).
Result<std::vector<LabelRegionFractions>> region_fractions_by_label(const FloatGrid& grid, std::span<const double> thresholds,
                                                                    const LabelGrid& labels);

}  // namespace hs
