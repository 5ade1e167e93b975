// ROI handles and the ROI a pointer drag gives.
#include "analysis/apt/roi_drag.h"

#include <Eigen/Geometry>

namespace hs {
namespace {

Eigen::Vector3d vec(const std::array<double, 3>& a) { return {a[0], a[1], a[2]}; }
std::array<double, 3> arr(const Eigen::Vector3d& v) { return {v.x(), v.y(), v.z()}; }

// A unit vector perpendicular to `axis` and, when possible, to `view_dir`.
Eigen::Vector3d side_of(const Eigen::Vector3d& axis, const Eigen::Vector3d& view_dir) {
  Eigen::Vector3d side = axis.cross(view_dir);
  if (side.squaredNorm() < 1e-12 * view_dir.squaredNorm()) side = axis.unitOrthogonal();
  return side.normalized();
}

// How far the point of the line (point, unit_direction) closest to the pointer moved.
std::optional<double> slide(const Eigen::Vector3d& point, const Eigen::Vector3d& unit_direction, const ViewRay& grab,
                            const ViewRay& ray) {
  const auto from = closest_on_line(point, unit_direction, grab);
  const auto to = closest_on_line(point, unit_direction, ray);
  if (!from || !to) return std::nullopt;
  return *to - *from;
}

std::optional<IonRoi> drag_cylinder(const RoiDrag& drag, const CylinderRoi& c, const ViewRay& ray) {
  Eigen::Vector3d centre = vec(c.centre_nm);
  const Eigen::Vector3d axis = vec(c.axis);
  double radius = c.radius_nm, length = c.length_nm;
  switch (drag.handle.kind) {
    case RoiHandleKind::centre: {
      if (drag.along_axis) {
        const auto ds = slide(centre, axis, drag.grab, ray);
        if (!ds) return std::nullopt;
        centre += *ds * axis;
        break;
      }
      const auto from = ray_plane_point(drag.grab, centre, drag.view_dir);
      const auto to = ray_plane_point(ray, centre, drag.view_dir);
      if (!from || !to) return std::nullopt;
      centre += *to - *from;
      break;
    }
    case RoiHandleKind::start_cap:
    case RoiHandleKind::end_cap: {
      const auto ds = slide(drag.handle.position_nm, axis, drag.grab, ray);
      if (!ds) return std::nullopt;
      length += drag.handle.kind == RoiHandleKind::end_cap ? *ds : -*ds;
      centre += 0.5 * *ds * axis;
      break;
    }
    case RoiHandleKind::radius:
      radius += line_distance_nm(centre, axis, ray) - line_distance_nm(centre, axis, drag.grab);
      break;
    case RoiHandleKind::box_face: return std::nullopt;
  }
  auto made = make_cylinder(arr(centre), c.axis, radius, length);
  if (!made) return std::nullopt;
  return IonRoi{*made, drag.roi.box_axis};
}

std::optional<IonRoi> drag_box(const RoiDrag& drag, const BoxRoi& b, const ViewRay& ray) {
  Eigen::Vector3d lo = vec(b.min_nm), hi = vec(b.max_nm);
  switch (drag.handle.kind) {
    case RoiHandleKind::centre: {
      Eigen::Vector3d move;
      if (drag.along_axis) {
        const Eigen::Vector3d axis = Eigen::Vector3d::Unit(drag.roi.box_axis);
        const auto ds = slide(drag.handle.position_nm, axis, drag.grab, ray);
        if (!ds) return std::nullopt;
        move = *ds * axis;
      } else {
        const auto from = ray_plane_point(drag.grab, drag.handle.position_nm, drag.view_dir);
        const auto to = ray_plane_point(ray, drag.handle.position_nm, drag.view_dir);
        if (!from || !to) return std::nullopt;
        move = *to - *from;
      }
      lo += move;
      hi += move;
      break;
    }
    case RoiHandleKind::box_face: {
      const auto ds = slide(drag.handle.position_nm, Eigen::Vector3d::Unit(drag.handle.axis), drag.grab, ray);
      if (!ds) return std::nullopt;
      (drag.handle.upper ? hi : lo)[drag.handle.axis] += *ds;
      break;
    }
    default: return std::nullopt;
  }
  auto made = make_box_roi(arr(lo), arr(hi), drag.roi.box_axis);
  if (!made) return std::nullopt;
  return *made;
}

}  // namespace

std::vector<RoiHandle> roi_handles(const IonRoi& roi, const Eigen::Vector3d& view_dir) {
  std::vector<RoiHandle> handles;
  if (const auto* c = std::get_if<CylinderRoi>(&roi.shape)) {
    const Eigen::Vector3d centre = vec(c->centre_nm), axis = vec(c->axis);
    handles.push_back({RoiHandleKind::centre, 0, false, centre});
    handles.push_back({RoiHandleKind::start_cap, 0, false, centre - 0.5 * c->length_nm * axis});
    handles.push_back({RoiHandleKind::end_cap, 0, false, centre + 0.5 * c->length_nm * axis});
    handles.push_back({RoiHandleKind::radius, 0, false, centre + c->radius_nm * side_of(axis, view_dir)});
    return handles;
  }
  const BoxRoi& b = std::get<BoxRoi>(roi.shape);
  const Eigen::Vector3d lo = vec(b.min_nm), hi = vec(b.max_nm), mid = 0.5 * (lo + hi);
  handles.push_back({RoiHandleKind::centre, 0, false, mid});
  for (int a = 0; a < 3; ++a) {
    for (bool upper : {false, true}) {
      Eigen::Vector3d face = mid;
      face[a] = upper ? hi[a] : lo[a];
      handles.push_back({RoiHandleKind::box_face, a, upper, face});
    }
  }
  return handles;
}

std::optional<IonRoi> drag_roi(const RoiDrag& drag, const ViewRay& ray) {
  if (const auto* c = std::get_if<CylinderRoi>(&drag.roi.shape)) return drag_cylinder(drag, *c, ray);
  return drag_box(drag, std::get<BoxRoi>(drag.roi.shape), ray);
}

}  // namespace hs
