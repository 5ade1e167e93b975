// Placing an atom probe ROI with the pointer: the handles drawn on it and what dragging each does.
// A cylinder has a centre handle (moves it in the view plane, or along its axis), a handle on each
// cap (moves that cap along the axis, the other staying) and a radius handle on its surface; a box
// has a centre handle and one on each face (moves that face along its normal). All in the layer's
// frame (nm): the viewer brings the pointer's line there with ray_in_layer (scene/view_ray.h).
#pragma once

#include <optional>
#include <vector>

#include <Eigen/Core>

#include "analysis/apt/roi.h"
#include "scene/view_ray.h"

namespace hs {

enum class RoiHandleKind { centre, start_cap, end_cap, radius, box_face };

struct RoiHandle {
  RoiHandleKind kind = RoiHandleKind::centre;
  int axis = 0;         // box_face: the face's normal (0 = x, 1 = y, 2 = z)
  bool upper = false;   // box_face: the face at max_nm[axis] (else min_nm[axis])
  Eigen::Vector3d position_nm = Eigen::Vector3d::Zero();
};

// The handles of `roi`. Cylinder: centre, start cap centre, end cap centre, and the radius handle
// at the centre's height on the side, in the direction perpendicular to the axis and to
// `view_dir` (so that it shows beside the axis; any perpendicular when the two are parallel).
// Box: centre, then the faces min x, max x, min y, max y, min z, max z.
std::vector<RoiHandle> roi_handles(const IonRoi& roi, const Eigen::Vector3d& view_dir);

// A drag begun on `handle` of `roi` with the pointer on `grab`; view_dir is the camera's viewing
// direction (all in the layer frame). With along_axis, the centre handle moves the ROI along the
// cylinder's axis (a box: along its profile axis) instead of in the view plane.
struct RoiDrag {
  IonRoi roi;
  RoiHandle handle;
  ViewRay grab;
  Eigen::Vector3d view_dir = Eigen::Vector3d::UnitZ();
  bool along_axis = false;
};

// The ROI with the pointer moved from the grab to `ray`, the grabbed point following the pointer:
//  - centre: the pointer's move in the plane through the centre facing the camera (along_axis: the
//    move of the axis point closest to the pointer's line) moves the whole ROI;
//  - a cap: its centre moves along the axis by the move of the axis point closest to the pointer;
//    the other cap stays;
//  - radius: grows by the change of the distance between the pointer's line and the axis;
//  - a box face: moves along its normal by the move of the closest point on that normal's line.
// None when the result is no valid ROI (a length or radius <= 0, a face past the opposite one) or
// the pointer's line runs parallel to the line or plane of the move.
std::optional<IonRoi> drag_roi(const RoiDrag& drag, const ViewRay& ray);

}  // namespace hs
