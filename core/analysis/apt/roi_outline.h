// The outline of an atom probe ROI as line segments, for drawing it in the 3D view: a cylinder's
// two end circles and four lines along its axis, or a box's twelve edges.
#pragma once

#include <array>
#include <vector>

#include <Eigen/Core>

#include "analysis/apt/roi.h"

namespace hs {

inline constexpr int kMinOutlineCircleSegments = 3;

// Line segments (start, end) outlining `roi`, in the ROI's frame (the layer's nm). A cylinder gives
// each end circle (at centre ± axis × length/2, radius radius_nm) as a closed loop of
// `circle_segments` chords (fewer than kMinOutlineCircleSegments counts as that many), the start
// cap first, then 4 lines from the start cap to the end cap a quarter turn apart on the surface.
// A box gives its 12 edges, each from the lower to the higher corner along one axis.
std::vector<std::array<Eigen::Vector3d, 2>> roi_outline_segments(const IonRoi& roi, int circle_segments = 48);

}  // namespace hs
