// Smoothing filters for FloatGrids that respect no-data (NaN) voxels: separable Gaussian (as
// scipy.ndimage.gaussian_filter, mode 'nearest', truncate 4) and the 3x3x3 median.
#pragma once

#include <array>

#include "analysis/analysis_control.h"
#include "analysis/grid.h"
#include "util/result.h"

namespace hs {

// Gaussian smoothing with standard deviation `sigma_zyx` along z, y, x in the grid's length unit
// (grid.voxel.unit; voxels when the unit is empty), converted to voxels with grid.voxel. An axis
// with sigma 0 is left alone. The kernel along each axis has radius int(4 sigma_voxels + 0.5) and
// sums to 1; outside the grid the nearest edge voxel repeats (scipy mode 'nearest'). NaN voxels
// contribute nothing and stay NaN: the result at a valid voxel is the normalised convolution
// sum(w v) / sum(w) over the valid voxels. On NaN-free grids this is
// scipy.ndimage.gaussian_filter(grid, sigma_voxels, mode='nearest', truncate=4.0) (axes z, y, x
// in turn, float32 between axes, double within an axis).
// Errors: invalid_argument for a negative or non-finite sigma or a non-positive voxel size; limit
// for a sigma of more than 1000 voxels; cancelled_error("gaussian") when cancelled.
Result<FloatGrid> gaussian_smooth(const FloatGrid& grid, const std::array<double, 3>& sigma_zyx,
                                  const AnalysisControl* control = nullptr);

// Median of the 3x3x3 neighbourhood of every voxel, the grid's edge voxels repeating outside it
// (scipy.ndimage.median_filter(size=3, mode='nearest') on NaN-free grids). NaN neighbours are
// skipped (with an even number of valid neighbours, the mean of the two middle values); NaN voxels
// stay NaN. Errors: cancelled_error("median") when cancelled.
Result<FloatGrid> median_filter3(const FloatGrid& grid, const AnalysisControl* control = nullptr);

}  // namespace hs
