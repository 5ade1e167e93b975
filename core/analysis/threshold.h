// Thresholds for segmenting a FloatGrid: a manual value range, Otsu and multi-Otsu on a Histogram
// (computed exactly as scikit-image 0.19's threshold_otsu / threshold_multiotsu given the same
// histogram, hist=(counts, bin centres)).
#pragma once

#include <limits>
#include <vector>

#include "analysis/grid.h"
#include "analysis/histogram.h"

namespace hs {

// Mask of the voxels with lo <= value < hi (lower bound inclusive, upper exclusive); NaN voxels
// are background. Keeps the grid's voxel size. threshold_mask(grid, otsu_threshold(h)) selects
// the voxels at or above the Otsu threshold.
MaskGrid threshold_mask(const FloatGrid& grid, double lo,
                        double hi = std::numeric_limits<double>::infinity());

// Otsu's threshold: the centre of the last bin of the lower class, maximising the between-class
// variance over the histogram trimmed of empty bins at both ends (skimage.filters.threshold_otsu,
// same float64 arithmetic, first maximum wins). With one non-empty bin, that bin's centre; with an
// empty histogram, NaN.
double otsu_threshold(const Histogram& histogram);

// classes - 1 ascending thresholds (bin centres, each the last bin of a lower class) maximising
// the between-class variance, for 2 <= classes <= 4 (skimage.filters.threshold_multiotsu, same
// float32 look-up-table arithmetic so ties break alike). When the histogram has exactly `classes`
// non-empty bins, the centres of all but the last. Returns an empty vector when `classes` is out
// of range, the histogram has fewer non-empty bins than `classes` (skimage raises there), or the
// exhaustive search would visit more than 2e8 threshold combinations (about C(bins, classes - 1):
// e.g. 4 classes over more than about 1000 bins).
std::vector<double> multi_otsu_thresholds(const Histogram& histogram, int classes);

}  // namespace hs
