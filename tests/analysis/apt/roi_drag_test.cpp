// Dragging ROI handles against closed forms: an orthographic camera looking along +y (right = +x,
// up = +z, a known nm per pixel), so a pointer move of (dx, dy) px is a move of (dx, -dy) × nm per
// pixel in x and z; and the same drags on a turned, scaled, moved layer.
#include <catch2/catch.hpp>

#include <Eigen/LU>

#include "analysis/apt/roi_drag.h"

namespace {

const Eigen::Vector2d kViewport(800, 600);

hs::CameraState front_camera() {
  hs::CameraState camera;
  camera.target_nm = {0, 0, 0};
  camera.distance_nm = 200;
  camera.azimuth_deg = 0;
  camera.elevation_deg = 0;
  camera.projection = hs::Projection::orthographic;
  return camera;
}

// A pointer drag on a layer placed by `transform`: grabs the handle at its pixel, moves by
// (dx, dy) px, returns the ROI the drag gives.
struct Pointer {
  hs::CameraState camera = front_camera();
  hs::LayerTransform transform;

  Eigen::Vector3d view_dir() const {
    const Eigen::Vector3d forward = camera.target_nm - hs::camera_eye_nm(camera);
    return (hs::layer_linear(transform).inverse() * forward).normalized();
  }
  hs::ViewRay ray(const Eigen::Vector2d& px) const {
    return hs::ray_in_layer(hs::camera_pixel_ray(camera, px, kViewport), transform);
  }
  std::optional<hs::IonRoi> drag(const hs::IonRoi& roi, std::size_t handle, double dx, double dy, bool along_axis = false) const {
    const std::vector<hs::RoiHandle> handles = hs::roi_handles(roi, view_dir());
    REQUIRE(handle < handles.size());
    const auto px = hs::camera_pixel(camera, kViewport, hs::layer_to_world(transform, handles[handle].position_nm));
    REQUIRE(px);
    const hs::RoiDrag drag{roi, handles[handle], ray(*px), view_dir(), along_axis};
    return hs::drag_roi(drag, ray(*px + Eigen::Vector2d(dx, dy)));
  }
  double nm_per_px() const { return hs::camera_nm_per_pixel(camera, kViewport.y()); }
};

hs::IonRoi cylinder_z() {
  auto c = hs::make_cylinder({0, 0, 0}, {0, 0, 1}, 5, 40);
  REQUIRE(c.ok());
  return hs::IonRoi{*c, 2};
}

const hs::CylinderRoi& cyl(const std::optional<hs::IonRoi>& roi) { return std::get<hs::CylinderRoi>(roi->shape); }

void check_vec(const std::array<double, 3>& got, const Eigen::Vector3d& want) {
  for (int a = 0; a < 3; ++a) CHECK(got[static_cast<std::size_t>(a)] == Approx(want[a]).margin(1e-9));
}

}  // namespace

TEST_CASE("roi drag: cylinder handles sit at the centre, the caps and beside the axis", "[roi_drag]") {
  const std::vector<hs::RoiHandle> h = hs::roi_handles(cylinder_z(), {0, 1, 0});
  REQUIRE(h.size() == 4);
  CHECK(h[0].kind == hs::RoiHandleKind::centre);
  CHECK(h[1].kind == hs::RoiHandleKind::start_cap);
  CHECK(h[2].kind == hs::RoiHandleKind::end_cap);
  CHECK(h[3].kind == hs::RoiHandleKind::radius);
  CHECK((h[1].position_nm - Eigen::Vector3d(0, 0, -20)).norm() < 1e-12);
  CHECK((h[2].position_nm - Eigen::Vector3d(0, 0, 20)).norm() < 1e-12);
  CHECK((h[3].position_nm - Eigen::Vector3d(-5, 0, 0)).norm() < 1e-12);  // z × y = -x
  // Viewed along the axis: still on the surface, at the radius.
  const std::vector<hs::RoiHandle> end_on = hs::roi_handles(cylinder_z(), {0, 0, 1});
  CHECK(end_on[3].position_nm.norm() == Approx(5.0));
  CHECK(end_on[3].position_nm.z() == Approx(0.0).margin(1e-12));
}

TEST_CASE("roi drag: a cylinder's centre, caps and radius follow the pointer in closed form", "[roi_drag]") {
  const Pointer pointer;
  const double k = pointer.nm_per_px();
  // Centre: in the view plane (x, z), y unchanged; along the axis with Shift, z only.
  auto moved = pointer.drag(cylinder_z(), 0, 40, 25);
  REQUIRE(moved);
  check_vec(cyl(moved).centre_nm, {40 * k, 0, -25 * k});
  CHECK(cyl(moved).length_nm == Approx(40));
  CHECK(cyl(moved).radius_nm == Approx(5));
  moved = pointer.drag(cylinder_z(), 0, 40, 25, true);
  REQUIRE(moved);
  check_vec(cyl(moved).centre_nm, {0, 0, -25 * k});
  // End cap up by 50 px: longer by 50 k, the start cap stays at z = -20.
  moved = pointer.drag(cylinder_z(), 2, 13, -50);
  REQUIRE(moved);
  CHECK(cyl(moved).length_nm == Approx(40 + 50 * k));
  CHECK(cyl(moved).centre_nm[2] - 0.5 * cyl(moved).length_nm == Approx(-20));
  // Start cap up by 30 px: shorter, the end cap stays at z = 20.
  moved = pointer.drag(cylinder_z(), 1, 0, -30);
  REQUIRE(moved);
  CHECK(cyl(moved).length_nm == Approx(40 - 30 * k));
  CHECK(cyl(moved).centre_nm[2] + 0.5 * cyl(moved).length_nm == Approx(20));
  // Past the other cap: refused.
  CHECK(!pointer.drag(cylinder_z(), 1, 0, -(40 / k + 5)));
  // Radius handle (at -x) moved 30 px further left: radius 5 + 30 k; across the axis to 2 nm on
  // the other side: the pointer's distance, 2 nm.
  moved = pointer.drag(cylinder_z(), 3, -30, 7);
  REQUIRE(moved);
  CHECK(cyl(moved).radius_nm == Approx(5 + 30 * k));
  check_vec(cyl(moved).centre_nm, {0, 0, 0});
  moved = pointer.drag(cylinder_z(), 3, 7 / k, 0);
  REQUIRE(moved);
  CHECK(cyl(moved).radius_nm == Approx(2));
}

TEST_CASE("roi drag: box faces move along their normals, the centre in the view plane", "[roi_drag]") {
  const Pointer pointer;
  const double k = pointer.nm_per_px();
  auto box = hs::make_box_roi({-10, -10, -10}, {10, 10, 30}, 2);
  REQUIRE(box.ok());
  const std::vector<hs::RoiHandle> h = hs::roi_handles(*box, pointer.view_dir());
  REQUIRE(h.size() == 7);
  CHECK((h[2].position_nm - Eigen::Vector3d(10, 0, 10)).norm() < 1e-12);  // max x
  CHECK((h[5].position_nm - Eigen::Vector3d(0, 0, -10)).norm() < 1e-12);  // min z
  auto moved = pointer.drag(*box, 2, 20, 9);  // max x right by 20 px (y of the pointer ignored)
  REQUIRE(moved);
  const auto& b = std::get<hs::BoxRoi>(moved->shape);
  check_vec(b.max_nm, {10 + 20 * k, 10, 30});
  check_vec(b.min_nm, {-10, -10, -10});
  CHECK(moved->box_axis == 2);
  moved = pointer.drag(*box, 5, 0, 15);  // min z down by 15 px
  REQUIRE(moved);
  check_vec(std::get<hs::BoxRoi>(moved->shape).min_nm, {-10, -10, -10 - 15 * k});
  moved = pointer.drag(*box, 0, -12, 8);
  REQUIRE(moved);
  check_vec(std::get<hs::BoxRoi>(moved->shape).min_nm, {-10 - 12 * k, -10, -10 - 8 * k});
  check_vec(std::get<hs::BoxRoi>(moved->shape).max_nm, {10 - 12 * k, 10, 30 - 8 * k});
  // A face y is seen end-on from this camera: its line is the pointer's line, no move.
  CHECK(!pointer.drag(*box, 4, 10, 10));
  // Past the opposite face: refused.
  CHECK(!pointer.drag(*box, 1, 20 / k + 3, 0));
}

TEST_CASE("roi drag: on a turned, scaled and moved layer the grabbed point follows the pointer", "[roi_drag]") {
  Pointer pointer;
  pointer.transform.rotation_deg = {0, 0, 90};
  pointer.transform.scale = 2;
  pointer.transform.translation_nm = {3, -4, 6};
  const double k = pointer.nm_per_px();
  // World x is layer -y, world z is layer z, world lengths are twice the layer's.
  auto moved = pointer.drag(cylinder_z(), 0, 40, 25);
  REQUIRE(moved);
  check_vec(cyl(moved).centre_nm, {0, -20 * k, -12.5 * k});
  const Eigen::Vector3d world_move = hs::layer_to_world(pointer.transform, Eigen::Vector3d(cyl(moved).centre_nm[0], cyl(moved).centre_nm[1], cyl(moved).centre_nm[2])) -
                                     hs::layer_to_world(pointer.transform, Eigen::Vector3d::Zero());
  CHECK((world_move - Eigen::Vector3d(40 * k, 0, -25 * k)).norm() < 1e-9);
  moved = pointer.drag(cylinder_z(), 2, 0, -50);
  REQUIRE(moved);
  CHECK(cyl(moved).length_nm == Approx(40 + 25 * k));
  // The radius handle: beside the axis as seen; 30 px outward is 15 k in the layer.
  moved = pointer.drag(cylinder_z(), 3, -30, 0);
  REQUIRE(moved);
  CHECK(cyl(moved).radius_nm == Approx(5 + 15 * k));
}
