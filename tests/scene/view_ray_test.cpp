// Pixel rays against the camera's closed form (eye, field of view, orthographic pixel size), the
// pixel of a point as the inverse of the ray, rays placed in a layer's frame, and the closest-point
// geometry (line to line, line to plane) on hand-made cases.
#include <catch2/catch.hpp>

#include <cmath>

#include "scene/view_ray.h"

namespace {

constexpr double kPi = 3.14159265358979323846;

// Distance from `p` to the ray's line.
double off_line(const hs::ViewRay& ray, const Eigen::Vector3d& p) {
  const Eigen::Vector3d w = p - ray.origin_nm;
  return (w - w.dot(ray.direction) * ray.direction).norm();
}

// Looking along +y from the -y side (azimuth 0, elevation 0): right is +x, up is +z.
hs::CameraState side_camera(hs::Projection projection) {
  hs::CameraState camera;
  camera.target_nm = {1, 2, 3};
  camera.distance_nm = 100;
  camera.azimuth_deg = 0;
  camera.elevation_deg = 0;
  camera.fov_y_deg = 40;
  camera.projection = projection;
  return camera;
}

const Eigen::Vector2d kViewport(800, 600);

}  // namespace

TEST_CASE("view ray: perspective rays leave the eye at the field of view's angles", "[view_ray]") {
  const hs::CameraState camera = side_camera(hs::Projection::perspective);
  const Eigen::Vector3d eye(1, 2 - 100, 3);
  const hs::ViewRay centre = hs::camera_pixel_ray(camera, {400, 300}, kViewport);
  CHECK(off_line(centre, eye) < 1e-6);
  CHECK(off_line(centre, camera.target_nm) < 1e-6);
  CHECK((centre.direction - Eigen::Vector3d(0, 1, 0)).norm() < 1e-9);
  // The top edge: 20° up; the right edge: atan(tan 20° × 4/3) to the right.
  const hs::ViewRay top = hs::camera_pixel_ray(camera, {400, 0}, kViewport);
  const double half = 20 * kPi / 180;
  CHECK((top.direction - Eigen::Vector3d(0, std::cos(half), std::sin(half))).norm() < 1e-9);
  CHECK(off_line(top, eye) < 1e-6);
  const hs::ViewRay right = hs::camera_pixel_ray(camera, {800, 300}, kViewport);
  CHECK((right.direction - Eigen::Vector3d(std::tan(half) * 4.0 / 3.0, 1, 0).normalized()).norm() < 1e-9);
}

TEST_CASE("view ray: orthographic rays are parallel, one pixel apart by the camera's pixel size", "[view_ray]") {
  const hs::CameraState camera = side_camera(hs::Projection::orthographic);
  const double nm_per_px = hs::camera_nm_per_pixel(camera, 600);
  CHECK(nm_per_px == Approx(2 * 100 * std::tan(20 * kPi / 180) / 600));
  const hs::ViewRay ray = hs::camera_pixel_ray(camera, {400 + 100, 300 - 30}, kViewport);
  CHECK((ray.direction - Eigen::Vector3d(0, 1, 0)).norm() < 1e-9);
  CHECK(off_line(ray, camera.target_nm + Eigen::Vector3d(100 * nm_per_px, 0, 30 * nm_per_px)) < 1e-6);
}

TEST_CASE("view ray: a point's pixel lies on the ray of that pixel, behind the eye has none", "[view_ray]") {
  for (const auto projection : {hs::Projection::perspective, hs::Projection::orthographic}) {
    hs::CameraState camera = side_camera(projection);
    camera.azimuth_deg = 35;
    camera.elevation_deg = 20;
    const auto target_px = hs::camera_pixel(camera, kViewport, camera.target_nm);
    REQUIRE(target_px);
    CHECK((*target_px - Eigen::Vector2d(400, 300)).norm() < 1e-6);
    const Eigen::Vector3d p = camera.target_nm + Eigen::Vector3d(5, -3, 7);
    const auto px = hs::camera_pixel(camera, kViewport, p);
    REQUIRE(px);
    CHECK(off_line(hs::camera_pixel_ray(camera, *px, kViewport), p) < 1e-6);
  }
  const hs::CameraState camera = side_camera(hs::Projection::perspective);
  CHECK(!hs::camera_pixel(camera, kViewport, Eigen::Vector3d(1, -200, 3)));
}

TEST_CASE("view ray: a ray in a layer's frame passes through the layer points the world ray passes", "[view_ray]") {
  hs::LayerTransform transform;
  transform.translation_nm = {10, -5, 2};
  transform.rotation_deg = {30, 0, 90};
  transform.scale = 2;
  const hs::ViewRay world{{4, 1, -3}, Eigen::Vector3d(1, 2, 2).normalized()};
  const hs::ViewRay layer = hs::ray_in_layer(world, transform);
  CHECK(layer.direction.norm() == Approx(1.0));
  for (double t : {-3.0, 0.0, 2.5, 40.0}) {
    const Eigen::Vector3d q = layer.origin_nm + t * layer.direction;
    CHECK(off_line(world, hs::layer_to_world(transform, q)) < 1e-9);
  }
  // A rotation of 90° about z and scale 2 alone: the world +x direction is -y in the layer.
  hs::LayerTransform turn;
  turn.rotation_deg = {0, 0, 90};
  turn.scale = 2;
  const hs::ViewRay along_x = hs::ray_in_layer({{2, 0, 0}, {1, 0, 0}}, turn);
  CHECK((along_x.direction - Eigen::Vector3d(0, -1, 0)).norm() < 1e-9);
  CHECK((along_x.origin_nm - Eigen::Vector3d(0, -1, 0)).norm() < 1e-9);
}

TEST_CASE("view ray: closest points and distances between lines, crossing points with planes", "[view_ray]") {
  // The x axis and the line x = 3, z = 2 along -y: closest at s = 3, 2 nm apart.
  const hs::ViewRay down_y{{3, 5, 2}, {0, -1, 0}};
  const Eigen::Vector3d origin(0, 0, 0), x(1, 0, 0);
  REQUIRE(hs::closest_on_line(origin, x, down_y));
  CHECK(*hs::closest_on_line(origin, x, down_y) == Approx(3.0));
  CHECK(hs::line_distance_nm(origin, x, down_y) == Approx(2.0));
  // The diagonal (1, 1, 0)/√2 and the vertical line through (2, 0): closest at s = √2, √2 apart.
  const hs::ViewRay up_z{{2, 0, 5}, {0, 0, 1}};
  const Eigen::Vector3d diagonal = Eigen::Vector3d(1, 1, 0).normalized();
  CHECK(*hs::closest_on_line(origin, diagonal, up_z) == Approx(std::sqrt(2.0)));
  CHECK(hs::line_distance_nm(origin, diagonal, up_z) == Approx(std::sqrt(2.0)));
  // Parallel lines: no closest point, the distance between them.
  const hs::ViewRay parallel{{7, 3, 4}, {-1, 0, 0}};
  CHECK(!hs::closest_on_line(origin, x, parallel));
  CHECK(hs::line_distance_nm(origin, x, parallel) == Approx(5.0));
  // Planes.
  const hs::ViewRay falling{{1, 2, 10}, {0, 0, -1}};
  const auto hit = hs::ray_plane_point(falling, {5, 5, 3}, {0, 0, 2});
  REQUIRE(hit);
  CHECK((*hit - Eigen::Vector3d(1, 2, 3)).norm() < 1e-12);
  const hs::ViewRay oblique{{0, 0, 0}, Eigen::Vector3d(1, 0, 1).normalized()};
  const auto slanted = hs::ray_plane_point(oblique, {0, 0, 4}, {0, 0, 1});
  REQUIRE(slanted);
  CHECK((*slanted - Eigen::Vector3d(4, 0, 4)).norm() < 1e-12);
  CHECK(!hs::ray_plane_point(falling, {0, 0, 0}, {1, 0, 0}));
}
