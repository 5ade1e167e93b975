// Orbit camera in the world frame (nm, z up): its persistent state, the matrices it gives, and
// the orbit / pan / zoom operations that input maps onto.
#pragma once

#include <Eigen/Core>

namespace hs {

enum class Projection { perspective, orthographic };

// What the view state stores about the camera. Angles in degrees, lengths in nm.
struct CameraState {
  Eigen::Vector3d target_nm = Eigen::Vector3d::Zero();  // orbit centre
  double distance_nm = 1000.0;   // eye to target, > 0
  double azimuth_deg = -50.0;    // about world +z; 0 puts the eye on the -y side looking at +y
  double elevation_deg = 30.0;   // above the xy plane, within ±kMaxElevationDeg
  double fov_y_deg = 40.0;       // vertical field of view of the perspective projection
  Projection projection = Projection::perspective;

  friend bool operator==(const CameraState&, const CameraState&) = default;
};

inline constexpr double kMaxElevationDeg = 89.0;
inline constexpr double kMinDistanceNm = 1e-3;  // 1 pm
inline constexpr double kMaxDistanceNm = 1e9;   // 1 m
inline constexpr double kMinFovDeg = 5.0;
inline constexpr double kMaxFovDeg = 120.0;

// An angle wrapped into (-180, 180] degrees.
double wrap_degrees(double deg);

// A camera framing the given box (nm) from the default direction.
CameraState camera_framing(const Eigen::Vector3d& min_nm, const Eigen::Vector3d& max_nm);

Eigen::Vector3d camera_eye_nm(const CameraState& camera);
// Right-handed view matrix (world nm -> eye), looking from the eye at the target, z up.
Eigen::Matrix4d camera_view_matrix(const CameraState& camera);
// OpenGL-style clip matrix for the given aspect (width/height). Near/far planes scale with the
// distance so that nm and mm scenes both keep depth precision.
Eigen::Matrix4d camera_projection_matrix(const CameraState& camera, double aspect);
// World length (nm) covered by one pixel at the target, for a viewport `height_px` tall.
double camera_nm_per_pixel(const CameraState& camera, double height_px);

// Rotates about the target; elevation is clamped, azimuth wrapped into (-180, 180].
void camera_orbit(CameraState& camera, double d_azimuth_deg, double d_elevation_deg);
// Moves target and eye together in the view plane by a pixel offset (right/up positive).
void camera_pan(CameraState& camera, double dx_px, double dy_px, double height_px);
// Multiplies the distance by `factor` (< 1 moves closer), clamped to the allowed range.
void camera_zoom(CameraState& camera, double factor);

}  // namespace hs
