// Marker-controlled watershed that splits touching particles: h-maxima of the distance map as
// markers (morphological reconstruction by dilation), priority flooding within the mask.
#pragma once

#include <cstdint>

#include "analysis/analysis_control.h"
#include "analysis/grid.h"
#include "analysis/labeling.h"
#include "util/result.h"

namespace hs {

// The regional maxima of `image` of height >= h: voxels v with image(v) - R(v) >= h, where R is
// the reconstruction by dilation of (image - h) under image with the neighbourhood `connectivity`.
// This is skimage.morphology.h_maxima(image, h, footprint) with footprint = the connectivity's
// 3x3x3 neighbourhood (skimage's default is corners26). Like skimage, an image whose range
// (max - min) is below h has no h-maxima at all. NaN voxels count as lower than every value and
// are never maxima. The marker image is rounded down to float, so a maximum of height exactly h
// is kept (skimage keeps it through its `resolution` margin, and also keeps heights within ~2e-6
// relative below h on float32 images).
// Errors: h not finite and positive (invalid_argument), voxel count >= 2^32 (limit),
// cancellation (cancelled_error("h_maxima")).
Result<MaskGrid> h_maxima(const FloatGrid& image, double h, Connectivity connectivity = Connectivity::corners26,
                          const AnalysisControl* control = nullptr);

// Marker-controlled watershed of `image` (flooded from low to high values) restricted to `mask`,
// like skimage.segmentation.watershed(image, markers, mask=mask, connectivity) without watershed
// lines or compactness: marker voxels inside the mask keep their label (markers outside the mask
// are ignored); the flood takes voxels from a priority queue ordered by (image value, insertion
// age) and labels each unlabelled mask neighbour when it is first reached. NaN values flood last.
// Ties can differ from skimage only through the order neighbours are visited in (ours: raster
// order, neighbour_offsets(); skimage's for faces6, not for edges18 and corners26).
// Every mask voxel gets a label: mask components without any marker are labelled afterwards with
// label_components(connectivity) and numbered after the largest marker label, in raster order.
// `count` of the result is the largest label. Errors: shapes differ (invalid_argument), voxel count
// >= 2^32 (limit), cancellation (cancelled_error("watershed")).
Result<Labels> watershed(const FloatGrid& image, const LabelGrid& markers, const MaskGrid& mask,
                         Connectivity connectivity = Connectivity::faces6, const AnalysisControl* control = nullptr);

// Parameters of split_particles.
struct SplitParams {
  double h = 1.0;  // minimal height of a marker above its surroundings in the distance map, in the
                   // mask's voxel unit (a physical length); larger h merges more
  Connectivity connectivity = Connectivity::faces6;  // of the flooding and of unmarked components
};

// Splits touching particles of `mask`: distance map (distance_transform), markers = h_maxima of it
// (corners26) labelled with label_components(corners26) in raster order, then the watershed of the
// negated distance map within the mask. The result labels every mask voxel 1..count; a mask
// without any background voxel is one label per connected component. Progress is reported over
// the three steps; errors as for the steps (h validated first). Memory beyond the mask: the float
// distance map (4 bytes per voxel) plus 5 bytes per voxel during h-maxima, then the labels (4
// bytes per voxel, flooded in place) and 16 bytes per voxel of the flood front.
Result<Labels> split_particles(const MaskGrid& mask, const SplitParams& params, const AnalysisControl* control = nullptr);

}  // namespace hs
