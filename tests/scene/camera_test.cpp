// Orbit camera: closed-form positions, matrices and the limits of orbit / pan / zoom.
#include <catch2/catch.hpp>

#include <cmath>

#include "scene/camera.h"

using hs::CameraState;

namespace {
Eigen::Vector4d homogeneous(const Eigen::Vector3d& p) { return {p.x(), p.y(), p.z(), 1.0}; }
}  // namespace

TEST_CASE("camera: eye lies on the -y side at azimuth 0 and elevation 0", "[camera]") {
  CameraState c;
  c.target_nm = {10, 20, 30};
  c.distance_nm = 100;
  c.azimuth_deg = 0;
  c.elevation_deg = 0;
  const Eigen::Vector3d eye = hs::camera_eye_nm(c);
  CHECK(eye.x() == Approx(10));
  CHECK(eye.y() == Approx(-80));
  CHECK(eye.z() == Approx(30));

  c.azimuth_deg = 90;  // quarter turn about +z puts the eye on the +x side
  c.elevation_deg = 30;
  const Eigen::Vector3d eye2 = hs::camera_eye_nm(c);
  CHECK(eye2.x() == Approx(10 + 100 * std::cos(M_PI / 6)));
  CHECK(eye2.y() == Approx(20).margin(1e-9));
  CHECK(eye2.z() == Approx(30 + 50));
}

TEST_CASE("camera: view matrix puts the target on the -z axis and keeps z up", "[camera]") {
  CameraState c;
  c.target_nm = {-5, 3, 7};
  c.distance_nm = 42;
  c.azimuth_deg = 33;
  c.elevation_deg = 20;
  const Eigen::Matrix4d view = hs::camera_view_matrix(c);
  const Eigen::Vector4d t = view * homogeneous(c.target_nm);
  CHECK(t.x() == Approx(0).margin(1e-9));
  CHECK(t.y() == Approx(0).margin(1e-9));
  CHECK(t.z() == Approx(-42));
  // The rotation part is orthonormal.
  const Eigen::Matrix3d r = view.block<3, 3>(0, 0);
  CHECK((r * r.transpose() - Eigen::Matrix3d::Identity()).norm() == Approx(0).margin(1e-12));
  // A point above the target appears above the centre of the view.
  const Eigen::Vector4d above = view * homogeneous(c.target_nm + Eigen::Vector3d(0, 0, 1));
  CHECK(above.y() > 0);
}

TEST_CASE("camera: perspective projection maps the view height at the target to NDC ±1", "[camera]") {
  CameraState c;
  c.distance_nm = 10;
  c.fov_y_deg = 90;  // half-height at distance d equals d
  c.azimuth_deg = 0;
  c.elevation_deg = 0;
  const Eigen::Matrix4d m = hs::camera_projection_matrix(c, 2.0) * hs::camera_view_matrix(c);
  const Eigen::Vector4d top = m * homogeneous({0, 0, 10});
  CHECK(top.y() / top.w() == Approx(1.0));
  const Eigen::Vector4d right = m * homogeneous({20, 0, 0});  // aspect 2: half-width 2d
  CHECK(right.x() / right.w() == Approx(1.0));
  const Eigen::Vector4d centre = m * homogeneous({0, 0, 0});
  const double ndc_z = centre.z() / centre.w();
  CHECK(ndc_z > -1.0);
  CHECK(ndc_z < 1.0);
  CHECK(hs::camera_nm_per_pixel(c, 500) == Approx(2.0 * 10 / 500));
}

TEST_CASE("camera: orthographic projection has the same scale at the target", "[camera]") {
  CameraState c;
  c.distance_nm = 10;
  c.fov_y_deg = 90;
  c.azimuth_deg = 0;
  c.elevation_deg = 0;
  c.projection = hs::Projection::orthographic;
  const Eigen::Matrix4d m = hs::camera_projection_matrix(c, 1.0) * hs::camera_view_matrix(c);
  const Eigen::Vector4d near_top = m * homogeneous({0, -5, 10});  // closer to the eye, same height
  CHECK(near_top.y() / near_top.w() == Approx(1.0));
}

TEST_CASE("camera: orbit wraps azimuth and clamps elevation", "[camera]") {
  CameraState c;
  c.azimuth_deg = 170;
  c.elevation_deg = 80;
  hs::camera_orbit(c, 20, 30);
  CHECK(c.azimuth_deg == Approx(-170));
  CHECK(c.elevation_deg == Approx(hs::kMaxElevationDeg));
  hs::camera_orbit(c, -720, -400);
  CHECK(c.azimuth_deg == Approx(-170));
  CHECK(c.elevation_deg == Approx(-hs::kMaxElevationDeg));
}

TEST_CASE("camera: pan moves the target in the view plane by nm per pixel", "[camera]") {
  CameraState c;
  c.distance_nm = 100;
  c.fov_y_deg = 90;
  c.azimuth_deg = 0;
  c.elevation_deg = 0;  // looking along +y: right is +x, up is +z
  hs::camera_pan(c, 10, -5, 200);  // 1 nm per pixel
  CHECK(c.target_nm.x() == Approx(10));
  CHECK(c.target_nm.y() == Approx(0).margin(1e-9));
  CHECK(c.target_nm.z() == Approx(-5));
  CHECK(c.distance_nm == 100);
}

TEST_CASE("camera: zoom scales the distance within limits and ignores bad factors", "[camera]") {
  CameraState c;
  c.distance_nm = 100;
  hs::camera_zoom(c, 0.5);
  CHECK(c.distance_nm == Approx(50));
  hs::camera_zoom(c, 0.0);
  hs::camera_zoom(c, -2.0);
  hs::camera_zoom(c, std::nan(""));
  CHECK(c.distance_nm == Approx(50));
  hs::camera_zoom(c, 1e-30);
  CHECK(c.distance_nm == hs::kMinDistanceNm);
  hs::camera_zoom(c, 1e30);
  CHECK(c.distance_nm == hs::kMaxDistanceNm);
}

TEST_CASE("camera: framing a box keeps its bounding sphere inside the view", "[camera]") {
  const Eigen::Vector3d lo(0, 0, 0), hi(200, 100, 50);
  const CameraState c = hs::camera_framing(lo, hi);
  CHECK(c.target_nm.isApprox(Eigen::Vector3d(100, 50, 25)));
  const double radius = 0.5 * (hi - lo).norm();
  // The sphere subtends at most the vertical field of view.
  const double half_angle_deg = std::asin(radius / c.distance_nm) * 180.0 / M_PI;
  CHECK(half_angle_deg <= 0.5 * c.fov_y_deg);
  CHECK(half_angle_deg > 0.4 * c.fov_y_deg);  // and is not tiny
}
