// Camera flights between two views: geometric zoom, target tied to the zoom, short-way azimuth.
#include "scene/camera_flight.h"

#include <algorithm>
#include <cmath>

namespace hs {

double ease_in_out(double u) {
  u = std::clamp(u, 0.0, 1.0);
  return u * u * (3.0 - 2.0 * u);
}

CameraState fly_camera(const CameraState& from, const CameraState& to, double progress) {
  const double u = std::clamp(progress, 0.0, 1.0);
  if (u == 1.0) return to;
  CameraState camera = from;
  camera.projection = to.projection;
  if (u == 0.0) return camera;

  const double d0 = from.distance_nm, d1 = to.distance_nm;
  camera.distance_nm = d0 * std::pow(d1 / d0, u);
  // Below a relative change of 1e-6 the ratio (d − d0) / (d1 − d0) is mostly rounding noise.
  const double target_weight = std::abs(std::log(d1 / d0)) > 1e-6 ? (camera.distance_nm - d0) / (d1 - d0) : u;
  camera.target_nm = from.target_nm + target_weight * (to.target_nm - from.target_nm);
  camera.azimuth_deg = wrap_degrees(from.azimuth_deg + u * wrap_degrees(to.azimuth_deg - from.azimuth_deg));
  camera.elevation_deg = from.elevation_deg + u * (to.elevation_deg - from.elevation_deg);
  camera.fov_y_deg = from.fov_y_deg + u * (to.fov_y_deg - from.fov_y_deg);
  return camera;
}

}  // namespace hs
