// Camera flights against closed forms: geometric zoom, target tied to the zoom, short-way azimuth.
#include <catch2/catch.hpp>

#include <cmath>

#include "scene/camera_flight.h"

using hs::CameraState;

namespace {

CameraState electrode_view() {
  CameraState c;
  c.target_nm = {202000.0, 202000.0, 40000.0};
  c.distance_nm = 8.0e5;
  c.azimuth_deg = 170.0;
  c.elevation_deg = 40.0;
  c.fov_y_deg = 40.0;
  return c;
}

CameraState needle_view() {
  CameraState c;
  c.target_nm = {202000.0, 201000.0, 56900.0};
  c.distance_nm = 800.0;
  c.azimuth_deg = -170.0;
  c.elevation_deg = 10.0;
  c.fov_y_deg = 30.0;
  c.projection = hs::Projection::orthographic;
  return c;
}

}  // namespace

TEST_CASE("camera flight: the ends are the two views", "[scene][camera_flight]") {
  const CameraState a = electrode_view(), b = needle_view();
  CHECK(hs::fly_camera(a, b, 1.0) == b);
  CHECK(hs::fly_camera(a, b, 7.0) == b);  // clamped
  CameraState start = a;
  start.projection = b.projection;
  CHECK(hs::fly_camera(a, b, 0.0) == start);
  CHECK(hs::fly_camera(a, b, -1.0) == start);
}

TEST_CASE("camera flight: geometric zoom with the target tied to it", "[scene][camera_flight]") {
  const CameraState a = electrode_view(), b = needle_view();
  for (double u : {0.25, 0.5, 0.8}) {
    const CameraState c = hs::fly_camera(a, b, u);
    const double d = std::exp((1.0 - u) * std::log(a.distance_nm) + u * std::log(b.distance_nm));
    CHECK(c.distance_nm == Approx(d).epsilon(1e-12));
    const double w = (a.distance_nm - d) / (a.distance_nm - b.distance_nm);
    for (int k = 0; k < 3; ++k) {
      CHECK(c.target_nm[k] == Approx(a.target_nm[k] + w * (b.target_nm[k] - a.target_nm[k])).epsilon(1e-12));
    }
    CHECK(c.elevation_deg == Approx(40.0 - 30.0 * u));
    CHECK(c.fov_y_deg == Approx(40.0 - 10.0 * u));
  }
  // Halfway through a zoom by 10^3 the distance is the geometric mean and the target has done
  // (1 − 10^-1.5) / (1 − 10^-3) ≈ 96.9% of its way.
  const CameraState half = hs::fly_camera(a, b, 0.5);
  CHECK(half.distance_nm == Approx(std::sqrt(8.0e5 * 800.0)));
  CHECK((half.target_nm[1] - a.target_nm[1]) / (b.target_nm[1] - a.target_nm[1]) ==
        Approx((1.0 - std::pow(10.0, -1.5)) / (1.0 - 1e-3)));
}

TEST_CASE("camera flight: the azimuth turns the short way round", "[scene][camera_flight]") {
  const CameraState a = electrode_view(), b = needle_view();  // 170° to -170°: 20° through 180°
  CHECK(hs::fly_camera(a, b, 0.5).azimuth_deg == Approx(180.0));
  CHECK(hs::fly_camera(a, b, 0.25).azimuth_deg == Approx(175.0));
  CHECK(hs::fly_camera(a, b, 0.75).azimuth_deg == Approx(-175.0));
  CHECK(hs::fly_camera(b, a, 0.75).azimuth_deg == Approx(175.0));
}

TEST_CASE("camera flight: a pan at one distance is linear", "[scene][camera_flight]") {
  CameraState a = electrode_view(), b = electrode_view();
  b.target_nm = {0.0, 0.0, 0.0};
  const CameraState c = hs::fly_camera(a, b, 0.3);
  CHECK(c.distance_nm == a.distance_nm);
  CHECK(c.target_nm[0] == Approx(0.7 * 202000.0));
  CHECK(c.target_nm[2] == Approx(0.7 * 40000.0));
}

TEST_CASE("camera flight: smoothstep easing", "[scene][camera_flight]") {
  CHECK(hs::ease_in_out(0.0) == 0.0);
  CHECK(hs::ease_in_out(1.0) == 1.0);
  CHECK(hs::ease_in_out(0.5) == 0.5);
  CHECK(hs::ease_in_out(0.25) == Approx(0.15625));
  CHECK(hs::ease_in_out(-3.0) == 0.0);
  CHECK(hs::ease_in_out(2.0) == 1.0);
}
