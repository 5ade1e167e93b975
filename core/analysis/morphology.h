// Binary morphology on MaskGrids: structuring elements (box, ball with anisotropic voxels, 6/18/26
// neighbourhoods), erode / dilate / open / close with scipy.ndimage's border (outside = 0), fill
// holes and remove small objects.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "analysis/analysis_control.h"
#include "analysis/grid.h"
#include "analysis/labeling.h"
#include "util/result.h"

namespace hs {

// A structuring element symmetric about its centre, stored as runs along x: for every (dz, dy) it
// covers, the offsets dx in [-half_x, half_x]. A box also records its half-sizes, so erosion and
// dilation can run separably.
struct StructuringElement {
  struct Run {
    int dz = 0, dy = 0, half_x = 0;
  };
  std::vector<Run> runs;
  bool is_box = false;
  std::array<int, 3> box_half_zyx{0, 0, 0};  // meaningful when is_box

  // Number of voxels in the element.
  std::uint64_t voxel_count() const;
};

// The box of (2 half_z + 1) x (2 half_y + 1) x (2 half_x + 1) voxels; invalid_argument when a
// half-size is negative or above 1000.
Result<StructuringElement> box_element(int half_z, int half_y, int half_x);

// The voxel offsets within `radius` (in voxel.unit, voxels when empty) of the centre, with the
// voxel's anisotropic edge lengths: (dz vz)^2 + (dy vy)^2 + (dx vx)^2 <= radius^2, an ellipsoid in
// voxels. invalid_argument for a negative or non-finite radius or a non-positive voxel size; limit
// when the ball's radius exceeds 1000 voxels along an axis.
Result<StructuringElement> ball_element(double radius, const VoxelSize& voxel);

// The centre and its 6, 18 or 26 neighbours (scipy generate_binary_structure(3, 1 / 2 / 3)).
StructuringElement neighbourhood_element(Connectivity connectivity);

// Binary erosion and dilation with `element` (non-zero mask voxels are foreground; the result is
// 0/1), voxels outside the grid counting as background: scipy.ndimage.binary_erosion /
// binary_dilation(structure=element, border_value=0). Boxes run separably in O(voxels) per axis,
// other elements in O(voxels x runs). Errors: cancelled_error("erode" / "dilate").
Result<MaskGrid> erode(const MaskGrid& mask, const StructuringElement& element, const AnalysisControl* control = nullptr);
Result<MaskGrid> dilate(const MaskGrid& mask, const StructuringElement& element, const AnalysisControl* control = nullptr);
// Opening = dilate(erode(mask)), closing = erode(dilate(mask)), as scipy.ndimage.binary_opening /
// binary_closing (closing therefore also erodes from the grid border).
Result<MaskGrid> open(const MaskGrid& mask, const StructuringElement& element, const AnalysisControl* control = nullptr);
Result<MaskGrid> close(const MaskGrid& mask, const StructuringElement& element, const AnalysisControl* control = nullptr);

// Sets every background voxel that is not connected (under `background_connectivity`) to a
// background voxel on the grid border: scipy.ndimage.binary_fill_holes (its default is faces6).
// Errors: cancelled_error("label").
Result<MaskGrid> fill_holes(const MaskGrid& mask, Connectivity background_connectivity = Connectivity::faces6,
                            const AnalysisControl* control = nullptr);

// Clears every connected component of fewer than `min_voxels` voxels:
// skimage.morphology.remove_small_objects(mask, min_size=min_voxels, connectivity=1 / 2 / 3).
// Errors: cancelled_error("label").
Result<MaskGrid> remove_small_objects(const MaskGrid& mask, std::uint64_t min_voxels,
                                      Connectivity connectivity = Connectivity::faces6,
                                      const AnalysisControl* control = nullptr);

}  // namespace hs
