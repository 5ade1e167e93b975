// Orbit camera math: eye position, view and projection matrices, orbit / pan / zoom.
#include "scene/camera.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <Eigen/Geometry>

namespace hs {
namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;

// Unit vector from the target towards the eye.
Eigen::Vector3d eye_direction(const CameraState& c) {
  const double az = c.azimuth_deg * kDegToRad;
  const double el = c.elevation_deg * kDegToRad;
  return {std::sin(az) * std::cos(el), -std::cos(az) * std::cos(el), std::sin(el)};
}

// Height in nm of the view at the target distance.
double view_height_nm(const CameraState& c) {
  return 2.0 * c.distance_nm * std::tan(0.5 * c.fov_y_deg * kDegToRad);
}

}  // namespace

// Exact for every finite input (fmod and these subtractions are exact).
double wrap_degrees(double deg) {
  double wrapped = std::fmod(deg, 360.0);
  if (wrapped > 180.0) wrapped -= 360.0;
  if (wrapped <= -180.0) wrapped += 360.0;
  return wrapped;
}

CameraState camera_framing(const Eigen::Vector3d& min_nm, const Eigen::Vector3d& max_nm) {
  CameraState camera;
  camera.target_nm = 0.5 * (min_nm + max_nm);
  const double radius_nm = std::max(0.5 * (max_nm - min_nm).norm(), kMinDistanceNm);
  const double fit_nm = radius_nm / std::sin(0.5 * camera.fov_y_deg * kDegToRad);
  camera.distance_nm = std::clamp(1.1 * fit_nm, kMinDistanceNm, kMaxDistanceNm);
  return camera;
}

Eigen::Vector3d camera_eye_nm(const CameraState& camera) {
  return camera.target_nm + camera.distance_nm * eye_direction(camera);
}

Eigen::Matrix4d camera_view_matrix(const CameraState& camera) {
  const Eigen::Vector3d back = eye_direction(camera);  // camera +z (looks along -z)
  const Eigen::Vector3d right = Eigen::Vector3d::UnitZ().cross(back).normalized();
  const Eigen::Vector3d up = back.cross(right);
  const Eigen::Vector3d eye = camera_eye_nm(camera);
  Eigen::Matrix4d view = Eigen::Matrix4d::Identity();
  view.block<1, 3>(0, 0) = right.transpose();
  view.block<1, 3>(1, 0) = up.transpose();
  view.block<1, 3>(2, 0) = back.transpose();
  view(0, 3) = -right.dot(eye);
  view(1, 3) = -up.dot(eye);
  view(2, 3) = -back.dot(eye);
  return view;
}

Eigen::Matrix4d camera_projection_matrix(const CameraState& camera, double aspect) {
  const double near_nm = camera.distance_nm * 1e-2;
  const double far_nm = camera.distance_nm * 1e3;
  Eigen::Matrix4d proj = Eigen::Matrix4d::Zero();
  if (camera.projection == Projection::perspective) {
    const double f = 1.0 / std::tan(0.5 * camera.fov_y_deg * kDegToRad);
    proj(0, 0) = f / aspect;
    proj(1, 1) = f;
    proj(2, 2) = (far_nm + near_nm) / (near_nm - far_nm);
    proj(2, 3) = 2.0 * far_nm * near_nm / (near_nm - far_nm);
    proj(3, 2) = -1.0;
  } else {
    const double half_h = 0.5 * view_height_nm(camera);
    const double half_w = half_h * aspect;
    proj(0, 0) = 1.0 / half_w;
    proj(1, 1) = 1.0 / half_h;
    proj(2, 2) = -1.0 / far_nm;  // depth range [-far, far] around the eye
    proj(3, 3) = 1.0;
  }
  return proj;
}

double camera_nm_per_pixel(const CameraState& camera, double height_px) {
  return view_height_nm(camera) / std::max(height_px, 1.0);
}

void camera_orbit(CameraState& camera, double d_azimuth_deg, double d_elevation_deg) {
  camera.azimuth_deg = wrap_degrees(camera.azimuth_deg + d_azimuth_deg);
  camera.elevation_deg =
      std::clamp(camera.elevation_deg + d_elevation_deg, -kMaxElevationDeg, kMaxElevationDeg);
}

void camera_pan(CameraState& camera, double dx_px, double dy_px, double height_px) {
  const Eigen::Matrix4d view = camera_view_matrix(camera);
  const Eigen::Vector3d right = view.block<1, 3>(0, 0).transpose();
  const Eigen::Vector3d up = view.block<1, 3>(1, 0).transpose();
  const double nm_per_px = camera_nm_per_pixel(camera, height_px);
  camera.target_nm += nm_per_px * (dx_px * right + dy_px * up);
}

void camera_zoom(CameraState& camera, double factor) {
  if (!(factor > 0.0) || !std::isfinite(factor)) return;
  camera.distance_nm = std::clamp(camera.distance_nm * factor, kMinDistanceNm, kMaxDistanceNm);
}

}  // namespace hs
