// Lines through the scene for pointer interaction: the line a pixel sees (world frame, or a layer's
// frame through its placement), where a point lands on screen, and the closest-point geometry
// that turns a pointer drag into a move along a line or in a plane.
#pragma once

#include <optional>

#include <Eigen/Core>

#include "scene/camera.h"
#include "scene/layer_transform.h"

namespace hs {

// The points origin_nm + t × direction for every real t; direction is a unit vector pointing away
// from the eye.
struct ViewRay {
  Eigen::Vector3d origin_nm = Eigen::Vector3d::Zero();
  Eigen::Vector3d direction = Eigen::Vector3d::UnitZ();
};

// The world line drawn at pixel `pixel_px` (x right, y down, from the viewport's top-left corner,
// in the same pixels as `viewport_px` = width, height): through the eye for a perspective camera,
// along the viewing direction for an orthographic one. Consistent with camera_view_matrix and
// camera_projection_matrix, and with camera_pixel.
ViewRay camera_pixel_ray(const CameraState& camera, const Eigen::Vector2d& pixel_px, const Eigen::Vector2d& viewport_px);

// The pixel (as above) where the world point lands; none when it is not in front of the eye.
std::optional<Eigen::Vector2d> camera_pixel(const CameraState& camera, const Eigen::Vector2d& viewport_px,
                                            const Eigen::Vector3d& world_nm);

// A world line in the frame of a layer placed by `transform` (the same points, in layer nm).
ViewRay ray_in_layer(const ViewRay& world, const LayerTransform& transform);

// The parameter s of the point of the line point_nm + s × unit_direction closest to `ray`; none
// when the two are parallel (within 1e-9 of the sine squared of their angle).
std::optional<double> closest_on_line(const Eigen::Vector3d& point_nm, const Eigen::Vector3d& unit_direction,
                                      const ViewRay& ray);

// The distance (nm) between the line point_nm + s × unit_direction and `ray`'s line.
double line_distance_nm(const Eigen::Vector3d& point_nm, const Eigen::Vector3d& unit_direction, const ViewRay& ray);

// Where `ray` crosses the plane through point_nm with normal `normal`; none when it runs parallel
// to it (|cos| below 1e-9).
std::optional<Eigen::Vector3d> ray_plane_point(const ViewRay& ray, const Eigen::Vector3d& point_nm,
                                               const Eigen::Vector3d& normal);

}  // namespace hs
