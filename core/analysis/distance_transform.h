// Exact Euclidean distance transform of a mask with anisotropic voxels (separable
// Felzenszwalb–Huttenlocher lower envelope of parabolas), the depth map of segmentation and profiles.
#pragma once

#include "analysis/analysis_control.h"
#include "analysis/grid.h"
#include "util/result.h"

namespace hs {

// Which voxels get a distance, and to what.
enum class DistanceTo {
  background,  // each foreground voxel (mask != 0): distance to the nearest background voxel
  foreground,  // each background voxel (mask == 0): distance to the nearest foreground voxel
};

// Distance of each voxel to the nearest voxel of the other kind (see DistanceTo), measured between
// voxel centres in the unit of mask.voxel (lengths mask.voxel.zyx per step along z, y, x); voxels
// of the target kind themselves get 0. Equal to scipy.ndimage.distance_transform_edt(mask,
// sampling=voxel.zyx) for DistanceTo::background, and to distance_transform_edt(mask == 0, ...)
// for DistanceTo::foreground.
//
// Outside the grid counts as nothing: when the grid holds no voxel of the target kind at all
// (e.g. an all-foreground mask with DistanceTo::background), every other voxel gets +infinity.
// (scipy instead measures to a phantom target voxel at (-1, 0, 0) in that case.)
//
// Exactness: squared distances are computed per line in double and stored between the three
// passes as float (relative error <= 2^-24 per pass; exact for unit voxels up to 4096 per axis),
// then the square root is rounded to float. Identical natively and in wasm.
// Errors: a voxel length that is not finite and positive (invalid_argument); cancellation through
// `control` (cancelled_error("distance_transform")). Reports progress over the three passes.
Result<FloatGrid> distance_transform(const MaskGrid& mask, DistanceTo to = DistanceTo::background,
                                     const AnalysisControl* control = nullptr);

}  // namespace hs
