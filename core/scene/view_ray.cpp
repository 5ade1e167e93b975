// Pixel rays through the camera, their placement in a layer's frame, and closest points.
#include "scene/view_ray.h"

#include <algorithm>
#include <cmath>

#include <Eigen/Geometry>
#include <Eigen/LU>

namespace hs {
namespace {

Eigen::Matrix4d world_to_clip(const CameraState& camera, const Eigen::Vector2d& viewport_px) {
  const double aspect = viewport_px.x() / std::max(viewport_px.y(), 1.0);
  return camera_projection_matrix(camera, aspect) * camera_view_matrix(camera);
}

}  // namespace

ViewRay camera_pixel_ray(const CameraState& camera, const Eigen::Vector2d& pixel_px, const Eigen::Vector2d& viewport_px) {
  const double x_ndc = 2.0 * pixel_px.x() / std::max(viewport_px.x(), 1.0) - 1.0;
  const double y_ndc = 1.0 - 2.0 * pixel_px.y() / std::max(viewport_px.y(), 1.0);
  const Eigen::Matrix4d clip_to_world = world_to_clip(camera, viewport_px).inverse();
  // The pixel's points on the near and far planes.
  const Eigen::Vector4d near = clip_to_world * Eigen::Vector4d(x_ndc, y_ndc, -1.0, 1.0);
  const Eigen::Vector4d far = clip_to_world * Eigen::Vector4d(x_ndc, y_ndc, 1.0, 1.0);
  ViewRay ray;
  ray.origin_nm = near.head<3>() / near.w();
  ray.direction = (far.head<3>() / far.w() - ray.origin_nm).normalized();
  return ray;
}

std::optional<Eigen::Vector2d> camera_pixel(const CameraState& camera, const Eigen::Vector2d& viewport_px,
                                            const Eigen::Vector3d& world_nm) {
  const Eigen::Vector4d clip = world_to_clip(camera, viewport_px) * world_nm.homogeneous();
  if (!(clip.w() > 0)) return std::nullopt;
  const Eigen::Vector2d ndc = clip.head<2>() / clip.w();
  return Eigen::Vector2d((ndc.x() + 1.0) * 0.5 * viewport_px.x(), (1.0 - ndc.y()) * 0.5 * viewport_px.y());
}

ViewRay ray_in_layer(const ViewRay& world, const LayerTransform& transform) {
  const Eigen::Matrix3d to_layer = layer_linear(transform).inverse();
  return {to_layer * (world.origin_nm - transform.translation_nm), (to_layer * world.direction).normalized()};
}

std::optional<double> closest_on_line(const Eigen::Vector3d& point_nm, const Eigen::Vector3d& unit_direction,
                                      const ViewRay& ray) {
  // Minimise |point + s u − (origin + t d)|² over s and t (u, d unit vectors).
  const double b = unit_direction.dot(ray.direction);
  const double denominator = 1.0 - b * b;
  if (denominator < 1e-9) return std::nullopt;
  const Eigen::Vector3d w = point_nm - ray.origin_nm;
  return (b * ray.direction.dot(w) - unit_direction.dot(w)) / denominator;
}

double line_distance_nm(const Eigen::Vector3d& point_nm, const Eigen::Vector3d& unit_direction, const ViewRay& ray) {
  const Eigen::Vector3d w = point_nm - ray.origin_nm;
  const Eigen::Vector3d normal = unit_direction.cross(ray.direction);
  const double sine = normal.norm();
  if (sine * sine < 1e-9) return (w - w.dot(ray.direction) * ray.direction).norm();  // parallel lines
  return std::abs(w.dot(normal)) / sine;
}

std::optional<Eigen::Vector3d> ray_plane_point(const ViewRay& ray, const Eigen::Vector3d& point_nm,
                                               const Eigen::Vector3d& normal) {
  const Eigen::Vector3d n = normal.normalized();
  const double cosine = ray.direction.dot(n);
  if (std::abs(cosine) < 1e-9) return std::nullopt;
  return ray.origin_nm + ((point_nm - ray.origin_nm).dot(n) / cosine) * ray.direction;
}

}  // namespace hs
